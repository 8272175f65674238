"""Exports to JSONL and CSV, streamed row by row (nothing is loaded whole into memory)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from haberdar.store import Store

# The export contract of DESIGN.md: these fields, in this order, then the extras.
ARTICLE_FIELDS = (
    "id",
    "uri",
    "site",
    "origin",
    "title",
    "published_at",
    "date_precision",
    "body",
    "duplicate_of",
    "flags",
    "lead",
    "language",
    "date_source",
    "format",
)


def article_records(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.iter_articles():
        yield {k: row.get(k) for k in ARTICLE_FIELDS}


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: TextIO, fields: Iterable[str]) -> int:
    fields = list(fields)
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in rec.items()})
        n += 1
    return n


EVENT_FIELDS = (
    "id",
    "event_type",
    "mode",
    "status",
    "date",
    "date_precision",
    "actors",
    "recipients",
    "location",
    "topics",
    "articles",
    "independent_sources",
    "evidence",
    "flags",
)


def event_records(store: Store) -> Iterator[dict[str, Any]]:
    """Events in the export contract of DESIGN.md: one record per real-world happening.

    The corpus stages merge the event mentions of all articles into events with their articles,
    independent sources and flags (:func:`haberdar.corpus.corpus_events`).
    """
    from haberdar.corpus import corpus_events

    yield from corpus_events(store)


ENTITY_FIELDS = ("id", "name", "type", "aliases", "qid", "roles", "mentions", "source")


def entity_records(store: Store) -> Iterator[dict[str, Any]]:
    """Entities mentioned in the stored articles, with their KB roles and mention counts."""
    counts = store.mention_counts()
    for row in store.iter_entities():
        n = counts.get(row["id"], 0)
        if not n:
            continue
        yield {**{k: row.get(k) for k in ENTITY_FIELDS if k != "mentions"}, "mentions": n}
