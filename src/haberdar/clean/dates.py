"""Publication date of an article: stamps printed on the page, then metadata.

News pages print several date stamps and only one of them is the publication: an entry stamp
("Giriş Tarihi : 30-06-2025 00:22"), an update stamp ("G: 13/09/2024, Cuma"), the time the page
was rendered ("30 HAZİRAN Pazartesi 07:16", no year), a bare stamp under the headline, often
with the time glued to the date by the text extractor ("21:3413/09/2024, Cuma"). Dates inside
sentences ("13 Eylül'de yapılan görüşme") are about events, not about the article.

So this module works in two steps:

* :func:`find_stamps` locates every stamp that *looks like page furniture*: a labelled stamp
  anywhere in the text, and an unlabelled stamp only on a short line of the page head or tail
  (the first ~25 and last ~15 non-empty lines) where the stamp is nearly all the line says.
  The chrome classifier uses the stamps to drop those lines ("render timestamp", "date stamp").
* :func:`resolve_published` picks the publication date from the stamps and the metadata with
  a fixed precedence (see its docstring), and never from the current date: a stamp without a
  year is a render timestamp and is never completed with "this year".

Matching runs on a *folded* copy of the text (Turkish lower case, then ç→c ğ→g ı→i ö→o ş→s
ü→u), which has the same length as the original, so one lexicon entry ("Eylül") matches
"EYLÜL", "eylul" and "Eylul" and offsets found in the folded copy are offsets in the line. The
vocabulary (month and weekday names, labels) is data: ``haberdar/data/dates_tr.yaml``. All
regular expressions are compiled once, when the default lexicon is first loaded.
"""

from __future__ import annotations

import bisect
import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from haberdar.records import PublishedDate
from haberdar.text import tr_lower

__all__ = [
    "DateLexicon",
    "DateStamp",
    "fold",
    "find_stamps",
    "load_date_lexicon",
    "parse_date_value",
    "resolve_published",
]

# Precision of a stamp that has a day and month but no year: a render timestamp.
NO_YEAR = "no-year"
# Labels that name the publication (entry) time; "guncelleme" (update) never does.
PUBLICATION_LABELS = frozenset({"giris", "yayin"})
# How a publication label is named in PublishedDate.source.
_LABEL_SOURCE = {"giris": "text:giris-tarihi", "yayin": "text:yayin-tarihi"}

# Years outside this range are page numbers, prices or ids, not news dates.
_MIN_YEAR, _MAX_YEAR = 1900, 2099

_FOLD_PAIRS = (
    ("ç", "c"),
    ("ğ", "g"),
    ("ı", "i"),
    ("ö", "o"),
    ("ş", "s"),
    ("ü", "u"),
    ("â", "a"),
    ("î", "i"),
    ("û", "u"),
)


def fold(s: str) -> str:
    """Turkish lower case without diacritics (ç→c ğ→g ı→i ö→o ş→s ü→u), *same length as s*.

    This is exactly ``tr_lower(s)`` with the diacritics then folded: once "ı" folds to "i",
    Turkish and plain lower-casing agree on "I", and "İ" is mapped to "i" before
    ``str.lower`` can turn it into "i̇". It is written with ``str.replace`` because it runs on
    every article and ``str.translate`` with a dict is ten times slower.

    Why same length: matches are found in the folded copy and reported as offsets in the
    original line. Should some exotic character lower-case to two code points, we fall back to
    folding character by character.
    """
    low = s.replace("İ", "i").lower()
    if len(low) != len(s):
        low = "".join(tr_lower(c)[:1] for c in s)
    for a, b in _FOLD_PAIRS:
        if a in low:
            low = low.replace(a, b)
    return low


@dataclass
class DateStamp:
    """A date/time stamp found in one line of text.

    ``line_no`` indexes the ``lines`` given to :func:`find_stamps`; ``start``/``end`` are
    character offsets in that line (a labelled stamp's span includes its label). ``value`` is
    ISO: "2025-06-30T00:22" (minute), "2025-06-30" (day), "2025-06" (month); a stamp without a
    year has precision ``"no-year"`` and an ISO-8601 "--MM-DD[Thh:mm]" value. ``kind`` is the
    form ("labelled", "glued-time-date", "numeric", "day-month-name", "month-year", "iso");
    ``label`` the normalised label ("giris", "yayin", "guncelleme") or None. ``region`` is
    where the line sits ("head", "tail" or "body"; labelled stamps are found anywhere).
    """

    line_no: int
    start: int
    end: int
    value: str
    precision: str
    kind: str
    label: str | None
    region: str = "head"

    @property
    def day(self) -> str | None:
        """The "YYYY-MM-DD" part, or None for month/no-year stamps."""
        return self.value[:10] if self.precision in ("minute", "day") else None


# --------------------------------------------------------------------------- lexicon


@dataclass
class DateLexicon:
    """Compiled date vocabulary: month/weekday names, labels and the stamp patterns.

    Built once (:func:`load_date_lexicon`) and passed around, so the per-article functions do
    no compilation and stay pure.
    """

    months: dict[str, int]
    weekdays: list[str]
    labels: dict[str, str]
    short_labels: dict[str, str]
    prose_followers: list[str]
    head_lines: int = 25
    tail_lines: int = 15
    # An unlabelled stamp counts only on a line at most this long...
    max_stamp_line: int = 100
    # ...that has at most this many words besides the stamp (site name, "Saat", a separator).
    max_other_words: int = 4
    forms: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    label_re: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    label_heads: list[str] = field(default_factory=list)
    short_label_re: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    follower_re: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    weekday_re: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    word_re: re.Pattern[str] = field(default=re.compile(r"[^\W\d_]{2,}"))

    def __post_init__(self) -> None:
        self._compile()

    def _compile(self) -> None:
        ws = r"[^\S\n]"  # whitespace that does not cross a line
        not_letter_after = r"(?![^\W\d_])"
        mon = _alternation(self.months)
        wd = _alternation(self.weekdays)
        weekday_opt = rf"(?:{ws}*,?{ws}*(?:{wd}){not_letter_after}\.?)?"
        weekday_lead = rf"(?:(?:{wd}){not_letter_after}\.?{ws}*,?{ws}*)?"
        sep = rf"(?:{ws}*[-–—,|/•·]{ws}*|{ws}+)"
        # A time after the date; its minutes must not be the start of another date ("14.09.2024").
        time_after = (
            rf"(?:{sep}(?:saat{ws}*:?{ws}*)?(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})"
            rf"(?::(?P<s>\d{{2}}))?(?!\d)(?![./-]\d))?"
        )
        time_before = rf"(?:(?P<lh>\d{{1,2}})[:.](?P<lm>\d{{2}}){sep})?"
        numeric_date = r"(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"
        self.forms = [
            (
                "iso",
                re.compile(
                    r"(?<![\d./-])(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
                    rf"(?:(?:t|{ws}+)(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?::(?P<s>\d{{2}})(?:\.\d+)?)?"
                    r"(?P<tz>z|[+-]\d{2}:?\d{2})?)?(?![\d:])"
                ),
            ),
            (
                "glued-time-date",
                re.compile(
                    r"(?<![\d./:-])(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)"
                    + numeric_date
                    + weekday_opt
                ),
            ),
            (
                "numeric",
                re.compile(
                    rf"(?<![\d./-]){weekday_lead}{time_before}"
                    + numeric_date
                    + weekday_opt
                    + time_after
                ),
            ),
            (
                "day-month-name",
                re.compile(
                    rf"(?<![\d./-]){weekday_lead}{time_before}(?P<d>\d{{1,2}})\.?{ws}*(?P<mon>{mon}){not_letter_after}\.?"
                    rf"(?:{ws}*,?{ws}*(?P<y>\d{{4}})(?!\d))?" + weekday_opt + time_after
                ),
            ),
            (
                "month-year",
                re.compile(
                    rf"(?<![\d./-])(?<![\d]{ws})(?<![^\W\d_])(?P<mon>{mon}){not_letter_after}\.?{ws}*,?{ws}*(?P<y>\d{{4}})(?!\d)"
                ),
            ),
        ]
        labels = _alternation(self.labels)
        # Used with .match() at the occurrences of a label's first word (see _label_matches):
        # scanning for a dozen alternatives at every position of a long line is what made
        # this the slowest step.
        self.label_re = re.compile(
            rf"(?P<lab>{labels}){not_letter_after}{ws}*(?P<colon>[:：])?{ws}*"
        )
        self.label_heads = sorted({p.split()[0] for p in self.labels})
        short = _alternation(self.short_labels)
        self.short_label_re = re.compile(rf"(?m)^{ws}*(?P<lab>{short}){ws}*[:：]{ws}*")
        followers = _alternation(self.prose_followers)
        self.follower_re = re.compile(rf"(?:['’`][^\W\d_]|{ws}*(?:{followers}){not_letter_after})")
        self.weekday_re = re.compile(rf"(?<![^\W\d_])(?:{wd}|saat){not_letter_after}")


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of folded words, longest first so "cumartesi" wins over "cuma"."""
    folded = sorted({fold(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"[^\S\n]+") for w in folded) or "(?!)"


def load_date_lexicon(path: str | Path | None = None) -> DateLexicon:
    """Load and compile the date vocabulary (default: the packaged ``data/dates_tr.yaml``)."""
    if path is None:
        text = resources.files("haberdar").joinpath("data/dates_tr.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    data = yaml.safe_load(text)
    months = {fold(name): int(num) for num, names in data["months"].items() for name in names}
    labels = {fold(p): norm for norm, phrases in data["labels"].items() for p in phrases}
    short = {fold(k): v for k, v in (data.get("short_labels") or {}).items()}
    return DateLexicon(
        months=months,
        weekdays=[fold(w) for w in data["weekdays"]],
        labels=labels,
        short_labels=short,
        prose_followers=[fold(w) for w in data.get("prose_followers") or []],
    )


@lru_cache(maxsize=1)
def default_lexicon() -> DateLexicon:
    """The packaged lexicon, loaded once per process."""
    return load_date_lexicon()


# --------------------------------------------------------------------------- find_stamps


def find_stamps(lines: Sequence[str], *, lexicon: DateLexicon | None = None) -> list[DateStamp]:
    """Every date stamp in ``lines``, in line order.

    Labelled stamps ("Giriş Tarihi:", "Yayınlanma:", "Güncelleme:", a line-initial "G:") are
    found on any line, because some extractors glue them to the end of the body. Unlabelled
    stamps are found only on short head/tail lines where the stamp is nearly the whole line,
    because anywhere else a date is part of the story ("13 Eylül 2024'te yapılan seçim").
    A date followed by a suffix or a word such as "tarihinde"/"günü" is prose and is skipped.
    Impossible dates (31/02) and times (25:70) make the whole stamp invalid.
    """
    lx = lexicon or default_lexicon()
    if not lines:
        return []
    nonempty = [i for i, t in enumerate(lines) if t and not t.isspace()]
    head = set(nonempty[: lx.head_lines])
    tail = set(nonempty[-lx.tail_lines :]) if lx.tail_lines else set()

    text = "\n".join(lines)
    ftext = fold(text)
    starts = [0]
    for t in lines[:-1]:
        starts.append(starts[-1] + len(t) + 1)

    found: dict[int, list[DateStamp]] = {}

    def region_of(i: int) -> str:
        return "head" if i in head else "tail" if i in tail else "body"

    # Labelled stamps, anywhere.
    for m, is_short in _label_matches(lx, ftext):
        lab = m.group("lab")
        if not is_short and m.group("colon") is None and not lab.endswith(("tarihi", "saati")):
            continue
        hit = _match_form(lx, ftext, m.end())
        if hit is None:
            continue
        kind, dm, value, precision = hit
        if lx.follower_re.match(ftext, dm.end()):
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        norm = lx.short_labels[lab] if is_short else lx.labels[lab]
        found.setdefault(i, []).append(
            DateStamp(
                i,
                m.start() - starts[i],
                dm.end() - starts[i],
                value,
                precision,
                "labelled",
                norm,
                region_of(i),
            )
        )

    # Unlabelled stamps, on short head/tail lines only.
    for i in sorted(head | tail):
        line = lines[i]
        if len(line.strip()) > lx.max_stamp_line:
            continue
        fline = ftext[starts[i] : starts[i] + len(line)]
        if not any(c.isdigit() for c in fline):
            continue
        taken = [(s.start, s.end) for s in found.get(i, [])]
        new: list[DateStamp] = []
        for kind, rx in lx.forms:
            for dm in rx.finditer(fline):
                if any(dm.start() < e and s < dm.end() for s, e in taken):
                    continue
                built = _build(kind, dm, lx)
                if built is None or lx.follower_re.match(fline, dm.end()):
                    continue
                taken.append((dm.start(), dm.end()))
                value, precision = built
                new.append(
                    DateStamp(i, dm.start(), dm.end(), value, precision, kind, None, region_of(i))
                )
        if not new:
            continue
        # The stamp must be (nearly) all the line says: count the words left around it.
        rest = fline
        for s, e in sorted(taken, reverse=True):
            rest = rest[:s] + " " + rest[e:]
        rest = lx.weekday_re.sub(" ", rest)
        if len(lx.word_re.findall(rest)) > lx.max_other_words:
            continue
        # A no-year stamp needs a weekday or a time to be a stamp and not "13 Eylül" in a list.
        new = [s for s in new if s.precision != NO_YEAR or len(fline[s.start : s.end].split()) >= 3]
        found.setdefault(i, []).extend(new)

    return [s for i in sorted(found) for s in sorted(found[i], key=lambda s: s.start)]


def _label_matches(lx: DateLexicon, ftext: str) -> list[tuple[re.Match[str], bool]]:
    """Label matches in folded text, left to right, longest first where two overlap.

    Found by jumping to each occurrence of a label's first word with ``str.find`` and matching
    there, which costs next to nothing on the long lines of plain-text exports.
    """
    hits: list[tuple[re.Match[str], bool]] = []
    for head in lx.label_heads:
        pos = ftext.find(head)
        while pos >= 0:
            if pos == 0 or not _is_letter(ftext[pos - 1]):
                m = lx.label_re.match(ftext, pos)
                if m:
                    hits.append((m, False))
            pos = ftext.find(head, pos + 1)
    if lx.short_labels:
        hits.extend((m, True) for m in lx.short_label_re.finditer(ftext))
    hits.sort(key=lambda h: (h[0].start(), -h[0].end()))
    out: list[tuple[re.Match[str], bool]] = []
    last_end = -1
    for m, is_short in hits:
        if m.start() >= last_end:
            out.append((m, is_short))
            last_end = m.end()
    return out


def _is_letter(c: str) -> bool:
    return c.isalpha()


def _match_form(
    lx: DateLexicon, ftext: str, pos: int
) -> tuple[str, re.Match[str], str, str] | None:
    """The first stamp form that matches right at ``pos`` (after a label), built and valid."""
    for kind, rx in lx.forms:
        dm = rx.match(ftext, pos)
        if dm is None:
            continue
        built = _build(kind, dm, lx)
        if built is not None:
            return kind, dm, built[0], built[1]
    return None


def _build(kind: str, m: re.Match[str], lx: DateLexicon) -> tuple[str, str] | None:
    """ISO value and precision of a matched stamp, or None if it is not a real date/time."""
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    if kind == "month-year":
        month = lx.months[_norm_space(g["mon"])]
        if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        return f"{year:04d}-{month:02d}", "month"
    month = lx.months[_norm_space(g["mon"])] if g.get("mon") else int(g["m"])
    day = int(g["d"])
    # Time after the date wins; a time printed before it ("21:34 13.09.2024") is used otherwise.
    hh, mm = g.get("h"), g.get("mi")
    if hh is None and g.get("lh") is not None:
        hh, mm = g["lh"], g["lm"]
    if hh is not None and not (int(hh) <= 23 and int(mm) <= 59):
        return None
    if g.get("s") is not None and int(g["s"]) > 59:
        return None
    if year is None:
        # Validate against a leap year: "29 Şubat" without a year is possible.
        if not _valid_date(2000, month, day):
            return None
        value = f"--{month:02d}-{day:02d}"
        return (value + f"T{int(hh):02d}:{int(mm):02d}" if hh is not None else value), NO_YEAR
    if not _MIN_YEAR <= year <= _MAX_YEAR or not _valid_date(year, month, day):
        return None
    if hh is None:
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    stamp = dt.datetime(year, month, day, int(hh), int(mm))
    if g.get("tz"):
        stamp = _to_istanbul(stamp, g["tz"])
    return stamp.strftime("%Y-%m-%dT%H:%M"), "minute"


def _norm_space(s: str) -> str:
    return " ".join(s.split())


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _to_istanbul(stamp: dt.datetime, tz: str) -> dt.datetime:
    """Wall-clock time in Türkiye for a time given with an explicit UTC offset.

    Why: stamps printed on Turkish pages are local time; an ISO value with "Z" or another offset
    (from metadata, JSON-LD) must be on the same clock to be compared with them.
    """
    if tz in ("z", "Z"):
        offset = dt.timedelta(0)
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
    aware = stamp.replace(tzinfo=dt.timezone(offset))
    try:
        from zoneinfo import ZoneInfo

        return aware.astimezone(ZoneInfo("Europe/Istanbul")).replace(tzinfo=None)
    except Exception:  # no tz database: keep the clock as written
        return stamp


# --------------------------------------------------------------------------- resolve


def resolve_published(stamps: Sequence[DateStamp], meta: dict[str, Any]) -> PublishedDate:
    """The publication date, by this precedence (the first step that gives a date wins):

    a. a labelled publication stamp with a year ("Giriş Tarihi", "Yayınlanma", "Yayın Tarihi",
       "Eklenme"): the first one in the text, or a finer one of the same tier on the same day.
       Source ``text:giris-tarihi`` / ``text:yayin-tarihi``. Why first: later ones are often in
       "related news" lists.
    b. an unlabelled stamp with a year in the page head ("21:3413/09/2024, Cuma"), chosen the
       same way; a candidate later than an update stamp ("G: 13/09/2024") cannot be the
       publication (it is usually today's date in the site's top bar) and is dropped. Update
       stamps themselves are never the publication, so a date-only "G:" stamp agreeing on the
       day with a timed stamp leaves the timed one in place. Source ``text:<kind>``.
    c. metadata: ``meta["published"]`` (ISO, "2017-01-17 12:12:58", RFC 2822, a Turkish
       stamp, or a date/datetime), at the precision it carries. Source ``meta:published`` or
       ``meta:<meta["published_source"]>``.
    d. nothing: ``PublishedDate(None, "unknown", None)``.

    When the date comes from the text at day or month precision and the metadata agrees with
    it at a finer precision, the metadata's value is taken and the source names both
    ("text:day-month-name+meta:published").

    A stamp without a year (a render timestamp) is never used, and nothing is ever completed
    from the current date.
    """
    dated = [s for s in stamps if s.precision in ("minute", "day", "month")]
    from_meta = _meta_date(meta)

    labelled = [s for s in dated if s.label in PUBLICATION_LABELS]
    if labelled:
        best = _earliest_then_finest(labelled)
        return _refined(best, _LABEL_SOURCE[best.label or "giris"], from_meta)

    updates = [s.value for s in dated if s.label == "guncelleme"]
    first_update = min(updates) if updates else None
    head = [
        s
        for s in dated
        if s.label is None
        and s.region == "head"
        and (first_update is None or _not_after(s.value, first_update))
    ]
    if head:
        best = _earliest_then_finest(head)
        return _refined(best, f"text:{best.kind}", from_meta)

    if from_meta is not None:
        return from_meta
    return PublishedDate(None, "unknown", None)


def _meta_date(meta: dict[str, Any] | None) -> PublishedDate | None:
    raw = meta.get("published") if meta else None
    if not raw:
        return None
    parsed = parse_date_value(raw)
    if parsed is None:
        return None
    src = str(meta.get("published_source") or "published") if meta else "published"
    return PublishedDate(parsed[0], parsed[1], src if src.startswith("meta:") else f"meta:{src}")


def _refined(best: DateStamp, source: str, from_meta: PublishedDate | None) -> PublishedDate:
    """The text's date, made finer by metadata that agrees with it ("2018-01-31" + 13:54).

    Why: a page often prints only the day while its feed or JSON-LD carries the time; when
    the two agree the time is as trustworthy as the day. Both sources are named.
    """
    if (
        from_meta is not None
        and from_meta.value is not None
        and _PRECISION_RANK.get(from_meta.precision, 9) < _PRECISION_RANK[best.precision]
        and from_meta.value.startswith(best.value)
    ):
        return PublishedDate(from_meta.value, from_meta.precision, f"{source}+{from_meta.source}")
    return PublishedDate(best.value, best.precision, source)


_PRECISION_RANK = {"minute": 0, "day": 1, "month": 2}


def _not_after(value: str, bound: str) -> bool:
    """Whether ISO ``value`` is not after ``bound`` at the day (or coarser shared) level."""
    n = min(len(value), len(bound), 10)
    return value[:n] <= bound[:n]


def _earliest_then_finest(cands: Sequence[DateStamp]) -> DateStamp:
    """First candidate in the text; upgraded to a finer candidate that agrees with it."""
    first = min(cands, key=lambda s: (s.line_no, s.start))
    finer = [
        s
        for s in cands
        if _PRECISION_RANK[s.precision] < _PRECISION_RANK[first.precision]
        and s.value.startswith(first.value)
    ]
    if finer:
        return min(finer, key=lambda s: (_PRECISION_RANK[s.precision], s.line_no, s.start))
    return first


_ISO_RE = re.compile(
    r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?"
    r"\s*(?P<tz>Z|z|[+-]\d{2}:?\d{2})?)?)?)?\s*$"
)


def parse_date_value(
    value: object, *, lexicon: DateLexicon | None = None
) -> tuple[str, str] | None:
    """ISO value and precision of a metadata date, or None if it cannot be read.

    Accepts ``date``/``datetime`` objects, ISO strings at any precision ("2024", "2024-09",
    "2014-1-17", "2017-01-17 12:12:58", "2024-09-13T18:34:00Z" — converted to Türkiye time),
    RFC 2822 feed dates ("Tue, 17 Jan 2017 12:12:58 +0300") and the Turkish stamp forms of
    :func:`find_stamps`. A time of exactly midnight with zero seconds ("2024-09-13 00:00:00")
    is how databases pad a date-only value, so it gives day precision.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            off = value.utcoffset() or dt.timedelta(0)
            sign = "-" if off < dt.timedelta(0) else "+"
            mins = abs(int(off.total_seconds())) // 60
            value = _to_istanbul(
                value.replace(tzinfo=None), f"{sign}{mins // 60:02d}{mins % 60:02d}"
            )
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.strftime("%Y-%m-%d"), "day"
        return value.strftime("%Y-%m-%dT%H:%M"), "minute"
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    m = _ISO_RE.match(s)
    if m:
        return _from_iso_match(m)
    try:
        parsed = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parse_date_value(parsed)
    lx = lexicon or default_lexicon()
    fs = fold(s)
    for kind, rx in lx.forms:
        dm = rx.match(fs)
        if dm and not fs[dm.end() :].strip(" ,.;|-"):
            built = _build(kind, dm, lx)
            if built and built[1] != NO_YEAR:
                return built
    return None


def _from_iso_match(m: re.Match[str]) -> tuple[str, str] | None:
    y = int(m["y"])
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    if m["m"] is None:
        return f"{y:04d}", "year"
    mo = int(m["m"])
    if not 1 <= mo <= 12:
        return None
    if m["d"] is None:
        return f"{y:04d}-{mo:02d}", "month"
    d = int(m["d"])
    if not _valid_date(y, mo, d):
        return None
    if m["h"] is None:
        return f"{y:04d}-{mo:02d}-{d:02d}", "day"
    h, mi, sec = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if h > 23 or mi > 59 or sec > 59:
        return None
    if (h, mi, sec) == (0, 0, 0) and not m["frac"] and not m["tz"]:
        return f"{y:04d}-{mo:02d}-{d:02d}", "day"
    stamp = dt.datetime(y, mo, d, h, mi)
    if m["tz"]:
        stamp = _to_istanbul(stamp, m["tz"])
    return stamp.strftime("%Y-%m-%dT%H:%M"), "minute"


# Compile the packaged vocabulary at import, so the first article pays nothing.
default_lexicon()
