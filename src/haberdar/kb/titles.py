"""The Turkish title lexicon (``data/titles_tr.yaml``): heads of office titles and their forms.

Both the knowledge base (to compare "MİT Başkanı" with "Milli İstihbarat Teşkilatı Başkanı")
and the TITLE finder in ``analyse.roles`` read titles through this one object, so that a title
found in text and a title stored in the knowledge base are cut into organisation and head the
same way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from haberdar.kb.data import load_data_yaml
from haberdar.kb.names import fold_name
from haberdar.text import tr_lower


@dataclass(frozen=True, slots=True)
class Head:
    """One written form of a title head ("Başkanı", "Başkan", "Dışişleri Bakanı").

    ``canonical`` is the possessive form ("Başkanı" for "Başkan"); ``key`` its folded form, which
    role keys compare. ``bare`` marks the bare form, which news uses only directly before a
    name ("Başkan Kalın"); ``before_name`` is False for bare forms that are also given names.
    ``standalone`` heads name an office with no organisation or person around them
    ("Cumhurbaşkanı", "Dışişleri Bakanı").
    """

    canonical: str
    key: str
    bare: bool = False
    before_name: bool = True
    standalone: bool = False


@dataclass(frozen=True, slots=True)
class TitleLexicon:
    """Heads indexed by their folded word sequences, plus the word lists of title parsing."""

    heads: dict[tuple[str, ...], Head]
    max_words: int
    extensions: frozenset[str]  # folded
    multi_holder: frozenset[str]  # head keys
    person_stopwords: frozenset[str]
    name_particles: frozenset[str]
    genitive_suffixes: frozenset[str]
    # last words of ministry portfolios, folded ("dısısleri"): "Dışişleri ve Güvenlik Politikaları
    # Yüksek Temsilcisi" is one office whose organisation is coordinated
    portfolio_words: frozenset[str] = frozenset()
    # offices that exist once per body ("Belediye Başkanı", "Teknik Direktörü"): written without
    # their body (or with a country alone) they name one of many holders, folded
    needs_body: frozenset[str] = frozenset()
    # words before a title that put its holder in the past ("eski", "dönemin"), lower-cased
    former_qualifiers: frozenset[str] = frozenset()

    def head_at(self, words: list[str], i: int) -> tuple[int, Head] | None:
        """Longest head starting at ``words[i]`` (folded words); (number of words, head)."""
        for n in range(min(self.max_words, len(words) - i), 0, -1):
            head = self.heads.get(tuple(words[i : i + n]))
            if head is not None:
                return n, head
        return None

    def head_at_end(self, words: list[str]) -> tuple[int, Head] | None:
        """Longest head ending the folded word list; (number of words, head)."""
        for n in range(min(self.max_words, len(words)), 0, -1):
            head = self.heads.get(tuple(words[len(words) - n :]))
            if head is not None:
                return n, head
        return None

    def extend(self, head: Head, words: list[str]) -> Head:
        """The head extended by possessive nouns written after it ("Başkanı" + "Adayı")."""
        if not words:
            return head
        canonical = " ".join([head.canonical, *words])
        return Head(canonical=canonical, key=fold_name(canonical), standalone=head.standalone)

    def is_multi_holder(self, head_key: str) -> bool:
        """Whether several people hold the office at once (deputies, members, advisers)."""
        return head_key in self.multi_holder


def _words(s: str) -> tuple[str, ...]:
    return tuple(fold_name(s).split())


@functools.cache
def title_lexicon() -> TitleLexicon:
    """Load ``titles_tr.yaml`` once per process, with portfolio heads expanded."""
    raw = load_data_yaml("titles_tr.yaml")
    heads: dict[tuple[str, ...], Head] = {}

    def add(
        surface: str,
        canonical: str,
        *,
        bare: bool = False,
        before_name: bool = True,
        standalone: bool = False,
    ) -> None:
        heads.setdefault(
            _words(surface),
            Head(
                canonical=canonical,
                key=fold_name(canonical),
                bare=bare,
                before_name=before_name,
                standalone=standalone,
            ),
        )

    for entry in raw["heads"]:
        poss = entry["possessive"]
        add(poss, poss, standalone=entry.get("standalone", False))
        if entry.get("base") and entry["base"] != poss:
            add(entry["base"], poss, bare=True, before_name=entry.get("base_before_name", True))
    portfolio_heads = raw["portfolio_heads"]
    for portfolio in raw["portfolios"]:
        for ph in portfolio_heads:
            if ph == "Bakan":
                continue  # "Dışişleri Bakan" is not written; the bare form goes alone
            add(f"{portfolio} {ph}", f"{portfolio} {ph}", standalone=True)
    return TitleLexicon(
        heads=heads,
        max_words=max(len(k) for k in heads),
        extensions=frozenset(fold_name(w) for w in raw["head_extensions"]),
        multi_holder=frozenset(fold_name(h) for h in raw["multi_holder"]),
        needs_body=frozenset(fold_name(h) for h in raw.get("needs_body", ())),
        person_stopwords=frozenset(tr_lower(w) for w in raw["person_stopwords"]),
        name_particles=frozenset(tr_lower(w) for w in raw["name_particles"]),
        genitive_suffixes=frozenset(tr_lower(w) for w in raw["genitive_suffixes"]),
        portfolio_words=frozenset(fold_name(p.split()[-1]) for p in raw["portfolios"]),
        former_qualifiers=frozenset(tr_lower(w) for w in raw.get("former_qualifiers", ())),
    )


def split_title(title: str) -> tuple[str, Head | None]:
    """Cut a title into (organisation text, head): "MİT Başkanı" → ("MİT", Başkanı).

    The organisation text keeps its original spelling (an acronym stays recognisable). A title
    with no known head comes back as ("", None): the caller compares it as a whole.
    """
    lex = title_lexicon()
    raw_words = title.split()
    folded = [fold_name(w) for w in raw_words]
    # words that fold to nothing (a lone comma) are dropped from both lists alike
    pairs = [(r, f) for r, f in zip(raw_words, folded, strict=True) if f]
    if not pairs:
        return "", None
    # a folded raw word can hold several words ("T.C." → "t c"); keep one list of folded words
    flat: list[str] = []
    owner: list[int] = []
    for idx, (_, f) in enumerate(pairs):
        for piece in f.split():
            flat.append(piece)
            owner.append(idx)
    hit = lex.head_at_end(flat)
    ext: list[str] = []
    # "Belediye Başkanı Adayı": no head ends the title, but one does before the extension
    while hit is None and len(flat) > 1 and flat[-1] in lex.extensions and owner[-1] != owner[-2]:
        ext.insert(0, pairs[owner[-1]][0])
        flat.pop()
        owner.pop()
        hit = lex.head_at_end(flat)
    if hit is None:
        return "", None
    n, head = hit
    first_head_word = owner[len(flat) - n]
    org = " ".join(r for r, _ in pairs[:first_head_word])
    return org, lex.extend(head, ext)
