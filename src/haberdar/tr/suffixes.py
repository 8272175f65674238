"""The case of an apostrophe suffix ("'le" → comitative), from ``data/tr/suffixes.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from haberdar.resources import load_yaml
from haberdar.text import tr_lower

_APOS = "'’"


@dataclass(frozen=True, slots=True)
class SuffixTable:
    by_form: dict[str, str]
    comitative_words: frozenset[str]

    def case(self, suffix: str) -> str:
        """The case a suffix token marks ("'yla" → "comitative"); "" when none is known."""
        form = tr_lower(suffix.lstrip(_APOS))
        return self.by_form.get(form, "")


@functools.cache
def default_suffixes() -> SuffixTable:
    raw = load_yaml("tr/suffixes.yaml")
    by_form: dict[str, str] = {}
    for case, forms in raw.items():
        if case.startswith("postposition_"):
            continue
        for f in forms:
            by_form.setdefault(str(f), case)
    words = frozenset(tr_lower(w) for w in raw.get("postposition_comitative", []) if " " not in w)
    return SuffixTable(by_form, words)


def case_of_suffix(suffix: str) -> str:
    return default_suffixes().case(suffix)
