"""The knowledge base a process uses: curated data and the packaged Wikidata tables, plus the
tables of ``--kb-dir`` when given.

Loaded once per process and per directory (``functools.cache``): stages receive the object and
never load it on the hot path.
"""

from __future__ import annotations

import functools
from pathlib import Path

from haberdar.kb.base import KnowledgeBase
from haberdar.kb.data import data_file


def curated_kb() -> KnowledgeBase:
    """A new KB of the curated files alone (``curated.yaml``, ``historic.yaml``, the
    countries): no table, for tests of table loading and for tools that bring their own."""
    kb = KnowledgeBase()
    for name in ("kb/curated.yaml", "kb/historic.yaml"):
        with data_file(name).open("r", encoding="utf-8") as fh:
            kb.load_yaml(fh)
    return kb


def _load(kb_dir: str | None) -> KnowledgeBase:
    kb = curated_kb()
    for path in packaged_tables():
        kb.load_wikidata_csv(path)
    if kb_dir is not None:
        directory = Path(kb_dir)
        if not directory.is_dir():
            raise FileNotFoundError(f"knowledge-base directory not found: {directory}")
        for path in sorted(directory.glob("*.csv")):
            kb.load_wikidata_csv(path)
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            kb.load_yaml(path)
    return kb


def packaged_tables() -> list[Path]:
    """The Wikidata office-holder tables shipped in ``data/kb/wikidata/`` (copies of the
    every-politician-scrapers tables of ``../shared/kb``, CC0; see that folder's README): Turkish
    ministers by ministry, the cabinets 1993–2022, the chiefs of the general staff, central bank
    governors, Ankara governors and the world leaders of 2021."""
    folder = data_file("kb/wikidata")
    return sorted((Path(str(p)) for p in folder.iterdir() if p.name.endswith(".csv")), key=lambda p: p.name)


@functools.cache
def _cached(kb_dir: str | None) -> KnowledgeBase:
    return _load(kb_dir)


def load_default_kb(kb_dir: str | Path | None = None) -> KnowledgeBase:
    """The curated KB (``data/kb/curated.yaml``, ``data/kb/historic.yaml``, the countries) and the packaged Wikidata
    tables (:func:`packaged_tables`), plus, when ``kb_dir`` is given (``--kb-dir``), every
    ``*.csv`` Wikidata table and ``*.yaml`` KB file in it (a table loaded twice merges into the
    same entities).

    Curated entries load first so that the tables merge into them (attaching QIDs by name) and
    the curated closing dates win over the tables' open ends. The same object is returned for
    the same directory for the life of the process.
    """
    key = str(Path(kb_dir).resolve()) if kb_dir is not None else None
    return _cached(key)
