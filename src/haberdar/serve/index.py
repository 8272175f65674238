"""The event index: one row per cross-article event, for filtering, ordering and paging in SQL.

An event's date, place, type and its own flags (``undated``, ``date_conflict``…) are computed
from its event mentions by :func:`haberdar.corpus._event_record`; doing that for every event on
every request is what ``haberdar export events`` does and is far too slow for a web page over
50k articles. This table keeps those fields per event, with indexes, so that the timeline is
one indexed query and only the page's records are then built
(:func:`haberdar.corpus.lookup.event_records`).

It is derived data, refreshed incrementally by :func:`refresh`: an event's indexed fields
depend only on its set of mentions, and that set changes only when new mentions are linked
(the corpus stages relabel merged events to a new id in the same transaction that links the
new mention). So the new rows of ``event_links`` since the last refresh name every event that
changed; the ones they absorbed are found through the mentions and dropped. Article flags
(``name_conflict``…) change without new mentions, so they are not copied here: filters on
them join ``corpus_flags`` live.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.exc import OperationalError

from haberdar.corpus import _event_record
from haberdar.corpus.cluster import date_interval
from haberdar.corpus.lookup import ensure_lookup_indexes
from haberdar.corpus.tables import event_links
from haberdar.kb.names import fold_name
from haberdar.store import Store
from haberdar.store.schema import articles, entities, event_mentions
from haberdar.store.sql import make_portable

__all__ = ["EventIndex", "UNDATED_KEY", "metadata"]

log = logging.getLogger("haberdar.serve")

INDEX_VERSION = "1"
UNDATED_KEY = "~"  # sorts after every ISO date: undated events come last, as in the timeline
_CHUNK = 500

metadata = MetaData()

event_index = Table(
    "event_index",
    metadata,
    Column("event_id", String(16), primary_key=True),
    Column("sort_key", String(32), nullable=False),  # the record's date, or "~" when undated
    Column("date", String(32)),
    Column("date_precision", String(16), nullable=False),
    Column("day_from", String(10)),  # the days the date may denote (month precision: the month)
    Column("day_to", String(10)),
    Column("event_type", String(16), nullable=False),
    Column("mode", String(16)),
    Column("status", String(16), nullable=False),
    Column("location", Text),
    Column("location_key", Text),  # fold_name(location): "Kahire'de" and "kahire" agree
    Column("country", Text),
    Column("flags", Text, nullable=False),  # ",undated,low_specificity," — the event's own flags
    Column("n_mentions", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
)
Index("ix_event_index_sort", event_index.c.sort_key, event_index.c.event_id)
Index("ix_event_index_days", event_index.c.day_from, event_index.c.day_to)
Index("ix_event_index_place", event_index.c.location_key)
Index("ix_event_index_type", event_index.c.event_type)

event_index_mentions = Table(
    "event_index_mentions",
    metadata,
    Column("mention_id", String(16), primary_key=True),
    Column("event_id", String(16), nullable=False),
)
Index("ix_event_index_mentions_event", event_index_mentions.c.event_id)

event_index_entities = Table(
    "event_index_entities",
    metadata,
    Column("entity_id", String(64), primary_key=True),
    Column("event_id", String(16), primary_key=True),
    Column("role", String(12), primary_key=True),  # "actor" | "recipient"
)
Index("ix_event_index_entities_event", event_index_entities.c.event_id)

event_index_state = Table(
    "event_index_state",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)


make_portable(metadata, rowid=False)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _state(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(event_index_state.c.key, event_index_state.c.value)).all())


def _set_state(conn: Connection, **values: str) -> None:
    conn.execute(delete(event_index_state).where(event_index_state.c.key.in_(list(values))))
    conn.execute(insert(event_index_state), [{"key": k, "value": v} for k, v in values.items()])


def _links_watermark(conn: Connection) -> int:
    return conn.execute(select(func.max(literal_column("event_links.rowid"))).select_from(event_links)).scalar() or 0


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """The indexed fields of an event record."""
    loc = record.get("location") or {}
    interval = date_interval(record["date"], record["date_precision"])
    return {
        "event_id": record["id"],
        "sort_key": record["date"] or UNDATED_KEY,
        "date": record["date"],
        "date_precision": record["date_precision"],
        "day_from": interval[0].isoformat() if interval else None,
        "day_to": interval[1].isoformat() if interval else None,
        "event_type": record["event_type"],
        "mode": record["mode"],
        "status": record["status"],
        "location": loc.get("name"),
        "location_key": fold_name(loc["name"]) if loc.get("name") else None,
        "country": loc.get("country"),
        "flags": "," + ",".join(f["kind"] for f in record["flags"]) + ",",
        "n_mentions": len(record["mentions"]),
        "n_articles": len(record["articles"]),
    }


def _index_events(conn: Connection, event_ids: list[str]) -> int:
    """(Re)write the rows of ``event_ids`` from their mentions."""
    rows: list[dict[str, Any]] = []
    for part in _chunks(event_ids):
        q = (
            select(event_links.c.event_id, event_mentions, articles.c.uri, articles.c.site, articles.c.origin, articles.c.seq)
            .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
            .join(articles, articles.c.id == event_mentions.c.article_id)
            .where(event_links.c.event_id.in_(part))
            .order_by(event_links.c.event_id, articles.c.seq, event_mentions.c.idx)
        )
        rows.extend(dict(r) for r in conn.execute(q).mappings())
    people = sorted({p.get("entity_id") for r in rows for p in (r["recipients"] or []) if p.get("entity_id")})
    person_types: set[str] = set()
    for part in _chunks(people):
        person_types.update(x for (x,) in conn.execute(select(entities.c.id).where(entities.c.id.in_(part), entities.c.type == "PER")))
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_event[r["event_id"]].append(r)
    summaries, mentions, parts = [], [], []
    for eid, ms in by_event.items():
        # the event's own fields and flags; article flags are joined live (see module doc)
        rec = _event_record(ms, {}, {}, {}, {}, person_types)
        summaries.append(summary(rec))
        mentions.extend({"mention_id": m["id"], "event_id": eid} for m in ms)
        seen = set()
        for role, key in (("actor", "actors"), ("recipient", "recipients")):
            for m in ms:
                for p in m[key] or []:
                    ent = p.get("entity_id")
                    if ent and (ent, role) not in seen:
                        seen.add((ent, role))
                        parts.append({"entity_id": ent, "event_id": eid, "role": role})
    for table, values in ((event_index, summaries), (event_index_mentions, mentions), (event_index_entities, parts)):
        for part in _chunks(values):
            conn.execute(insert(table), part)
    return len(summaries)


def _drop_events(conn: Connection, event_ids: list[str]) -> None:
    for part in _chunks(event_ids):
        for table in (event_index, event_index_mentions, event_index_entities):
            conn.execute(delete(table).where(table.c.event_id.in_(part)))


class EventIndex:
    """The event index of one store, refreshed when the corpus stages have linked new mentions.

    ``refresh()`` is cheap when nothing changed (one indexed ``max(rowid)``), and is called at
    most every ``check_every`` seconds by :meth:`maybe_refresh`, so a ``haberdar run`` in
    another process shows up on the next page view.
    """

    def __init__(self, store: Store, *, check_every: float = 2.0) -> None:
        self.store = store
        self.check_every = check_every
        self._lock = threading.Lock()
        self._checked = 0.0
        self.generation = 0  # bumped on every change (for caches of derived views)
        with store.engine.begin() as conn:
            metadata.create_all(conn)
            ensure_lookup_indexes(conn)

    def maybe_refresh(self) -> None:
        if time.monotonic() - self._checked >= self.check_every:
            try:
                self.refresh()
            except OperationalError as exc:  # another process is writing: serve what is indexed
                log.info("event index not refreshed now (%s); next check in %.0f s", exc.orig, self.check_every)

    def refresh(self) -> int:
        """Bring the index up to date; returns the number of events (re)indexed."""
        with self._lock:
            self._checked = time.monotonic()
            with self.store.engine.begin() as conn:
                state = _state(conn)
                mark = _links_watermark(conn)
                done = int(state.get("links_rowid", "0"))
                if state.get("version") == INDEX_VERSION and mark == done:
                    return 0
                if state.get("version") != INDEX_VERSION or mark < done:
                    # first build, new index layout, or the corpus tables were rebuilt
                    for table in (event_index, event_index_mentions, event_index_entities):
                        conn.execute(delete(table))
                    touched = [r[0] for r in conn.execute(select(event_links.c.event_id).distinct())]
                else:
                    touched = sorted(
                        {r[0] for r in conn.execute(select(event_links.c.event_id).where(literal_column("event_links.rowid") > done))}
                    )
                    # every mention of the touched events, and the events they were indexed under
                    mids: list[str] = []
                    for part in _chunks(touched):
                        mids.extend(r[0] for r in conn.execute(select(event_links.c.mention_id).where(event_links.c.event_id.in_(part))))
                    stale = set(touched)
                    for part in _chunks(mids):
                        stale.update(r[0] for r in conn.execute(select(event_index_mentions.c.event_id).where(event_index_mentions.c.mention_id.in_(part))))
                    _drop_events(conn, sorted(stale))
                n = _index_events(conn, touched)
                _set_state(conn, version=INDEX_VERSION, links_rowid=str(mark))
            self.generation += 1
            return n
