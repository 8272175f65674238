"""Entity resolution: which person, organisation or place each mention names.

Two levels, as in the flow of DESIGN.md:

1. Within an article (:func:`resolve_in_document`): Turkish news names a person in full once
   ("İbrahim Kalın") and by surname after ("Kalın'ın"); it defines an acronym once ("Milli
   İstihbarat Teşkilatı (MİT)") and uses it after. Both are tied back to the full form.
2. Across articles (:class:`Resolver`): the in-article name is looked up in the knowledge base —
   exactly, by phonetic key across transliterations ("Al Thani" = "Al Sani"), by surname with the
   title and date to choose between namesakes — and names the KB does not know get a stable id
   derived from their phonetic key, so one unknown person gets one id in every article.

:func:`same_entity` is the pairwise score both levels use. It is deliberately strict about given
names: "Hakan Kalın" and "İbrahim Kalın" share a surname, not an identity, and a report that
swaps them is a conflict to flag, not a spelling to merge.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from haberdar.kb import Entity, KnowledgeBase, load_default_kb
from haberdar.kb.names import (
    acronym_matches,
    canonical_name,
    fold_name,
    is_acronym_surface,
    name_tokens,
    split_suffix,
    token_key,
    translit_key,
)
from haberdar.text import tr_upper

__all__ = [
    "MATCH_THRESHOLD",
    "Mention",
    "ResolvedMention",
    "Resolver",
    "canonical_name",
    "find_acronym_definitions",
    "resolve_in_document",
    "same_entity",
    "split_suffix",
    "translit_key",
    "unknown_entity_id",
]

# same_entity scores at or above this mean "the same entity". Calibrated on the scale below:
# 1.0 identical, 0.95 acronym or transliteration, ≥0.84 fuzzy word-by-word, 0.9 name with a
# middle name left out, 0.8 surname (or tail) of a full name, ≤0.5 anything else.
MATCH_THRESHOLD = 0.75
# A word pair counts as the same word at this rapidfuzz ratio of phonetic keys (and only for keys
# of five letters or more with the same first letter): "Pezeşkiyan" ≈ "Pezeshkian", while
# "Yılmaz"/"Yıldız" (0.67) and "Ahmet"/"Mehmet" (short keys) stay apart.
TOKEN_RATIO = 0.88
_MIN_FUZZY_KEY = 5

_KB_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "NORP": "ORG"}


class Mention(NamedTuple):
    """A mention as the NER stage gives it: surface text, label and character span."""

    surface: str
    label: str
    start: int
    end: int


@dataclass(slots=True)
class ResolvedMention:
    """A mention with its name resolved.

    ``stem``/``suffix`` split the case suffix off the surface ("Kalın", "'ın"); ``canonical`` is
    the name the mention stands for (the full name for a surname, the expansion for an acronym,
    the KB name once resolved across articles); ``antecedent`` is the index, in the input list,
    of the mention that supplied it. ``entity_id`` and ``score`` are set by :class:`Resolver`.
    """

    surface: str
    label: str
    start: int
    end: int
    stem: str
    suffix: str
    canonical: str
    antecedent: int | None = None
    entity_id: str | None = None
    score: float = 0.0


# ----------------------------------------------------------------------------- scoring


def _token_similarity(a: str, b: str) -> float:
    """Similarity of two folded name words: 1 equal, 0.95 same phonetic key, fuzzy, or 0."""
    if a == b:
        return 1.0
    ka, kb = token_key(a), token_key(b)
    if ka == kb:
        return 0.95
    if min(len(ka), len(kb)) >= _MIN_FUZZY_KEY and ka[0] == kb[0]:
        ratio = fuzz.ratio(ka, kb) / 100.0
        if ratio >= TOKEN_RATIO:
            return ratio * 0.95
    return 0.0


def _align_subsequence(short: list[str], long: list[str]) -> list[tuple[int, int, float]] | None:
    """Match every word of ``short`` to words of ``long`` in order, ending on ``long``'s last word.

    Returns the (short index, long index, similarity) pairs, or None when no such alignment
    exists. Greedy from the end: names are told apart by their last word first.
    """
    pairs: list[tuple[int, int, float]] = []
    j = len(long) - 1
    for i in range(len(short) - 1, -1, -1):
        while j >= 0:
            sim = _token_similarity(short[i], long[j])
            j -= 1
            if sim > 0:
                pairs.append((i, j + 1, sim))
                break
            if i == len(short) - 1:
                return None  # the last words must match
        else:
            return None
    return pairs[::-1]


@functools.lru_cache(maxsize=200_000)
def same_entity(a: str, b: str) -> float:
    """Score (0..1) that two names refer to the same entity; ``>= MATCH_THRESHOLD`` means yes.

    - identical up to case, suffix, honorific and diacritics → 1.0
      ("Şeyh Muhammed bin Abdurrahman Al Sani" / "Muhammed bin Abdurrahman Al Sani");
    - an acronym and its expansion → 0.95 ("BMGK" / "Birleşmiş Milletler Güvenlik Konseyi");
    - same phonetic key → 0.95 ("Al Sani" / "Al Thani", "Şi Cinping" / "Xi Jinping");
    - word by word, every word similar → ~0.84–0.95 ("Mesud Pezeşkiyan" / "Masoud Pezeshkian");
    - the shorter name inside the longer, first and last words matching → 0.9 ("Recep Erdoğan" /
      "Recep Tayyip Erdoğan"); the shorter is the longer's tail (surname) → 0.8 ("Putin");
    - different given names with the same surname → ≤ 0.5 ("Hakan Kalın" / "İbrahim Kalın").
    """
    ca, cb = canonical_name(a), canonical_name(b)
    if not ca or not cb:
        return 0.0
    if fold_name(ca) == fold_name(cb):
        return 1.0
    if acronym_matches(ca, cb) or acronym_matches(cb, ca):
        return 0.95
    ta, tb = name_tokens(ca), name_tokens(cb)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    if [token_key(t) for t in ta] == [token_key(t) for t in tb]:
        return 0.95
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == len(long):
        sims = [_token_similarity(x, y) for x, y in zip(short, long, strict=True)]
        mean = sum(sims) / len(sims)
        if all(s > 0 for s in sims):
            return mean
        return 0.5 * mean
    pairs = _align_subsequence(short, long)
    if pairs is None:
        return 0.0
    mean = sum(s for _, _, s in pairs) / len(pairs)
    if len(short) >= 2 and pairs[0][1] == 0:
        return 0.9 * mean
    return 0.8 * mean


# ----------------------------------------------------------------------------- in-document

_WORD = r"[^\W\d_][\w'’\-]*"
# Find the bracketed acronym first, then read the words before it: a regex that starts at every
# word and looks ahead for a bracket backtracks over the whole article.
_BRACKET_RE = re.compile(r"\(\s*([^\W\d_][\w.]{1,9})\s*\)")
_WORDS_BEFORE_RE = re.compile(rf"((?:{_WORD}\s+){{0,9}}{_WORD})\s*$")
_LOOKBACK = 160


def find_acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms a text defines, "Expansion (ACR)" → {"ACR": "Expansion"}.

    The expansion is the shortest run of capitalised words before the bracket whose initials
    spell the acronym ("Birleşmiş Milletler Güvenlik Konseyi (BMGK)"); when none do (foreign
    acronyms: "Sivil Askeri Koordinasyon Merkezi (CMCC)") it is the whole capitalised run. A
    word with an apostrophe suffix ends the run ("İsrail'in Birleşmiş Milletler …").
    """
    out: dict[str, str] = {}
    for b in _BRACKET_RE.finditer(text):
        acronym = b.group(1).rstrip(".")
        if not is_acronym_surface(acronym) or acronym in out:
            continue
        before = _WORDS_BEFORE_RE.search(text[max(0, b.start() - _LOOKBACK) : b.start()])
        if before is None:
            continue
        words = before.group(1).split()
        run: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper() or split_suffix(word)[1]:
                break
            run.insert(0, word)
        if not run:
            continue
        expansion = " ".join(run)
        for k in range(len(run) - 1, -1, -1):
            candidate = " ".join(run[k:])
            if acronym_matches(acronym, candidate):
                expansion = candidate
                break
        out[acronym] = expansion
    return out


def _as_mention(m: Any) -> Mention:
    if isinstance(m, Mention):
        return m
    if isinstance(m, (tuple, list)):
        return Mention(str(m[0]), str(m[1]), int(m[2]), int(m[3]))
    # records of other stages may call the surface "text"
    surface = getattr(m, "surface", None)
    if surface is None:
        surface = getattr(m, "text", "")
    return Mention(str(surface), str(m.label), int(m.start), int(m.end))


def _nearest(i: int, cands: Sequence[int], items: Sequence[ResolvedMention]) -> int | None:
    """The nearest candidate before mention ``i``, else the nearest after it."""
    before = [j for j in cands if items[j].start < items[i].start]
    if before:
        return max(before, key=lambda j: items[j].start)
    after = [j for j in cands if items[j].start > items[i].start]
    return min(after, key=lambda j: items[j].start) if after else None


def resolve_in_document(
    mentions: Iterable[Any], *, text: str | None = None
) -> list[ResolvedMention]:
    """Tie each mention of one article to the fullest form the article gives it.

    ``mentions`` are (surface, label, start, end) tuples or objects with those attributes.
    People: a shorter name ("Kalın", "Al Sani") takes the full name it is the tail of — the
    nearest one before it, else the nearest after (headlines come before the body that names
    the person in full); spelling variants of one full name take the first one's form.
    Organisations: an acronym takes its expansion, from a definition in ``text`` or from an
    expansion mention whose initials it is ("Mit" in a title-cased headline included).
    The output is in input order.
    """
    ms = [_as_mention(m) for m in mentions]
    items: list[ResolvedMention] = []
    for m in ms:
        stem, suffix = split_suffix(m.surface)
        items.append(
            ResolvedMention(m.surface, m.label, m.start, m.end, stem, suffix, canonical_name(stem))
        )

    label_of = [_KB_TYPES.get(tr_upper(it.label), tr_upper(it.label)) for it in items]
    tokens = [name_tokens(it.canonical) for it in items]

    # people: spelling variants of full names first, then short forms onto full ones
    persons = [i for i, lab in enumerate(label_of) if lab == "PER" and tokens[i]]
    by_start = sorted(persons, key=lambda i: items[i].start)
    full = [i for i in by_start if len(tokens[i]) >= 2]
    for pos, i in enumerate(full):
        for j in full[:pos]:
            if (
                len(tokens[j]) == len(tokens[i])
                and same_entity(items[i].canonical, items[j].canonical) >= 0.9
            ):
                items[i].canonical = items[j].canonical
                items[i].antecedent = j
                break
    for i in persons:
        longer = [
            j
            for j in full
            if len(tokens[j]) > len(tokens[i])
            and same_entity(items[i].canonical, items[j].canonical) >= MATCH_THRESHOLD
        ]
        j = _nearest(i, longer, items)
        if j is not None:
            items[i].canonical = items[j].canonical
            items[i].antecedent = j if items[j].antecedent is None else items[j].antecedent

    # organisations: acronyms onto expansions
    definitions = (
        {fold_name(k): v for k, v in find_acronym_definitions(text).items()} if text else {}
    )
    orgs = [i for i, lab in enumerate(label_of) if lab in ("ORG", "LOC")]
    expansions = [i for i in orgs if len(items[i].canonical.split()) >= 2]
    for i in orgs:
        stem = items[i].canonical
        if " " in stem:
            continue
        defined = definitions.get(fold_name(stem))
        cands = [
            j
            for j in expansions
            if (defined and fold_name(items[j].canonical) == fold_name(defined))
            or acronym_matches(stem, items[j].canonical, allow_titlecase=label_of[i] == "ORG")
            or (items[j].end <= items[i].start <= items[j].end + 2)  # "Expansion (ACR)"
        ]
        j = _nearest(i, cands, items)
        if j is not None:
            items[i].canonical = items[j].canonical
            items[i].antecedent = j
        elif defined:
            items[i].canonical = defined
    return items


# ----------------------------------------------------------------------------- across articles


def unknown_entity_id(name: str, label: str) -> str:
    """A stable id for an entity the KB does not know: type prefix + hash of the phonetic key.

    "Hassan Rashad" in one article and "Hasan Reşat" in another get the same id
    ("per:…"), so corpus stages can count them together before anyone adds them to the KB.
    """
    prefix = _KB_TYPES.get(tr_upper(label), tr_upper(label) or "ENT").lower()
    key = translit_key(name) or fold_name(name)
    return f"{prefix}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


class Resolver:
    """Resolve names to knowledge-base entities, with stable ids for the ones it lacks.

    Holds the KB (loaded once) and a cache, so resolving the same name again is a dict lookup.
    """

    def __init__(
        self, kb: KnowledgeBase | None = None, *, threshold: float = MATCH_THRESHOLD
    ) -> None:
        self.kb = kb if kb is not None else load_default_kb()
        self.threshold = threshold
        self._cache: dict[
            tuple[str, str, date | None, str | None], tuple[str | None, str, float]
        ] = {}

    def _type_ok(self, entity: Entity, etype: str | None) -> bool:
        if etype is None or entity.type == etype:
            return True
        # NER labels countries and cities ORG or LOC inconsistently ("ABD", "Gazze")
        return {entity.type, etype} == {"ORG", "LOC"}

    def _narrow(self, cands: list[Entity], on: date | None, title: str | None) -> list[Entity]:
        """Prefer holders of ``title`` on ``on``, then entities holding any office on ``on``."""
        if len(cands) <= 1:
            return cands
        if title:
            holders = {e.id for e in self.kb.holders(title, on=on)}
            hit = [e for e in cands if e.id in holders]
            if hit:
                return hit
        if on is not None:
            active = [e for e in cands if self.kb.roles_of(e.id, on)]
            if active:
                return active
        same_type_first = sorted(cands, key=lambda e: e.type != "PER")
        return same_type_first

    def _best_by_score(self, name: str, cands: list[Entity]) -> list[tuple[float, Entity]]:
        scored = []
        for e in cands:
            score = max(same_entity(name, n) for n in (e.name, *e.aliases))
            if score >= self.threshold:
                scored.append((score, e))
        scored.sort(key=lambda se: -se[0])
        return scored

    def _match(
        self, name: str, etype: str | None, on: date | None, title: str | None
    ) -> tuple[Entity | None, float]:
        # 1. exact name/alias, phonetic key or known acronym
        found = self.kb.find(name)
        exact = [e for e in found if self._type_ok(e, etype)]
        if not exact and len({e.id for e in found}) == 1 and len(name_tokens(name)) >= 1:
            # the KB knows the name as one entity of another type ("Trump" tagged ORG is the
            # person): the KB's type wins over the tagger's
            e = found[0]
            if fold_name(name) in {fold_name(n) for n in (e.name, *e.aliases)}:
                return e, 0.95
        if exact:
            narrowed = self._narrow(exact, on, title)
            if len(narrowed) == 1 or len({e.id for e in narrowed}) == 1:
                e = narrowed[0]
                names = {fold_name(n) for n in (e.name, *e.aliases)}
                if (not e.curated and fold_name(name) not in names and len(name_tokens(name)) == 1
                        and not (title and e in self.kb.holders(title, on=on))):
                    # one word that only sounds like a table's name ("Abdülhamit", the sultan,
                    # and Bangladesh's president Abdul Hamid): no evidence for the table's man
                    return None, 0.0
                return e, 1.0 if fold_name(name) in names else 0.95
            return None, 0.0
        toks = name_tokens(name)
        # 2. a surname alone: only when title/date or uniqueness decides
        if len(toks) == 1 and etype in (None, "PER"):
            cands = self.kb.find(name, partial=True, type="PER")
            narrowed = self._narrow(cands, on, title)
            if len(narrowed) == 1:
                confirmed = title is not None and narrowed[0] in self.kb.holders(title, on=on)
                roles = self.kb.roles_of(narrowed[0].id)
                if title and not confirmed and roles:
                    # "İçişleri Bakanı Güler" is not the KB's Yaşar Güler, who held another
                    # office: a title the candidate never held is evidence against him
                    return None, 0.0
                if not confirmed and not narrowed[0].curated:
                    # a bare surname of someone the KB knows only from an office table (a
                    # minister, a governor, a foreign leader): "Şahin", "Yılmaz", "Bilal" name
                    # many people, and only a title held that day ties the word to the table's
                    # one; the curated actors are those news names by surname alone
                    return None, 0.0
                return narrowed[0], 0.9 if confirmed else 0.8
            return None, 0.0
        # 3. fuzzy over the entities that share a word's phonetic key
        cands = [e for e in self.kb.candidates(name) if self._type_ok(e, etype)]
        scored = self._best_by_score(name, cands)
        if not scored:
            return None, 0.0
        top = [e for s, e in scored if s >= scored[0][0] - 0.02]
        if len(top) > 1:
            top = self._narrow(top, on, title)
            if len(top) != 1:
                return None, 0.0
        best = top[0]
        if not best.curated and not any(len(name_tokens(n)) == len(toks) for n in (best.name, *best.aliases)):
            # a name of another length than the table's ("Ali Şahin", "Muhammed Şahin" for the
            # table's Mehmet Ali Şahin): another person of the surname as likely as he
            return None, 0.0
        return best, next(s for s, e in scored if e.id == best.id)

    def _title_anchors(
        self, items: list[ResolvedMention], order: list[int], title_before: dict[int, str], on: date | None
    ) -> dict[int, tuple[str, str, float]]:
        """Surnames that a title and the article's date pin to the office's holder.

        "Başbakan Erdoğan" on 2014-01-10 is the KB's Başbakan that day, even when the article
        also names "Bilal Erdoğan" (a namesake is a candidate, not a default). A later bare
        "Erdoğan" takes the nearest earlier mention of that surname: the holder when that was
        the titled one. Returns {mention index: (entity id, name, score)}."""
        out: dict[int, tuple[str, str, float]] = {}
        last: dict[str, tuple[str, str, float] | None] = {}
        for i in order:
            it = items[i]
            if tr_upper(it.label) != "PER":
                continue
            own = canonical_name(it.stem)
            toks = name_tokens(own)
            if not toks:
                continue
            surname = toks[-1]
            if len(toks) == 1 and i in title_before:
                entity_id, name, score = self.resolve(own, "PER", on, title=title_before[i])
                holder = bool(entity_id) and any(
                    e.id == entity_id for e in self.kb.holders(title_before[i], on=on))
                if holder and entity_id is not None:
                    out[i] = (entity_id, name, score)
                    it.antecedent = None
                    last[surname] = out[i]
                    continue
            if len(toks) == 1 and last.get(surname) is not None and i not in title_before:
                out[i] = last[surname]  # type: ignore[assignment]
                it.antecedent = None
                continue
            if len(toks) >= 2:
                last[surname] = None  # a full name: the in-article rule ties the next bare surname
        return out

    def resolve(
        self, name: str, label: str = "PER", on: date | None = None, *, title: str | None = None
    ) -> tuple[str | None, str, float]:
        """(entity id, canonical name, score) for a name with its NER label.

        ``on`` (the article's date) and ``title`` (a title written before the name, "MİT
        Başkanı") choose between namesakes: "Kalın" with "MİT Başkanı" on 2024-09-13 is
        İbrahim Kalın. Known entities give their KB id and name with the match score; unknown
        ones a stable ``per:/org:/loc:`` id (:func:`unknown_entity_id`) and score 0. TITLE
        mentions are not entities: (None, name, 0.0). An empty name gives (None, "", 0.0).
        """
        canonical = canonical_name(name)
        if not canonical:
            return None, "", 0.0
        ulabel = tr_upper(label)
        if ulabel == "TITLE":
            return None, canonical, 0.0
        cache_key = (canonical, ulabel, on, title)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        entity, score = self._match(canonical, _KB_TYPES.get(ulabel), on, title)
        if entity is not None:
            result: tuple[str | None, str, float] = (entity.id, entity.name, score)
        else:
            result = (unknown_entity_id(canonical, ulabel), canonical, 0.0)
        self._cache[cache_key] = result
        return result

    def resolve_mentions(
        self, mentions: Iterable[Any], *, text: str | None = None, on: date | None = None
    ) -> list[ResolvedMention]:
        """Resolve an article's mentions: in the article first, then against the KB.

        A TITLE mention that ends right before a PER mention ("MİT Başkanı" + "Kalın") is
        passed as that person's title. Mentions resolved to one in-article name share an id.
        """
        items = resolve_in_document(mentions, text=text)
        order = sorted(range(len(items)), key=lambda i: items[i].start)
        title_before: dict[int, str] = {}
        for a, b in zip(order, order[1:], strict=False):
            if tr_upper(items[a].label) == "TITLE" and tr_upper(items[b].label) == "PER":
                if 0 <= items[b].start - items[a].end <= 2:
                    title_before[b] = items[a].stem
        anchored = self._title_anchors(items, order, title_before, on)
        for i, item in enumerate(items):
            if tr_upper(item.label) == "TITLE":
                continue
            if i in anchored:
                item.entity_id, item.canonical, item.score = anchored[i]
                continue
            root = item.antecedent if item.antecedent is not None else i
            title = title_before.get(i) or title_before.get(root)
            entity_id, name, score = self.resolve(item.canonical, item.label, on, title=title)
            item.entity_id, item.score = entity_id, score
            if score > 0:
                item.canonical = name
        return items
