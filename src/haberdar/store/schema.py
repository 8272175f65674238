"""Tables of the store, in SQLAlchemy Core so that SQLite and (later) PostgreSQL share them.

Keys are content hashes, so writing the same thing twice is a no-op and a run that was killed
half-way ends, when re-run, in the same state as a run that was never interrupted.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

info = Table(
    "info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),  # hash of the raw input
    Column("seq", Integer, nullable=False),  # insertion order, for stable listings
    Column("uri", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("site", Text),
    Column("origin", Text),
    Column("title", Text),
    Column("lead", Text),
    Column("body", Text, nullable=False),
    Column("body_hash", String(16), nullable=False),
    Column("published_at", String(32)),
    Column("date_precision", String(16), nullable=False),
    Column("date_source", Text),
    Column("language", String(8)),
    Column("duplicate_of", String(16)),
    Column("removed", JSON, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("meta", JSON, nullable=False),
)
Index("ix_articles_body_hash", articles.c.body_hash)
Index("ix_articles_published", articles.c.published_at)
Index("ix_articles_seq", articles.c.seq)

# The exact input each article was read from; kept so that any result can be re-derived.
raw_inputs = Table(
    "raw_inputs",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("encoding", String(32)),
    Column("raw", LargeBinary, nullable=False),
)

# Every place an article was read from: the same bytes found under two paths are one article
# with two sources, so re-ingesting loses nothing and adds nothing.
article_sources = Table(
    "article_sources",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("uri", Text, primary_key=True),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", String(16), primary_key=True),  # hash of uri + reason
    Column("uri", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", LargeBinary),  # the first bytes of the input, for inspection
)
