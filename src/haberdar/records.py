"""Typed records that pass between the stages of the flow.

ingest  ─► RawDocument | Quarantined
clean   ─► Article (clean body, title, lead, date with precision, origin, removed lines)
store   ─► rows keyed by Article.id

Records are plain dataclasses so that per-article work stays a pure function of its input and
the loaded resources, and so that records pickle cheaply between worker processes.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Date precisions, from finest to coarsest.
PRECISIONS = ("minute", "day", "month", "year", "unknown")


def content_hash(data: bytes) -> str:
    """Stable id of a piece of content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(slots=True)
class RawDocument:
    """One article as a reader found it, before any cleaning.

    ``raw`` is the exact input (the file's bytes, the JSONL line, the WARC payload) and is kept
    in the store. ``text`` is the decoded plain text the cleaner starts from; for HTML it is what
    trafilatura extracted. ``meta`` carries what the container said about the article (title,
    published date string, site, author, url) — hints the cleaner weighs against the text.
    """

    uri: str
    raw: bytes
    format: str  # "txt", "html", "jsonl", "rss", "warc"
    text: str
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_hash(self.raw)


@dataclass(slots=True)
class Quarantined:
    """An input that could not become an article, with a reason a person can act on."""

    uri: str
    reason: str
    raw: bytes = b""

    @property
    def id(self) -> str:
        return content_hash(self.uri.encode("utf-8") + b"\0" + self.reason.encode("utf-8"))


@dataclass(slots=True)
class RemovedLine:
    """A line the cleaner dropped from the text, and why."""

    line_no: int
    text: str
    reason: str


@dataclass(slots=True)
class PublishedDate:
    """A publication date: ISO value, its precision and how it was found."""

    value: str | None = None  # "2025-06-30T00:22" | "2025-06-30" | "2025-06" | None
    precision: str = "unknown"  # one of PRECISIONS
    source: str | None = None  # e.g. "text:giris-tarihi", "meta:jsonl.date", "htmldate"


@dataclass(slots=True)
class Article:
    id: str
    uri: str
    format: str
    site: str | None
    origin: str | None
    title: str | None
    lead: str | None
    body: str
    published: PublishedDate = field(default_factory=PublishedDate)
    language: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def body_hash(self) -> str:
        """Hash of the normalised body, for exact-duplicate detection across inputs."""
        from haberdar.text import normalize_for_hash

        return content_hash(normalize_for_hash(self.body).encode("utf-8"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Mention:
    """A named-entity or role mention: a span of the clean body and what it refers to."""

    start: int
    end: int
    label: str  # PER, LOC, ORG, TITLE
    surface: str  # as written, without the case suffix
    canonical: str  # canonical name of the entity
    entity_id: str | None = None


@dataclass(slots=True)
class EntityRef:
    """An entity as the analysis knows it: from the knowledge base or first seen in the text."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    qid: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)
    source: str = "text"


@dataclass(slots=True)
class Analysis:
    """What the analyse stage adds to an article: mentions, entities and event mentions."""

    mentions: list[Mention] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # export-shaped event mentions
