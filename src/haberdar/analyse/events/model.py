"""Event mention records: what one article says happened, before corpus-level clustering.

A mention is per article (offsets point into the text handed to the extractor); the corpus
stages later merge mentions of one real-world event across articles. ``to_dict`` writes the
fields of the ``haberdar export events`` contract (DESIGN.md) that a single article can fill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Participant:
    """A party to an event: a person, organisation, place (a state acting) or group.

    ``name`` is the canonical surface with the case suffix stripped ("Kalın'ın" → "Kalın", or the
    fullest form the article gives, "İbrahim Kalın"); ``title`` the role written before it
    ("MİT Başkanı"); a title-only party ("Adalet Bakanı") has the title as its name too.
    ``start``/``end`` is the span of the mention that supplied it.
    """

    name: str
    title: str | None = None
    organisation: str | None = None
    kind: str = "PER"  # PER | ORG | LOC | GROUP
    start: int = -1
    end: int = -1
    surface: str = ""  # the words of the text it stands for, when ``name`` is a canonical form

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title}


@dataclass(slots=True)
class Place:
    """Where an event took place, as written (suffix stripped), with its country when known."""

    name: str
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country}


@dataclass(slots=True)
class Evidence:
    """The sentence that states the event: ``text[start:end]`` of the text given.

    ``source`` says which text: "body" (offsets into the ``text`` argument) or "title" (offsets
    into the ``title`` argument), because a headline may be the only place an event is stated.
    """

    start: int
    end: int
    text: str
    source: str = "body"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class EventMention:
    """One event as one article reports it (PLOVER type, mode, status, parties, place, time).

    ``date_source`` records how ``date`` was found: "text" (an expression in the sentence,
    ``date_text``), "published" (no expression; an occurred event takes the publication day, as a
    news report is about the day it was written) or None (no date).
    """

    event_type: str
    mode: str | None
    status: str  # occurred | planned
    actors: list[Participant]
    recipients: list[Participant]
    location: Place | None
    date: str | None
    date_precision: str  # day | month | year | unknown
    date_text: str | None
    topics: list[str]
    evidence: Evidence
    trigger: str
    confidence: float
    symmetric: bool = False
    mediator: Participant | None = None
    date_source: str | None = None
    extra_evidence: list[Evidence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # ids of the rules the event rests on

    def participants(self) -> list[Participant]:
        return [*self.actors, *self.recipients]

    def to_dict(self) -> dict[str, Any]:
        """The export contract's per-article fields (DESIGN.md, ``haberdar export events``)."""
        return {
            "event_type": self.event_type,
            "mode": self.mode,
            "status": self.status,
            "date": self.date,
            "date_precision": self.date_precision,
            "actors": [p.to_dict() for p in self.actors],
            "recipients": [p.to_dict() for p in self.recipients],
            "location": self.location.to_dict() if self.location else None,
            "topics": list(self.topics),
            # every sentence of the article that reports it: the one the record rests on first,
            # then those merged into it (headline, lead, "görüşmede …")
            "evidence": [self.evidence.to_dict(), *(e.to_dict() for e in self.extra_evidence)],
            **({"rules": list(self.rules)} if self.rules else {}),
        }
