"""Exports to JSONL, CSV and Parquet, streamed record by record: no list of all records is built.

Articles and entities are read from the store with streamed cursors. Events
(:func:`haberdar.corpus.corpus_events`) stream too, but first load the lookup tables they are
assembled from — event of each mention, origin group of each article, corpus flags, possible
links, person entities: a few short strings per article, not the articles.
"""

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


def flat(value: Any) -> Any:
    """A plain CSV cell: lists joined with "; ", a party as "name (title)", a place, article,
    flag or evidence by its name, id, kind or text — never JSON."""
    if isinstance(value, list):
        return "; ".join(str(flat(v)) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        name = value.get("name") or value.get("title")
        if name is not None and "text" not in value:
            title = value.get("title")
            return f"{name} ({title})" if title and title != name else str(name)
        for key in ("kind", "text", "id", "line"):
            if value.get(key) not in (None, ""):
                return str(value[key])
        return "; ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", [], {}))
    return value


def write_csv(records: Iterable[dict[str, Any]], out: TextIO, fields: Iterable[str]) -> int:
    fields = list(fields)
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow({k: flat(v) for k, v in rec.items()})
        n += 1
    return n


GDELT_FIELDS = (
    "event_id", "date", "date_precision", "plover_type", "cameo_code", "mode", "status",
    "actor1_name", "actor1_title", "actor1_entity_id", "actor1_qid",
    "actor2_name", "actor2_title", "actor2_entity_id", "actor2_qid",
    "other_participants", "place_name", "place_country", "place_lat", "place_lon",
    "num_sources", "num_articles", "first_source_url", "flags", "evidence",
)


def gdelt_rows(events: Iterable[dict[str, Any]], kb: Any) -> Iterator[dict[str, Any]]:
    """One flat row per event, in the spirit of GDELT's event table (README: column by column)."""
    from haberdar.resources import load_yaml

    cameo = load_yaml("events/cameo.yaml")
    for ev in events:
        actors, recipients = ev.get("actors") or [], ev.get("recipients") or []
        parties = [*actors, *recipients]
        a1 = actors[0] if actors else {}
        a2 = recipients[0] if recipients else (actors[1] if len(actors) > 1 else {})
        code = cameo["types"].get(ev["event_type"], "")
        if ev["event_type"] == "CONSULT" and ev.get("mode"):
            code = cameo["consult_modes"].get(ev["mode"], code)
        loc = ev.get("location") or {}
        arts = ev.get("articles") or []
        row = {
            "event_id": ev["id"], "date": ev.get("date"), "date_precision": ev.get("date_precision"),
            "plover_type": ev["event_type"], "cameo_code": code, "mode": ev.get("mode"), "status": ev.get("status"),
            "other_participants": flat([p for p in parties if p is not a1 and p is not a2]),
            "place_name": loc.get("name"), "place_country": loc.get("country"),
            "place_lat": loc.get("lat"), "place_lon": loc.get("lon"),
            "num_sources": ev.get("independent_sources"), "num_articles": len(arts),
            "first_source_url": next((a.get("uri") for a in arts if a.get("uri")), None),
            "flags": flat(ev.get("flags") or []),
            "evidence": (ev.get("evidence") or [{}])[0].get("text"),
        }
        for n, party in (("1", a1), ("2", a2)):
            ent = kb.get(party.get("entity_id")) if party.get("entity_id") else None
            row.update({f"actor{n}_name": party.get("name"), f"actor{n}_title": party.get("title"),
                        f"actor{n}_entity_id": party.get("entity_id"),
                        f"actor{n}_qid": getattr(ent, "qid", None)})
        yield row


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


# --- Parquet ------------------------------------------------------------------------------

# Columns that keep a list of strings as a Parquet list; every other list or object column is
# written as JSON text (Spark: ``from_json``; pandas: ``json.loads``), so that one schema holds
# whatever shape a record's nested fields take. Integers stay integers.
_LIST_COLUMNS = frozenset({"topics", "aliases", "mentions"})
_INT_COLUMNS = frozenset({"independent_sources"})
EXTRA_EVENT_FIELDS = ("mentions", "possibly_same")


def parquet_schema(fields: Iterable[str], *, int_columns: Iterable[str] = ()) -> Any:
    import pyarrow as pa

    ints = _INT_COLUMNS | set(int_columns)
    cols = []
    for f in fields:
        if f in ints:
            cols.append(pa.field(f, pa.int64()))
        elif f in _LIST_COLUMNS:
            cols.append(pa.field(f, pa.list_(pa.string())))
        else:
            cols.append(pa.field(f, pa.string()))
    return pa.schema(cols)


def _cell(value: Any, kind: Any) -> Any:
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_list(kind):
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value]
    if pa.types.is_integer(kind):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_parquet(records: Iterable[dict[str, Any]], path: str, fields: Iterable[str], *, rows_per_group: int = 5000, int_columns: Iterable[str] = ()) -> int:
    """Write records to a Parquet file, ``rows_per_group`` at a time (memory stays flat)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(fields, int_columns=int_columns)
    n = 0
    buf: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:

        def flush() -> None:
            arrays = [pa.array([_cell(r.get(f.name), f.type) for r in buf], type=f.type) for f in schema]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            buf.clear()

        for rec in records:
            buf.append(rec)
            n += 1
            if len(buf) >= rows_per_group:
                flush()
        if buf or n == 0:
            flush()
    return n
