"""Schema migrations of the store, for SQLite and PostgreSQL alike.

The version of a store is the highest row of its ``schema_version`` table (one row per step
applied, with when). A store written before this table existed has the tables of version 1
and is taken to be at version 1. Steps run in order, each in the transaction that records it;
on PostgreSQL a transaction-level advisory lock keeps two processes from migrating at once.

``open_store`` brings an older store up to date (:func:`upgrade`) and refuses one that is
newer than this code (:class:`StoreTooNew`); ``haberdar db status`` and ``haberdar db migrate``
show and apply the steps.

Steps:

1. the tables of the store and of the corpus stages (the schema before migrations existed);
2. the full-text search index: FTS5 on SQLite, ``tsvector`` columns with GIN indexes on
   PostgreSQL (see :mod:`haberdar.store.search`), filled from the stored articles;
3. near-duplicates as clusters: ``near_duplicates`` holds one row per member of a cluster
   (its representative, score, kind) instead of one per pair and direction, and each member one
   ``near_duplicate`` flag (:func:`haberdar.corpus.pairs_to_clusters` converts the pairs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    Table,
    Text,
    func,
    inspect,
    select,
    text,
)

from haberdar.store import schema, search
from haberdar.store.sql import StoreError, insert_for

__all__ = ["CODE_VERSION", "STEPS", "Step", "StoreTooNew", "current_version", "pending", "upgrade"]

# Advisory lock key of migrations (PostgreSQL): any 64-bit number unique to haberdar.
MIGRATE_LOCK_KEY = 0x68616265_72640001

version_metadata = MetaData()
schema_version = Table(
    "schema_version",
    version_metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

# The tables of version 1 (later versions add theirs in their own step).
V1_TABLES = (
    "info",
    "articles",
    "raw_inputs",
    "article_sources",
    "quarantine",
    "mentions",
    "entities",
    "event_mentions",
    "corpus_signatures",
    "near_duplicates",
    "origin_groups",
    "event_links",
    "event_blocks",
    "possible_links",
    "title_claims",
    "corpus_flags",
    "corpus_seen",
)


class StoreTooNew(StoreError):
    """The store was written by a newer haberdar."""


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _v1_tables(conn: Connection) -> None:
    import haberdar.corpus.tables  # noqa: F401 - registers the corpus-stage tables on the schema

    schema.metadata.create_all(conn, tables=[schema.metadata.tables[n] for n in V1_TABLES])


def _v2_search(conn: Connection) -> None:
    search.index_missing(conn)


def _v3_near_clusters(conn: Connection) -> None:
    from haberdar.corpus import pairs_to_clusters

    pairs_to_clusters(conn)


STEPS: tuple[Step, ...] = (
    Step(1, "tables of the store and the corpus stages", _v1_tables),
    Step(2, "full-text search index (SQLite FTS5; PostgreSQL tsvector + GIN), filled from the articles", _v2_search),
    Step(3, "near-duplicates as clusters (one row and one flag per article, not per pair)", _v3_near_clusters),
)
CODE_VERSION = STEPS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version of the store (0: empty)."""
    names = set(inspect(conn).get_table_names())
    if "schema_version" in names:
        v = conn.execute(select(func.max(schema_version.c.version))).scalar()
        if v is not None:
            return int(v)
    return 1 if "articles" in names else 0


def pending(conn: Connection) -> list[Step]:
    """The steps this store lacks."""
    v = current_version(conn)
    return [s for s in STEPS if s.version > v]


def check_not_newer(version: int, where: str) -> None:
    if version > CODE_VERSION:
        raise StoreTooNew(
            f"the store {where} has schema version {version}, newer than this haberdar knows "
            f"(up to {CODE_VERSION}): it was written by a newer release. Upgrade haberdar "
            "(pip install -U haberdar) to use it; this version will not touch it."
        )


def upgrade(engine: Engine, *, target: int | None = None, where: str = "") -> list[Step]:
    """Apply the missing steps up to ``target`` (default: all); returns the steps applied."""
    target = CODE_VERSION if target is None else target
    applied: list[Step] = []
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK_KEY})
        v = current_version(conn)
        check_not_newer(v, where)
        if v >= target:
            return []
        version_metadata.create_all(conn)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if v and conn.execute(select(func.count()).select_from(schema_version)).scalar() == 0:
            # a store from before migrations: its tables are version 1
            conn.execute(schema_version.insert().values(version=v, name=STEPS[v - 1].name + " (found)", applied_at=now))
        for step in STEPS:
            if v < step.version <= target:
                step.apply(conn)
                conn.execute(schema_version.insert().values(version=step.version, name=step.name, applied_at=now))
                applied.append(step)
        conn.execute(
            insert_for(conn, schema.info)
            .values(key="schema_version", value=str(max(v, target)))
            .on_conflict_do_update(index_elements=["key"], set_={"value": str(max(v, target))})
        )
    return applied


def history(conn: Connection) -> list[dict[str, object]]:
    """The rows of ``schema_version`` (empty for a store from before migrations)."""
    if "schema_version" not in set(inspect(conn).get_table_names()):
        return []
    return [dict(r) for r in conn.execute(select(schema_version).order_by(schema_version.c.version)).mappings()]
