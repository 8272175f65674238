"""Places inside places: the chain of a place up to its country (``data/kb/containment.yaml``
for venues and districts, ``data/kb/places.yaml`` for the country of a city)."""

from __future__ import annotations

import functools

from haberdar.kb.names import fold_name
from haberdar.resources import load_yaml


@functools.cache
def _parents() -> dict[str, str]:
    out: dict[str, str] = {}
    for country, places in (load_yaml("kb/places.yaml") or {}).items():
        for p in places or []:
            out.setdefault(fold_name(str(p)), fold_name(str(country)))
    for child, parent in (load_yaml("kb/containment.yaml") or {}).items():
        out[fold_name(str(child))] = fold_name(str(parent))
    # a country named two ways (ABD = Amerika Birleşik Devletleri) is one place
    for alias, country in (("abd", "amerika birlesik devletleri"), ("ingiltere", "birlesik krallik")):
        out.setdefault(alias, country)
    return out


def chain(name: str) -> list[str]:
    """The place and every place it lies in, folded: "Dolmabahçe" → [dolmabahce, besiktas,
    istanbul, turkiye]."""
    parents = _parents()
    out = [fold_name(name)]
    while out[-1] in parents and parents[out[-1]] not in out and len(out) < 12:
        out.append(parents[out[-1]])
    return out


def compatible(a: str, b: str) -> bool:
    """Two place names that can name where one event happened: the same place, or one inside
    the other (Dolmabahçe and İstanbul; not İstanbul and Ankara)."""
    ca, cb = chain(a), chain(b)
    return ca[0] in cb or cb[0] in ca
