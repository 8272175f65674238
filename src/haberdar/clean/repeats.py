"""Repeated blocks: teasers printed before the text they shorten, and lines common to a corpus.

Two shapes are common in Turkish news exports:

* a page that prints the headline and lead twice (once as a teaser block, once as the
  article) — handled by line de-duplication in :mod:`haberdar.clean`;
* a one-line export "title. truncated lead ...   full text" where the truncated lead is a
  prefix of the full text (the Sözcü collection) — :func:`split_teaser` finds the shortest
  sentence-initial suffix of the text before the ellipsis that the text after it starts with.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from haberdar.text import fold_key

_ELLIPSIS_RE = re.compile(r"\s*(?:\.\.\.|…)\s+")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+)(?=\S)")


@dataclass(slots=True)
class Teaser:
    title: str | None  # the text before the teaser, if any (the headline)
    teaser: str  # the truncated lead, as printed
    lead: str  # the full sentence(s) of the body that the teaser shortened
    body: str  # the text after the ellipsis


def split_teaser(line: str, *, min_chars: int = 25) -> Teaser | None:
    """Split "title. truncated lead ... full text" when the lead repeats inside the text.

    >>> t = split_teaser("Kabine açıklandı. Bakanlar kurulu bu akşam ... Bakanlar kurulu bu akşam Köşk'e sunuldu. Gül onayladı.")
    >>> (t.title, t.teaser, t.lead)
    ('Kabine açıklandı', 'Bakanlar kurulu bu akşam', "Bakanlar kurulu bu akşam Köşk'e sunuldu.")
    """
    for m in _ELLIPSIS_RE.finditer(line):
        head, body = line[: m.start()], line[m.end() :]
        if not body:
            continue
        # Sentence starts in head, from the first: the longest suffix of head that body starts with.
        for s in _SENTENCE_START_RE.finditer(head):
            candidate = head[s.end() :]
            if len(candidate) < min_chars:
                break
            if body.startswith(candidate):
                title = head[: s.start() + 1].strip().rstrip(".").strip() or None
                return Teaser(title=title, teaser=candidate, lead=_sentence_cover(body, len(candidate)), body=body)
    return None


def _sentence_cover(text: str, upto: int) -> str:
    """The text from its start to the end of the sentence that contains position ``upto``."""
    m = re.compile(r"[.!?](?=\s|$)").search(text, max(upto - 1, 0))
    end = m.end() if m else len(text)
    return text[:end].strip()


class LineCounter:
    """Counts in how many articles each short line occurs, to find lines common to a corpus.

    Site templates repeat the same strings on every page ("Haberin devamı için tıklayın",
    "© 2025 Site Adı"); a line that occurs in ``threshold`` or more articles and is not prose is
    chrome even when no cue word marks it.
    """

    def __init__(self, threshold: int = 3, max_words: int = 12, max_entries: int = 200_000) -> None:
        self.threshold = threshold
        self.max_words = max_words
        # Lossy counting: when the table is full, lines seen once are forgotten, which bounds
        # memory on any corpus size at the cost of missing templates rarer than 1 in max_entries.
        self.max_entries = max_entries
        self.counts: Counter[str] = Counter()
        self.common: set[str] = set()  # kept up to date as articles are added

    def add_article(self, lines: list[str]) -> None:
        keys = {fold_key(t) for t in lines if t and len(t.split()) <= self.max_words}
        keys.discard("")
        for k in keys:
            self.counts[k] += 1
            if self.counts[k] == self.threshold:
                self.common.add(k)
        if len(self.counts) > self.max_entries:
            self.counts = Counter({k: n for k, n in self.counts.items() if n > 1})
