"""Read queries of the web UI and API: filtered, paged, indexed; records built only for a page.

Every function takes a :class:`Service` (the store, its event index and small caches) and
returns plain dicts in the shapes the API documents. Bad parameters raise :class:`BadRequest`
with a message for a person; unknown ids raise :class:`NotFound`.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    case,
    distinct,
    func,
    literal_column,
    or_,
    select,
)

from haberdar.corpus.lookup import event_records
from haberdar.corpus.tables import (
    corpus_flags,
    corpus_seen,
    event_links,
    near_duplicates,
    title_claims,
)
from haberdar.kb.names import fold_name
from haberdar.serve.index import UNDATED_KEY, EventIndex, event_index, event_index_entities
from haberdar.store import Store
from haberdar.store import search as fts
from haberdar.store.schema import (
    article_sources,
    articles,
    entities,
    event_mentions,
    mentions,
    quarantine,
)

__all__ = ["BadRequest", "EventFilter", "NotFound", "Page", "Service"]

# Flag kinds an event or article can carry (DESIGN.md, plus the store's own).
FLAG_KINDS = (
    "duplicate",
    "near_duplicate",
    "syndicated_copy",
    "undated",
    "unattributed",
    "low_specificity",
    "name_conflict",
    "date_conflict",
    "location_conflict",
    "kb_conflict",
    "analysis_failed",
)
# Flags the event computes from its own mentions (kept in the event index); the others come
# from its articles (corpus_flags), except these two which the event recomputes.
EVENT_OWN_FLAGS = frozenset({"undated", "unattributed", "low_specificity", "date_conflict", "location_conflict"})
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TYPE_RE = re.compile(r"^[A-Z_]{2,24}$")
RAW_TEXT_LIMIT = 200_000  # characters of the raw input shown with an article


class BadRequest(ValueError):
    """A parameter a person got wrong; the message says what is expected."""


class NotFound(LookupError):
    pass


# --- parameters ------------------------------------------------------------------------------


def parse_day(value: str | None, name: str, *, end: bool = False) -> str | None:
    """'2024', '2024-09' or '2024-09-13' → the first (or, with ``end``, last) day it denotes."""
    if value is None or value == "":
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        raise BadRequest(f"{name}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d is not None:
            return date(y, int(mo), int(d)).isoformat()
        if mo is not None:
            first = date(y, int(mo), 1)
            if not end:
                return first.isoformat()
            nxt = date(y + (first.month == 12), first.month % 12 + 1, 1)
            return (nxt - timedelta(days=1)).isoformat()
        if y < 1:
            raise ValueError("year 0")
        return date(y, 12, 31).isoformat() if end else date(y, 1, 1).isoformat()
    except ValueError as exc:
        raise BadRequest(f"{name}: {value!r} is not a real date ({exc})") from exc


def check_range(day_from: str | None, day_to: str | None) -> None:
    if day_from and day_to and day_from > day_to:
        raise BadRequest(f"from ({day_from}) is after to ({day_to})")


def check_flag(flag: str | None) -> str | None:
    if not flag:
        return None
    if flag not in FLAG_KINDS:
        raise BadRequest(f"flag: unknown kind {flag!r}; one of {', '.join(FLAG_KINDS)}")
    return flag


def check_type(event_type: str | None) -> str | None:
    if not event_type:
        return None
    if not _TYPE_RE.match(event_type):
        raise BadRequest(f"type: expected a PLOVER event type such as CONSULT, got {event_type!r}")
    return event_type


def parse_search(q: str | None, name: str = "q") -> fts.SearchQuery | None:
    if q is None or not q.strip():
        return None
    try:
        return fts.parse_query(q)
    except ValueError as exc:
        raise BadRequest(f"{name}: {exc}") from exc


# --- the service -----------------------------------------------------------------------------


class Service:
    """What the web app needs of one store, opened once per server process."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self.index = EventIndex(store)
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._cache_lock = threading.Lock()
        self._entities_checked = 0.0
        self._entities_key: Any = None
        # Event records only change when the corpus stages run (new articles): they are kept,
        # most recently used first, until the corpus version moves.
        self.record_cache_size = int(os.environ.get("HABERDAR_SERVE_RECORD_CACHE", "8192"))
        self._records: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._records_version: Any = None
        self._records_lock = threading.Lock()
        # Answers that cost a scan (a full-text match materialised, a count), per query and
        # store version, most recently used last.
        self.memo_size = int(os.environ.get("HABERDAR_SERVE_QUERY_CACHE", "256"))
        self._memo: OrderedDict[Any, Any] = OrderedDict()

    def memo(self, key: Any, build: Any) -> Any:
        """``build()``, computed once per ``key`` (which holds the store version it depends on)."""
        with self._cache_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = build()
        if self.memo_size:
            with self._cache_lock:
                self._memo[key] = value
                while len(self._memo) > self.memo_size:
                    self._memo.popitem(last=False)
        return value

    def search_version(self, conn: Connection) -> Any:
        """Moves whenever articles are added (the full-text index grows with them)."""
        return conn.execute(select(func.max(articles.c.seq))).scalar()

    def prepare(self) -> dict[str, int]:
        """Bring the search and event indexes up to date (server start, after an ingest)."""
        added = self.store.ensure_search_index()
        events = self.index.refresh()
        return {"search_indexed": added, "events_indexed": events}

    def corpus_version(self, conn: Connection) -> Any:
        """Moves whenever the corpus stages have processed new articles."""
        return (
            self.index.generation,
            conn.execute(select(func.max(literal_column("corpus_seen.rowid"))).select_from(corpus_seen)).scalar(),
        )

    def event_records(self, conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
        """:func:`haberdar.corpus.lookup.event_records`, through the record cache."""
        if not self.record_cache_size:
            return event_records(conn, ids)
        version = self.corpus_version(conn)
        out: dict[str, dict[str, Any]] = {}
        with self._records_lock:
            if version != self._records_version:
                self._records.clear()
                self._records_version = version
            for i in ids:
                rec = self._records.get(i)
                if rec is not None:
                    self._records.move_to_end(i)
                    out[i] = rec
        missing = [i for i in ids if i not in out]
        if missing:
            built = event_records(conn, missing)
            out.update(built)
            with self._records_lock:
                if version == self._records_version:
                    self._records.update(built)
                    while len(self._records) > self.record_cache_size:
                        self._records.popitem(last=False)
        return out  # shared with the cache: callers build new dicts, never change a record

    def connect(self) -> Connection:
        self.index.maybe_refresh()
        return self.engine.connect()

    def cached(self, name: str, key: Any, build: Any) -> Any:
        with self._cache_lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = build()
        with self._cache_lock:
            self._cache[name] = (key, value)
        return value

    def entities_key(self, conn: Connection) -> Any:
        """Changes when mentions or entities are added (re-checked every 2 s)."""
        now = time.monotonic()
        if now - self._entities_checked >= 2.0 or self._entities_key is None:
            self._entities_checked = now
            self._entities_key = (
                conn.execute(select(func.max(literal_column("mentions.rowid"))).select_from(mentions)).scalar(),
                conn.execute(select(func.max(literal_column("entities.rowid"))).select_from(entities)).scalar(),
            )
        return self._entities_key


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int


# --- events ------------------------------------------------------------------------------


@dataclass
class EventFilter:
    day_from: str | None = None
    day_to: str | None = None
    entity: str | None = None
    event_type: str | None = None
    place: str | None = None
    flag: str | None = None
    text: fts.SearchQuery | None = None
    order: str = "asc"


def _fts_articles_subquery(conn: Connection, query: fts.SearchQuery) -> Any:
    return select(articles.c.id).where(articles.c.seq.in_(fts.match_subquery(conn, query)))


def _event_where(conn: Connection, flt: EventFilter) -> list[Any]:
    ei = event_index
    where: list[Any] = []
    if flt.day_from or flt.day_to:
        where.append(ei.c.day_from.is_not(None))
    if flt.day_from:
        where.append(ei.c.day_to >= flt.day_from)
    if flt.day_to:
        where.append(ei.c.day_from <= flt.day_to)
    if flt.event_type:
        where.append(ei.c.event_type == flt.event_type)
    if flt.place:
        where.append(ei.c.location_key == fold_name(flt.place))
    if flt.entity:
        if conn.execute(select(entities.c.id).where(entities.c.id == flt.entity)).first() is None:
            raise NotFound(f"no entity with id {flt.entity!r} (find ids with /api/entities?q=NAME)")
        where.append(ei.c.event_id.in_(select(event_index_entities.c.event_id).where(event_index_entities.c.entity_id == flt.entity)))
    if flt.flag:
        own = ei.c.flags.like(f"%,{flt.flag},%")
        if flt.flag in EVENT_OWN_FLAGS - {"date_conflict", "location_conflict"}:
            where.append(own)
        else:
            via_articles = ei.c.event_id.in_(
                select(event_links.c.event_id)
                .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
                .join(corpus_flags, corpus_flags.c.target == event_mentions.c.article_id)
                .where(corpus_flags.c.kind == flt.flag)
            )
            where.append(or_(own, via_articles))
    if flt.text:
        where.append(
            ei.c.event_id.in_(
                select(event_links.c.event_id)
                .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
                .where(event_mentions.c.article_id.in_(_fts_articles_subquery(conn, flt.text)))
            )
        )
    return where


def list_events(svc: Service, flt: EventFilter, *, limit: int, offset: int) -> Page:
    with svc.connect() as conn:
        where = _event_where(conn, flt)
        ei = event_index
        order = (ei.c.sort_key.desc(), ei.c.event_id.desc()) if flt.order == "desc" else (ei.c.sort_key, ei.c.event_id)
        version = svc.corpus_version(conn)
        fkey = (flt.day_from, flt.day_to, flt.entity, flt.event_type, flt.place, flt.flag, flt.text)
        if flt.text is not None:
            # the full-text join is the cost: run it once, keep the matching events in order,
            # and answer the count and every page from that list
            matched = svc.memo(
                ("events", version, fkey, flt.order),
                lambda: [r[0] for r in conn.execute(select(ei.c.event_id).where(*where).order_by(*order))],
            )
            total = len(matched)
            ids = matched[offset : offset + limit]
        else:
            total = svc.memo(("events-count", version, fkey), lambda: conn.execute(select(func.count()).select_from(ei).where(*where)).scalar_one())
            ids = [r[0] for r in conn.execute(select(ei.c.event_id).where(*where).order_by(*order).limit(limit).offset(offset))]
        recs = svc.event_records(conn, ids)
    return Page([recs[i] for i in ids if i in recs], total)


def get_event(svc: Service, event_id: str) -> dict[str, Any]:
    with svc.connect() as conn:
        recs = svc.event_records(conn, [event_id])
        if event_id not in recs:
            raise NotFound(f"no event with id {event_id!r}")
        rec = recs[event_id]
        rec_flags = _flag_evidence(conn, rec)
    return {**rec, "flag_evidence": rec_flags}


def _flag_evidence(conn: Connection, rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each flag of the event with the sentences behind it: the stored evidence of article
    flags, and, for the event's own conflicts, the evidence sentence of each report."""
    arts = [a["id"] for a in rec["articles"]]
    stored: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in conn.execute(
        select(corpus_flags.c.target, corpus_flags.c.kind, corpus_flags.c.detail, corpus_flags.c.evidence).where(corpus_flags.c.target.in_(arts))
    ).mappings():
        stored[(r["kind"], f"article {r['target']}: {r['detail']}")] = [e for e in (r["evidence"] or []) if isinstance(e, dict)]
    out = []
    for f in rec["flags"]:
        ev = stored.get((f["kind"], f["detail"]))
        if ev is None and f["kind"] in ("date_conflict", "location_conflict"):
            ev = list(rec["evidence"])
        out.append({"kind": f["kind"], "detail": f["detail"], "evidence": _with_text(conn, ev or [])})
    return out


def _with_text(conn: Connection, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence items that point at an article without quoting it get the article's title."""
    out = []
    for e in evidence:
        e = dict(e)
        if not e.get("text") and e.get("article"):
            title = conn.execute(select(articles.c.title).where(articles.c.id == e["article"])).scalar()
            e["text"] = title
        out.append(e)
    return out


def event_charts(svc: Service) -> dict[str, Any]:
    """Events by month and by place (for the timeline's charts); cached per index change."""

    def build() -> dict[str, Any]:
        with svc.engine.connect() as conn:
            month = func.substr(event_index.c.day_from, 1, 7)
            by_month = conn.execute(
                select(month, func.count())
                .where(event_index.c.date_precision.in_(("day", "month")), event_index.c.sort_key != UNDATED_KEY)
                .group_by(month)
                .order_by(month)
            ).all()
            places = conn.execute(
                select(func.min(event_index.c.location), func.count().label("n"))
                .where(event_index.c.location_key.is_not(None))
                .group_by(event_index.c.location_key)
                .order_by(literal_column("n").desc(), func.min(event_index.c.location), event_index.c.location_key)
                .limit(10)
            ).all()
            undated = conn.execute(select(func.count()).select_from(event_index).where(event_index.c.sort_key == UNDATED_KEY)).scalar_one()
        return {
            "by_month": [{"month": m, "events": n} for m, n in by_month],
            "places": [{"place": p, "events": n} for p, n in places],
            "undated": undated,
        }

    svc.index.maybe_refresh()
    return svc.cached("event_charts", svc.index.generation, build)


# --- articles ----------------------------------------------------------------------------

ARTICLE_LIST_FIELDS = ("id", "uri", "site", "origin", "title", "published_at", "date_precision", "duplicate_of", "flags", "lead", "language", "date_source", "format")
_SUMMARY_COLUMNS = [articles.c[k] for k in (*ARTICLE_LIST_FIELDS, "body", "seq")]
ARTICLE_FIELDS = ("id", "uri", "site", "origin", "title", "published_at", "date_precision", "body", "duplicate_of", "flags", "lead", "language", "date_source", "format")


def _article_summary(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in ARTICLE_LIST_FIELDS}
    body = row.get("body") or ""
    out["snippet"] = body[:240] + ("…" if len(body) > 240 else "")
    return out


def _published_day() -> Any:
    p = articles.c.published_at
    return case(
        (func.length(p) == 4, p + "-01-01"),
        (func.length(p) == 7, p + "-01"),
        else_=func.substr(p, 1, 10),
    )


def list_articles(
    svc: Service,
    *,
    day_from: str | None = None,
    day_to: str | None = None,
    site: str | None = None,
    origin: str | None = None,
    entity: str | None = None,
    flag: str | None = None,
    query: fts.SearchQuery | None = None,
    order: str = "asc",
    limit: int,
    offset: int,
) -> Page:
    where: list[Any] = []
    if day_from or day_to:
        day = _published_day()
        where.append(articles.c.published_at.is_not(None))
        if day_from:
            where.append(day >= day_from)
        if day_to:
            where.append(day <= day_to)
    if site:
        where.append(articles.c.site == site)
    if origin:
        where.append(func.lower(articles.c.origin) == origin.lower())
    if flag:
        if flag == "duplicate":
            where.append(articles.c.duplicate_of.is_not(None))
        else:
            where.append(articles.c.id.in_(select(corpus_flags.c.target).where(corpus_flags.c.kind == flag)))
    with svc.connect() as conn:
        if entity:
            if conn.execute(select(entities.c.id).where(entities.c.id == entity)).first() is None:
                raise NotFound(f"no entity with id {entity!r}")
            where.append(articles.c.id.in_(select(mentions.c.article_id).where(mentions.c.entity_id == entity)))
        if query:
            where.append(articles.c.seq.in_(fts.match_subquery(conn, query)))
        total = conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()
        order_by = articles.c.seq.desc() if order == "desc" else articles.c.seq
        rows = conn.execute(select(*_SUMMARY_COLUMNS).where(*where).order_by(order_by).limit(limit).offset(offset)).mappings()
        items = [_article_summary(dict(r)) for r in rows]
    return Page(items, total)


def get_article(svc: Service, article_id: str) -> dict[str, Any]:
    with svc.connect() as conn:
        row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        art = dict(row)
        out = {k: art.get(k) for k in ARTICLE_FIELDS}
        out["removed"] = art["removed"]
        out["sources"] = [r[0] for r in conn.execute(select(article_sources.c.uri).where(article_sources.c.article_id == article_id).order_by(article_sources.c.uri))]
        out["corpus_flags"] = [
            dict(r)
            for r in conn.execute(
                select(corpus_flags.c.kind, corpus_flags.c.detail, corpus_flags.c.evidence)
                .where(corpus_flags.c.target == article_id)
                .order_by(literal_column("corpus_flags.rowid"))
            ).mappings()
        ]
        out["near_duplicates"] = _near_cluster(conn, article_id)
        out["mentions"] = [
            dict(r)
            for r in conn.execute(
                select(mentions.c.start, mentions.c.end, mentions.c.label, mentions.c.surface, mentions.c.canonical, mentions.c.entity_id)
                .where(mentions.c.article_id == article_id)
                .order_by(mentions.c.start, mentions.c.end, mentions.c.label)
            ).mappings()
        ]
        ev_rows = conn.execute(
            select(event_links.c.event_id, event_mentions.c.evidence, event_mentions.c.event_type, event_mentions.c.date)
            .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
            .where(event_mentions.c.article_id == article_id)
            .order_by(event_mentions.c.idx)
        ).mappings()
        out["events"] = [
            {"event": r["event_id"], "event_type": r["event_type"], "date": r["date"], "evidence": r["evidence"]} for r in ev_rows
        ]
        from haberdar.store.schema import raw_inputs

        raw = conn.execute(select(raw_inputs.c.raw, raw_inputs.c.encoding).where(raw_inputs.c.article_id == article_id)).first()
    out["raw_text"] = None
    out["raw_truncated"] = False
    if raw is not None:
        decoded = _decode(bytes(raw[0]), raw[1])
        out["raw_truncated"] = len(decoded) > RAW_TEXT_LIMIT
        out["raw_text"] = decoded[:RAW_TEXT_LIMIT]
    return out


NEAR_MEMBERS_SHOWN = 50


def _near_cluster(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """The near-duplicate cluster of an article: its representative, size, and the first
    :data:`NEAR_MEMBERS_SHOWN` other members in the order they were stored (id, similarity to
    the representative, kind); None when the article has no near or exact duplicate."""
    cid = conn.execute(select(near_duplicates.c.cluster_id).where(near_duplicates.c.article_id == article_id)).scalar()
    if cid is None:
        return None
    size = conn.execute(select(func.count()).select_from(near_duplicates).where(near_duplicates.c.cluster_id == cid)).scalar_one()
    q = (
        select(near_duplicates.c.article_id, near_duplicates.c.score, near_duplicates.c.kind, articles.c.title, articles.c.site)
        .join(articles, articles.c.id == near_duplicates.c.article_id)
        .where(near_duplicates.c.cluster_id == cid, near_duplicates.c.article_id != article_id)
        .order_by(articles.c.seq)
        .limit(NEAR_MEMBERS_SHOWN)
    )
    members = [{"id": a, "score": round(sc, 3), "kind": k, "title": t, "site": site} for a, sc, k, t, site in conn.execute(q)]
    return {"cluster": cid, "size": size, "members": members}


def _decode(raw: bytes, encoding: str | None) -> str:
    for enc in (encoding, "utf-8"):
        if not enc:
            continue
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def original_lines(art: dict[str, Any], raw: bytes | None, encoding: str | None) -> list[dict[str, Any]] | None:
    """The lines the cleaner started from, each with the reason it was removed (if it was);
    None when they cannot be re-derived exactly (the removed lines are then listed alone)."""
    if raw is None:
        return None
    import io

    from haberdar.ingest.sources import _read_stream
    from haberdar.records import RawDocument
    from haberdar.text import normalize_unicode

    try:
        name = art["uri"] if art.get("format") in ("txt", "html") else "x." + (art.get("format") or "txt")
        doc = next(iter(_read_stream(art["uri"], name, io.BytesIO(raw), size=len(raw), fields=None, max_bytes=len(raw) + 1)), None)
    except Exception:  # noqa: BLE001 - a page view must not fail on a reader's error
        return None
    if not isinstance(doc, RawDocument):
        return None
    lines = normalize_unicode(doc.text).split("\n")
    removed: dict[int, list[dict[str, Any]]] = {}
    for r in art.get("removed") or []:
        removed.setdefault(int(r["line"]), []).append(r)
    out = []
    for no, line in enumerate(lines, start=1):
        rs = removed.get(no, [])
        if rs and not any(r["text"] in line or line in r["text"] for r in rs):
            return None  # the reader changed since: numbers no longer match
        out.append({"no": no, "text": line, "removed": [r["reason"] for r in rs], "parts": _parts(line, rs)})
    return out


def _parts(line: str, removed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The line cut into kept and removed pieces: a repeated lead removed from inside a line is
    struck through alone, not the whole line."""
    spans: list[tuple[int, int]] = []
    for r in removed:
        text = r["text"].strip()
        at = line.find(text) if text else -1
        if not text or text == line.strip() or at < 0:
            return [{"text": line, "removed": True}]
        spans.append((at, at + len(text)))
    parts: list[dict[str, Any]] = []
    pos = 0
    for a, b in sorted(spans):
        if a > pos:
            parts.append({"text": line[pos:a], "removed": False})
        parts.append({"text": line[max(a, pos):b], "removed": True})
        pos = max(pos, b)
    if pos < len(line):
        parts.append({"text": line[pos:], "removed": False})
    return parts


# --- entities ----------------------------------------------------------------------------


def _entity_table(svc: Service, conn: Connection) -> list[dict[str, Any]]:
    """Entities with at least one mention, most mentioned first, with folded names for search."""

    def build() -> list[dict[str, Any]]:
        counts = dict(
            conn.execute(select(mentions.c.entity_id, func.count()).where(mentions.c.entity_id.is_not(None)).group_by(mentions.c.entity_id)).all()
        )
        out = []
        for r in conn.execute(select(entities.c.id, entities.c.name, entities.c.type, entities.c.aliases)).mappings():
            n = counts.get(r["id"], 0)
            if not n:
                continue
            keys = [fold_name(r["name"])] + [fold_name(a) for a in (r["aliases"] or []) if isinstance(a, str)]
            out.append({"id": r["id"], "name": r["name"], "type": r["type"], "mentions": n, "keys": keys, "joined": "\x00".join(keys)})
        out.sort(key=lambda e: (-e["mentions"], e["name"]))
        return out

    return svc.cached("entities", svc.entities_key(conn), build)


def list_entities(svc: Service, *, q: str | None, entity_type: str | None, sort: str, limit: int, offset: int) -> Page:
    with svc.connect() as conn:
        table = _entity_table(svc, conn)
        key = fold_name(q) if q and q.strip() else ""
        rows = [
            e
            for e in table
            if (not entity_type or e["type"] == entity_type) and (not key or key in e["joined"])
        ]
        if key:
            rows.sort(key=lambda e: (not any(k == key for k in e["keys"]), not any(k.startswith(key) for k in e["keys"]), -e["mentions"], e["name"]))
        elif sort == "name":
            rows = sorted(rows, key=lambda e: e["name"])
        page = rows[offset : offset + limit]
        ids = [e["id"] for e in page]
        full = {r["id"]: dict(r) for r in conn.execute(select(entities).where(entities.c.id.in_(ids))).mappings()} if ids else {}
    items = []
    for e in page:
        r = full.get(e["id"], {})
        items.append({"id": e["id"], "name": e["name"], "type": e["type"], "aliases": r.get("aliases") or [], "qid": r.get("qid"), "roles": r.get("roles") or [], "mentions": e["mentions"], "source": r.get("source")})
    return Page(items, len(rows))


def get_entity(svc: Service, entity_id: str, *, events_limit: int = 50) -> dict[str, Any]:
    with svc.connect() as conn:
        row = conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().first()
        if row is None:
            raise NotFound(f"no entity with id {entity_id!r}")
        ent = dict(row)
        n_mentions = conn.execute(select(func.count()).select_from(mentions).where(mentions.c.entity_id == entity_id)).scalar_one()
        n_articles = conn.execute(select(func.count(distinct(mentions.c.article_id))).where(mentions.c.entity_id == entity_id)).scalar_one()
        forms = conn.execute(
            select(mentions.c.surface, func.count().label("n"))
            .where(mentions.c.entity_id == entity_id)
            .group_by(mentions.c.surface)
            .order_by(literal_column("n").desc(), mentions.c.surface)
            .limit(12)
        ).all()
        ei = event_index
        ev_where = ei.c.event_id.in_(select(event_index_entities.c.event_id).where(event_index_entities.c.entity_id == entity_id))
        n_events = conn.execute(select(func.count()).select_from(ei).where(ev_where)).scalar_one()
        ev_ids = [r[0] for r in conn.execute(select(ei.c.event_id).where(ev_where).order_by(ei.c.sort_key, ei.c.event_id).limit(events_limit))]
        recs = svc.event_records(conn, ev_ids)
        art_rows = conn.execute(
            select(articles.c.id, articles.c.title, articles.c.lead, articles.c.site, articles.c.origin, articles.c.published_at)
            .where(articles.c.id.in_(select(mentions.c.article_id).where(mentions.c.entity_id == entity_id)))
            .order_by(articles.c.seq.desc())
            .limit(20)
        ).mappings()
        recent = [dict(r) for r in art_rows]
        claims = conn.execute(
            select(title_claims.c.title, title_claims.c.organisation, func.min(title_claims.c.day), func.max(title_claims.c.day), func.count())
            .where(title_claims.c.person == ent["name"])
            .group_by(title_claims.c.title, title_claims.c.organisation)
            # SQLite's order on both back ends: NULLs first, ties in group order
            .order_by(func.min(title_claims.c.day).nulls_first(), title_claims.c.title, title_claims.c.organisation.nulls_first())
            .limit(50)
        ).all()
    roles = sorted((r for r in ent.get("roles") or [] if isinstance(r, dict)), key=lambda r: (str(r.get("start") or ""), str(r.get("title") or "")))
    return {
        "id": ent["id"],
        "name": ent["name"],
        "type": ent["type"],
        "aliases": ent["aliases"] or [],
        "qid": ent["qid"],
        "source": ent["source"],
        "roles": roles,
        "titles_in_articles": [
            {"title": t, "organisation": o, "first_seen": a, "last_seen": b, "claims": n} for t, o, a, b, n in claims
        ],
        "mentions": n_mentions,
        "articles_total": n_articles,
        "written_as": [{"surface": s, "count": n} for s, n in forms],
        "events_total": n_events,
        "events": [recs[i] for i in ev_ids if i in recs],
        "recent_articles": recent,
    }


# --- search ------------------------------------------------------------------------------


_RANKED = 500  # matches of a query kept ranked in the cache (ten pages of 50)


def search(svc: Service, query: fts.SearchQuery, *, limit: int, offset: int) -> dict[str, Any]:
    with svc.connect() as conn:
        # the count and the first _RANKED matches, once per query and store version: the pages
        # people read are slices of that; a page past it is asked of the index (count cached)
        top, total = svc.memo(("search", svc.search_version(conn), query), lambda: fts.search(conn, query, limit=_RANKED, offset=0))
        if offset + limit <= len(top) or len(top) == total:
            hits = top[offset : offset + limit]
        else:
            hits = fts.search(conn, query, limit=limit, offset=offset)[0]
        seqs = [s for s, _ in hits]
        rows = {r["seq"]: dict(r) for r in conn.execute(select(*_SUMMARY_COLUMNS).where(articles.c.seq.in_(seqs))).mappings()} if seqs else {}
        ent_page = list_entities_for_query(svc, conn, query)
    items = []
    for seq, score in hits:
        r = rows.get(seq)
        if r is None:
            continue
        item = _article_summary(r)
        item["score"] = round(-score, 4)
        item["snippet"], item["highlights"] = snippet(r.get("title"), r.get("body") or "", query)
        items.append(item)
    return {"items": items, "total": total, "entities": ent_page}


def list_entities_for_query(svc: Service, conn: Connection, query: fts.SearchQuery) -> list[dict[str, Any]]:
    words = query.words
    key = " ".join(words)
    table = _entity_table(svc, conn)
    out = [e for e in table if key in e["joined"] or all(w in e["joined"] for w in words)]
    return [{"id": e["id"], "name": e["name"], "type": e["type"], "mentions": e["mentions"]} for e in out[:10]]


def snippet(title: str | None, body: str, query: fts.SearchQuery, *, width: int = 220) -> tuple[str, list[list[int]]]:
    """A window of the body around the first match, and the spans of matching words in it."""
    spans = fts.match_spans(body, query)
    if not spans:
        text_ = body[:width]
        return text_ + ("…" if len(body) > width else ""), []
    start = max(0, spans[0][0] - width // 3)
    if start:
        sp = body.rfind(" ", 0, start)
        start = sp + 1 if sp >= 0 and start - sp < 30 else start
    end = min(len(body), start + width)
    window = body[start:end]
    prefix = "…" if start else ""
    marks = [[s - start + len(prefix), e - start + len(prefix)] for s, e in spans if s >= start and e <= end]
    return prefix + window + ("…" if end < len(body) else ""), marks


# --- stats -------------------------------------------------------------------------------


def stats(svc: Service) -> dict[str, Any]:
    with svc.connect() as conn:
        n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(event_index)).scalar_one()
        n_quarantine = conn.execute(select(func.count()).select_from(quarantine)).scalar_one()
        flags = dict(conn.execute(select(corpus_flags.c.kind, func.count()).group_by(corpus_flags.c.kind)).all())
        n_entities = len(_entity_table(svc, conn))
        dated = conn.execute(select(func.count()).select_from(event_index).where(event_index.c.sort_key != UNDATED_KEY)).scalar_one()
    charts = event_charts(svc)
    return {
        "articles": n_articles,
        "events": n_events,
        "events_dated": dated,
        "entities": n_entities,
        "quarantined": n_quarantine,
        "article_flags": flags,
        "events_by_month": charts["by_month"],
        "places": charts["places"],
    }
