"""A capitalisation tagger, used only when no trained NER model is installed.

The event grammar finds its noun phrases from capitalisation and morphology; NER only refines
the kind of a party (person, organisation, place). So when ``data/ner/ner_model.npz`` is missing
(a fresh checkout before the model is trained) extraction still works with this tagger, which
labels runs of capitalised words: country names as LOC, all-capital acronyms as ORG, the rest as
PER. It is a documented fallback, not a model: install the trained model for real use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from haberdar.resources import load_yaml
from haberdar.text import tr_lower

__all__ = ["capitalisation_tagger", "country_names"]


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Turkish country names (and aliases), Turkish lower case, from ``data/kb/countries.yaml``."""
    data = load_yaml("kb/countries.yaml")
    names: set[str] = set()
    for c in data.get("countries") or ():
        if c.get("tr"):
            names.add(tr_lower(c["tr"]))
        for a in c.get("aliases_tr") or ():
            names.add(tr_lower(a))
    return frozenset(names)


@lru_cache(maxsize=1)
def place_countries() -> dict[str, str]:
    """Cities and venues (Turkish lower case) → the country they are in, from ``data/kb/places.yaml``."""
    out: dict[str, str] = {}
    for country, places in (load_yaml("kb/places.yaml") or {}).items():
        for place in places or ():
            out[tr_lower(str(place))] = str(country)
    return out


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def capitalisation_tagger(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """IOB2 tags for tokenised sentences from capitalisation alone (see the module docstring)."""
    countries = country_names()
    out: list[list[str]] = []
    for toks in sentences:
        tags = ["O"] * len(toks)
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            if not _is_cap(t) or not t[:1].isalpha() or (i == 0 and not (n > 1 and _is_cap(toks[1]))):
                i += 1
                continue
            j = i + 1
            while j < n and _is_cap(toks[j]) and toks[j][:1].isalpha():
                j += 1
            words = toks[i:j]
            low = tr_lower(" ".join(words))
            if low in countries:
                label = "LOC"
            elif all(w.isupper() and len(w) > 1 for w in words):
                label = "ORG"
            else:
                label = "PER"
            tags[i] = f"B-{label}"
            for k in range(i + 1, j):
                tags[k] = f"I-{label}"
            i = j
        out.append(tags)
    return out
