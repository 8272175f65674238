"""TITLE mentions: offices written in front of names ("MİT Başkanı İbrahim Kalın").

A Turkish title is ``[country] [organisation] HEAD [person]``:

- the head is a noun in the 3rd-person possessive ("Başkanı", "Bakanı", "Genel Sekreteri") or a
  compound that always is ("Cumhurbaşkanı"); ministry heads include their portfolio
  ("Dışişleri Bakanı"). The heads are data (``data/titles_tr.yaml``);
- the organisation is the run of capitalised words before the head, possibly with a bracketed
  acronym ("Milli İstihbarat Teşkilatı (MİT) Başkanı") or in the genitive ("MİT’in Başkanı",
  even after its lower-cased expansion: "Türkiye’nin milli istihbarat teşkilatı MİT’in
  Başkanı"); a leading country is split off ("Katar Başbakanı", "Mısır Genel İstihbarat
  Servisi Başkanı");
- the person is the run of capitalised words right after the head, ending at a comma, a
  function word ("ile", "ve" — in any case, headlines are title-cased), an apostrophe suffix
  ("Kalın’ın") or a word the knowledge base knows as an organisation or place ("Kalın Hamas
  Siyasi Büro liderleriyle").

Coordinated titles share their holder: in "Katar Başbakanı ve Dışişleri Bakanı Şeyh Muhammed…"
both titles are his, and the second is Katar's too.

:func:`role_key` normalises a title so that spellings of one office compare equal, for the KB
query and for the contradiction check (two names for one office on one day).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from haberdar.kb.names import (
    acronym_of,
    fold_name,
    is_acronym_surface,
    name_lexicon,
    split_suffix,
    strip_accents,
)
from haberdar.kb.positions import position_table
from haberdar.kb.titles import Head, title_lexicon
from haberdar.text import tr_lower, tr_upper
from haberdar.tr.morph import shared_morphology

if TYPE_CHECKING:
    from haberdar.kb import KnowledgeBase

__all__ = ["TitleMention", "find_titles", "role_key"]

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’‘`´][^\W\d_]+)*|\d+|[^\w\s]")
_SENTENCE_END = frozenset(".!?:;")
_MAX_PERSON_WORDS = 6


@dataclass(slots=True)
class TitleMention:
    """A title found in text, with the organisation, country and holder it names.

    ``start``/``end``/``text``: the title's span, from the country or organisation to the end of
    the head. ``head``: the head as written ("Başkanı"). ``organisation``: the body as written,
    suffix and bracketed acronym removed ("Milli İstihbarat Teşkilatı"); ``acronym`` the
    acronym that came with it ("MİT"); ``organisation_id`` its KB id when known (so "Mit" in a
    headline is MİT). ``country``: Turkish country name when one is written or shared from a
    coordinated title. ``person_start``/``person_end``/``person``: the holder's name right after
    the head (honorifics such as "Şeyh" left out; suffix excluded), or None.
    """

    start: int
    end: int
    text: str
    head: str
    organisation: str | None
    country: str | None
    person_start: int | None = None
    person_end: int | None = None
    person: str | None = None
    acronym: str | None = None
    organisation_id: str | None = None
    head_key: str = ""

    @property
    def title(self) -> str:
        """The title in a form :func:`role_key` and the KB read: "Katar Dışişleri Bakanı",
        "Mısır Genel İstihbarat Servisi Başkanı", "Türkiye MİT Başkanı"."""
        return " ".join(
            p for p in (self.country, self.organisation or self.acronym, self.head) if p
        )


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    stem: str
    suffix: str
    is_word: bool
    folded: str  # fold_name(stem)

    @property
    def capitalised(self) -> bool:
        return self.stem[:1].isupper()


# word → (stem, suffix, is_word, folded): the same few thousand words make up most of any text
_WORD_CACHE: dict[str, tuple[str, str, bool, str]] = {}
_WORD_CACHE_MAX = 200_000


def _word_parts(word: str) -> tuple[str, str, bool, str]:
    got = _WORD_CACHE.get(word)
    if got is None:
        is_word = word[:1].isalpha()
        stem, suffix = split_suffix(word) if is_word else (word, "")
        got = (stem, suffix, is_word, fold_name(stem))
        if len(_WORD_CACHE) >= _WORD_CACHE_MAX:
            _WORD_CACHE.clear()
        _WORD_CACHE[word] = got
    return got


class _Tokens:
    """The tokens of a text as a read-only sequence of :class:`_Tok`, each built on first access.

    A scan reads the tokens around the few words that can start a title head; the rest of an
    article is never turned into objects.
    """

    __slots__ = ("_matches", "_toks", "words")

    def __init__(self, text: str) -> None:
        self._matches = list(_TOKEN_RE.finditer(text))
        self._toks: list[_Tok | None] = [None] * len(self._matches)
        self.words: list[str] = list(map(re.Match.group, self._matches))

    def __len__(self) -> int:
        return len(self._matches)

    def _tok(self, k: int) -> _Tok:
        t = self._toks[k]
        if t is None:
            m = self._matches[k]
            w = m.group()
            t = self._toks[k] = _Tok(w, m.start(), m.end(), *_word_parts(w))
        return t

    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice):
            return [self._tok(i) for i in range(*k.indices(len(self._matches)))]
        if k < 0:
            k += len(self._matches)
            if k < 0:
                raise IndexError(k)
        return self._tok(k)


def _tokenize(text: str) -> _Tokens:
    return _Tokens(text)


_FIRST_WORDS: dict[int, frozenset[str]] = {}


def _first_words(lex: Any) -> frozenset[str]:
    """Folded first words of every title head (per lexicon object, computed once)."""
    key = id(lex)
    if key not in _FIRST_WORDS:
        _FIRST_WORDS[key] = frozenset(words[0] for words in lex.heads)
    return _FIRST_WORDS[key]


_LAST_WORDS: dict[int, frozenset[str]] = {}
# a case ending written without an apostrophe: "Başsavcısını", "Valisine", "Başkanıyla"
_CASE_TAIL_RE = re.compile(r"(?:n?[ıiuü]|y?[ae]|n?[dt][ae]|n?[dt][ae]n|n[ıiuü]n|yl[ae]|l[ae])")


def _inflected_head_word(lex: Any, folded: str) -> bool:
    """An office word with a case ending glued on ("başsavcısını"): no part of a name."""
    key = id(lex)
    if key not in _LAST_WORDS:
        _LAST_WORDS[key] = frozenset(words[-1] for words in lex.heads if len(words[-1]) >= 4)
    lasts = _LAST_WORDS[key]
    for cut in range(len(folded) - 1, max(3, len(folded) - 4), -1):
        if folded[:cut] in lasts and _CASE_TAIL_RE.fullmatch(folded[cut:]):
            return True
    return False


_PLURALS: dict[int, frozenset[str]] = {}


def _plural_head_word(lex: Any, folded: str) -> bool:
    """An office word in the plural ("yardımcıları", "başkanları", "milletvekilleri"): the
    title names several holders, so the capitalised words after it are no one person's name
    ("Genel Başkan Yardımcıları Erdoğan Toprak, Bülent Tezcan")."""
    key = id(lex)
    if key not in _PLURALS:
        forms = set()
        for words in lex.heads:
            last = words[-1]
            stem = re.sub(r"s?[iu]$", "", last)  # the possessive (folded: ı→i, ü→u)
            if len(stem) >= 3:
                forms.update((stem + "lari", stem + "leri"))
        _PLURALS[key] = frozenset(forms)
    return folded in _PLURALS[key]


_HEAD_STARTS: dict[int, dict[str, bool]] = {}
_PREFIXES: dict[int, tuple[int, frozenset[str]]] = {}


def _head_starts(first: frozenset[str]) -> dict[str, bool]:
    """Word → whether it folds to the first word of a head (per head set; bounded)."""
    got = _HEAD_STARTS.get(id(first))
    if got is None or len(got) >= _WORD_CACHE_MAX:
        got = _HEAD_STARTS[id(first)] = {}
    return got


def _starts_head(word: str, first: frozenset[str]) -> bool:
    """Whether ``word`` folds to one of the head first words ``first``.

    Most words are rejected from the fold of their first four letters alone: letters fold one
    by one into one or more letters each, so that is a prefix of the word's fold, which is then
    at least four letters long and can only be a first word starting with that prefix. The
    full suffix split and fold is computed for the other words.
    """
    got = _PREFIXES.get(id(first))
    if got is None:
        got = _PREFIXES[id(first)] = (4, frozenset(w[:4] for w in first if len(w) >= 4))
    n, prefixes = got
    head = unicodedata.normalize("NFC", word)[:n]
    if len(head) == n and head.isalpha():
        folded = strip_accents(tr_lower(head))
        if len(folded) >= n and folded[:n] not in prefixes:
            return False
    _, _, is_word, folded = _word_parts(word)
    return is_word and folded in first


_NOT_NAME_POS = ("Adv", "Conj", "Det", "Pron", "Postp", "Verb", "Ques", "Interj", "Num", "Dup")
_CASE_OR_POSSESSIVE = frozenset({"Loc", "Dat", "Abl", "Acc", "Gen", "Ins", "P1sg", "P2sg", "P3sg", "P1pl", "P2pl", "P3pl"})


def _bare_nominal(word: str, lex: Any) -> bool:
    """Whether a sentence-initial capitalised word can open a body's name: every reading of it
    is a noun or adjective (no adverb, conjunction, pronoun or verb reading: "Dün", "Ancak"),
    one of them uninflected (not "Görüşmede"), and it is no past qualifier ("Eski")."""
    if tr_lower(word) in lex.former_qualifiers:
        return False
    readings = shared_morphology().readings(word)
    if not readings or any(r.pos.startswith(_NOT_NAME_POS) for r in readings):
        return False
    return any(r.pos.startswith(("Noun", "Adj")) and not _CASE_OR_POSSESSIVE.intersection(r.morphemes)
               for r in readings)


def _possessed_noun(word: str) -> bool:
    """Whether every morphological reading of ``word`` is a common noun in the 3rd-person
    possessive ("Toplantısı", "Kurulu"), which no name is ("Kocabaşı" also reads as a plain
    noun, "Çavuşoğlu" as a proper one)."""
    readings = shared_morphology().readings(word)
    return bool(readings) and all(r.pos == "Noun" and "P3sg" in r.morphemes for r in readings)


def _default_kb() -> KnowledgeBase:
    from haberdar.kb import load_default_kb

    return load_default_kb()


class _Finder:
    """One pass of :func:`find_titles` over one text (holds the tokens and KB lookups)."""

    def __init__(self, text: str, kb: KnowledgeBase) -> None:
        self.text = text
        self.kb = kb
        self.toks = _tokenize(text)
        self.lex = title_lexicon()
        self.names = name_lexicon()
        self._types: dict[str, frozenset[str]] = {}

    # ---- lookups

    def kb_types(self, stem: str) -> frozenset[str]:
        """Entity types the KB knows a word or phrase as (cached per text)."""
        key = fold_name(stem)
        if key not in self._types:
            self._types[key] = frozenset(e.type for e in self.kb.find(stem))
        return self._types[key]

    def is_country(self, words: str) -> bool:
        return position_table().country(words) is not None

    def head_at(self, i: int) -> tuple[list[int], Head] | None:
        """Longest head starting at token ``i``: (token indices of its words, head)."""
        if not self.toks[i].is_word or self.toks[i].folded not in _first_words(self.lex):
            return None  # most tokens start no head: skip the longest-match walk
        idx: list[int] = []
        k = i
        while k < len(self.toks) and len(idx) < self.lex.max_words:
            tok = self.toks[k]
            if tok.is_word:
                idx.append(k)
                if tok.suffix:
                    break  # only the last word of a head can carry a suffix
            elif tok.text != ",":
                break
            k += 1
        words = [self.toks[j].folded for j in idx]
        hit = self.lex.head_at(words, 0)
        if hit is None:
            return None
        n, head = hit
        used = idx[:n]
        ext: list[str] = []
        k = used[-1] + 1
        while (
            k < len(self.toks)
            and not self.toks[used[-1]].suffix
            and self.toks[k].is_word
            and self.toks[k].folded in self.lex.extensions
            and not self.line_break_after(k - 1)
        ):
            used.append(k)
            ext.append(self.toks[k].stem)
            k += 1
        return used, self.lex.extend(head, ext)

    def line_break_after(self, k: int) -> bool:
        """Whether a line ends between token ``k`` and the next: titles never span lines."""
        if k + 1 >= len(self.toks):
            return False
        return "\n" in self.text[self.toks[k].end : self.toks[k + 1].start]

    def sentence_initial(self, k: int) -> bool:
        if k == 0:
            return True
        prev = self.toks[k - 1]
        gap = self.text[prev.end : self.toks[k].start]
        return prev.text in _SENTENCE_END or "\n" in gap

    # ---- organisation, walking back from the head

    def walk_back(self, h: int, barrier: int) -> tuple[list[int], str | None, int | None]:
        """Tokens of the organisation before head token ``h``; bracketed acronym; country genitive.

        Returns (organisation word token indices in order, acronym, index of a genitive country
        token found in front, if any).
        """
        toks = self.toks
        org: list[int] = []
        acronym: str | None = None
        country_gen: int | None = None
        k = h - 1
        if k - 2 >= barrier and toks[k].text == ")" and toks[k - 2].text == "(":
            inner = toks[k - 1]
            if inner.is_word and is_acronym_surface(inner.stem):
                acronym = inner.stem
                k -= 3
        while k >= barrier:
            tok = toks[k]
            if not tok.is_word or self.line_break_after(k):
                break
            low = tr_lower(tok.stem)
            if tok.suffix:
                genitive = tr_lower(tok.suffix[1:]) in self.lex.genitive_suffixes
                if not genitive:
                    break
                if not org and acronym is None:
                    org.append(k)  # "MİT’in Başkanı"
                    k -= 1
                    k = self._skip_lowercase_expansion(k, barrier, tok.stem)
                    continue
                if self.is_country(tok.stem):
                    country_gen = k  # "Türkiye’nin … Başkanı"
                elif self.kb_types(tok.stem) - {"PER"}:
                    org.insert(0, k)  # "Hamas’ın Siyasi Büro Başkanı"
                break
            if (
                not tok.capitalised
                or low in self.lex.person_stopwords
                or self.head_at(k) is not None
            ):
                break
            org.insert(0, k)
            k -= 1
            if (
                k - 1 >= barrier and org and toks[k].is_word and tr_lower(toks[k].text) == "ve"
                and toks[k - 1].is_word and toks[k - 1].capitalised and not toks[k - 1].suffix
                and toks[k - 1].folded in self.lex.portfolio_words
            ):
                # "Dışişleri ve Güvenlik Politikaları Yüksek Temsilcisi": one coordinated organisation
                org[:0] = [k - 1, k]
                k -= 2
        if (
            country_gen is None
            and org
            and org[0] - 1 >= barrier
            and not self.line_break_after(org[0] - 1)
        ):
            prev = toks[org[0] - 1]
            if (
                prev.is_word
                and prev.suffix
                and tr_lower(prev.suffix[1:]) in self.lex.genitive_suffixes
            ):
                if self.is_country(prev.stem):
                    country_gen = org[0] - 1
        return org, acronym, country_gen

    def _skip_lowercase_expansion(self, k: int, barrier: int, acronym: str) -> int:
        """Skip a lower-cased expansion of ``acronym`` written before it ("milli istihbarat teşkilatı MİT’in")."""
        if not is_acronym_surface(acronym):
            return k
        n = len(acronym)
        start = k - n + 1
        if start < barrier or start < 0:
            return k
        span = self.toks[start : k + 1]
        if all(t.is_word and not t.suffix and t.stem.islower() for t in span):
            if acronym_of(" ".join(t.stem for t in span)) == tr_upper(acronym):
                return start - 1
        return k

    def split_country(self, org: list[int]) -> tuple[list[int], str | None, int | None]:
        """Split the first country off the run: (rest, Turkish country name, its first token).

        Words before the country are not part of the title ("Erdoğan Katar Emiri …").
        """
        toks = self.toks
        for s in range(len(org)):
            for n in range(min(4, len(org) - s), 0, -1):
                words = " ".join(toks[j].stem for j in org[s : s + n])
                country = position_table().country(words)
                if country is not None:
                    return org[s + n :], country.tr, org[s]
        return org, None, None

    # ---- person, walking forward from the head

    def walk_forward(self, p: int) -> tuple[int | None, int | None]:
        """Span of the holder's name starting at token ``p`` (honorifics skipped), or (None, None)."""
        toks = self.toks
        if p > 0 and self.line_break_after(p - 1):
            return None, None
        while p < len(toks) and toks[p].is_word and tr_lower(toks[p].stem) in self.names.honorifics:
            p += 1
            if p < len(toks) and toks[p].text == ".":
                p += 1
        words: list[int] = []
        while p < len(toks) and len(words) < _MAX_PERSON_WORDS:
            tok = toks[p]
            if not tok.is_word:
                if tok.text == "." and words and len(toks[words[-1]].stem) == 1:
                    p += 1  # an initial: "Donald J. Trump"
                    continue
                break
            low = tr_lower(tok.stem)
            if low in self.lex.person_stopwords:
                break
            if not tok.capitalised:
                nxt = toks[p + 1] if p + 1 < len(toks) else None
                particle = (
                    low in self.lex.name_particles
                    and nxt is not None
                    and nxt.is_word
                    and nxt.capitalised
                )
                hyphenated = "-" in tok.stem and tok.stem.split("-", 1)[1][:1].isupper()
                if words and (particle or hyphenated):
                    words.append(p)
                    p += 1
                    continue
                break
            hit = self.head_at(p)
            if hit is not None:
                if words and not hit[1].bare:
                    # "Devlet Başkanı Abu Dabi Emiri Şeyh Halife": words running into a
                    # possessive head are that title's body (a stacked title), not a holder
                    return None, None
                break
            if not tok.suffix and _inflected_head_word(self.lex, tok.folded):
                return None, None  # "Müsteşar İzmir Başsavcısını": the words lead to another office
            if _plural_head_word(self.lex, tok.folded):
                return None, None  # "Başkan Yardımcıları A, B": several holders, no one name
            types = self.kb_types(tok.stem)
            if types and "PER" not in types:
                break  # "Kalın Hamas …", "Bakanı Ankara’da"
            words.append(p)
            p += 1
            if tok.suffix or self.line_break_after(p - 1):
                break
        while words and tr_lower(toks[words[-1]].stem) in self.lex.name_particles:
            words.pop()
        if not words or any(_possessed_noun(toks[k].stem) for k in words):
            # "CHP Genel Başkanı PM Toplantısı'nda": a common noun with the possessive names a
            # thing of the office, not its holder
            return None, None
        return toks[words[0]].start, toks[words[-1]].start + len(toks[words[-1]].stem)

    # ---- the scan

    def run(self) -> list[TitleMention]:
        first = _first_words(self.lex)
        out: list[TitleMention] = []
        barrier = 0
        i = 0  # the scan resumes here: after the last mention's holder
        # only a word that starts some head can start a title: visit those, in order
        starts = _head_starts(first)
        words = self.toks.words
        for w in set(words).difference(starts):
            starts[w] = _starts_head(w, first)
        for k in [k for k, w in enumerate(words) if starts[w]]:
            if k < i:
                continue
            hit = self.head_at(k)
            if hit is None:
                continue
            head_idx, head = hit
            mention, next_i = self._mention(head_idx, head, barrier)
            if mention is None:
                continue
            out.append(mention)
            barrier = i = next_i
        self._share_coordinated(out)
        return out

    def _mention(
        self, head_idx: list[int], head: Head, barrier: int
    ) -> tuple[TitleMention | None, int]:
        toks = self.toks
        first, last = toks[head_idx[0]], toks[head_idx[-1]]
        head_end = last.start + len(last.stem)
        head_text = self.text[first.start : head_end]
        org, acronym, country_gen = self.walk_back(head_idx[0], barrier)
        # a sentence-initial word is taken only when the KB, a country list or the acronym
        # vouches for it: "Görüşmede MİT Başkanı" is not an office of "Görüşmede MİT"
        if org and self.sentence_initial(org[0]) and country_gen is None:
            run = " ".join(toks[j].stem for j in org)
            first_word = toks[org[0]]
            vouched = (
                self.kb_types(run)
                or self.kb_types(first_word.stem)
                or self.is_country(first_word.stem)
                or is_acronym_surface(first_word.stem)
                or (acronym is not None and acronym_of(run) == tr_upper(acronym))
                # "Halk Bankası", "Fatih Belediye Başkanı": a bare noun or name, never a word
                # that can be an adverb, a conjunction or an inflected form ("Görüşmede")
                or _bare_nominal(first_word.stem, self.lex)
                # a coordination walk_back took in: the portfolio lexicon vouched for the word
                or (len(org) > 1 and tr_lower(toks[org[1]].text) == "ve")
                # "Avrupa Birliği Dışişleri …": the run opens with a name the KB knows
                or any(
                    self.kb_types(" ".join(toks[j].stem for j in org[:n]))
                    for n in range(2, min(4, len(org) - 1) + 1)
                )
            )
            if not vouched:
                org = org[1:]
        org, country, country_tok = self.split_country(org)
        if country_gen is not None and country is None:
            country = position_table().country_tr(toks[country_gen].stem)
            country_tok = country_gen
        organisation = " ".join(toks[j].stem for j in org) or None
        if (
            organisation
            and acronym is None
            and len(org) == 1
            and is_acronym_surface(toks[org[0]].stem)
        ):
            acronym = toks[org[0]].stem
        p_start = p_end = None
        if not last.suffix:
            p_start, p_end = self.walk_forward(head_idx[-1] + 1)
        # what counts as a title mention
        if head.bare and (p_start is None or org or country or not head.before_name):
            return None, 0
        if not first.capitalised and (p_start is None or head.bare):
            return None, 0
        if p_start is None and not (organisation or country or acronym or head.standalone):
            return None, 0
        span_first = country_tok if country_tok is not None else (org[0] if org else head_idx[0])
        start = toks[span_first].start
        org_id = None
        if organisation or acronym:
            query = (
                f"{organisation} ({acronym})"
                if organisation and acronym and organisation != acronym
                else (organisation or acronym or "")
            )
            org_id = self.kb.organisation_id(query)
            if org_id is None and country:
                org_id = self.kb.organisation_id(f"{country} {query}")
        mention = TitleMention(
            start=start,
            end=head_end,
            text=self.text[start:head_end],
            head=head_text,
            organisation=organisation if organisation else acronym,
            country=country,
            person_start=p_start,
            person_end=p_end,
            person=self.text[p_start:p_end] if p_start is not None else None,
            acronym=acronym,
            organisation_id=org_id,
            head_key=head.key,
        )
        if p_end is not None:
            next_i = head_idx[-1] + 1  # the holder follows the head
            while next_i < len(toks) and toks[next_i].start < p_end:
                next_i += 1
        else:
            next_i = head_idx[-1] + 1
        return mention, next_i

    def _share_coordinated(self, out: list[TitleMention]) -> None:
        """ "X Başbakanı ve Dışişleri Bakanı Ad Soyad": both titles are the same person's."""
        for a, b in zip(out, out[1:], strict=False):
            between = self.text[a.end : b.start]
            if a.person_start is not None or tr_lower(between.strip()) not in ("ve", ","):
                continue
            if b.person_start is None or b.organisation or b.country:
                continue
            b.country = a.country
            b.organisation, b.acronym, b.organisation_id = (
                a.organisation,
                a.acronym,
                a.organisation_id,
            )
            a.person_start, a.person_end, a.person = b.person_start, b.person_end, b.person


def find_titles(text: str, *, kb: KnowledgeBase | None = None) -> list[TitleMention]:
    """TITLE mentions in ``text``, in order, with organisation, country and holder.

    ``kb`` (default: the process's default KB) tells organisations and places from people when
    a capitalised run could be either ("MİT Başkanı Kalın Hamas …": Hamas is not his surname).
    Offsets are into ``text`` as given; any apostrophe variant is understood.
    """
    return _Finder(text, kb if kb is not None else _default_kb()).run()


def role_key(
    title: str, organisation: str | None = None, *, kb: KnowledgeBase | None = None
) -> str:
    """A key equal for every spelling of one office: ``"<organisation>|<head>"``.

    "Milli İstihbarat Teşkilatı Başkanı", "MİT Başkanı", "Mit Başkanı" and ("Başkanı", "MİT")
    share a key. The organisation part is the KB id of the body or country when the KB knows
    it, else its folded text, and is empty when the title names none ("Dışişleri Bakanı").
    """
    return (kb if kb is not None else _default_kb()).role_key(title, organisation)
