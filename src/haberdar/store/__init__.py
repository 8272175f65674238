"""Store stage: articles, raw inputs and quarantine through SQLAlchemy Core, in SQLite (WAL; the
default, a file) or PostgreSQL (``postgresql://user:password@host/db``, with psycopg 3).

Both back ends share the tables (:mod:`haberdar.store.schema`), the migrations
(:mod:`haberdar.store.migrations`) and the search operations (:mod:`haberdar.store.search`);
what differs between them is in :mod:`haberdar.store.sql`.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, literal_column, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from haberdar.records import Analysis, Article, Quarantined, content_hash
from haberdar.store import migrations, schema, search
from haberdar.store.schema import (
    article_sources,
    articles,
    entities,
    mentions,
    quarantine,
    raw_inputs,
)
from haberdar.store.sql import StoreError, insert_for, strip_nul

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
    def batch(self, *, background: bool = False) -> Batch:
        """A :class:`Batch`; ``background`` sends each commit's writes from a thread of its own,
        so that the caller goes on reading and planning inputs meanwhile."""
        return Batch(self, background=background)

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


# Columns the writer fills, in the order of its INSERT statements (built once per dialect).
_ARTICLE_COLS = (
    "id", "seq", "uri", "format", "site", "origin", "title", "lead", "body", "body_hash", "published_at",
    "date_precision", "date_source", "language", "duplicate_of", "removed", "flags", "meta",
)
_MENTION_COLS = ("article_id", "start", "end", "label", "surface", "canonical", "entity_id")
_ENTITY_COLS = ("id", "name", "type", "aliases", "qid", "roles", "source")
_EVENT_COLS = (
    "id", "article_id", "idx", "event_type", "mode", "status", "date", "date_precision", "actors",
    "recipients", "location", "topics", "evidence", "detail",
)


def _insert_sql(table: str, cols: tuple[str, ...], mark: str, *, ignore: bool = False) -> str:
    quoted = ", ".join(f'"{c}"' for c in cols)
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join([mark] * len(cols))})'
    return sql + " ON CONFLICT DO NOTHING" if ignore else sql


@functools.cache
def _statements(dialect: str) -> dict[str, str]:
    """The writer's SQL for a back end, as DB-API statements (``executemany`` over a batch)."""
    m = "%s" if dialect == "postgresql" else "?"
    return {
        "has": f"SELECT 1 FROM articles WHERE id = {m}",
        "max_seq": "SELECT max(seq) FROM articles",
        "dup": f"SELECT id FROM articles WHERE body_hash = {m} AND duplicate_of IS NULL ORDER BY seq LIMIT 1",
        "article": _insert_sql("articles", _ARTICLE_COLS, m),
        "raw": _insert_sql("raw_inputs", ("article_id", "raw", "encoding"), m),
        "source": _insert_sql("article_sources", ("article_id", "uri"), m, ignore=True),
        "mention": _insert_sql("mentions", _MENTION_COLS, m),
        "entity": _insert_sql("entities", _ENTITY_COLS, m, ignore=True),
        "event": _insert_sql("event_mentions", _EVENT_COLS, m),
        "del_mentions": f"DELETE FROM mentions WHERE article_id = {m}",
        "del_events": f"DELETE FROM event_mentions WHERE article_id = {m}",
    }


class Batch:
    """A unit of work committed atomically: either every article of the batch is stored, or none.

    Runs commit every few hundred articles; a run killed between commits loses only the open
    batch, which the next run redoes (every write is keyed by content, so nothing is doubled).

    Writes are kept in memory until :meth:`commit` (or the end of the ``with`` block) and then
    sent as one ``executemany`` per table, through statements built once per back end: a
    per-article ``INSERT`` built by SQLAlchemy cost ~10× what SQLite spends executing it. Each
    entity is written once per run, JSON values are serialised once, and text is stripped of
    NULs on PostgreSQL (as :class:`haberdar.store.sql.PgText` does). Reads made through the
    batch (:meth:`has_article`, the exact-duplicate lookup) see the writes still in memory.

    With ``background``, :meth:`commit` hands the pending writes to a thread that sends and
    commits them on the batch's connection while the caller fills the next batch (at most one
    commit in flight); reads go through a second connection, which sees what is committed, and
    the batch's memory covers what is not yet. The store ends up the same either way.
    """

    def __init__(self, store: Store, *, background: bool = False) -> None:
        self.store = store
        self.conn = store.engine.connect()
        self.trans = self.conn.begin()
        self._background = background
        self._read = store.engine.connect() if background else self.conn
        self._flusher: threading.Thread | None = None
        self._flush_error: BaseException | None = None
        # written by the flusher, not yet committed (background only)
        self._sending_ids: frozenset[str] = frozenset()
        self._sending_by_hash: dict[str, str] = {}
        self._next_seq: int | None = None
        self._pg = self.conn.dialect.name == "postgresql"
        self._sql = _statements(self.conn.dialect.name)
        self._entity_ids: set[str] = set()  # written (or pending) in this batch's lifetime
        self._reset()

    def _reset(self) -> None:
        self._rows: dict[str, list[tuple]] = {k: [] for k in ("article", "raw", "source", "mention", "entity", "event")}
        self._search: list[tuple[int, str | None, str | None, str | None]] = []
        self._new: set[str] = set()  # ids of the pending articles
        self._analysed: set[str] = set()  # pending articles whose analysis is pending too
        self._first_by_hash: dict[str, str] = {}  # body hash → first pending non-duplicate article

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        try:
            if exc_type is None:
                self._wait()
                self.flush()
                self.trans.commit()
            else:
                self._wait(raise_error=False)
                self.trans.rollback()
        finally:
            self.conn.close()
            if self._read is not self.conn:
                self._read.close()

    def _wait(self, *, raise_error: bool = True) -> None:
        """Wait for the commit in flight (background) and re-raise what it failed with."""
        if self._flusher is not None:
            self._flusher.join()
            self._flusher = None
            self._sending_ids, self._sending_by_hash = frozenset(), {}
        if self._flush_error is not None and raise_error:
            err, self._flush_error = self._flush_error, None
            raise err

    def _send(self, rows: dict[str, list[tuple]], search_rows: list[tuple[int, str | None, str | None, str | None]]) -> None:
        run = self.conn.exec_driver_sql
        for key in ("article", "raw", "source", "mention", "entity", "event"):
            if rows[key]:
                run(self._sql[key], rows[key])
        if search_rows:
            search.index(self.conn, search_rows)

    def _text(self, value: str | None) -> str | None:
        return strip_nul(value) if self._pg else value

    def flush(self) -> None:
        """Send the pending writes (one statement per table) in the open transaction."""
        self._wait()
        self._send(self._rows, self._search)
        self._reset()

    def commit(self) -> None:
        """Commit what is pending and open a new transaction (background: hand it to the
        flusher thread once the previous commit is done)."""
        if not self._background:
            self.flush()
            self.trans.commit()
            self.trans = self.conn.begin()
            return
        self._wait()
        rows, search_rows = self._rows, self._search
        self._sending_ids, self._sending_by_hash = frozenset(self._new), self._first_by_hash
        self._reset()

        def send() -> None:
            try:
                self._send(rows, search_rows)
                self.trans.commit()
                self.trans = self.conn.begin()
            except BaseException as exc:  # noqa: BLE001 - re-raised by the caller's next call
                self._flush_error = exc

        self._flusher = threading.Thread(target=send, name="haberdar-store-writer", daemon=True)
        self._flusher.start()

    def has_article(self, article_id: str) -> bool:
        if article_id in self._new or article_id in self._sending_ids:
            return True
        return self._read.exec_driver_sql(self._sql["has"], (article_id,)).first() is not None

    def add_source(self, article_id: str, uri: str) -> None:
        self._rows["source"].append((article_id, self._text(uri)))

    def add_article(self, article: Article, raw: bytes, encoding: str | None) -> bool:
        """Store an article; False if it was already there (same content hash)."""
        if self.has_article(article.id):
            self.add_source(article.id, article.uri)
            return False
        if self._next_seq is None:
            self._next_seq = (self._read.exec_driver_sql(self._sql["max_seq"]).scalar() or 0) + 1
        body_hash = article.body_hash
        # the earliest first: what is committed, then what is being committed, then pending
        sending = self._sending_by_hash.get(body_hash)
        dup = self._read.exec_driver_sql(self._sql["dup"], (body_hash,)).scalar()
        if dup is None:
            dup = sending or self._sending_by_hash.get(body_hash) or self._first_by_hash.get(body_hash)
        flags = list(article.flags)
        if dup is not None and article.body.strip():
            flags.append({"kind": "duplicate", "detail": f"same normalised body as article {dup}"})
        else:
            dup = None
            self._first_by_hash.setdefault(body_hash, article.id)
        t = self._text
        seq = self._next_seq
        self._rows["article"].append(
            (
                article.id, seq, t(article.uri), article.format, t(article.site), t(article.origin), t(article.title),
                t(article.lead), t(article.body), body_hash, article.published.value, article.published.precision,
                t(article.published.source), article.language, dup,
                _dumps([{"line": r.line_no, "text": r.text, "reason": r.reason} for r in article.removed]),
                _dumps(flags), _dumps(article.meta),
            )
        )
        self._search.append((seq, article.title, article.lead, article.body))
        self._next_seq += 1
        self._rows["raw"].append((article.id, raw, encoding))
        self._new.add(article.id)
        self.add_source(article.id, article.uri)
        return True

    def add_analysis(self, article_id: str, analysis: Analysis) -> None:
        """Store the mentions, entities and event mentions of one article (replacing earlier ones)."""
        if article_id not in self._new or article_id in self._analysed:
            # an article stored before (or analysed twice): its earlier rows go first
            self.flush()
            self.conn.exec_driver_sql(self._sql["del_mentions"], (article_id,))
            self.conn.exec_driver_sql(self._sql["del_events"], (article_id,))
        else:
            self._analysed.add(article_id)
        t = self._text
        seen: set[tuple[int, int, str]] = set()
        rows = self._rows["mention"]
        for m in analysis.mentions:
            key = (m.start, m.end, m.label)
            if key in seen:
                continue
            seen.add(key)
            rows.append((article_id, m.start, m.end, m.label, t(m.surface), t(m.canonical), m.entity_id))
        ents = self._rows["entity"]
        for e in analysis.entities:
            if e.id in self._entity_ids:
                continue
            self._entity_ids.add(e.id)
            ents.append((e.id, t(e.name), e.type, _dumps(e.aliases), e.qid, _dumps(e.roles), e.source))
        evs = self._rows["event"]
        for idx, ev in enumerate(analysis.events):
            evs.append(
                (
                    content_hash(f"{article_id}:{idx}:{ev.get('event_type')}".encode()),
                    article_id, idx, ev["event_type"], ev.get("mode"), ev.get("status") or "occurred", ev.get("date"),
                    ev.get("date_precision") or "unknown", _dumps(ev.get("actors", [])), _dumps(ev.get("recipients", [])),
                    _dumps(ev.get("location")), _dumps(ev.get("topics", [])), _dumps(ev.get("evidence", [])),
                    _dumps(ev.get("detail", {})),
                )
            )

    def add_quarantine(self, item: Quarantined) -> bool:
        """Record a bad input; False if this exact (uri, reason) was recorded before."""
        self._wait()  # (rare) the connection is the flusher's while a commit is in flight
        res = self.conn.execute(
            insert_for(self.conn, quarantine)
            .values(id=item.id, uri=item.uri, reason=item.reason, raw=item.raw[:QUARANTINE_RAW_BYTES])
            .on_conflict_do_nothing()
        )
        return bool(res.rowcount)


def _dumps(value: Any) -> str:
    """A value as the store's JSON columns hold it (``json.dumps``, as SQLAlchemy's JSON type
    writes it); what is not JSON (a date) is written as its ``str``."""
    return json.dumps(value, default=str)


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
