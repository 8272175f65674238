"""Origin of an article: the agency or outlet it credits (AA, DHA, İHA, Sabah…).

Independent-source counting needs to know that a regional site's page ending in "kaynak:sabah"
is Sabah's story, and that a Yeni Şafak page with a line "AA" under the headline is an Anadolu
Ajansı wire. Pages credit their source in a handful of fixed shapes:

* a line that is only the credit: "AA", "DHA/AA", "DHA/Mehmet Candan", "kaynak:sabah",
  "Kaynak: Anadolu Ajansı", "İstanbul / DHA", "Hakime TORUN/ANKARA, (DHA)";
* a dateline opening a paragraph: "Ankara (AA) – …", "Oğuzhan KILIÇ/KÜTAHYA, (DHA)- …";
* "(AA)" opening or closing a paragraph, "(Kaynak: Reuters)" closing one;
* a byline "Saygı ÖZTÜRK / SÖZCÜ";
* wire copy that names its own reporter: "AA muhabirine yaptığı açıklamada".

Credits are told apart from mentions by shape, not by the name alone: agency codes are matched
case-sensitively as whole words ("Aa", "aa", "KAAN" and "İHA'yı" are not credits), an outlet
name counts only after "Kaynak:" or in a byline, and photo credits ("Fotoğraf: AA", "Telif
hakkı Reuters") are not the story's source. Lines that are *only* a credit are returned in
``Origin.line_nos`` so the chrome remover can drop them ("source credit"); a credit inside a
paragraph leaves its line alone.

Names are canonicalised through ``haberdar/data/origins.yaml``; an unknown "kaynak: xyz" is
kept, title-cased. Everything is compiled once into an :class:`OriginLexicon`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from haberdar.clean.dates import fold
from haberdar.text import tr_title, tr_upper

__all__ = [
    "Origin",
    "OriginLexicon",
    "canonical_origin",
    "find_origin",
    "load_origin_lexicon",
    "site_from_meta",
]


@dataclass
class Origin:
    """The source an article credits.

    ``name`` is the canonical name ("AA", "Sabah") or None; ``line_nos`` the indexes of lines
    that are nothing but a source credit (to be removed as chrome), whether or not they gave the
    name; ``evidence`` the text that gave the name; ``kind`` its shape ("agency-line",
    "kaynak", "slash-credit", "dateline", "paren", "kaynak-inline", "byline", "reporter",
    "meta:<key>");
    ``names`` every source named by that credit ("Kaynak: DHA, Reuters" → ["DHA", "Reuters"]).
    """

    name: str | None = None
    line_nos: list[int] = field(default_factory=list)
    evidence: str | None = None
    kind: str | None = None
    names: list[str] = field(default_factory=list)


# Credit shapes, strongest first. A credit-only line is the page's own statement of origin;
# the weaker shapes sit inside prose and are used only when no stronger one is found.
_RANK = {
    "agency-line": 0,
    "kaynak": 0,
    "slash-credit": 0,
    "dateline": 1,
    "paren": 2,
    "kaynak-inline": 3,
    "byline": 4,
    "reporter": 5,
}
_UC = "A-ZÇĞİÖŞÜÂÎÛ"
_LC = "a-zçğıöşüâîû"
_TLD_RE = re.compile(r"(?:\.(?:com|net|org|gov|edu|tv|info|biz|news))?(?:\.tr)?(?:/.*)?$")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_NAME_LIKE_RE = re.compile(r"^[^\W_][\w .&'’+-]{0,40}$")
_SPLIT_NAMES_RE = re.compile(r"\s*(?:[,;&/+]|\s[-–—]\s|\sve\s|\sile\s|\sand\s)\s*")


def origin_key(s: str) -> str:
    """Lookup key of a source name: folded lower case, no scheme/www/TLD, letters and digits.

    Why so loose: sites write their sources every way ("kaynak:sabah", "SABAH", "sabah.com.tr",
    "Yeni Şafak", "yenisafak"), and only the key needs to agree.
    """
    s = fold(s.strip())
    s = re.sub(r"^[a-z]+://", "", s)
    s = re.sub(r"^www\.", "", s)
    if re.search(r"\.[a-z]{2,}", s) and " " not in s:
        s = _TLD_RE.sub("", s)
    return _NON_ALNUM_RE.sub("", s)


@dataclass
class OriginLexicon:
    """Compiled source vocabulary and credit patterns (see ``data/origins.yaml``)."""

    by_code: dict[str, str]  # exact printed code → canonical name
    bare_codes: set[str]  # codes that may stand alone on a line ("AA", "Reuters")
    agency_codes: set[str]  # Turkish agencies, whose wire copy says "AA muhabirine"
    byline_codes: dict[str, str]  # exact upper-case forms used in bylines → canonical name
    by_key: dict[str, str]  # origin_key(alias) → canonical name
    not_origin_keys: set[str]
    not_after: dict[str, list[str]]  # canonical name → folded words that make "(CODE)" an expansion
    credit_labels: list[str]
    photo_labels: list[str]
    byline_stopwords: set[str]
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ws = r"[^\S\n]"
        code = _alt_exact(self.by_code)
        bare = _alt_exact(self.bare_codes)
        agency = _alt_exact(self.agency_codes)
        byl = _alt_exact(set(self.byline_codes) | self.bare_codes)
        end = r"(?![\w'’])"
        start = r"(?<![\w'’])"
        labels = "|".join(
            re.escape(fold(x)).replace(r"\ ", ws + "+")
            for x in sorted(self.credit_labels, key=len, reverse=True)
        )
        photos = "|".join(
            re.escape(fold(x)).replace(r"\ ", ws + "+")
            for x in sorted(self.photo_labels, key=len, reverse=True)
        )
        person = rf"[{_UC}][\w.'’-]*(?:{ws}+[{_UC}][\w.'’-]*){{0,4}}"
        self.patterns = {
            # Whole-line shapes (matched against the stripped line).
            "kaynak_line": re.compile(
                rf"^[(\[]?{ws}*(?:{labels}){ws}*[:：]{ws}*(?P<rest>.+?){ws}*[)\]]?{ws}*\.?$"
            ),
            "codes_line": re.compile(
                rf"^[(\[]?{ws}*(?:{bare}){end}(?:{ws}*[/,&|-]{ws}*(?:{bare}){end}|{ws}+ve{ws}+(?:{bare}){end})*{ws}*[)\]]?$"
            ),
            "agency_reporter_line": re.compile(
                rf"^(?P<code>{bare}){ws}*/{ws}*(?P<who>{person}(?:{ws}*[-–,]{ws}*{person})*)$"
            ),
            "slash_line": re.compile(rf"^(?P<pre>[^/\n]{{1,60}}?){ws}*/{ws}*(?P<code>{byl}){ws}*$"),
            # Paragraph shapes.
            "dateline": re.compile(
                rf"^(?P<pre>[^\W\d_][^.!?;:\n]{{0,80}}?),?{ws}*\({ws}*(?P<code>{code}){ws}*\){ws}*(?P<tail>[-–—]+|$)"
            ),
            "paren_start": re.compile(rf"^\({ws}*(?P<code>{code}){ws}*\){ws}*[-–—]*"),
            "paren_end": re.compile(rf"\({ws}*(?P<code>{code}){ws}*\){ws}*\.?{ws}*$"),
            "kaynak_end": re.compile(
                rf"(?:[(\[]{ws}*(?:{labels}){ws}*[:：]{ws}*(?P<rest>[^()\[\]\n]{{1,60}}?){ws}*[)\]]"
                rf"|(?:(?<=[.!?\"”])|^){ws}*(?:{labels}){ws}*[:：]{ws}*(?P<rest2>[^.!?\n]{{1,60}}?))"
                rf"{ws}*\.?{ws}*$"
            ),
            # Bylines and reporter credits are looked for only around a "/" or "muhabir" (see
            # _line_credits): the part before is matched at the end of a short window.
            "byline_who": re.compile(
                rf"(?<![\w/])(?P<who>[{_UC}][{_LC}]+(?:{ws}+[{_UC}][{_LC}]+)?{ws}+[{_UC}]{{2,}}(?:(?:{ws}|-)[{_UC}]{{2,}})?"
                rf"|[{_UC}]{{2,}}{ws}+[{_UC}]{{2,}}){ws}*$"
            ),
            "byline_code": re.compile(rf"{ws}*(?P<code>{byl})(?![\w'’/])"),
            "reporter": re.compile(rf"{start}(?P<code>{agency}){ws}+$"),
            "bare_code": re.compile(bare),
            "photo": re.compile(rf"^[(\[]?{ws}*(?:{photos})(?![^\W\d_])"),
        }


def _alt_exact(codes: Iterable[str]) -> str:
    """Case-sensitive whole-word alternation, longest first ("BBC Türkçe" before "BBC")."""
    items = sorted(set(codes), key=lambda c: (-len(c), c))
    if not items:
        return "(?!)"
    body = "|".join(re.escape(c).replace(r"\ ", r"[^\S\n]+") for c in items)
    return rf"(?<![\w'’])(?:{body})(?![\w'’])"


def load_origin_lexicon(path: str | Path | None = None) -> OriginLexicon:
    """Load and compile ``data/origins.yaml`` (or another file of the same shape)."""
    if path is None:
        text = resources.files("haberdar").joinpath("data/origins.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    data = yaml.safe_load(text)
    by_code: dict[str, str] = {}
    bare: set[str] = set()
    agency: set[str] = set()
    byline: dict[str, str] = {}
    by_key: dict[str, str] = {}
    not_after: dict[str, list[str]] = {}
    for e in data["sources"]:
        name = e["name"]
        kind = e.get("type", "site")
        codes = list(e.get("codes") or [])
        for c in codes:
            by_code[c] = name
        if e.get("bare", kind in ("agency", "international")):
            bare.update(codes)
        if kind == "agency":
            agency.update(codes)
        for c in {*codes, tr_upper(name)}:
            byline[c] = name
        for alias in [
            name,
            e.get("full_name"),
            *(e.get("former_names") or []),
            *(e.get("aliases") or []),
            *codes,
        ]:
            if alias:
                by_key.setdefault(origin_key(alias), name)
        not_after[name] = [fold(w) for w in e.get("not_after") or []]
    return OriginLexicon(
        by_code=by_code,
        bare_codes=bare,
        agency_codes=agency,
        byline_codes=byline,
        by_key=by_key,
        not_origin_keys={origin_key(x) for x in data.get("not_origins") or []},
        not_after=not_after,
        credit_labels=list(data.get("credit_labels") or ["kaynak"]),
        photo_labels=list(data.get("photo_labels") or []),
        byline_stopwords={fold(w) for w in data.get("byline_stopwords") or []},
    )


@lru_cache(maxsize=1)
def default_origin_lexicon() -> OriginLexicon:
    """The packaged lexicon, loaded once per process."""
    return load_origin_lexicon()


# --------------------------------------------------------------------------- names


_UNKNOWN = ""  # sentinel: a name that is deliberately not an origin ("Kaynak: Wikipedia")


def canonical_origin(
    text: str, *, lexicon: OriginLexicon | None = None, allow_unknown: bool = True
) -> str | None:
    """Canonical name of one credited source, "" for a non-source, None if not a name.

    Exact codes first ("AA"), then the loose key ("sabah", "Anadolu Ajansı", "hurriyet.com.tr");
    an unknown but name-like source is title-cased with Turkish rules ("İZMİR GÜNDEM" →
    "İzmir Gündem"), keeping a lone acronym of up to four letters ("SDN") as printed, when
    ``allow_unknown``.
    """
    lx = lexicon or default_origin_lexicon()
    s = text.strip().strip("\"'“”‘’«»[]()*_").rstrip(".").strip()
    if not s:
        return None
    if s in lx.by_code:
        return lx.by_code[s]
    if "://" in s or s.startswith("www."):
        host = urlsplit(s if "://" in s else "//" + s).hostname or ""
        s = host.removeprefix("www.") or s
    key = origin_key(s)
    if not key:
        return None
    if key in lx.by_key:
        return lx.by_key[key]
    if key in lx.not_origin_keys:
        return _UNKNOWN
    if not allow_unknown or not _NAME_LIKE_RE.match(s) or len(s.split()) > 5:
        return None
    words = s.split()
    if len(words) == 1 and s.isupper() and len(s) <= 4:
        return s  # an acronym ("SDN", "TRT") stays as printed
    return " ".join(tr_title(w) for w in words)


def _names(rest: str, lx: OriginLexicon) -> list[str] | None:
    """Sources named in the text after "Kaynak:"; None if it is not a list of names."""
    rest = rest.strip()
    if "://" in rest or rest.lower().startswith("www."):
        parts = [rest]  # a URL: its slashes do not separate names
    else:
        parts = [p for p in _SPLIT_NAMES_RE.split(rest) if p.strip()]
    if not parts or len(parts) > 4:
        return None
    out: list[str] = []
    for p in parts:
        name = canonical_origin(p, lexicon=lx)
        if name is None:
            return None
        if name and name not in out:
            out.append(name)
    return out


# --------------------------------------------------------------------------- find_origin


@dataclass
class _Credit:
    rank: int
    line_no: int
    kind: str
    names: list[str]
    evidence: str


def find_origin(
    lines: Sequence[str],
    meta: dict[str, Any] | None = None,
    *,
    lexicon: OriginLexicon | None = None,
) -> Origin:
    """The agency or outlet the article credits, and the lines that are only a credit.

    Every line is tried against the credit shapes (module docstring); the strongest shape wins,
    and among equals the first in the text. Metadata (``meta["origin"]``, ``["credit"]``,
    ``["author"]``) is used only when the text credits nobody and only if it names a known
    source: an author field usually holds a person.
    """
    lx = lexicon or default_origin_lexicon()
    credits: list[_Credit] = []
    credit_lines: list[int] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        found = _line_credits(i, line, lx)
        for c in found:
            if c.rank == 0:
                credit_lines.append(i)
            if c.names:
                credits.append(c)
    best = min(credits, key=lambda c: (c.rank, c.line_no), default=None)
    lines_out = sorted(set(credit_lines))
    if best is not None:
        return Origin(best.names[0], lines_out, best.evidence, best.kind, list(best.names))
    for key in ("origin", "credit", "author"):
        value = (meta or {}).get(key)
        if isinstance(value, str) and value.strip():
            name = canonical_origin(value, lexicon=lx, allow_unknown=False)
            if name:
                return Origin(name, lines_out, value.strip(), f"meta:{key}", [name])
    return Origin(None, lines_out, None, None, [])


def _line_credits(i: int, line: str, lx: OriginLexicon) -> list[_Credit]:
    """The credits one line carries (usually none)."""
    p = lx.patterns
    short = len(line) <= 120
    # Folding costs as much as all the matching on a long line: fold only what is looked at.
    fline = fold(line) if short else None
    out: list[_Credit] = []

    if fline is not None:
        if p["photo"].match(fline):
            return []
        # "kaynak:sabah", "Kaynak: DHA, Reuters", "(Kaynak: AA)"
        m = p["kaynak_line"].match(fline)
        if m:
            names = _names(line[m.start("rest") : m.end("rest")], lx)
            if names is not None:
                return [_Credit(_RANK["kaynak"], i, "kaynak", names, line)]
        # "AA", "DHA/AA", "(DHA)"
        if p["codes_line"].match(line):
            names = _dedupe(lx.by_code[c] for c in _codes_in(line, lx))
            return [_Credit(_RANK["agency-line"], i, "agency-line", names, line)]
        # "DHA/Mehmet Candan"
        m = p["agency_reporter_line"].match(line)
        if m:
            return [_Credit(_RANK["agency-line"], i, "agency-line", [lx.by_code[m["code"]]], line)]
        # "İstanbul / DHA", "Haber: Ahmet Yılmaz / İHA", "Oray EĞİN / SÖZCÜ"
        m = p["slash_line"].match(line)
        if m and _credit_prefix(m["pre"], m["code"], lx):
            name = lx.by_code.get(m["code"]) or lx.byline_codes[m["code"]]
            return [_Credit(_RANK["slash-credit"], i, "slash-credit", [name], line)]

    # "Ankara (AA) – …", "Hakime TORUN/ANKARA, (DHA)"
    m = p["dateline"].match(line)
    if m and len(m["pre"].split()) <= 8 and not _is_expansion(m["pre"], m["code"], lx):
        name = lx.by_code[m["code"]]
        only = not m["tail"] or not line[m.end() :].strip()
        rank = _RANK["slash-credit"] if only else _RANK["dateline"]
        return [_Credit(rank, i, "dateline", [name], line if only else line[: m.end()])]
    m = p["paren_start"].match(line)
    if m:
        name = lx.by_code[m["code"]]
        only = not line[m.end() :].strip()
        return [_Credit(0 if only else _RANK["paren"], i, "paren", [name], line[: m.end()].strip())]

    tail = line[-160:]
    ftail = fline[-160:] if fline is not None else fold(tail)
    m = p["paren_end"].search(tail)
    if m and not _is_expansion(tail[: m.start()], m["code"], lx):
        out.append(
            _Credit(_RANK["paren"], i, "paren", [lx.by_code[m["code"]]], tail[m.start() :].strip())
        )
    m = p["kaynak_end"].search(ftail)
    if m:
        g = "rest" if m["rest"] is not None else "rest2"
        names = _names(tail[m.start(g) : m.end(g)], lx)
        if names is not None:
            out.append(
                _Credit(
                    _RANK["kaynak-inline"], i, "kaynak-inline", names, tail[m.start() :].strip()
                )
            )
    # "Saygı ÖZTÜRK / SÖZCÜ", "BAŞAK KAYA/SÖZCÜ" — also inside one-line exports.
    pos = line.find("/")
    while pos >= 0:
        mc = p["byline_code"].match(line, pos + 1)
        if mc:
            mw = p["byline_who"].search(line, max(0, pos - 60), pos)
            if mw and fold(mw["who"]).strip() not in lx.byline_stopwords:
                name = lx.by_code.get(mc["code"]) or lx.byline_codes[mc["code"]]
                out.append(
                    _Credit(_RANK["byline"], i, "byline", [name], line[mw.start() : mc.end()])
                )
                break
        pos = line.find("/", pos + 1)
    # "AA muhabirine yaptığı açıklamada": wire copy naming its own reporter.
    pos = line.find("muhabir")
    while pos >= 0:
        m = p["reporter"].search(line, max(0, pos - 12), pos)
        if m:
            out.append(
                _Credit(
                    _RANK["reporter"],
                    i,
                    "reporter",
                    [lx.by_code[m["code"]]],
                    line[m.start() : pos + 20],
                )
            )
            break
        pos = line.find("muhabir", pos + 1)
    return out


def _dedupe(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def _codes_in(line: str, lx: OriginLexicon) -> list[str]:
    """Codes in a codes-only line, in order ("DHA/AA" → ["DHA", "AA"])."""
    return [m.group(0) for m in lx.patterns["bare_code"].finditer(line)]


def _credit_prefix(pre: str, code: str, lx: OriginLexicon) -> bool:
    """Whether the text before "/ CODE" on a credit-only line is a place or a byline.

    An agency after a slash is a credit after any short, capitalised place or name
    ("İstanbul / DHA"); an outlet's upper-case name only after a person's name with an
    upper-case surname ("Oray EĞİN / SÖZCÜ"), because "GÜNDEM / DÜNYA" is a breadcrumb.
    """
    pre = pre.strip()
    pre_words = re.sub(r"^haber\s*:\s*", "", pre, flags=re.IGNORECASE)
    words = pre_words.split()
    if not words or len(words) > 6 or re.search(r"[.!?;\"“”]", pre_words):
        return False
    if not all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return False
    if fold(pre_words) in lx.byline_stopwords:
        return False
    if code in lx.bare_codes:
        return True
    return len(words) >= 2 and any(len(w) >= 2 and w.isupper() for w in words)


def _is_expansion(before: str, code: str, lx: OriginLexicon) -> bool:
    """Whether "(CODE)" right after ``before`` spells out a name instead of crediting it.

    "Anadolu Ajansı (AA)" and "insansız hava aracı (İHA)" introduce an abbreviation.
    """
    name = lx.by_code.get(code)
    tail = fold(before[-40:]).rstrip(" ,")
    return any(tail.endswith(w) for w in lx.not_after.get(name or "", []))


# --------------------------------------------------------------------------- site


@functools.cache
def _site_aliases() -> dict[str, str]:
    from haberdar.resources import load_yaml

    return {str(k).lower(): str(v).lower() for k, v in (load_yaml("sites.yaml").get("aliases") or {}).items()}


def normalize_site(site: str) -> str:
    """One name per outlet: a host (or a site name that is a host) lower-cased, without "www.",
    punycode decoded ("xn--anadoluajans-d5b.com.tr" → "anadoluajansı.com.tr") and mapped through
    the outlet aliases of ``data/sites.yaml`` ("anadoluajansı.com.tr" → "aa.com.tr"). A site name
    that is not a host ("bloomberght") is only stripped."""
    s = site.strip()
    if "://" in s:
        s = urlsplit(s).hostname or s
    if " " in s or "." not in s:
        return s
    host = s.lower().rstrip(".").removeprefix("www.")
    if "xn--" in host:
        try:
            host = host.encode("ascii").decode("idna")
        except UnicodeError:
            pass
    return _site_aliases().get(host, host)


def site_from_meta(meta: dict[str, Any] | None) -> str | None:
    """The site an article was read from: ``meta["site"]``, else the host of ``meta["url"]``,
    normalised (:func:`normalize_site`) so that "https://www.sabah.com.tr/x" and "sabah.com.tr"
    are one site, and so are the IDN and ASCII hosts of one outlet.
    """
    if not meta:
        return None
    site = meta.get("site")
    if isinstance(site, str) and site.strip():
        return normalize_site(site)
    url = meta.get("url")
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    return normalize_site(host)


# Compile the packaged vocabulary at import, so the first article pays nothing.
default_origin_lexicon()
