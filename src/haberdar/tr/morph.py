"""One akana analysis per distinct word per process, shared by every component."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reading:
    lemma: str
    pos: str  # Noun | Verb | Adj | …, with akana's secondary POS appended ("NounProp")
    morphemes: tuple[str, ...]


class Morphology:
    """akana's analyser with a per-word-type cache (an article repeats most of its words).

    ``analyze`` is akana's own answer (a list of dicts), memoised: the NER features, the
    grammar and the learned step all read it through :func:`shared_morphology`, so a word is
    analysed once per process whichever component meets it first.
    """

    def __init__(self) -> None:
        self._analyser: Any = None
        self._cache: dict[str, tuple[Reading, ...]] = {}
        self._raw: dict[str, list[dict[str, Any]]] = {}

    def analyze(self, word: str) -> list[dict[str, Any]]:
        got = self._raw.get(word)
        if got is None:
            if self._analyser is None:
                import akana

                self._analyser = akana.Morphology()
            got = self._analyser.analyze(word)
            self._raw[word] = got
        return got

    def readings(self, word: str) -> tuple[Reading, ...]:
        got = self._cache.get(word)
        if got is None:
            got = self._analyse(word)
            self._cache[word] = got
        return got

    def _analyse(self, word: str) -> tuple[Reading, ...]:
        if not word[:1].isalpha():
            return ()
        return tuple(
            Reading(a["lemma"], f"{a['primary_pos']}{a['secondary_pos']}", tuple(a["morphemes"]))
            for a in self.analyze(word)[:3]
        )


@functools.cache
def shared_morphology() -> Morphology:
    """The process's one morphology cache."""
    return Morphology()
