"""What a meeting was about: a Turkish topic taxonomy matched on lemmas.

Topics are matched on akana lemmas, not strings, so one entry ("esir takası") covers the
inflected and plural forms news uses ("esirlerin takası", "esir takasında"). The taxonomy and
the agenda cues are data (``data/topics_tr.yaml``). The topics of a meeting come from the
sentence that states it and the agenda sentences that follow it ("Görüşmede … ele alındı",
"… masaya yatırıldı", "görüşmenin ana gündemini … oluşturdu").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from haberdar.resources import load_yaml

__all__ = ["TopicMatcher", "default_topic_matcher"]


@dataclass(frozen=True)
class TopicMatcher:
    """Compiled taxonomy: for each first lemma, the (sequence, topic) pairs that start with it."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    agenda_lemmas: frozenset[str]
    agenda_openers: frozenset[str]
    order: tuple[str, ...]

    def match(self, lemma_sets: Sequence[Iterable[str]]) -> list[str]:
        """Topics found in a sentence given as, per word, the set of its candidate lemmas."""
        sets = [frozenset(s) for s in lemma_sets]
        found: set[str] = set()
        for i, s in enumerate(sets):
            for lemma in s:
                for seq, topic in self.by_first.get(lemma, ()):
                    if topic in found or i + len(seq) > len(sets):
                        continue
                    if all(seq[j] in sets[i + j] for j in range(1, len(seq))):
                        found.add(topic)
        return [t for t in self.order if t in found]


@lru_cache(maxsize=1)
def default_topic_matcher() -> TopicMatcher:
    data = load_yaml("topics_tr.yaml")
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for topic, seqs in data["topics"].items():
        for seq in seqs:
            t = tuple(str(x) for x in seq)
            by_first.setdefault(t[0], []).append((t, str(topic)))
    agenda: set[str] = set()
    for a in data["agenda_lemmas"]:
        agenda.add(str(a).split()[0])
    return TopicMatcher(
        by_first={k: tuple(v) for k, v in by_first.items()},
        agenda_lemmas=frozenset(agenda),
        agenda_openers=frozenset(data["agenda_openers"]),
        order=tuple(str(t) for t in data["topics"]),
    )
