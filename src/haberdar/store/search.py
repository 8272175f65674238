"""Full-text search over articles: Turkish-aware normalisation and the SQLite FTS5 index.

The index holds a *normalised copy* of each article's title and lead + body, keyed by the
article's ``seq``. Normalisation (:func:`normalize_for_search`) is applied to documents and to
queries alike:

* Turkish lower case (İ→i, I→ı) — Python's ``lower()`` gets both wrong;
* the case suffix after an apostrophe is dropped: "Kalın’ın", "Kalın'a" and "Kalın" are all
  indexed and searched as "kalin";
* Turkish letters are folded (ı→i, ş→s, ğ→g, ç→c, ö→o, ü→u), so a query typed without a
  Turkish keyboard ("kalin", "dervis") still finds the article; other diacritics are folded by
  the FTS5 tokenizer (``remove_diacritics 2``).

Everything SQLite-specific (the virtual table, MATCH, bm25) is in the ``sqlite_*`` functions
below; a PostgreSQL back end would provide the same three operations (create, index one
article, query) with ``tsvector`` and reuse :func:`normalize_for_search` and
:func:`parse_query` unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from haberdar.text import tr_lower

__all__ = [
    "FTS_TABLE",
    "SearchQuery",
    "normalize_for_search",
    "parse_query",
    "search_terms",
]

FTS_TABLE = "articles_fts"
MAX_QUERY_TERMS = 16
MAX_TERM_CHARS = 64

_APOS = "'\u2019\u2018`\u00b4\u2032\u02bc\u02b9"
# An apostrophe between letters and the letters after it: the case suffix of a proper noun.
_SUFFIX_RE = re.compile(f"(?<=\\w)[{_APOS}]\\w+")
_FOLD = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"})
_WORD_RE = re.compile(r"\w+")
_QUOTED_RE = re.compile(r'"([^"]*)"|(\S+)')


def normalize_for_search(s: str | None) -> str:
    """The searchable form of a text: Turkish lower case, apostrophe suffixes dropped, Turkish
    letters folded. "Kalın’ın" → "kalin"; "MİT'in Başkanı" → "mit baskani"."""
    if not s:
        return ""
    return _SUFFIX_RE.sub("", tr_lower(s)).translate(_FOLD)


def search_terms(s: str) -> list[str]:
    """The words of a text as the index sees them."""
    return _WORD_RE.findall(normalize_for_search(s))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed user query: groups of words; each group is a phrase (one word or a quoted run),
    all groups must match. ``prefix`` marks words typed with a trailing ``*``."""

    phrases: tuple[tuple[str, ...], ...]
    prefix: tuple[bool, ...]

    @property
    def words(self) -> list[str]:
        return [w for p in self.phrases for w in p]

    def fts5(self) -> str:
        """The query in FTS5 syntax, every word quoted (user input never reaches FTS5's own
        operators, so no query can be a syntax error)."""
        parts = []
        for words, pre in zip(self.phrases, self.prefix, strict=True):
            phrase = " ".join(words)
            parts.append(f'"{phrase}"' + ("*" if pre else ""))
        return " ".join(parts)


def parse_query(q: str) -> SearchQuery:
    """Parse ``q``: words (all required), ``"quoted phrases"``, ``word*`` for a prefix.

    Raises ``ValueError`` with a message a person can act on when nothing searchable is left.
    """
    phrases: list[tuple[str, ...]] = []
    prefix: list[bool] = []
    for m in _QUOTED_RE.finditer(q):
        chunk = m.group(1) if m.group(1) is not None else m.group(2)
        words = tuple(w[:MAX_TERM_CHARS] for w in search_terms(chunk))
        if not words:
            continue
        is_prefix = m.group(2) is not None and chunk.endswith("*") and len(words) == 1
        if m.group(1) is not None or len(words) == 1:
            phrases.append(words)
            prefix.append(is_prefix)
        else:  # "Kalın-Derviş" → two words, both required
            for w in words:
                phrases.append((w,))
                prefix.append(False)
    if not phrases:
        raise ValueError("the query has no searchable words (letters or digits)")
    if len(phrases) > MAX_QUERY_TERMS:
        raise ValueError(f"the query has {len(phrases)} words; at most {MAX_QUERY_TERMS} are allowed")
    return SearchQuery(tuple(phrases), tuple(prefix))


# One character for one character (so offsets stay those of the original text): Turkish lower
# case and the same folding as normalize_for_search.
_SPAN_FOLD = str.maketrans(
    {
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
        "I": "i", "İ": "i", "ı": "i", "Ş": "s", "ş": "s", "Ğ": "g", "ğ": "g", "Ç": "c", "ç": "c",
        "Ö": "o", "ö": "o", "Ü": "u", "ü": "u", "Â": "a", "â": "a", "Î": "i", "î": "i", "Û": "u", "û": "u",
    }
)


def match_spans(body: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Character spans of ``body`` whose words match a word of the query (for highlighting);
    a word with an apostrophe suffix matches by its stem ("Kalın’ın" → the span of "Kalın")."""
    exact = sorted({w for words, pre in zip(query.phrases, query.prefix, strict=True) if not pre for w in words}, key=len, reverse=True)
    prefixes = sorted({w for words, pre in zip(query.phrases, query.prefix, strict=True) if pre for w in words}, key=len, reverse=True)
    alts = [re.escape(w) + r"(?!\w)" for w in exact] + [re.escape(w) + r"\w*" for w in prefixes]
    if not alts:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")")
    return [m.span() for m in pattern.finditer(body.translate(_SPAN_FOLD))]


# --- SQLite FTS5 ---------------------------------------------------------------------------


def sqlite_create(conn: Connection) -> bool:
    """Create the FTS5 table if it is missing; True when it was created now."""
    exists = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}
    ).first()
    if exists:
        return False
    # Contentless: the index only (the text itself lives in ``articles``); rowid = articles.seq.
    conn.execute(
        text(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, content='', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
    )
    return True


def sqlite_index(conn: Connection, rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> int:
    """Index articles given as (seq, title, lead, body)."""
    params = [
        {"seq": seq, "title": normalize_for_search(title), "body": normalize_for_search(((lead or "") + "\n" + (body or "")).strip())}
        for seq, title, lead, body in rows
    ]
    if params:
        conn.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (:seq, :title, :body)"), params)
    return len(params)


def sqlite_indexed_seqs(conn: Connection) -> set[int]:
    return {r[0] for r in conn.execute(text(f"SELECT rowid FROM {FTS_TABLE}"))}


def sqlite_search(conn: Connection, query: SearchQuery, *, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
    """(seq, score) of the best matches (lower score = better, bm25 with the title weighted
    three times the body), and the number of matching articles."""
    q = query.fts5()
    total = conn.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"), {"q": q}).scalar_one()
    if not total or offset >= total:
        return [], total
    rows = conn.execute(
        text(
            f"SELECT rowid, bm25({FTS_TABLE}, 3.0, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :q ORDER BY score, rowid LIMIT :limit OFFSET :offset"
        ),
        {"q": q, "limit": limit, "offset": offset},
    ).all()
    return [(int(r[0]), float(r[1])) for r in rows], total


def sqlite_match_subquery() -> str:
    """SQL selecting the ``seq`` of articles matching ``:fts_q`` (for use inside IN (...))."""
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_q"
