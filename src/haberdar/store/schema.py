"""Tables of the store, in SQLAlchemy Core so that SQLite and PostgreSQL share them (the
PostgreSQL types and the ``rowid`` column come from :func:`haberdar.store.sql.make_portable`;
changes to the schema are steps of :mod:`haberdar.store.migrations`).

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

from haberdar.store.sql import make_portable

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

# --- analysis (issue 3/4): entity mentions, canonical entities, per-article event mentions ---

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("start", Integer, primary_key=True),  # character offsets in the clean body
    Column("end", Integer, primary_key=True),
    Column("label", String(8), primary_key=True),  # PER, LOC, ORG, TITLE
    Column("surface", Text, nullable=False),
    Column("canonical", Text, nullable=False),  # suffix split off: "Kalın'ın" → "Kalın"
    Column("entity_id", String(64)),
)
Index("ix_mentions_entity", mentions.c.entity_id)

entities = Table(
    "entities",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("qid", String(32)),
    Column("roles", JSON, nullable=False),
    Column("source", String(16), nullable=False),  # "kb" or "text"
)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False),
    Column("idx", Integer, nullable=False),  # order within the article
    Column("event_type", String(16), nullable=False),
    Column("mode", String(16)),
    Column("status", String(16), nullable=False),
    Column("date", String(32)),
    Column("date_precision", String(16), nullable=False),
    Column("actors", JSON, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("location", JSON),
    Column("topics", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("detail", JSON, nullable=False),  # trigger, confidence, date text
)
Index("ix_event_mentions_article", event_mentions.c.article_id)
Index("ix_event_mentions_date", event_mentions.c.date)

make_portable(metadata)
