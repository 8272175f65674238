"""What the SQLite and PostgreSQL back ends need to share one SQLAlchemy Core layer.

* :func:`insert_for` — the dialect's ``INSERT`` with ``ON CONFLICT`` support (SQLite and
  PostgreSQL both have ``on_conflict_do_nothing`` / ``on_conflict_do_update``).
* :func:`make_portable` — column types and DDL that behave the same on both:

  - text columns are ``COLLATE "C"`` on PostgreSQL, so ``ORDER BY`` on ids, names and dates
    gives SQLite's binary (code point) order whatever the database's locale is, and NUL
    characters (which PostgreSQL's ``text`` rejects) are dropped on the way in;
  - JSON columns are stored as text on PostgreSQL too (serialised as SQLite's JSON type does),
    so what is read back is what SQLite gives;
  - every store table gets an indexed ``rowid`` column on PostgreSQL (``BIGSERIAL``): the code orders by
    insertion (``corpus_flags.rowid``) and watches ``max(rowid)`` as SQLite lets it; the column
    is not in the SQLAlchemy table, so ``select(table)`` reads the same columns on both.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import DDL, JSON, Connection, Dialect, Engine, MetaData, String, Table, Text, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["StoreError", "dialect_name", "drop_pg_database", "insert_for", "make_portable", "strip_nul"]


def dialect_name(conn_or_dialect: Connection | Engine | Dialect | str) -> str:
    if isinstance(conn_or_dialect, str):
        return conn_or_dialect
    if isinstance(conn_or_dialect, (Connection, Engine)):
        return conn_or_dialect.dialect.name
    return conn_or_dialect.name


def insert_for(conn_or_dialect: Connection | Engine | Dialect | str, table: Table) -> Any:
    """``INSERT INTO table`` of the back end of ``conn_or_dialect``, with ``on_conflict_do_nothing``
    and ``on_conflict_do_update``."""
    name = dialect_name(conn_or_dialect)
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    raise ValueError(f"haberdar stores are SQLite or PostgreSQL, not {name!r}")


def strip_nul(value: str | None) -> str | None:
    """PostgreSQL text cannot hold U+0000: it is dropped (SQLite keeps it)."""
    if value is not None and "\x00" in value:
        return value.replace("\x00", "")
    return value


class PgText(TypeDecorator[str]):
    """Text on PostgreSQL: binary collation, NULs dropped."""

    impl = Text
    cache_ok = True

    def __init__(self, length: int | None = None) -> None:
        super().__init__()
        self.length = length
        self.impl = String(length, collation="C") if length else Text(collation="C")  # type: ignore[assignment]

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return self.impl  # type: ignore[return-value]

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return strip_nul(value) if isinstance(value, str) else value


class JSONText(TypeDecorator[Any]):
    """JSON kept as text on PostgreSQL, written and read as SQLite's JSON type does."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return json.dumps(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


def _portable_type(t: TypeEngine[Any]) -> TypeEngine[Any] | None:
    if getattr(t, "_variant_mapping", None):
        return None  # done already
    if isinstance(t, JSON):
        return t.with_variant(JSONText(), "postgresql")
    if isinstance(t, String):  # Text included
        return t.with_variant(PgText(t.length), "postgresql")
    return None


def make_portable(metadata: MetaData, *, rowid: bool = True) -> None:
    """Give every table of ``metadata`` its PostgreSQL types (and ``rowid`` column); idempotent."""
    for table in metadata.tables.values():
        for col in table.columns:
            new = _portable_type(col.type)
            if new is not None:
                col.type = new
        if rowid and not table.info.get("haberdar_rowid"):
            table.info["haberdar_rowid"] = True
            for ddl in (
                f'ALTER TABLE "{table.name}" ADD COLUMN IF NOT EXISTS rowid BIGSERIAL',
                f'CREATE INDEX IF NOT EXISTS "ix_{table.name}_rowid" ON "{table.name}" (rowid)',
            ):
                event.listen(table, "after_create", DDL(ddl).execute_if(dialect="postgresql"))


class StoreError(Exception):
    """The store cannot be opened or written (bad URL, server down, driver missing, busy, too new):
    the message says what to do."""


def drop_pg_database(admin: Engine, name: str, *, attempts: int = 4) -> None:
    """``DROP DATABASE IF EXISTS name`` on PostgreSQL, for a role that is not a superuser.

    ``DROP DATABASE … WITH (FORCE)`` refuses, for a role outside ``pg_signal_backend``, to end a
    backend it does not own, and an autovacuum worker visiting the database right after a bulk
    load is such a backend (``must be a member of the role whose process is being terminated``).
    A plain ``DROP DATABASE`` asks autovacuum workers to leave and waits for them (up to 5 s);
    what else is still connected can only be the caller's own sessions, which any role may end
    with ``pg_terminate_backend``. ``admin`` must be an ``AUTOCOMMIT`` engine on another database.
    """
    import time

    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    quoted = '"' + name.replace('"', '""') + '"'
    for attempt in range(attempts):
        with admin.connect() as conn:
            try:
                conn.execute(text(f"DROP DATABASE IF EXISTS {quoted}"))
                return
            except OperationalError as exc:  # 55006 object_in_use: someone is still connected
                if getattr(exc.orig, "sqlstate", None) != "55006" or attempt == attempts - 1:
                    raise
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                    " AND usename = current_user"
                ),
                {"name": name},
            )
        time.sleep(0.5 * (attempt + 1))
