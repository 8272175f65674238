"""Store stage: articles, raw inputs and quarantine through SQLAlchemy Core, in SQLite (WAL; the
default, a file) or PostgreSQL (``postgresql://user:password@host/db``, with psycopg 3).

Both back ends share the tables (:mod:`haberdar.store.schema`), the migrations
(:mod:`haberdar.store.migrations`) and the search operations (:mod:`haberdar.store.search`);
what differs between them is in :mod:`haberdar.store.sql`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, insert, literal_column, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from haberdar.records import Analysis, Article, Quarantined, content_hash
from haberdar.store import migrations, schema, search
from haberdar.store.schema import (
    article_sources,
    articles,
    entities,
    event_mentions,
    mentions,
    quarantine,
    raw_inputs,
)
from haberdar.store.sql import StoreError, insert_for

__all__ = ["Store", "StoreBusy", "StoreError", "describe", "open_store"]

# The quarantine keeps the head of a bad input for inspection, not a 50 MB blob.
QUARANTINE_RAW_BYTES = 64 * 1024

# Advisory lock key of the single writer (PostgreSQL): any 64-bit number unique to haberdar.
WRITER_LOCK_KEY = 0x68616265_72640002
PG_HELP = "pip install 'haberdar[postgresql]'"


class StoreBusy(StoreError):
    """Another process is writing to the store."""


def is_url(db: str) -> bool:
    return "://" in db


def _pg_url(db: str) -> URL:
    try:
        url = make_url(db)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(
            f"not a database URL: {db!r}. Give a SQLite file path, or postgresql://USER:PASSWORD@HOST[:PORT]/DATABASE"
        ) from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
            url = url.set(drivername="postgresql+psycopg")
        try:
            import psycopg  # noqa: F401 - the driver of postgresql+psycopg
        except ImportError as exc:
            raise StoreError(f"PostgreSQL stores need the psycopg driver, which is not installed: {PG_HELP}") from exc
        if not url.database:
            raise StoreError(f"no database named in {describe(db)!r}: postgresql://USER:PASSWORD@HOST[:PORT]/DATABASE")
        return url
    if backend == "sqlite":
        return url
    raise StoreError(f"haberdar stores are SQLite files or PostgreSQL databases, not {backend!r} ({describe(db)})")


def describe(db: str | Path) -> str:
    """``db`` as it may be shown: a URL without its password."""
    db = str(db)
    if not is_url(db):
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(an unreadable URL)"


def _engine_for(db: str) -> Engine:
    if is_url(db):
        url = _pg_url(db)
        try:
            if url.get_backend_name() == "postgresql":
                return create_engine(url, pool_pre_ping=True)
            return create_engine(url)
        except NoSuchModuleError as exc:
            raise StoreError(f"no driver for {describe(db)}: {exc}. For PostgreSQL: {PG_HELP}") from exc
    path = Path(db)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - DB-API connection
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


class Store:
    """Read/write access to one haberdar database. Writes go through :meth:`batch`."""

    def __init__(self, engine: Engine, *, migrate: bool = True, name: str = "") -> None:
        self.engine = engine
        self.name = name or describe(str(engine.url))
        self._writer_depth = 0
        self._writer_lock = threading.Lock()
        import haberdar.corpus.tables  # noqa: F401 - registers the corpus-stage tables on the schema

        if migrate:
            migrations.upgrade(engine, where=self.name)
        else:
            with engine.connect() as conn:
                migrations.check_not_newer(migrations.current_version(conn), self.name)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.current_version(conn)

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the store's single-writer lock for a run (re-entrant within this Store).

        A run writes articles in input order through one writer. SQLite serialises writers by
        itself; on PostgreSQL a session-level advisory lock is taken, and a second run is refused
        with :class:`StoreBusy` instead of interleaving its writes."""
        if not self.is_postgresql:
            yield
            return
        with self._writer_lock:
            self._writer_depth += 1
            first = self._writer_depth == 1
        conn = None
        try:
            if first:
                conn = self.engine.connect()
                got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": WRITER_LOCK_KEY}).scalar()
                conn.commit()
                if not got:
                    conn.close()
                    conn = None
                    holder_conn = self.engine.connect()
                    holder = holder_conn.execute(
                        text(
                            "SELECT a.pid, a.backend_start, a.client_addr FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :hi AND l.objid = :lo"
                        ),
                        {"hi": WRITER_LOCK_KEY >> 32, "lo": WRITER_LOCK_KEY & 0xFFFFFFFF},
                    ).first()
                    holder_conn.close()
                    who = f" (PostgreSQL backend pid {holder[0]}, connected {holder[1]:%Y-%m-%d %H:%M:%S}, from {holder[2] or 'a local socket'})" if holder else ""
                    raise StoreBusy(
                        f"another haberdar run is writing to {self.name}{who}: one writer at a time. "
                        "Wait for it to finish (or stop it), then run again."
                    )
            yield
        finally:
            with self._writer_lock:
                self._writer_depth -= 1
            if conn is not None:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WRITER_LOCK_KEY})
                    conn.commit()
                finally:
                    conn.close()

    # --- writes -------------------------------------------------------------------------
    def batch(self) -> Batch:
        return Batch(self)

    # --- reads --------------------------------------------------------------------------
    def count(self, table: str = "articles") -> int:
        tbl = schema.metadata.tables[table]
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tbl)).scalar_one()

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """All articles in insertion order, streamed."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=500).execute(
                select(articles).order_by(articles.c.seq)
            )
            for row in result.mappings():
                yield dict(row)

    def get_article(self, id_or_prefix: str) -> dict[str, Any] | None:
        """An article by id, or by a unique id prefix (at least 4 characters)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == id_or_prefix)).mappings().first()
            if row is None and len(id_or_prefix) >= 4:
                rows = (
                    conn.execute(select(articles).where(articles.c.id.startswith(id_or_prefix)).limit(2))
                    .mappings()
                    .all()
                )
                row = rows[0] if len(rows) == 1 else None
            if row is None:
                return None
            out = dict(row)
            out["sources"] = [
                r[0]
                for r in conn.execute(
                    select(article_sources.c.uri).where(article_sources.c.article_id == out["id"]).order_by(article_sources.c.uri)
                )
            ]
            raw = conn.execute(select(raw_inputs).where(raw_inputs.c.article_id == out["id"])).mappings().first()
            out["raw"] = bytes(raw["raw"]) if raw else None
            out["encoding"] = raw["encoding"] if raw else None
            return out

    def iter_entities(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            # ties on the name in insertion order (SQLite's stable sort of its rowid-order scan)
            for row in conn.execute(select(entities).order_by(entities.c.name, literal_column("entities.rowid"))).mappings():
                yield dict(row)

    def mentions_of(self, article_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.start, mentions.c.end, mentions.c.label)
            ).mappings()
            return [dict(r) for r in rows]

    def mention_counts(self) -> dict[str, int]:
        """Number of mentions per entity id."""
        with self.engine.connect() as conn:
            q = select(mentions.c.entity_id, func.count()).group_by(mentions.c.entity_id)
            return {eid: n for eid, n in conn.execute(q) if eid}

    # --- full-text search (store/search.py: SQLite FTS5, PostgreSQL tsvector + GIN) -------------
    def ensure_search_index(self) -> int:
        """Index the articles the search index lacks (stores written before it existed);
        returns how many were added."""
        with self.engine.begin() as conn:
            return search.index_missing(conn)

    def search_articles(self, query: str | search.SearchQuery, *, limit: int = 50, offset: int = 0) -> tuple[list[tuple[int, float]], int]:
        """(article seq, score) of the best matches of ``query`` (see :func:`search.parse_query`;
        ``ValueError`` when it has no searchable word) and the number of matches."""
        q = search.parse_query(query) if isinstance(query, str) else query
        with self.engine.connect() as conn:
            return search.search(conn, q, limit=limit, offset=offset)

    def iter_quarantine(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(quarantine.c.id, quarantine.c.uri, quarantine.c.reason).order_by(quarantine.c.uri, literal_column("quarantine.rowid"))).mappings():
                yield dict(row)

    def close(self) -> None:
        self.engine.dispose()


class Batch:
    """A unit of work committed atomically: either every article of the batch is stored, or none.

    Runs commit every few hundred articles; a run killed between commits loses only the open
    batch, which the next run redoes (every write is keyed by content, so nothing is doubled).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.engine.connect()
        self.trans = self.conn.begin()
        self._next_seq: int | None = None

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        if exc_type is None:
            self.trans.commit()
        else:
            self.trans.rollback()
        self.conn.close()

    def commit(self) -> None:
        """Commit what is pending and open a new transaction."""
        self.trans.commit()
        self.trans = self.conn.begin()

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def add_source(self, article_id: str, uri: str) -> None:
        self.conn.execute(
            insert_for(self.conn, article_sources).values(article_id=article_id, uri=uri).on_conflict_do_nothing()
        )

    def add_article(self, article: Article, raw: bytes, encoding: str | None) -> bool:
        """Store an article; False if it was already there (same content hash)."""
        if self.has_article(article.id):
            self.add_source(article.id, article.uri)
            return False
        if self._next_seq is None:
            self._next_seq = (self.conn.execute(select(func.max(articles.c.seq))).scalar() or 0) + 1
        body_hash = article.body_hash
        dup = self.conn.execute(
            select(articles.c.id)
            .where(articles.c.body_hash == body_hash, articles.c.duplicate_of.is_(None))
            .order_by(articles.c.seq)
            .limit(1)
        ).scalar()
        flags = list(article.flags)
        if dup is not None and article.body.strip():
            flags.append({"kind": "duplicate", "detail": f"same normalised body as article {dup}"})
        else:
            dup = None
        self.conn.execute(
            insert(articles).values(
                id=article.id,
                seq=self._next_seq,
                uri=article.uri,
                format=article.format,
                site=article.site,
                origin=article.origin,
                title=article.title,
                lead=article.lead,
                body=article.body,
                body_hash=body_hash,
                published_at=article.published.value,
                date_precision=article.published.precision,
                date_source=article.published.source,
                language=article.language,
                duplicate_of=dup,
                removed=[{"line": r.line_no, "text": r.text, "reason": r.reason} for r in article.removed],
                flags=flags,
                meta=_jsonable(article.meta),
            )
        )
        search.index(self.conn, [(self._next_seq, article.title, article.lead, article.body)])
        self._next_seq += 1
        self.conn.execute(insert(raw_inputs).values(article_id=article.id, raw=raw, encoding=encoding))
        self.add_source(article.id, article.uri)
        return True

    def add_analysis(self, article_id: str, analysis: Analysis) -> None:
        """Store the mentions, entities and event mentions of one article (replacing earlier ones)."""
        self.conn.execute(mentions.delete().where(mentions.c.article_id == article_id))
        self.conn.execute(event_mentions.delete().where(event_mentions.c.article_id == article_id))
        seen: set[tuple[int, int, str]] = set()
        rows = []
        for m in analysis.mentions:
            key = (m.start, m.end, m.label)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                dict(article_id=article_id, start=m.start, end=m.end, label=m.label, surface=m.surface, canonical=m.canonical, entity_id=m.entity_id)
            )
        if rows:
            self.conn.execute(insert(mentions), rows)
        for e in analysis.entities:
            self.conn.execute(
                insert_for(self.conn, entities)
                .values(id=e.id, name=e.name, type=e.type, aliases=e.aliases, qid=e.qid, roles=_jsonable(e.roles), source=e.source)
                .on_conflict_do_nothing()
            )
        for idx, ev in enumerate(analysis.events):
            self.conn.execute(
                insert(event_mentions).values(
                    id=content_hash(f"{article_id}:{idx}:{ev.get('event_type')}".encode()),
                    article_id=article_id,
                    idx=idx,
                    event_type=ev["event_type"],
                    mode=ev.get("mode"),
                    status=ev.get("status") or "occurred",
                    date=ev.get("date"),
                    date_precision=ev.get("date_precision") or "unknown",
                    actors=_jsonable(ev.get("actors", [])),
                    recipients=_jsonable(ev.get("recipients", [])),
                    location=_jsonable(ev.get("location")),
                    topics=_jsonable(ev.get("topics", [])),
                    evidence=_jsonable(ev.get("evidence", [])),
                    detail=_jsonable(ev.get("detail", {})),
                )
            )

    def add_quarantine(self, item: Quarantined) -> bool:
        """Record a bad input; False if this exact (uri, reason) was recorded before."""
        res = self.conn.execute(
            insert_for(self.conn, quarantine)
            .values(id=item.id, uri=item.uri, reason=item.reason, raw=item.raw[:QUARANTINE_RAW_BYTES])
            .on_conflict_do_nothing()
        )
        return bool(res.rowcount)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def open_store(db: str | Path = "haberdar.db", *, migrate: bool = True) -> Store:
    """Open (creating on first use) the store at ``db``: a SQLite file path, or a URL
    (``postgresql://user:password@host[:port]/database``, ``sqlite:///file``).

    An older store is migrated to this code's schema (unless ``migrate`` is false); a newer one
    is refused. Raises :class:`StoreError` with a message that says what to do when the store
    cannot be opened (bad URL, server down, driver missing, store too new)."""
    db = str(db)
    name = describe(db)
    engine = _engine_for(db)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        engine.dispose()
        if engine.dialect.name == "postgresql":
            raise StoreError(
                f"cannot connect to the PostgreSQL store {name}: {_first_line(exc)}. "
                "Is the server running, and are the host, port, user, password and database right?"
            ) from exc
        raise StoreError(f"cannot open the store {name}: {_first_line(exc)}") from exc
    try:
        return Store(engine, migrate=migrate, name=name)
    except BaseException:
        engine.dispose()
        raise
