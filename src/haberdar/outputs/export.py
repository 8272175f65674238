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
