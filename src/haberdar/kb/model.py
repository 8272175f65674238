"""Records of the knowledge base: entities and the roles they held over time.

Plain dataclasses, like the rest of haberdar's records, so that a loaded knowledge base pickles
cheaply to worker processes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

EntityType = Literal["PER", "ORG", "LOC"]
ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC")

# Date precisions, finest first (same words as records.PRECISIONS).
DatePrecision = Literal["day", "month", "year"]


@dataclass(slots=True)
class Entity:
    """A person, organisation or place, under one id however the sources spell it.

    ``id`` is the Wikidata QID where one is known, else ``kb:<slug>`` for curated entries;
    ``qid`` is kept separately because an entity first known by name may learn its QID later.
    """

    id: str
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    qid: str | None = None
    country: str | None = None
    part_of: str | None = None
    sources: list[str] = field(default_factory=list)
    died: date | None = None  # a person's date of death (Wikidata P570): no office after it
    curated: bool = False  # from a curated file (an actor the news names), not only a bulk table


@dataclass(slots=True)
class Role:
    """An office held by an entity between two dates (either may be unknown).

    ``title`` is the Turkish title as written before a name, without the state and with the body
    when the body is not the state: ("MİT Başkanı", organisation "MİT", country "Türkiye"),
    ("Başbakan", country "Katar"). ``aliases`` keeps other labels of the office, such as the
    English Wikidata label it was imported from. ``start``/``end`` are inclusive; their precision
    says how much of them the source knew ("2024-10" is stored as 2024-10-01 … with "month").
    """

    entity_id: str
    title: str
    organisation: str | None = None
    start: date | None = None
    end: date | None = None
    source: str = ""
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    position_qid: str | None = None
    start_precision: DatePrecision = "day"
    end_precision: DatePrecision = "day"
    # for an open end taken from a dated snapshot (a Wikidata table), the last day the source
    # knew of: "no end" then means "still held when the table was made", not "held for ever"
    known_until: date | None = None

    def active_on(self, on: date) -> bool:
        """Whether the role was held on ``on`` (open ends count as held, up to what their
        source knew: after a snapshot's last day the KB does not know who held it)."""
        if self.start is not None and on < self.start:
            return False
        if self.end is not None:
            return on <= self.end
        return self.known_until is None or on <= self.known_until


_PARTIAL_DATE_RE = re.compile(r"^[+]?(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")


def parse_partial_date(value: object, *, end: bool = False) -> tuple[date | None, DatePrecision]:
    """Parse "2024-10-16", "2024-10", "2024", a ``date`` or a Wikidata time ("+2024-10-16T00:00:00Z").

    Sources know dates to different precisions; an imprecise start is stored as the first day of
    its period and an imprecise end (``end=True``) as the last, so that ``active_on`` stays
    inclusive without claiming more than the source said. Empty values give ``(None, "day")``.
    Wikidata writes unknown months and days as ``00``; those count as missing.
    """
    if value is None or value == "":
        return None, "day"
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = str(value).strip()
    m = _PARTIAL_DATE_RE.match(text)
    if not m:
        raise ValueError(f"not a date: {value!r}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else 0
    day = int(m.group(3)) if m.group(3) else 0
    if month == 0:
        return (date(year, 12, 31) if end else date(year, 1, 1)), "year"
    if day == 0:
        last = calendar.monthrange(year, month)[1]
        return (date(year, month, last) if end else date(year, month, 1)), "month"
    return date(year, month, day), "day"
