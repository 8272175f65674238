"""When did it happen: resolving a sentence's time expressions against the publication date.

News dates events relative to the day it is written ("dün", "yarın", "Cuma günü"), so the
resolution needs the article's publication date; without one a relative expression stays
unresolved (date None, precision "unknown", the phrase kept in ``date_text``) — the current date
is never used, because a re-ingested archive would then date 2014 events to today.

Rules (vocabulary in ``data/when_tr.yaml``; month and weekday names in ``data/dates_tr.yaml``,
read through :func:`haberdar.clean.dates.load_date_lexicon`):

- "dün" −1, "önceki gün"/"evvelsi gün" −2, "bugün"/"bu akşam"/"bu sabah" 0, "yarın" +1;
- "geçen Salı" → the last Tuesday before publication; "önümüzdeki Salı" → the next one;
- a bare weekday ("Cuma günü") → the nearest such day in the direction of the tense: on or
  before the publication day for an event that occurred, after it for a planned one;
- "13 Eylül'de", "13 Eylül 2024'te", "16-18 Eylül" (first day), "13.09.2024" → that day (the
  publication year when none is written, or the year before for an event that occurred when
  the publication year would put it more than a week after publication);
- "Eylül ayında", "Ocak ayının sonlarında" → month precision;
- "geçtiğimiz günlerde", "geçen hafta" … → imprecise: date None, precision "unknown", phrase kept
  (week precision is not in the export contract; a guessed day would be false precision);
- "saat 16.30'da" alone, for a planned event → the publication day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from haberdar.analyse.tokens import Token
from haberdar.clean.dates import default_lexicon, fold
from haberdar.records import PublishedDate
from haberdar.resources import load_yaml
from haberdar.text import tr_lower

__all__ = ["When", "WhenLexicon", "resolve_when", "published_day"]


@dataclass(slots=True)
class When:
    """A resolved time: ISO date ("2024-09-13" or "2024-09"), precision, the phrase, its source."""

    date: str | None = None
    precision: str = "unknown"
    text: str | None = None
    source: str | None = None  # "text" | "published" | None


@dataclass(frozen=True)
class WhenLexicon:
    relative: tuple[tuple[tuple[str, ...], int], ...]
    imprecise: tuple[tuple[str, ...], ...]
    last_words: frozenset[str]
    next_words: frozenset[str]
    month_words: frozenset[str]
    clock_words: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    # words after a weekday that keep it a date ("Cuma günü", "Salı akşamı")
    day_part_words: frozenset[str] = frozenset()
    # the phrases above by their first word (longest first), so a word is tried only against
    # the phrases it can start
    relative_by_first: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = field(default_factory=dict)
    imprecise_by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rel: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for phrase, delta in self.relative:
            rel.setdefault(phrase[0], []).append((phrase, delta))
        imp: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.imprecise:
            imp.setdefault(phrase[0], []).append(phrase)
        object.__setattr__(self, "relative_by_first", {k: tuple(v) for k, v in rel.items()})
        object.__setattr__(self, "imprecise_by_first", {k: tuple(v) for k, v in imp.items()})


@lru_cache(maxsize=1)
def default_when_lexicon() -> WhenLexicon:
    data = load_yaml("when_tr.yaml")
    dl = default_lexicon()
    # dates_tr.yaml lists the seven full names first (Monday first), then abbreviations;
    # only full names are trusted inside prose.
    weekdays = {name: i for i, name in enumerate(dl.weekdays[:7])}
    months = {name: num for name, num in dl.months.items() if len(name) > 3}
    rel = sorted(
        ((tuple(r["words"]), int(r["offset"])) for r in data["relative_days"]),
        key=lambda x: -len(x[0]),
    )
    return WhenLexicon(
        relative=tuple(rel),
        imprecise=tuple(sorted((tuple(p) for p in data["imprecise"]), key=len, reverse=True)),
        last_words=frozenset(data["last_words"]),
        next_words=frozenset(data["next_words"]),
        month_words=frozenset(data["month_words"]),
        clock_words=frozenset(data["clock_words"]),
        day_part_words=frozenset(data["day_part_words"]),
        months=months,
        weekdays=weekdays,
    )


def published_day(published: PublishedDate | None) -> dt.date | None:
    """The publication day, when the publication date has at least day precision."""
    if published is None or not published.value or published.precision not in ("minute", "day"):
        return None
    try:
        return dt.date.fromisoformat(published.value[:10])
    except ValueError:
        return None


_NUMERIC_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_DAY_RE = re.compile(r"^(\d{1,2})(?:-\d{1,2})?\.?$")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


@dataclass(slots=True)
class _Hit:
    pos: int
    end: int
    when: When


def _words(tokens: Sequence[Token]) -> list[tuple[str, int]]:
    """Folded word forms with their token index; apostrophe suffixes and punctuation dropped."""
    out: list[tuple[str, int]] = []
    for i, t in enumerate(tokens):
        c = t.text[:1]
        if c in "'’":
            continue
        if not (c.isalnum()):
            continue
        out.append((tr_lower(t.text), i))
    return out


def _match(words: list[tuple[str, int]], k: int, phrase: Sequence[str]) -> bool:
    if k + len(phrase) > len(words):
        return False
    return all(words[k + j][0] == w for j, w in enumerate(phrase))


def _find(
    tokens: Sequence[Token], text: str, offset: int, base: dt.date | None, future: bool
) -> list[_Hit]:
    lx = default_when_lexicon()
    words = _words(tokens)
    hits: list[_Hit] = []

    def phrase_text(a: int, b: int) -> str:
        ta, tb = tokens[words[a][1]], tokens[words[b - 1][1]]
        return text[ta.start - offset : tb.end - offset]

    def day(delta: int) -> When:
        return When((base + dt.timedelta(days=delta)).isoformat(), "day", None, "text")

    k = 0
    n = len(words)
    while k < n:
        w = words[k][0]
        fw = fold(w)
        matched = 0
        # explicit numeric date
        m = _NUMERIC_RE.match(w)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            try:
                hits.append(_Hit(k, k + 1, When(dt.date(y, mo, d).isoformat(), "day", None, "text")))
            except ValueError:
                pass
            k += 1
            continue
        # "13 Eylül [2024]", "16-18 Eylül"
        dm = _DAY_RE.match(w)
        if dm and k + 1 < n and fold(words[k + 1][0]) in lx.months:
            d = int(dm.group(1))
            mo = lx.months[fold(words[k + 1][0])]
            end = k + 2
            year: int | None = None
            if end < n and _YEAR_RE.match(words[end][0]):
                year = int(words[end][0])
                end += 1
            elif base is not None:
                year = base.year
                # an occurred event's "14 Kasım" in a January article is last year's
                try:
                    if not future and dt.date(year, mo, d) > base + dt.timedelta(days=7):
                        year -= 1
                except ValueError:
                    pass
            when = When(None, "unknown", None, "text")
            if year is not None:
                try:
                    when = When(dt.date(year, mo, d).isoformat(), "day", None, "text")
                except ValueError:
                    pass
            hits.append(_Hit(k, end, when))
            k = end
            continue
        # "Eylül ayında", "nisan ayının sonlarında", "Eylül 2024"
        if fw in lx.months and k + 1 < n and (
            words[k + 1][0] in lx.month_words or _YEAR_RE.match(words[k + 1][0])
        ):
            mo = lx.months[fw]
            year = int(words[k + 1][0]) if _YEAR_RE.match(words[k + 1][0]) else None
            if year is None and base is not None:
                year = base.year
            when = When(f"{year:04d}-{mo:02d}", "month", None, "text") if year else When(source="text")
            hits.append(_Hit(k, k + 2, when))
            k += 2
            continue
        # relative days
        for phrase, delta in lx.relative_by_first.get(w, ()):
            if _match(words, k, phrase):
                matched = len(phrase)
                hits.append(_Hit(k, k + matched, day(delta) if base else When(source="text")))
                break
        if matched:
            k += matched
            continue
        # imprecise phrases
        for phrase in lx.imprecise_by_first.get(w, ()):
            if _match(words, k, phrase):
                matched = len(phrase)
                hits.append(_Hit(k, k + matched, When(source="text")))
                break
        if matched:
            k += matched
            continue
        # weekdays: "geçen Salı", "önümüzdeki Cuma", "Cuma günü"
        if fw in lx.weekdays:
            wd = lx.weekdays[fw]
            start = k
            direction = 1 if future else -1
            if k > 0 and words[k - 1][0] in lx.last_words:
                start, direction = k - 1, -1
            elif k > 0 and words[k - 1][0] in lx.next_words:
                start, direction = k - 1, 1
            end = k + 1
            if end < n and words[end][0] in lx.day_part_words:
                end += 1
            # a capitalised weekday alone, or one followed by a day-part word, is a date; "cuma"
            # prayers are not
            if end > k + 1 or tokens[words[k][1]].text[:1].isupper():
                if base is None:
                    when = When(source="text")
                else:
                    if direction < 0:
                        delta = -((base.weekday() - wd) % 7)
                        if start < k and delta == 0:  # "geçen Salı" on a Tuesday
                            delta = -7
                    else:
                        delta = (wd - base.weekday()) % 7 or 7
                    when = day(delta)
                hits.append(_Hit(start, end, when))
                k = end
                continue
        # "saat 16.30'da": a clock time (used only for planned events)
        if w in lx.clock_words and k + 1 < n and words[k + 1][0][:1].isdigit():
            hits.append(_Hit(k, k + 2, When(base.isoformat() if base else None,
                                            "day" if base else "unknown", None, "clock")))
            k += 2
            continue
        k += 1
    for h in hits:
        h.when.text = phrase_text(h.pos, h.end)
        if h.when.date is None:
            h.when.precision = "unknown"
    # token index of each hit, for choosing the one nearest the predicate
    for h in hits:
        h.pos = words[h.pos][1]
    return hits


def resolve_when(
    tokens: Sequence[Token],
    text: str,
    published: PublishedDate | None,
    *,
    future: bool = False,
    anchor: int | None = None,
    offset: int = 0,
    default_to_published: bool = True,
    skip: frozenset[int] = frozenset(),
) -> When:
    """Resolve the time of an event stated in the sentence ``tokens`` (offsets into ``text``,
    shifted by ``offset``).

    ``future``: the predicate is planned (sets the direction of bare weekdays). ``anchor``: the
    predicate's token index; the expression nearest to it wins when a sentence has several.
    ``skip``: token indices of expressions that belong to another event of the sentence.
    With no expression, an occurred event takes the publication day (``source="published"``)
    when ``default_to_published``, else nothing.
    """
    base = published_day(published)
    hits = [h for h in _find(tokens, text, offset, base, future) if h.pos not in skip]
    clock = [h for h in hits if h.when.source == "clock"]
    hits = [h for h in hits if h.when.source != "clock"]
    if hits:
        if anchor is None:
            return hits[0].when
        best = min(hits, key=lambda h: (abs(h.pos - anchor), h.pos > anchor))
        return best.when
    if future and clock:
        c = clock[0].when
        return When(c.date, c.precision, c.text, "text")
    if not future and default_to_published and base is not None:
        return When(base.isoformat(), "day", None, "published")
    return When()
