"""Response shapes of the HTTP API, for the OpenAPI document (responses are built as dicts).

Event records are those of ``haberdar export events`` (DESIGN.md); extra keys are allowed
everywhere, as the contract says ("add freely").
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    detail: str = Field(description="What was wrong, for a person to read.")


class Person(_Open):
    name: str | None = None
    entity_id: str | None = None
    title: str | None = None


class Location(_Open):
    name: str | None = None
    country: str | None = None


class ArticleRef(_Open):
    id: str
    uri: str
    site: str | None = None
    origin: str | None = None


class Evidence(_Open):
    article: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


class Flag(_Open):
    kind: str
    detail: str


class FlagWithEvidence(Flag):
    evidence: list[dict[str, Any]] = Field(description="The sentences behind the flag.")


class PossiblySame(_Open):
    event: str
    score: float
    reason: str


class Event(_Open):
    id: str
    event_type: str
    mode: str | None
    status: str
    date: str | None
    date_precision: str
    actors: list[Person]
    recipients: list[Person]
    location: Location | None
    topics: list[str]
    articles: list[ArticleRef]
    independent_sources: int
    evidence: list[Evidence]
    flags: list[Flag]
    mentions: list[str] = []
    possibly_same: list[PossiblySame] = []


class EventDetail(Event):
    flag_evidence: list[FlagWithEvidence] = Field(description="Each flag with the sentences behind it.")


class _Page(_Open):
    total: int = Field(description="Items matching the filters, over all pages.")
    next: str | None = Field(description="URL of the next page, or null on the last page.")
    limit: int
    offset: int


class EventPage(_Page):
    items: list[Event]


class ArticleSummary(_Open):
    id: str
    uri: str
    site: str | None
    origin: str | None
    title: str | None
    published_at: str | None
    date_precision: str
    duplicate_of: str | None
    flags: list[dict[str, Any]]
    snippet: str


class ArticlePage(_Page):
    items: list[ArticleSummary]


class RemovedLine(_Open):
    line: int
    text: str
    reason: str


class ArticleDetail(_Open):
    id: str
    uri: str
    site: str | None
    origin: str | None
    title: str | None
    published_at: str | None
    date_precision: str
    body: str
    duplicate_of: str | None
    flags: list[dict[str, Any]]
    removed: list[RemovedLine]
    sources: list[str]
    corpus_flags: list[dict[str, Any]]
    near_duplicates: dict[str, Any] | None = None  # the article's near-duplicate cluster
    mentions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    raw_text: str | None
    raw_truncated: bool


class EntitySummary(_Open):
    id: str
    name: str
    type: str
    aliases: list[Any]
    qid: str | None
    roles: list[Any]
    mentions: int
    source: str | None


class EntityPage(_Page):
    items: list[EntitySummary]


class EntityDetail(_Open):
    id: str
    name: str
    type: str
    aliases: list[Any]
    qid: str | None
    roles: list[dict[str, Any]]
    titles_in_articles: list[dict[str, Any]]
    mentions: int
    articles_total: int
    written_as: list[dict[str, Any]]
    events_total: int
    events: list[Event]
    recent_articles: list[dict[str, Any]]


class SearchHit(ArticleSummary):
    score: float
    highlights: list[list[int]] = Field(description="[start, end] of matching words in the snippet.")


class SearchPage(_Page):
    items: list[SearchHit]
    entities: list[dict[str, Any]]
    query: str


class Stats(_Open):
    articles: int
    events: int
    events_dated: int
    entities: int
    quarantined: int
    article_flags: dict[str, int]
    events_by_month: list[dict[str, Any]]
    places: list[dict[str, Any]]


class IngestResult(_Open):
    read: int
    stored: int
    duplicates: int
    quarantined: int
    quarantine_reasons: dict[str, int]
    articles: list[dict[str, Any]] = Field(description="Articles stored by this request (id, title, url).")
    already_stored: list[str] = Field(description="Ids of inputs that were already in the store.")
    uploaded_as: str = Field(description="Where the upload was kept: the uri of its articles.")
