"""Name primitives shared by the knowledge base and entity resolution.

Turkish news spells one person many ways: with a case suffix after an apostrophe ("Kalın'ın"),
with an honorific ("Şeyh Muhammed…"), transliterated from Arabic, English or pinyin ("Al Sani" /
"Al Thani", "Şi Cinping" / "Xi Jinping"), in a title-cased or upper-cased headline. These
functions reduce a name to keys that such variants share:

- :func:`fold_name` — exact identity up to case, diacritics and punctuation ("Kalın" = "KALIN" =
  "Kalin"); the knowledge base indexes names and aliases by it.
- :func:`translit_key` — a phonetic key that also equates spellings across alphabets; lossy by
  design, so a key match is evidence to weigh, not proof.

The rules are data (``data/kb/names.yaml``); this module only applies them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from haberdar.kb.data import load_data_yaml
from haberdar.text import tr_lower, tr_title, tr_upper

# Every character typed for the apostrophe that separates a proper noun from its suffix.
APOSTROPHES = "'\u2019\u2018`\u00b4\u2032\u02bc\u02b9"
_SUFFIX_RE = re.compile(
    rf"^(?P<stem>.*[^\W\d_])(?P<apo>[{APOSTROPHES}])(?P<suffix>[^\W\d_]{{1,12}})$"
)
_PUNCT_RE = re.compile(rf"[\s.,;:()\[\]{{}}\"/\\|_\-–—]+|[{APOSTROPHES}]")
_HYPHENS = "\\-\u2010\u2011\u2012\u2013"  # a regex character-class body
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """``data/kb/names.yaml`` in the shape the functions use it."""

    honorifics: frozenset[str]
    ambiguous_honorifics: frozenset[str]
    particles: frozenset[str]
    standalone_articles: frozenset[str]
    hyphenated_articles: frozenset[str]
    compound_prefixes: frozenset[str]
    initial_rules: tuple[tuple[str, str], ...]
    rules: tuple[tuple[str, str], ...]
    fold: dict[str, str]
    final_devoicing: dict[str, str]
    vowel_classes: dict[str, str]
    acronym_function_words: frozenset[str]
    address_terms: frozenset[str] = frozenset()


# Name keys are pure functions of short strings met again and again in a corpus: memoised,
# with a bound so that a long run's memory stays flat.
CACHE_SIZE = 200_000


def _memo(fn: Callable[[str], T]) -> Callable[[str], T]:
    """Memoise a function of one string, emptying the memo when it holds ``CACHE_SIZE`` entries.

    Why not ``functools.lru_cache(maxsize=...)``: the cycle collector walks every entry of a
    bounded lru_cache's linked list at each full collection, and these caches reach tens of
    thousands of entries in a corpus run (a quarter of the collector's time over Sözcü). An
    unbounded ``functools.cache`` keeps a plain dict, which the collector skips when it maps
    strings to strings; the bound is kept by counting misses (the wrapped function only runs
    on a miss).
    """
    misses = 0

    @functools.cache
    def memoised(arg: str) -> T:
        nonlocal misses
        misses += 1
        if misses > CACHE_SIZE:
            memoised.cache_clear()
            misses = 1
        return fn(arg)

    functools.update_wrapper(memoised, fn)
    return memoised


@functools.cache
def name_lexicon() -> NameLexicon:
    """Load the name lexicon once per process."""
    raw = load_data_yaml("kb/names.yaml")
    tr = raw["translit"]
    return NameLexicon(
        honorifics=frozenset(tr_lower(w) for w in raw["honorifics"]),
        ambiguous_honorifics=frozenset(tr_lower(w) for w in raw["ambiguous_honorifics"]),
        particles=frozenset(tr_lower(w) for w in raw["particles"]),
        standalone_articles=frozenset(tr_lower(w) for w in raw["articles"]["standalone"]),
        hyphenated_articles=frozenset(tr_lower(w) for w in raw["articles"]["hyphenated"]),
        compound_prefixes=frozenset(tr_lower(w) for w in raw["compound_prefixes"]),
        initial_rules=tuple((a, b) for a, b in tr["word_initial"]),
        rules=tuple((a, b) for a, b in tr["anywhere"]),
        fold=dict(tr["fold"]),
        final_devoicing=dict(tr["final_devoicing"]),
        vowel_classes=dict(tr["vowel_classes"]),
        acronym_function_words=frozenset(tr_lower(w) for w in raw["acronym_function_words"]),
        address_terms=frozenset(tr_lower(w) for w in raw.get("address_terms", ())),
    )


def normalize_apostrophes(s: str) -> str:
    """Every apostrophe variant to ASCII ``'`` (NFC first), so suffix rules see one character."""
    s = unicodedata.normalize("NFC", s)
    return s.translate({ord(c): "'" for c in APOSTROPHES[1:]})


@_memo
def split_suffix(surface: str) -> tuple[str, str]:
    """Split a case suffix written after an apostrophe: "Kalın'ın" → ("Kalın", "'ın").

    Turkish writes an apostrophe only between a proper noun and its suffix, so this is exact for
    names ("MİT’ten" → ("MİT", "’ten")). Suffixes on common nouns have no apostrophe and are not
    split ("Hamas heyetiyle" stays whole): they are not part of a name to begin with. An
    apostrophe followed by a capital ("O'Brien") is part of the name. The apostrophe is returned
    as written.
    """
    s = unicodedata.normalize("NFC", surface.strip())
    m = _SUFFIX_RE.match(s)
    if not m:
        return s, ""
    stem, suffix = m.group("stem"), m.group("suffix")
    last_word = stem.split()[-1] if stem.split() else stem
    upper_headline = last_word.isupper() and suffix.isupper()
    if not (suffix.islower() or upper_headline):
        return s, ""
    return stem, m.group("apo") + suffix


@_memo
def strip_accents(s: str) -> str:
    """Fold Turkish and other Latin diacritics to plain letters (ı→i, ş→s, é→e)."""
    lex = name_lexicon()
    s = "".join(lex.fold.get(c, c) for c in s)
    decomposed = unicodedata.normalize("NFD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@_memo
def fold_name(name: str) -> str:
    """Exact-identity key: suffix split off, Turkish lower case, no diacritics or punctuation.

    "Kalın’ın", "KALIN" and "Kalin" fold to "kalin"; "T.C." to "t c"; "MİT" and "Mit" to "mit".
    """
    stem, _ = split_suffix(name)
    s = strip_accents(tr_lower(stem))
    return " ".join(_PUNCT_RE.sub(" ", s).split())


def _is_honorific(token: str, remaining: int) -> bool:
    lex = name_lexicon()
    t = tr_lower(token).rstrip(".")
    if t in lex.honorifics:
        return True
    return t in lex.ambiguous_honorifics and remaining >= 2


def strip_honorifics(name: str) -> str:
    """Drop leading honorifics and ranks ("Şeyh", "Prof. Dr.", "Sayın") that are not the name.

    Honorifics that are also given names (Emir, Sultan) go only when two name words follow, so
    "Emir Temim bin Hamed" loses it and "Emir Kusturica" keeps it.
    """
    words = name.split()
    while words:
        rest = [w for w in words[1:] if tr_lower(w) not in name_lexicon().particles]
        if len(words) > 1 and _is_honorific(words[0], len(rest)):
            words = words[1:]
        else:
            break
    return " ".join(words)


@_memo
def is_acronym_surface(token: str) -> bool:
    """A token written as an acronym: 2–8 letters, all capitals ("MİT", "BMGK", "ABD")."""
    letters = token.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters == tr_upper(letters)


@_memo
def acronym_of(expansion: str) -> str:
    """Initials of an expansion with Turkish capitals: "Milli İstihbarat Teşkilatı" → "MİT".

    Function words are skipped ("Amerika Birleşik Devletleri" → "ABD") and words that are
    acronyms themselves contribute all their letters ("BM Güvenlik Konseyi" → "BMGK").
    """
    lex = name_lexicon()
    out: list[str] = []
    for word in re.split(rf"[\s{_HYPHENS}]+", split_suffix(expansion)[0]):
        word = word.strip("().,;:\"'")
        if not word or tr_lower(word) in lex.acronym_function_words:
            continue
        if len(word) > 1 and is_acronym_surface(word):
            out.append(tr_upper(word))
        else:
            out.append(tr_upper(word[0]))
    return "".join(out)


def acronym_matches(short: str, expansion: str, *, allow_titlecase: bool = False) -> bool:
    """Whether ``short`` is the acronym of ``expansion`` ("BMGK" ↔ "Birleşmiş Milletler Güvenlik Konseyi").

    Title-cased acronyms ("Mit" in a title-cased headline) are accepted only when the caller
    knows the mention is an organisation: otherwise "Ali" would be the acronym of any three-word
    name starting A-L-İ.
    """
    short = split_suffix(short)[0].strip()
    if " " in short or len(expansion.split()) < 2:
        return False
    if not (
        is_acronym_surface(short) or (allow_titlecase and short.isalpha() and 2 <= len(short) <= 8)
    ):
        return False
    return tr_upper(short) == acronym_of(expansion)


@_memo
def canonical_name(surface: str) -> str:
    """The form of a name to display and compare: suffix, honorifics and shouting removed.

    "Şeyh Muhammed bin Abdurrahman Al Sani'nin" → "Muhammed bin Abdurrahman Al Sani";
    "İBRAHİM KALIN" → "İbrahim Kalın". Short all-capital words are kept (they are acronyms:
    "MİT", "ABD"); nothing is added or guessed.
    """
    s = normalize_apostrophes(surface)
    s = " ".join(s.split()).strip(' \t"“”«».,;:!?()[]')
    s, _ = split_suffix(s)
    s = strip_honorifics(s)
    words = s.split()
    if len(words) > 1 and all(w == tr_upper(w) for w in words) and any(len(w) > 4 for w in words):
        s = " ".join(tr_title(w) if len(w) > 3 else w for w in words)
    elif len(words) == 1 and len(s) > 5 and s.isalpha() and s == tr_upper(s):
        s = tr_title(s)
    return s


def name_tokens(name: str) -> list[str]:
    """Folded words of a name (see :func:`_name_tokens`); a fresh list per call."""
    return list(_name_tokens(name))


@_memo
def _name_tokens(name: str) -> tuple[str, ...]:
    """Folded words of a name that identify it: no honorifics, particles or Arabic article.

    Compound Arabic names are joined ("Abdul Rahman" → "abdulrahman") so that their one-word
    Turkish spelling ("Abdurrahman") aligns word for word.
    """
    lex = name_lexicon()
    s = strip_honorifics(canonical_name(name))
    s = strip_accents(tr_lower(s))
    tokens: list[str] = []
    for word in s.split():
        parts = [p for p in re.split(rf"[{_HYPHENS}]", word) if p]
        if len(parts) > 1 and parts[0].strip(APOSTROPHES) in lex.hyphenated_articles:
            parts = parts[1:]
        for part in parts:
            part = _PUNCT_RE.sub("", part)
            if not part or part in lex.particles or part in lex.standalone_articles:
                continue
            tokens.append(part)
    joined: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in lex.compound_prefixes and i + 1 < len(tokens):
            joined.append(tok + tokens[i + 1])
            i += 2
            continue
        joined.append(tok)
        i += 1
    return tuple(joined)


def _collapse_doubles(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@_memo
def token_key(token: str) -> str:
    """Phonetic key of one folded name word (see :func:`translit_key`)."""
    lex = name_lexicon()
    s = token
    for a, b in lex.initial_rules:
        if s.startswith(a):
            s = b + s[len(a) :]
            break
    for a, b in lex.rules:
        s = s.replace(a, b)
    s = "".join(lex.fold.get(c, c) for c in s)
    s = re.sub(r"[^a-z]", "", s)
    if s.startswith("abd") and len(s) > 4:
        # Undo the assimilated Arabic article of "Abd al-…": abdur-rahman / abdul-rahman → abd-rahman.
        rest = s[3:]
        if rest[0] in "aeiou":
            rest = rest[1:]
        if len(rest) > 1 and rest[0] == "l" and rest[1] not in "aeiou":
            rest = rest[1:]
        elif len(rest) > 1 and rest[0] == rest[1]:
            rest = rest[1:]
        s = "abd" + rest
    s = _collapse_doubles(s)
    if len(s) > 1:
        s = s[0] + s[1:].replace("h", "")
    s = _collapse_doubles(s)
    if len(s) > 2 and s[-1] in lex.final_devoicing:
        s = s[:-1] + lex.final_devoicing[s[-1]]
    s = "".join(lex.vowel_classes.get(c, c) for c in s)
    return _collapse_doubles(s)


def translit_key(name: str) -> str:
    """One phonetic key for Turkish and foreign spellings of a name.

    "Al Sani" and "Al Thani" → "sani"; "Şi Cinping" and "Xi Jinping" → "si cinpink";
    "Hasan Reşat" and "Hassan Rashad" → "hasan rasat". Steps, each a data rule: honorifics,
    particles and the Arabic article dropped; digraphs mapped (sh→ş, th→s, j→c, initial x→ş…);
    diacritics folded; doubled letters collapsed; non-initial h dropped; final stops devoiced;
    vowels reduced to two classes (a/e, i/ı/u/o). Different people can share a key; callers
    compare keys with a similarity threshold and keep given names apart (see resolve.same_entity).
    """
    return " ".join(k for k in (token_key(t) for t in name_tokens(name)) if k)
