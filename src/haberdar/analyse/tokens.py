"""Turkish tokenisation with character offsets, and sentence splitting.

Tokens follow the conventions of the Milliyet NER training data, because the NER model only
sees what this tokeniser produces: the apostrophe case suffix is its own token ("Kalın'ın" →
"Kalın", "'ın"; "Ankara’da" → "Ankara", "’da"), punctuation marks are single tokens, numbers keep
their inner separators ("1.5", "19.30", "13/09/2024"), ordinals keep their full stop before a
lower-case word ("21. yüzyıl"), and abbreviations keep theirs ("Dr.", "T.C.", "A.Ş.", "M. Ali").

Everything is one compiled regular expression scanned once (``re.finditer``), so a news article
tokenises in well under a millisecond.
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

_UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
_LOWER = "a-zçğıöşüâîû"


class Token(NamedTuple):
    """A token and its character span ``[start, end)`` in the original text.

    A named tuple rather than a dataclass: an article has hundreds of tokens and a tuple is
    built at C speed (see :func:`tokenize`).
    """

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def load_abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """(all abbreviations, those that may end a sentence), lower-cased, from the data file."""
    text = (
        resources.files("haberdar")
        .joinpath("data/abbreviations_tr.txt")
        .read_text(encoding="utf-8")
    )
    allv: set[str] = set()
    enders: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        abbr = _lower(parts[0])
        allv.add(abbr)
        if len(parts) > 1 and parts[1] == "end":
            enders.add(abbr)
    return frozenset(allv), frozenset(enders)


def _lower(s: str) -> str:
    from haberdar.text import tr_lower

    return tr_lower(s)


@lru_cache(maxsize=1)
def _token_re() -> re.Pattern[str]:
    abbrs, _ = load_abbreviations()
    # single-word abbreviations ("Dr.", "vb."); dotted multi-letter ones are matched by rule
    simple = sorted((a[:-1] for a in abbrs if a.count(".") == 1), key=len, reverse=True)
    abbr_alt = "|".join(re.escape(a) for a in simple)
    # When every abbreviation is letters only (they are), a word not followed by "." cannot be
    # one: the look-ahead rejects it before the case-insensitive alternation is tried, which
    # halves the time of the whole scan.
    letters_only = all(re.fullmatch(r"[^\W\d_]+", a) for a in simple)
    abbr_guard = r"(?=[^\W\d_]+\.)" if letters_only else ""
    word = r"[^\W_]+"
    patterns = [
        # URLs and e-mail addresses stay whole
        r"(?:https?://|www\.)[^\s<>\"'’]+[^\s<>\"'’.,;:!?)\]]",
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        # apostrophe suffix glued to the previous word or number: "'ın", "’da"
        r"(?<=[^\W_])['’][^\W\d_]+",
        # dotted acronyms: T.C., A.Ş., A.B.D., M.Ö.
        r"(?<![^\W_])(?:[^\W\d_]\.){2,}",
        # listed abbreviations (case-insensitive)
        rf"(?<![^\W_]){abbr_guard}(?i:{abbr_alt})\.(?![^\W_])" if abbr_alt else r"(?!x)x",
        # an initial before a capitalised word: "M. Ali"
        rf"(?<![^\W_])[{_UPPER}]\.(?=[ \t]*[{_UPPER}][{_LOWER}])",
        # numbers with inner separators and ranges; an ordinal's dot before a lower-case word
        rf"\d+(?:[.,:/]\d+)*(?:-\d+(?:[.,]\d+)*)?(?:\.(?=[ \t]+[{_LOWER}]))?",
        # words, optionally with a hyphenated number: "G-7", "F-16", "Boeing-737"
        rf"{word}(?:-\d+[^\W_]*)?",
        r"\.\.\.|…",
        r"\S",
    ]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def tokenize(text: str, start: int = 0) -> list[Token]:
    """Tokens of ``text`` with offsets shifted by ``start``.

    ``start`` is where ``text`` begins inside the document it was cut from, so
    ``tokenize(doc[s:e], start=s)`` yields offsets into ``doc``.
    """
    new = tuple.__new__
    return [
        new(Token, (m.group(), m.start() + start, m.end() + start))
        for m in _token_re().finditer(text)
    ]


_TERMINALS = frozenset({".", "!", "?", "...", "…", "?!", "!?"})
_CLOSERS = frozenset({'"', "'", "’", "”", "»", ")", "]"})
_OPENERS = frozenset({'"', "'", "“", "«", "(", "[", "-", "–", "—", "‘"})


def _starts_sentence(tok: str) -> bool:
    c = tok[0]
    return c.isupper() or c.isdigit() or tok in _OPENERS


def sentence_token_spans(
    tokens: list[Token], text: str, newline_is_boundary: bool = True, offset: int = 0
) -> list[tuple[int, int]]:
    """Group ``tokens`` into sentences; returns ``(first_token, last_token_exclusive)`` pairs.

    A sentence ends at ".", "!", "?" or "…" (plus any closing quotes or brackets right after it)
    when the next token could start a sentence (capital letter, digit, opening quote or dash) or
    the text ends; after an abbreviation listed as a possible sentence end ("vb.") when the next
    word is capitalised; and, with ``newline_is_boundary``, at every line break, because cleaned
    news text puts headlines and paragraphs on lines of their own. ``offset`` is subtracted from
    token offsets to index ``text``.
    """
    _, enders = load_abbreviations()
    spans: list[tuple[int, int]] = []
    n = len(tokens)
    first = 0
    i = 0
    while i < n:
        tok = tokens[i].text
        end_here = False
        j = i + 1
        if tok in _TERMINALS or (tok[-1] == "." and _lower(tok) in enders):
            while j < n and tokens[j].text in _CLOSERS and tokens[j].start == tokens[j - 1].end:
                j += 1
            if j >= n:
                end_here = True
            else:
                nxt = tokens[j].text
                end_here = _starts_sentence(nxt) if tok in _TERMINALS else nxt[0].isupper()
        if not end_here and newline_is_boundary and j < n:
            gap = text[tokens[j - 1].end - offset : tokens[j].start - offset]
            end_here = "\n" in gap
        if end_here or j >= n:
            spans.append((first, j))
            first = j
        i = j
    return spans


def split_sentences(text: str, newline_is_boundary: bool = True) -> list[tuple[int, int]]:
    """Sentence character spans ``(start, end)`` of ``text``; see :func:`sentence_token_spans`."""
    toks = tokenize(text)
    return [
        (toks[a].start, toks[b - 1].end)
        for a, b in sentence_token_spans(toks, text, newline_is_boundary)
    ]


def tokenize_sentences(text: str, newline_is_boundary: bool = True) -> list[list[Token]]:
    """Tokens of ``text`` grouped by sentence (offsets into ``text``).

    The stages of one article (NER, events) ask for the same body in turn: the last few answers
    are remembered, so an article is tokenised once. Callers get fresh lists of shared tokens.
    """
    return [list(s) for s in _tokenize_sentences(text, newline_is_boundary)]


@functools.lru_cache(maxsize=8)
def _tokenize_sentences(text: str, newline_is_boundary: bool) -> tuple[tuple[Token, ...], ...]:
    toks = tokenize(text)
    return tuple(tuple(toks[a:b]) for a, b in sentence_token_spans(toks, text, newline_is_boundary))
