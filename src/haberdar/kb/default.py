"""The knowledge base a process uses: curated data, plus the Wikidata tables when given.

Loaded once per process and per directory (``functools.cache``): stages receive the object and
never load it on the hot path.
"""

from __future__ import annotations

import functools
from pathlib import Path

from haberdar.kb.base import KnowledgeBase
from haberdar.kb.data import data_file


def _load(kb_dir: str | None) -> KnowledgeBase:
    kb = KnowledgeBase()
    with data_file("kb/curated.yaml").open("r", encoding="utf-8") as fh:
        kb.load_yaml(fh)
    if kb_dir is not None:
        directory = Path(kb_dir)
        if not directory.is_dir():
            raise FileNotFoundError(f"knowledge-base directory not found: {directory}")
        for path in sorted(directory.glob("*.csv")):
            kb.load_wikidata_csv(path)
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            kb.load_yaml(path)
    return kb


@functools.cache
def _cached(kb_dir: str | None) -> KnowledgeBase:
    return _load(kb_dir)


def load_default_kb(kb_dir: str | Path | None = None) -> KnowledgeBase:
    """The curated KB (``data/kb/curated.yaml`` and the countries), plus, when ``kb_dir`` is
    given (``--kb-dir``), every ``*.csv`` Wikidata table and ``*.yaml`` KB file in it.

    Curated entries load first so that the tables merge into them (attaching QIDs by name) and
    the curated closing dates win over the tables' open ends. The same object is returned for
    the same directory for the life of the process.
    """
    key = str(Path(kb_dir).resolve()) if kb_dir is not None else None
    return _cached(key)
