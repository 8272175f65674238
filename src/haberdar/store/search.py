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
below; the PostgreSQL back end (``pg_*``) provides the same operations (create, index, query)
with ``tsvector`` columns and GIN indexes over the same normalised text, and ranks the matches
with FTS5's own bm25 formula, so both back ends give the same hits in the same order.
:func:`create`, :func:`index`, :func:`search` and :func:`match_subquery` pick the back end
from the connection.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, TextClause, text

from haberdar.text import tr_lower

__all__ = [
    "FTS_TABLE",
    "PG_TABLE",
    "create",
    "index",
    "index_missing",
    "match_subquery",
    "search",
    "SearchQuery",
    "normalize_for_search",
    "parse_query",
    "search_terms",
]

FTS_TABLE = "articles_fts"
PG_TABLE = "articles_search"
MAX_QUERY_TERMS = 16
MAX_TERM_CHARS = 64

_APOS = "'\u2019\u2018`\u00b4\u2032\u02bc\u02b9"
# An apostrophe between letters and the letters after it: the case suffix of a proper noun.
# The pattern starts with the apostrophe (then looks back for the letter) so that the regex
# engine scans for apostrophes instead of trying a lookbehind at every position (6× faster).
_SUFFIX_RE = re.compile(f"[{_APOS}](?<=\\w[{_APOS}])\\w+")
_FOLD_PAIRS = (("ı", "i"), ("ş", "s"), ("ğ", "g"), ("ç", "c"), ("ö", "o"), ("ü", "u"), ("â", "a"), ("î", "i"), ("û", "u"))
_FOLD = str.maketrans(dict(_FOLD_PAIRS))


def _fold(s: str) -> str:
    """``s.translate(_FOLD)``, as one ``replace`` per letter present (several times faster on
    article-length text than ``translate`` with a map)."""
    if s.isascii():
        return s
    for a, b in _FOLD_PAIRS:
        if a in s:
            s = s.replace(a, b)
    return s
_WORD_RE = re.compile(r"\w+")
_QUOTED_RE = re.compile(r'"([^"]*)"|(\S+)')


def normalize_for_search(s: str | None) -> str:
    """The searchable form of a text: Turkish lower case, apostrophe suffixes dropped, Turkish
    letters folded. "Kalın’ın" → "kalin"; "MİT'in Başkanı" → "mit baskani"."""
    if not s:
        return ""
    return _fold(_SUFFIX_RE.sub("", tr_lower(s)))


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


# --- PostgreSQL: tsvector + GIN ----------------------------------------------------------------
#
# One row per article (``seq``): the title and the lead + body as two ``tsvector`` columns with a
# GIN index each, and the article's token count (bm25's document length). The vectors are built
# here, not by ``to_tsvector``: the words are those FTS5's ``unicode61 remove_diacritics 2``
# tokenizer finds in the normalised text (runs of letters and digits, diacritics removed), at
# the same positions, and they are taken as they are — the ``simple`` configuration's behaviour
# (no stemming, no stop words), without the PostgreSQL parser's own ideas about e-mail
# addresses, hyphenated words or numbers. Queries are ``tsquery`` values built the same way:
# every word quoted, a phrase as ``<->``, a prefix as ``:*``.

_TOKEN_RE = re.compile(r"[^\W_]+")
_PG_MAX_POS = 16383  # tsvector positions stop there
_PG_MAX_POSITIONS = 256  # positions kept per word
_PG_MAX_LEXEME_BYTES = 2046
_PG_MAX_VECTOR_CHARS = 900_000  # a tsvector is at most 1 MB
_BM25_K1 = 1.2
_BM25_B = 0.75
_WEIGHTS = (3.0, 1.0)  # title, body: as sqlite_search's bm25(…, 3.0, 1.0)


def fts_tokens(normalised: str) -> list[str]:
    """The words of an already normalised text as FTS5's unicode61 tokenizer (with
    ``remove_diacritics 2``) sees them."""
    if not normalised.isascii():
        normalised = "".join(c for c in unicodedata.normalize("NFD", normalised) if unicodedata.category(c) != "Mn")
        normalised = unicodedata.normalize("NFC", normalised)
    return _TOKEN_RE.findall(normalised)


def _quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_vector(tokens: list[str]) -> str:
    """The ``tsvector`` literal of ``tokens`` (positions from 1)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, tok in enumerate(tokens, start=1):
        if len(tok.encode("utf-8")) > _PG_MAX_LEXEME_BYTES:
            continue
        ps = positions[tok]
        if len(ps) < _PG_MAX_POSITIONS:
            ps.append(min(i, _PG_MAX_POS))
    parts: list[str] = []
    size = 0
    for tok, ps in positions.items():
        part = _quote_lexeme(tok) + ":" + ",".join(map(str, dict.fromkeys(ps)))
        size += len(part) + 1
        if size > _PG_MAX_VECTOR_CHARS:
            break
        parts.append(part)
    return " ".join(parts)


def pg_create(conn: Connection) -> bool:
    """Create the search table and its GIN indexes if missing; True when created now."""
    exists = conn.execute(text("SELECT to_regclass(:n)"), {"n": PG_TABLE}).scalar()
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {PG_TABLE} (seq INTEGER PRIMARY KEY, "
            "title tsvector NOT NULL, body tsvector NOT NULL, length INTEGER NOT NULL)"
        )
    )
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{PG_TABLE}_title ON {PG_TABLE} USING GIN (title)"))
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{PG_TABLE}_body ON {PG_TABLE} USING GIN (body)"))
    return exists is None


def pg_index(conn: Connection, rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> int:
    """Index articles given as (seq, title, lead, body)."""
    params = []
    for seq, title, lead, body in rows:
        t = fts_tokens(normalize_for_search(title))
        b = fts_tokens(normalize_for_search(((lead or "") + "\n" + (body or "")).strip()))
        params.append({"seq": seq, "title": pg_vector(t), "body": pg_vector(b), "length": len(t) + len(b)})
    if params:
        conn.execute(
            text(
                f"INSERT INTO {PG_TABLE} (seq, title, body, length) "
                "VALUES (:seq, CAST(:title AS tsvector), CAST(:body AS tsvector), :length) ON CONFLICT (seq) DO NOTHING"
            ),
            params,
        )
    return len(params)


def pg_indexed_seqs(conn: Connection) -> set[int]:
    return {r[0] for r in conn.execute(text(f"SELECT seq FROM {PG_TABLE}"))}


@dataclass(frozen=True)
class _PgPhrase:
    words: tuple[str, ...]
    prefix: bool

    def tsquery(self) -> str:
        lex = [_quote_lexeme(w) for w in self.words]
        if self.prefix:
            lex[-1] += ":*"
        return " <-> ".join(lex)


def _pg_phrases(query: SearchQuery) -> list[_PgPhrase | None]:
    """The query's phrases in the index's words (None: a phrase that can match nothing)."""
    out: list[_PgPhrase | None] = []
    for words, pre in zip(query.phrases, query.prefix, strict=True):
        toks = tuple(fts_tokens(" ".join(words)))
        out.append(_PgPhrase(toks, pre) if toks else None)
    return out


def _pg_condition(phrase: _PgPhrase | None, i: int, params: dict[str, Any]) -> str:
    if phrase is None:
        return "FALSE"
    params[f"fts_q{i}"] = phrase.tsquery()
    return f"(title @@ CAST(:fts_q{i} AS tsquery) OR body @@ CAST(:fts_q{i} AS tsquery))"


def _pg_where(query: SearchQuery) -> tuple[str, dict[str, Any], list[_PgPhrase | None]]:
    phrases = _pg_phrases(query)
    params: dict[str, Any] = {}
    where = " AND ".join(_pg_condition(p, i, params) for i, p in enumerate(phrases))
    return where, params, phrases


def _instances(phrase: _PgPhrase, positions: dict[str, set[int]]) -> int:
    """How many times ``phrase`` occurs in one column (its words' positions)."""
    if phrase.prefix:
        stem = phrase.words[0]
        return sum(len(ps) for w, ps in positions.items() if w.startswith(stem))
    first, rest = phrase.words[0], phrase.words[1:]
    return sum(1 for p in positions.get(first, ()) if all(p + j in positions.get(w, ()) for j, w in enumerate(rest, start=1)))


def pg_search(conn: Connection, query: SearchQuery, *, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
    """As :func:`sqlite_search`: the same matches, scored with FTS5's bm25 (k1 1.2, b 0.75, the
    title weighted 3, the body 1; lower = better), ties by ``seq``."""
    where, params, phrases = _pg_where(query)
    total = conn.execute(text(f"SELECT count(*) FROM {PG_TABLE} WHERE {where}"), params).scalar_one()
    if not total or offset >= total:
        return [], total
    n_row, n_tok = conn.execute(text(f"SELECT count(*), coalesce(sum(length), 0) FROM {PG_TABLE}")).one()
    avgdl = n_tok / n_row if n_row else 0.0
    idf = []
    for i, p in enumerate(phrases):
        one: dict[str, Any] = {}
        cond = _pg_condition(p, i, one)
        n_hit = conn.execute(text(f"SELECT count(*) FROM {PG_TABLE} WHERE {cond}"), one).scalar_one()
        v = math.log((n_row - n_hit + 0.5) / (n_hit + 0.5))
        idf.append(v if v > 0.0 else 1e-6)
    words = sorted({w for p in phrases if p and not p.prefix for w in p.words})
    stems = sorted({p.words[0] for p in phrases if p and p.prefix})
    params = {**params, "fts_words": words, "fts_stems": [s + "%" for s in stems]}
    lengths: dict[int, int] = {}
    cols: dict[int, tuple[dict[str, set[int]], dict[str, set[int]]]] = {}
    for col_no, col in enumerate(("title", "body")):
        rows = conn.execute(
            text(
                f"SELECT s.seq, s.length, t.lexeme, t.positions FROM {PG_TABLE} s CROSS JOIN LATERAL unnest(s.{col}) t "
                f"WHERE {where} AND (t.lexeme = ANY(:fts_words) OR t.lexeme LIKE ANY(:fts_stems))"
            ),
            params,
        )
        for seq, length, lexeme, pos in rows:
            lengths[seq] = length
            cols.setdefault(seq, ({}, {}))[col_no][lexeme] = set(pos or ())
    scored: list[tuple[float, int]] = []
    for seq, by_col in cols.items():
        d = float(lengths[seq])
        score = 0.0
        for i, p in enumerate(phrases):
            if p is None:
                continue
            freq = 0.0
            for col_no in (0, 1):
                n = _instances(p, by_col[col_no])
                for _ in range(n):
                    freq += _WEIGHTS[col_no]
            score += idf[i] * ((freq * (_BM25_K1 + 1.0)) / (freq + _BM25_K1 * (1 - _BM25_B + _BM25_B * d / avgdl)))
        scored.append((-1.0 * score, seq))
    scored.sort()
    return [(seq, score) for score, seq in scored[offset : offset + limit]], total


def pg_match_subquery(query: SearchQuery) -> TextClause:
    where, params, _ = _pg_where(query)
    return text(f"SELECT seq FROM {PG_TABLE} WHERE {where}").bindparams(**params)


# --- the back end of a connection ----------------------------------------------------------------


def create(conn: Connection) -> bool:
    return pg_create(conn) if conn.dialect.name == "postgresql" else sqlite_create(conn)


def index(conn: Connection, rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> int:
    return pg_index(conn, rows) if conn.dialect.name == "postgresql" else sqlite_index(conn, rows)


def indexed_seqs(conn: Connection) -> set[int]:
    return pg_indexed_seqs(conn) if conn.dialect.name == "postgresql" else sqlite_indexed_seqs(conn)


def search(conn: Connection, query: SearchQuery, *, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
    """(seq, score) of the best matches (lower = better) and the number of matches."""
    if conn.dialect.name == "postgresql":
        return pg_search(conn, query, limit=limit, offset=offset)
    return sqlite_search(conn, query, limit=limit, offset=offset)


def match_subquery(conn: Connection, query: SearchQuery) -> TextClause:
    """SQL selecting the ``seq`` of the articles matching ``query`` (for ``column.in_(…)``)."""
    if conn.dialect.name == "postgresql":
        return pg_match_subquery(query)
    return text(sqlite_match_subquery()).bindparams(fts_q=query.fts5())


def index_missing(conn: Connection) -> int:
    """Index the articles the search index lacks; returns how many were added."""
    from sqlalchemy import select

    from haberdar.store.schema import articles

    create(conn)
    have = indexed_seqs(conn)
    missing = [s for (s,) in conn.execute(select(articles.c.seq)) if s not in have]
    added = 0
    for i in range(0, len(missing), 500):
        part = missing[i : i + 500]
        rows = conn.execute(select(articles.c.seq, articles.c.title, articles.c.lead, articles.c.body).where(articles.c.seq.in_(part))).all()
        added += index(conn, rows)
    return added
