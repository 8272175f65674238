"""One akana analysis per distinct word per process, shared by every component."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reading:
    lemma: str
    pos: str  # Noun | Verb | Adj | …, with akana's secondary POS appended ("NounProp")
    morphemes: tuple[str, ...]


class Morphology:
    """akana's analyser with a per-word-type cache (an article repeats most of its words)."""

    def __init__(self) -> None:
        self._analyser: Any = None
        self._cache: dict[str, tuple[Reading, ...]] = {}

    def readings(self, word: str) -> tuple[Reading, ...]:
        got = self._cache.get(word)
        if got is None:
            got = self._analyse(word)
            self._cache[word] = got
        return got

    def _analyse(self, word: str) -> tuple[Reading, ...]:
        if not word[:1].isalpha():
            return ()
        if self._analyser is None:
            import akana

            self._analyser = akana.Morphology()
        return tuple(
            Reading(a["lemma"], f"{a['primary_pos']}{a['secondary_pos']}", tuple(a["morphemes"]))
            for a in self._analyser.analyze(word)[:3]
        )
