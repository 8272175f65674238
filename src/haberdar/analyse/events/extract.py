"""A Turkish event grammar over morphology: who met whom, where, when, about what (PLOVER).

Why a grammar and not patterns: Turkish marks the roles of an event with case suffixes and the
status of a predicate with verbal morphology, and both are what akana gives us. So the extractor

1. splits the text into sentences (:mod:`haberdar.analyse.tokens`) and keeps only those with a
   trigger stem (a cheap pre-filter: most news sentences report no event);
2. analyses every word with akana (cached per word type) and tags entities (NER);
3. finds triggers by lemma: a predicate verb ("görüşmek", "buluşmak", "ağırlamak") or a noun with
   a light verb ("ziyaret etmek", "görüşme gerçekleştirmek", "bir araya gelmek"), from
   ``data/plover_tr.yaml``;
4. reads the predicate's morphology: negated (Neg), unreal (Abil/Cond/Opt), planned (Fut,
   FutPart, a verbal noun governed by "bekleniyor"/"planlanıyor", "-mesi öncesi"), embedded
   (participle, verbal noun, converb) or finite;
5. chunks the clause into noun phrases (capitalised words, titles, group nouns such as "heyeti",
   "liderleri") whose case comes from the last word: the nominative (or, for an embedded
   predicate, genitive) phrase is the subject, the comitative ("ile", -(y)lA) the partner, the
   accusative the visited or received party, the locative capitalised phrase the place;
   coordination ("X, Y ve Z ile") gives several parties, "X ve Y arasındaki görüşmeler" a
   symmetric pair;
6. drops background meetings (an embedded meeting with an earlier-time marker: "geçen hafta …
   görüşmesinin ardından"), cancelled and negated ones, resolves the date (:mod:`.when`) and
   topics (:mod:`.topics`), and merges mentions of one meeting within the article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from rapidfuzz import fuzz

from haberdar.analyse.events.fallback import capitalisation_tagger, country_names, place_countries
from haberdar.analyse.events.lexicon import (
    EventLexicon,
    Trigger,
    default_event_lexicon,
    infinitive,
    verb_root,
)
from haberdar.analyse.events.model import EventMention, Evidence, Participant, Place
from haberdar.analyse.events.topics import TopicMatcher, default_topic_matcher
from haberdar.analyse.events.when import default_when_lexicon, published_day, resolve_when
from haberdar.analyse.tokens import Token, tokenize_sentences
from haberdar.clean.dates import fold
from haberdar.records import PublishedDate
from haberdar.resources import load_yaml
from haberdar.text import tr_lower, tr_upper
from haberdar.tr.harmony import harmonise, harmonise4, possessive_3sg

__all__ = ["EventExtractor", "Tagger"]

Tagger = Callable[[Sequence[Sequence[str]]], list[list[str]]]

_CASES = ("Acc", "Dat", "Loc", "Abl", "Gen", "Ins")
# the case of an apostrophe suffix, for stems the analyser does not know (acronyms)
_APOSTROPHE_CASES = tuple(
    (case, re.compile(rx))
    for case, rx in (
        ("Gen", r"n?[ıiuü]n"), ("Abl", r"[dt][ae]n"), ("Loc", r"[dt][ae]"), ("Ins", r"y?l[ae]"),
        ("Dat", r"y?[ae]"), ("Acc", r"y?[ıiuü]"),
    )
)
# "'li", "’lı": the suffix of origin makes an adjective ("ABD'li mevkidaşı", "İranlı")
_ORIGIN_RE = re.compile(r"['’]l[ıiuü]")
_CASE_SET = frozenset(_CASES)
_VERBAL_MORPHS = frozenset({"BecomeVerb", "Caus", "Pass", "NounToVerb"})
_PARTICIPLES = frozenset({"PresPart", "PastPart"})
_NOUN_POSTPOSITIONS = frozenset({"ardından", "sonra", "önce", "için", "üzerine", "hakkında", "dolayısıyla"})
_PREDICATE_FORMS = frozenset({"Fut", "Past", "FutPart", "PresPart", "PastPart", "Aor", "Prog1"})
_BETWEEN_VERBS = frozenset({"geçmek", "gerçekleşmek", "yapılmak", "olmak", "sürmek"})
_HABITUAL_UNITS = frozenset({"gün", "hafta", "ay", "yıl", "sene", "fırsatta", "zaman"})
_NONFINITE = frozenset({"PastPart", "FutPart", "PresPart", "ActN", "Inf", "AdvErek", "AdvWhile",
                        "AdvAfter", "AdvWhen", "AdvAsIf", "AdvIp", "AdvAyrak", "Ness", "While"})
_UNREAL = frozenset({"Abil", "Cond", "Opt", "Necess", "Imp", "Desr"})
_CLAUSE_END = frozenset({".", "!", "?", ";", ":", "…", "..."})
_NAME_PARTICLES = frozenset({"bin", "ibn", "el", "al", "van", "von", "de", "der", "la", "du"})
_PUNCT_RE = re.compile(r"^\W+$")
_MOTION_VERBS = frozenset({"çıkmak", "gitmek", "gelmek", "varmak", "ulaşmak"})
# nouns of place and relation that follow a name as postpositions ("Çin arasında", "Ankara yakınında")
_RELATIONAL = frozenset({"ara", "ön", "arka", "yan", "üst", "üzer", "alt", "iç", "dış", "karşı", "hak", "hakk",
                         "yakın", "çevre", "etraf", "sıra", "ard", "art", "yer"})
_CACHE_MAX = 300_000  # word types kept per cache; a long run starts over past it


# The question clitic and what it carries ("mi", "misiniz", "mıydı", "mudur", "müyüz").
_QUESTION_CLITIC = re.compile(
    r"m[iıuü](?:y?d[iıuü]|y?m[iıuü]ş)?(?:y?[iıuü]m|s[iıuü]n|y?[iıuü]z|s[iıuü]n[iıuü]z|d[iıuü]r|l[ae]r)?"
)


class _LazyTitles:
    """Titles of a sentence (``roles.find_titles``), computed on first iteration."""

    __slots__ = ("_compute", "_items")

    def __init__(self, compute: Callable[[], list[Any]]) -> None:
        self._compute: Callable[[], list[Any]] | None = compute
        self._items: list[Any] = []

    def __iter__(self):  # noqa: ANN204
        if self._compute is not None:
            self._items = self._compute()
            self._compute = None
        return iter(self._items)


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What akana says about one word type, reduced to what the grammar asks."""

    lemmas: frozenset[str]
    cases: frozenset[str]
    verbs: tuple[tuple[str, tuple[str, ...]], ...]  # (infinitive, morphemes after the root)
    nouns: frozenset[str]  # noun/adjective lemmas
    forms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (noun lemma, morphemes)
    participle: bool = False  # some reading is a participle ("gerçekleşen", "yapılan")


@dataclass(slots=True)
class Word:
    """A word of a sentence: an apostrophe suffix token is joined to its stem."""

    text: str
    stem: str
    start: int
    end: int
    tok: int  # index of the stem token in the sentence
    lower: str
    cap: bool
    punct: bool
    info: WordInfo
    tag: str = ""  # PER | LOC | ORG | ""
    tag_b: bool = False  # starts an entity


@dataclass(slots=True)
class Chunk:
    """A noun phrase: words[a:b] of the sentence, its case and its conjunct splits."""

    a: int
    b: int
    cases: frozenset[str]
    group_head: str | None = None


@dataclass(slots=True)
class Group:
    """Coordinated chunks sharing the case of the last one ("X, Y ve Z ile")."""

    chunks: list[Chunk]
    cases: frozenset[str]
    ile: bool = False  # followed by the postposition "ile"
    arasinda: bool = False

    @property
    def a(self) -> int:
        return self.chunks[0].a

    @property
    def b(self) -> int:
        return self.chunks[-1].b


@dataclass(slots=True)
class _Mention:
    ev: EventMention
    sent: int
    finite: bool
    from_title: bool = False
    named: int = 0
    join: list[Participant] | None = None  # "görüşmelere X de katıldı": X joins the meeting before


@dataclass(slots=True)
class _Sentence:
    index: int
    tokens: list[Token]
    words: list[Word] = field(default_factory=list)
    source: str = "body"


_RECALLED_DAYS = 10  # a meeting dated this many days before publication is recalled, not reported


def _long_before(date: str | None, source: str | None, published: PublishedDate | None) -> bool:
    """A date the sentence states that lies well before publication: a background meeting."""
    base = published_day(published)
    if source != "text" or not date or base is None:
        return False
    try:
        if len(date) == 10:
            return (base - dt.date.fromisoformat(date)).days > _RECALLED_DAYS
        if len(date) == 7:
            y, m = int(date[:4]), int(date[5:7])
            return (base.year - y) * 12 + base.month - m >= 2
    except ValueError:
        return False
    return False


def _fold_name(name: str) -> str:
    return " ".join(tr_lower(name).replace("'", " ").split())


def _drop_caps_heading(words: list[Word]) -> list[Word]:
    """A sub-heading in capitals glued to the sentence ("ÖZKAN'LA DA GÖRÜŞECEK Feyzioğlu'nun …")
    is not part of it: an opening run of two or more all-capital words with a long one."""
    n = 0
    caps = 0
    while n < len(words):
        st = words[n].stem
        if st.isalpha() and st.isupper() and len(st) > 1:
            caps += 1
        elif not (words[n].punct and st in "'\"‘’“”?!"):  # a quoted heading ("'BİZİ … MI?' DİYORLAR")
            break
        n += 1
    while n > 0 and words[n - 1].punct:
        n -= 1
    if caps >= 2 and n < len(words) and any(len(w.stem) >= 6 for w in words[:n]):
        return words[n:]
    return words


def _join_ordinals(sents: list[list[Token]], text: str) -> list[list[Token]]:
    """Rejoin a sentence split after an ordinal before a name ("Cengiz, 1. | Ordu Komutanı …")."""
    out: list[list[Token]] = []
    for toks in sents:
        if out and len(out[-1]) >= 2:
            prev = out[-1]
            num, dot = prev[-2], prev[-1]
            before = prev[-3].text if len(prev) >= 3 else ""
            if dot.text == "." and num.text.isdigit() and len(num.text) <= 3 and dot.start == num.end \
                    and (before in (",", "ve", "ile", "") or before[:1].isupper()) and toks[0].text[:1].isupper():
                out[-1] = prev + toks
                continue
        out.append(toks)
    return out


def _nominative(lemma: str, morphs: Sequence[str]) -> str:
    """The case-less form of an inflected common noun: ("lider", P3pl+Ins) → "liderleri"."""
    out = lemma
    if "Cmp" in morphs and ("A3pl" in morphs or "P3pl" in morphs):
        return lemma[:-1] + harmonise(lemma, "leri", "ları")  # "milletvekilleri"
    if "A3pl" in morphs or "P3pl" in morphs:
        out += harmonise(out, "ler", "lar")
    if "P3sg" in morphs or "P3pl" in morphs:
        if "A3pl" in morphs or "P3pl" in morphs:
            out += harmonise(out, "i", "ı")
        else:
            out = possessive_3sg(out)
    return out


class EventExtractor:
    """Load once (lexicons, akana, tagger), then call :meth:`extract` per article.

    ``tagger`` tags tokenised sentences with IOB2 PER/LOC/ORG (``NerModel.tag_sentences``); by
    default the packaged NER model, or :func:`.fallback.capitalisation_tagger` when none is
    installed. ``use_titles`` uses :func:`haberdar.analyse.roles.find_titles` to split titles
    from names when that module is available.
    """

    def __init__(
        self,
        tagger: Tagger | None = None,
        *,
        lexicon: EventLexicon | None = None,
        topics: TopicMatcher | None = None,
        morphology: Any | None = None,
        use_titles: bool = True,
    ) -> None:
        from haberdar.tr.morph import shared_morphology

        self.lx = lexicon or default_event_lexicon()
        self.topics = topics or default_topic_matcher()
        self.morph = morphology or shared_morphology()
        self._cache: dict[str, WordInfo] = {}
        # (surface, stem, inside the sentence) → (lower case, punctuation?, morphology)
        self._word_cache: dict[tuple[str, str, bool], tuple[str, bool, WordInfo]] = {}
        if tagger is None:
            tagger = self._default_tagger()
        self.tagger = tagger
        self._find_titles: Callable[[str], list[Any]] | None = None
        if use_titles:
            try:
                from haberdar.analyse.roles import find_titles

                self._find_titles = find_titles
            except Exception:  # roles is optional: titles then come from our own heads
                self._find_titles = None
        titles = load_yaml("titles_tr.yaml")
        heads: set[str] = set()
        for h in titles["heads"]:
            for k in ("possessive", "base"):
                if h.get(k):
                    heads.add(tr_lower(h[k].split()[-1]))
        self.title_heads = frozenset(heads | {"cumhurbaşkanı", "başbakan", "bakan", "lideri"})
        self.countries = country_names()
        self.places = place_countries()
        wl = default_when_lexicon()
        self._calendar = frozenset(wl.months) | frozenset(wl.weekdays)
        self._prefilter = re.compile(
            r"(?<![^\W\d_])(?:" + "|".join(re.escape(p) for p in self.lx.prefilter) + ")"
        )
        self._trigger_nouns = frozenset(t.noun for t in self.lx.triggers if t.noun)
        self._agenda_trigger = Trigger(type="CONSULT", noun="toplantı", noun_case="Loc", object="Ins")

    @staticmethod
    def _default_tagger() -> Tagger:
        try:
            from haberdar.analyse.ner.model import NerModel

            return NerModel.load().tag_sentences
        except Exception:
            return capitalisation_tagger

    # ------------------------------------------------------------------ morphology

    def info(self, surface: str) -> WordInfo:
        """Morphology of a word type (cached): lemmas, cases, verb readings."""
        hit = self._cache.get(surface)
        if hit is not None:
            return hit
        try:
            analyses = self.morph.analyze(surface)
        except Exception:
            analyses = []
        lemmas: set[str] = {tr_lower(surface)}
        cases: set[str] = set()
        verbs: list[tuple[str, tuple[str, ...]]] = []
        nouns: set[str] = set()
        forms: list[tuple[str, tuple[str, ...]]] = []
        low = tr_lower(surface)
        # second-person readings ("komutanların" = komutan+lar+P2sg) are noise in news prose;
        # they count only when there is no other reading
        third = [a for a in analyses if not {"P2sg", "P2pl"} & set(a["morphemes"])]
        if third:
            analyses = third
        for a in analyses:
            lemma = tr_lower(a["lemma"])
            morphs = tuple(a["morphemes"])
            lemmas.add(lemma)
            pos = a["primary_pos"]
            verbal = pos == "Verb" or not _VERBAL_MORPHS.isdisjoint(morphs)
            if verbal and pos in ("Verb", "Noun", "Adj"):
                root = verb_root(lemma)
                inf = lemma if lemma.endswith(("mak", "mek")) else infinitive(root)
                # derived verbs ("gerçekleştirdi" = gerçek+BecomeVerb+Caus): the longest known
                # root the word starts with names the derived verb
                if pos != "Verb" or len(morphs) > 1 and morphs[1] in ("Caus", "Pass", "BecomeVerb"):
                    # … a root that takes in the derivation: "ağırlaştırılmış" (ağır+laş+tır) is
                    # no form of "ağırla-", as "gerçekleştirdi" (gerçek+leş+tir) is of "gerçekleştir-"
                    become = (lemma + "laş", lemma + "leş") if "BecomeVerb" in morphs else ("",)
                    for r in self.lx.verb_roots:
                        if len(r) > len(root) and low.startswith(r) and r.startswith(become):
                            inf, root = infinitive(r), r
                            break
                if pos == "Verb" or inf != infinitive(verb_root(lemma)):
                    verbs.append((inf, morphs[1:]))
                    lemmas.add(inf)
                    lemmas.add(root)
            if pos == "Verb" and "Agt" in morphs[1:2]:
                # an agent noun read as a verb ("yöneticilerini" = yönet+Agt+P3pl+Acc)
                root = verb_root(lemma)
                lemma = root + harmonise4(root, "ıcı", "ici", "ucu", "ücü")
                morphs = ("Noun", *morphs[2:])
                pos = "Noun"
                lemmas.add(lemma)
            if pos in ("Noun", "Adj", "Pron", "Adv"):
                nouns.add(lemma)
                forms.append((lemma, morphs))
                case = "Nom"
                if not _CASE_SET.isdisjoint(morphs):
                    for m in morphs:
                        if m in _CASE_SET:
                            case = m
                if "RelClitic" in morphs:
                    case = "Rel"
                cases.add(case)
        if not analyses and not surface[:1].isupper():
            guess = self._guess_group_noun(low)
            if guess is not None:
                lemma, morphs = guess
                nouns.add(lemma)
                lemmas.add(lemma)
                forms.append((lemma, morphs))
                cases.add(next((m for m in morphs if m in _CASES), "Nom"))
        if not cases:
            cases.add("Nom")
        if "'" in surface and cases == {"Nom"}:
            # no reading for the stem ("ABD'nin", "AB'ye"): the suffix after the apostrophe says
            tail = tr_lower(surface.rsplit("'", 1)[1])
            for case, rx in _APOSTROPHE_CASES:
                if rx.fullmatch(tail):
                    cases = {case}
                    break
        if "'" in surface and len(cases) > 1:
            cases.discard("Nom")  # an apostrophe suffix is a case (the P2sg reading is noise)
        participle = any(not _PARTICIPLES.isdisjoint(a["morphemes"]) for a in analyses)
        wi = WordInfo(
            frozenset(lemmas), frozenset(cases), tuple(verbs), frozenset(nouns), tuple(forms), participle
        )
        if len(self._cache) > _CACHE_MAX:
            self._cache.clear()
        self._cache[surface] = wi
        return wi

    _GUESS_SUFFIXES = (
        ("lerinin", ("A3pl", "P3sg", "Gen")), ("larının", ("A3pl", "P3sg", "Gen")),
        ("lerine", ("P3pl", "Dat")), ("larına", ("P3pl", "Dat")),
        ("lerini", ("P3pl", "Acc")), ("larını", ("P3pl", "Acc")),
        ("leriyle", ("P3pl", "Ins")), ("larıyla", ("P3pl", "Ins")),
        ("lerinde", ("P3pl", "Loc")), ("larında", ("P3pl", "Loc")),
        ("lerle", ("A3pl", "Ins")), ("larla", ("A3pl", "Ins")),
        ("lere", ("A3pl", "Dat")), ("lara", ("A3pl", "Dat")),
        ("leri", ("P3pl",)), ("ları", ("P3pl",)),
        ("ler", ("A3pl",)), ("lar", ("A3pl",)),
    )

    def _guess_group_noun(self, low: str) -> tuple[str, tuple[str, ...]] | None:
        """A plural group noun akana does not know ("milletvekillerine" → milletvekili, P3pl+Dat)."""
        for suf, morphs in self._GUESS_SUFFIXES:
            if low.endswith(suf) and len(low) > len(suf) + 2:
                base = low[: -len(suf)]
                if base in self.lx.group_heads:
                    return base, ("Noun", *morphs)
                # a compound with its possessive ("milletvekili" → "milletvekilleri")
                cand = base + harmonise4(base, "ı", "i", "u", "ü")
                if cand in self.lx.group_heads:
                    return cand, ("Noun", "Cmp", *morphs)
        return None

    # ------------------------------------------------------------------ sentences

    def _words(self, toks: list[Token], text: str, offset: int) -> list[Word]:
        words: list[Word] = []
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            j = i + 1
            if j < n and toks[j].text[:1] in "'’" and toks[j].start == t.end and len(toks[j].text) > 1:
                j += 1
            surface = text[t.start - offset : toks[j - 1].end - offset]
            stem = t.text
            key = (surface, stem, i > 0)
            hit = self._word_cache.get(key)
            if hit is None:
                hit = self._word_type(surface, stem, i > 0, j > i + 1)
                if len(self._word_cache) > _CACHE_MAX:
                    self._word_cache.clear()
                self._word_cache[key] = hit
            low, punct, info = hit
            words.append(
                Word(surface, stem, t.start, toks[j - 1].end, i, low, stem[:1].isupper(), punct, info)
            )
            i = j
        return words

    def _word_type(self, surface: str, stem: str, inner: bool, joined: bool) -> tuple[str, bool, WordInfo]:
        """(lower case, punctuation?, morphology) of a word type at a sentence start or inside."""
        punct = bool(_PUNCT_RE.match(stem))
        low = tr_lower(stem)
        if joined:
            info = self.info(surface.replace("’", "'"))
        elif punct or stem[:1].isdigit():
            info = WordInfo(frozenset({low}), frozenset({"Nom"}), (), frozenset())
        elif stem[:1].isupper() and inner:
            # a capitalised word without an apostrophe is a proper noun or a title in the
            # nominative; akana's common-noun readings ("Kalın" = kal+Gen) would mislead
            base = self.info(low) if stem.isupper() is False else self.info(stem)
            cases = frozenset({"Nom"})
            if base.cases and "Nom" not in base.cases and any(
                lem in self.title_heads or possessive_3sg(lem) in self.title_heads for lem in base.nouns
            ):
                cases = base.cases  # an office inflected without an apostrophe: "Başsavcısını"
            info = WordInfo(base.lemmas | {low}, cases, base.verbs, base.nouns, base.forms, base.participle)
        elif stem[:1].isupper():
            base = self.info(low)
            cases = frozenset({"Nom"}) if "Nom" in base.cases else base.cases
            info = WordInfo(base.lemmas, cases, base.verbs, base.nouns, base.forms, base.participle)
        else:
            info = self.info(stem)
        return low, punct, info

    def _candidate(self, low_text: str) -> bool:
        return self._prefilter.search(low_text) is not None

    def _candidates(self, sents: list[_Sentence], text: str) -> list[_Sentence]:
        """Sentences with a trigger stem: one search over the lower-cased article, not one per
        sentence (Turkish lower-casing keeps offsets: İ→i and I→ı are one character each)."""
        low = tr_lower(text)
        if len(low) != len(text):  # a character whose lower case is longer: search per sentence
            return [s for s in sents if self._candidate(tr_lower(text[s.tokens[0].start : s.tokens[-1].end]))]
        out: list[_Sentence] = []
        k = 0
        n = len(sents)
        for m in self._prefilter.finditer(low):
            pos = m.start()
            while k < n and sents[k].tokens[-1].end <= pos:
                k += 1
            if k >= n:
                break
            s = sents[k]
            if s.tokens[0].start <= pos and m.end() <= s.tokens[-1].end and (not out or out[-1] is not s):
                out.append(s)
        return out

    # ------------------------------------------------------------------ extraction

    def extract(
        self,
        text: str,
        *,
        published: PublishedDate | None,
        title: str | None = None,
    ) -> list[EventMention]:
        """Event mentions of one article (pure: depends only on its arguments and the lexicons).

        ``text`` is the clean body; evidence offsets point into it (``Evidence.source="body"``),
        or into ``title`` for an event only the headline states (``source="title"``).
        """
        sents: list[_Sentence] = []
        for k, toks in enumerate(_join_ordinals(tokenize_sentences(text), text)):
            sents.append(_Sentence(k, toks))
        cand = self._candidates(sents, text)
        title_sent: _Sentence | None = None
        if title:
            ttoks = [t for s in tokenize_sentences(title) for t in s]
            if ttoks and self._candidate(tr_lower(title)):
                title_sent = _Sentence(-1, ttoks, source="title")
        work = cand + ([title_sent] if title_sent else [])
        if not work:
            return []
        tags = self.tagger([[t.text for t in s.tokens] for s in work])
        for s, tg in zip(work, tags, strict=True):
            src = title if s.source == "title" else text
            assert src is not None
            s.words = self._words(s.tokens, src, 0)
            for w in s.words:
                lab = tg[w.tok]
                if lab != "O":
                    w.tag = lab[2:]
                    w.tag_b = lab.startswith("B-")
            s.words = _drop_caps_heading(s.words)
        mentions: list[_Mention] = []
        last_subject: list[Participant] | None = None
        hints: list[tuple[int, Place]] = []
        for s in cand:
            found, subj = self._sentence_events(
                s, text, published, last_subject or (lambda k=s.index: self._leading_subject(sents, text, k))
            )
            if subj:
                last_subject = subj
            mentions.extend(found)
            if not found:
                hint = self._place_hint(s, text)
                if hint is not None:
                    hints.append((s.index, hint))
        if title_sent is not None:
            found, _ = self._sentence_events(title_sent, title or "", published, None)
            for m in found:
                m.from_title = True
            mentions.extend(found)
        # "görüşmelere daha sonra X de katıldı": X joins the meeting reported just before
        joins = [m for m in mentions if m.join is not None]
        if joins:
            mentions = [m for m in mentions if m.join is None]
            for j in joins:
                host = [m for m in mentions if m.ev.event_type == "CONSULT" and not m.from_title
                        and j.sent - 1 <= m.sent <= j.sent]
                if host:
                    ev = host[-1].ev
                    for x in j.join or []:
                        if not any(self._same(x, y) for y in ev.participants()):
                            ev.recipients.append(x)
        if not mentions:
            return []
        self._add_topics(mentions, sents, text)
        merged = self._merge(mentions)
        # "Ankara'da gerçekleşen buluşma": a place stated for the meeting already reported
        for k, place in hints:
            before = [m for m in merged if m.ev.event_type == "CONSULT" and 0 <= m.sent <= k]
            if before and before[-1].ev.location is None and before[-1].ev.mode != "phone" \
                    and k - before[-1].sent <= 2:
                before[-1].ev.location = place
        # the article's meeting place: a report of talks says once where they are held
        # ("Astana'da düzenlenen Suriye görüşmeleri başladı") and not again for each meeting
        if hints:
            first = hints[0][1]
            for m in merged:
                if m.ev.event_type == "CONSULT" and m.ev.location is None and m.ev.mode != "phone" \
                        and m.sent >= 0 and not m.ev.recipients == [] and m.ev.date_source != "text":
                    m.ev.location = first
        self._facility_places(merged, sents, text)
        self._name_titles(merged, text)
        for m in merged:
            loc = m.ev.location
            if loc is not None and not loc.country:
                loc.country = self._country_of(loc.name)
        self._expand_names(merged, text + "\n" + (title or ""))
        return [m.ev for m in merged]

    # ------------------------------------------------------------------ places across sentences

    def _country_of(self, place: str) -> str | None:
        """The country of a place: itself, a known city ("Ankara" → Türkiye), or the city a
        venue's name starts with ("Silivri Cezaevi", "Ankara Esenboğa Havalimanı")."""
        low = _fold_name(place)
        if low in self.countries:
            return place
        if low in self.places:
            return self.places[low]
        words = low.split()
        for n in range(len(words) - 1, 0, -1):
            head = " ".join(words[:n])
            if head in self.places:
                return self.places[head]
            if head in self.countries:
                return place.split()[0] if n == 1 else None
        return None

    _CAP_WORD = r"[A-ZÇĞİÖŞÜ0-9][\w.]*"

    def _facility_places(self, mentions: list[_Mention], sents: list[_Sentence], text: str) -> None:
        """Places stated through a facility: a visit to "Kara Harp Okulu" is at it; "hastanede",
        "cezaevinden" in or next to the event's sentence refer to the one the article names
        ("Özel TOBB ETÜ Hastanesi", "Metris Cezaevi")."""
        heads = self.lx.facility_heads
        if not heads:
            return
        for m in mentions:
            ev = m.ev
            if ev.event_type != "CONSULT" or ev.location is not None or ev.mode == "phone" or m.sent < 0:
                continue
            if ev.mode == "visit":
                for r in ev.recipients:
                    last = tr_lower(r.name.split()[-1]) if r.name.split() else ""
                    if len(r.name.split()) >= 2 and any(tr_lower(v.split()[-1]) == last for v in heads.values()):
                        ev.location = Place(r.name, None)
                        break
                if ev.location is not None:
                    continue
            s = sents[m.sent]
            named_here = [lem for w in s.words if not w.cap and w.info.cases & {"Loc", "Rel", "Abl", "Dat"}
                          for lem in w.info.nouns if lem in heads]
            near: list[str] = []
            if not named_here and ev.mode == "visit":
                lo, hi = max(0, m.sent - 2), min(len(sents), m.sent + 2)
                # a lower-case mention ("cezaevinden"): the facility spoken of, not a name's part
                around = text[sents[lo].tokens[0].start : sents[hi - 1].tokens[-1].end]
                near = [lem for lem in heads if re.search(r"(?<![^\W\d_])" + re.escape(lem[:-1] if len(lem) > 5 else lem), around)]
            for lem in named_here or near:
                head = heads[lem]
                end = s.tokens[0].start if named_here else len(text)
                found = [mt for mt in re.finditer(
                    r"((?:" + self._CAP_WORD + r" ){0,4}" + re.escape(head) + r")(?![\w])", text[:end]
                ) if mt.group(1) != head]
                if found:
                    # the mention closest before the event's sentence, or the first after it
                    before = [mt for mt in found if mt.start() < s.tokens[0].start]
                    mt = before[-1] if before else found[0]
                    ev.location = Place(mt.group(1), None)
                    break

    # ------------------------------------------------------------------ triggers

    def _find_triggers(self, words: list[Word]) -> list[tuple[Trigger, int, int, str, tuple[str, ...]]]:
        """(trigger, first word, predicate word, verb infinitive, morphemes) per trigger found."""
        out: list[tuple[Trigger, int, int, str, tuple[str, ...]]] = []
        used_nouns: set[int] = set()
        lx = self.lx
        for p, w in enumerate(words):
            if w.punct or not w.info.verbs:
                continue
            for inf, morphs in w.info.verbs:
                for trig in lx.by_light.get(inf, ()):
                    # the noun within three words before the light verb
                    for q in range(p - 1, max(-1, p - 4), -1):
                        nw = words[q]
                        if nw.punct or (q < p - 1 and nw.info.verbs and not nw.info.nouns):
                            break  # another predicate in between ("kabul edebileceklerini ifade etti")
                        if q < p - 1 and (nw.lower in _NOUN_POSTPOSITIONS or any(
                            "P3sg" in m and "Loc" in m for _, m in nw.info.forms
                        ) and not nw.cap):
                            break  # "ziyaret öncesinde açıklama yapıldı": the noun is governed
                        if trig.noun in nw.info.nouns and (
                            trig.noun_case in nw.info.cases
                            or (trig.noun_case == "Nom" and nw.info.cases & {"Nom", "Acc"})
                        ):
                            if self._internal_meeting(words, q):
                                break  # "basın toplantısı düzenledi": a press conference, no meeting
                            if trig.before:
                                k = q - len(trig.before)
                                if k < 0 or [x.lower for x in words[k:q]] != list(trig.before):
                                    continue
                                q0 = k
                            else:
                                q0 = q
                            out.append((trig, q0, p, inf, morphs))
                            used_nouns.add(q)
                            break
        # "X ile yapacağı toplantı", "düzenleyeceği ziyaret": a light verb's participle before the
        # meeting noun is the predicate (its tense is the meeting's)
        for p, w in enumerate(words[:-1]):
            if w.punct or not w.info.verbs or any(o[2] == p for o in out):
                continue
            nw = words[p + 1]
            if nw.cap or nw.punct:
                continue
            for inf, morphs in w.info.verbs:
                if not (set(morphs) & {"FutPart", "PastPart"}):
                    continue
                trig = next((t for t in lx.by_light.get(inf, ()) if t.noun in nw.info.nouns), None)
                if trig is not None:
                    out.append((trig, p, p, inf, morphs))
                    used_nouns.add(p + 1)
                    break
                # a compound: "yapacağı devlet ziyareti", "gerçekleştirdiği resmi ziyaret"
                if p + 2 < len(words) and not words[p + 2].cap and not nw.info.verbs \
                        and (not nw.info.cases or "Nom" in nw.info.cases) \
                        and nw.lower not in lx.internal_meeting_modifiers:  # "düzenlediği basın toplantısı"
                    n2 = words[p + 2]
                    trig = next((t for t in lx.by_light.get(inf, ()) if t.noun in n2.info.nouns), None)
                    if trig is not None:
                        out.append((trig, p, p, inf, morphs))
                        used_nouns.add(p + 2)
                        break
        for p, w in enumerate(words):
            if w.punct or not w.info.verbs or p in used_nouns:
                continue
            for inf, morphs in w.info.verbs:
                if w.lower in lx.consult_nouns and not (set(morphs) & _NONFINITE):
                    continue  # "toplantı" is no "toplan-tı" (Pass+Past)
                for trig in lx.by_verb.get(inf, ()):
                    if any(o[2] == p for o in out):
                        continue
                    out.append((trig, p, p, inf, morphs))
        # "X ile Y, … toplantıda gelişmeleri ele aldı": a meeting in the locative whose clause
        # predicate says what was discussed
        for q, w in enumerate(words):
            if w.cap or w.punct or "Loc" not in w.info.cases or not (w.info.nouns & lx.agenda_nouns):
                continue
            if any(o[1] <= q <= o[2] for o in out):
                continue
            for p in range(q + 1, len(words)):
                v = words[p]
                if v.lower in _CLAUSE_END or v.lower == ",":
                    break
                fin = [(inf, m) for inf, m in v.info.verbs if not set(m) & (_NONFINITE | _UNREAL)]
                if v.cap or not fin:
                    continue
                if any(set(m) & {"FutPart", "PastPart", "PresPart"} for _, m in v.info.verbs) \
                        and p + 1 < len(words) and not words[p + 1].punct:
                    continue  # "yapılacak NATO Zirvesi": a participle before its noun
                inf, morphs = fin[0]
                key = f"{words[p - 1].lower} {inf}" if inf in ("almak", "yatırmak", "etmek") else inf
                if key in lx.agenda_verbs:
                    if not any(o[2] == p for o in out):
                        out.append((self._agenda_trigger, q, p, inf, morphs))
                    break
                if not v.info.nouns:
                    break  # the clause's predicate is something else
        # one reading per predicate: the first trigger found there
        seen: set[int] = set()
        uniq = []
        for o in sorted(out, key=lambda o: (o[2], o[1])):
            if o[2] in seen:
                continue
            seen.add(o[2])
            uniq.append(o)
        return uniq

    def _sports(self, words: list[Word]) -> bool:
        """The sentence is about a match: a sports word ("maçında", "karşılaşmayla": a verbal
        noun counts as its noun) or two club names ending in "spor" ("Antalyaspor … Rizespor'u")."""
        sports = self.lx.sports_lemmas
        for w in words:
            if w.info.lemmas & sports or any(
                "ActN" in m and inf[:-1] in sports for inf, m in w.info.verbs
            ):
                return True
        return sum(1 for w in words if w.cap and tr_lower(w.stem).endswith("spor") and len(w.stem) > 5) >= 2

    def _home_place(self, x: Participant) -> bool:
        """A known town or city of Türkiye, visited: no one is met there ("Denizli'ye 7.
        ziyaretini yaptı"). A country, or a city abroad ("Atina", "Gazze"), stands for its
        government; a place the gazetteer does not know is given the benefit of the doubt."""
        if x.kind != "LOC" or x.title or _fold_name(x.name) in self.countries:
            return False
        return self._country_of(x.name) == "Türkiye"

    def _possibility_follows(self, words: list[Word], p: int, feats: set[str]) -> bool:
        """The nominalised meeting at ``p`` is the subject of a possibility ("mümkün", "olası"),
        said to be or not to be possible: it has not happened. Only a subject (nominative or
        genitive, no postposition after it) is: in "görüşmesinin ardından, mümkün olan en kısa
        sürede …" the meeting happened and the possibility is another clause's."""
        if feats & {"Dat", "Acc", "Loc", "Abl", "Ins"}:
            return False
        if p + 1 < len(words) and words[p + 1].lower in self._GEN_POSTPOSITIONS:
            return False
        for w in words[p + 1 :]:
            if w.lower in _CLAUSE_END or w.lower == ",":
                return False
            if w.info.lemmas & self.lx.possibility_words:
                return True
        return False

    def _internal_meeting(self, words: list[Word], q: int) -> bool:
        """The meeting noun at ``q`` is a press conference or a body's own session ("basın
        toplantısı düzenledi", "kabine toplantısı yaptı"), unless it is held jointly ("ortak basın
        toplantısı", "ikili bir basın toplantısı": two sides meet the press together)."""
        if q == 0 or words[q - 1].lower not in self.lx.internal_meeting_modifiers:
            return False
        return not any(w.lower in self.lx.joint_meeting_modifiers for w in words[max(0, q - 4) : q - 1])

    def _readings(self, w: Word, inf: str) -> list[tuple[str, ...]]:
        return [m for v, m in w.info.verbs if v == inf]

    # ------------------------------------------------------------------ chunking

    def _np_word(self, words: list[Word], i: int) -> bool:
        w = words[i]
        n = len(words)
        if w.stem in ("-", "–") and 0 < i < n - 1 and words[i + 1].cap and words[i + 1].start == w.end \
                and w.start == words[i - 1].end and (words[i - 1].cap or words[i - 1].lower in _NAME_PARTICLES):
            return True  # "BM-Arap Birliği", "el-İbrahimi"
        if w.punct:
            return False
        if w.cap and w.stem[:1].isalpha():
            if w.stem in self.lx.not_names or self._calendar_word(words, i):
                return False
            if _ORIGIN_RE.fullmatch(w.text[len(w.stem):]):
                return False  # "ABD'li mevkidaşı": an adjective of origin, no party
            if w.text == w.stem and i + 1 < n and not words[i + 1].cap and not words[i + 1].punct \
                    and w.lower[-2:] in ("lı", "li", "lu", "lü") and self._origin_base(w.lower[:-2]):
                return False  # "Arjantinli genç oyuncu", "İranlı yetkililer": an adjective of origin
            if i == 0 and self._common_opener(words):
                return False
            if i == 0 and not (
                w.tag or w.text != w.stem
                or (len(words) > 1 and (words[1].cap or words[1].lower in (",", "ile")
                                        or self._group_head(words[1])
                                        or (words[1].lower == "ve" and len(words) > 2 and words[2].cap)))
            ):
                return False
            return True
        low = w.lower
        if low in _NAME_PARTICLES and i > 0 and words[i - 1].cap and i + 1 < n and (
            words[i + 1].cap or (words[i + 1].stem in ("-", "–") and words[i + 1].start == w.end)
        ):
            return True
        if self._group_head(w):
            return True
        if "Gen" in w.info.cases and self._title_word(w):
            return True  # "müsteşarının … aradığını": an office, the subject of a clause
        return low in self.lx.group_modifiers

    def _common_opener(self, words: list[Word]) -> bool:
        """The sentence's first word is capitalised only because it opens the sentence: a common
        word, no name. Turkish writes a proper name's case suffix after an apostrophe, so a
        first word inflected for case without one ("Tapede", "Kamuoyuna", "Benimle", "Adada")
        is a common noun whatever the tagger says; an untagged word that reads only as a verb form
        ("Eğer", "Geçtiğiniz", "Konuşmada") is none either, unless an office follows it
        ("İçişleri Bakanı"). Offices, group nouns and known places keep their reading."""
        w = words[0]
        if w.text != w.stem or w.stem.isupper() or self._title_word(w) or w.info.nouns & self.lx.group_heads:
            return False
        low = tr_lower(w.stem)
        if low in self.places or low in self.countries or low in self.lx.standalone_titles:
            return False
        if "Nom" not in w.info.cases:
            return True
        return not w.tag and bool(w.info.verbs) and not w.info.nouns \
            and not (len(words) > 1 and (self._title_word(words[1]) or words[1].text != words[1].stem))

    def _head_before_name(self, words: list[Word], k: int, b: int) -> bool:
        """words[k] is a lower-case possessed head ("lideri", "sözcüsü") followed by a person's
        name: the head is the person's title ("CHP lideri Kemal Kılıçdaroğlu")."""
        w = words[k]
        head = self._group_head(w)
        if head is None or not any(lem == head and "P3sg" in m for lem, m in w.info.forms):
            return False
        if k + 1 >= b:
            return False
        nxt = words[k + 1]
        low = tr_lower(nxt.stem)
        return nxt.cap and not nxt.punct and nxt.stem[:1].isalpha() and nxt.tag in (None, "PER") \
            and low not in self.places and low not in self.countries and low not in self.lx.not_names \
            and nxt.lower not in self.lx.standalone_titles and not self._title_word(nxt)

    _TIME_ADVERBS = frozenset({"dün", "bugün", "yarın", "akşam", "sabah", "gece", "öğle", "hemen", "önce", "sonra",
                               "ayrıca", "da", "de", "yine", "tekrar", "bizzat", "ilk", "hafta", "gün", "ay"})

    def _indefinite_object(self, w: Word) -> bool:
        """A bare common noun right before the verb is its indefinite object ("dal arayan",
        "çözüm arıyor"), which no person is."""
        if w.cap or w.punct or w.text != w.stem or w.lower in self._TIME_ADVERBS:
            return False
        if not w.info.nouns or w.info.cases != frozenset({"Nom"}) or w.info.lemmas & self.lx.phone_lemmas:
            return False
        return not self._group_head(w) and not any(set(m) & _NONFINITE for _, m in w.info.verbs)

    def _phone_near(self, words: list[Word], q0: int, p: int) -> bool:
        """The phone is named in the predicate's own phrase: "telefonda konuşan", "Kerry ile
        telefonda konuştu", "telefon konuşması" (no other predicate in between)."""
        phone = self.lx.phone_lemmas
        for k in range(q0 - 1, max(-1, q0 - 4), -1):
            w = words[k]
            if w.info.lemmas & phone:
                return True
            if w.punct or (w.info.participle and not w.cap):
                return False
        return any(w.info.lemmas & phone for w in words[p + 1 : p + 3])

    def _origin_base(self, base: str) -> bool:
        """``base`` + "li" is an adjective of origin: a country or a place ("Arjantin", "İzmir")."""
        return base in self.countries or base in self.places

    def _calendar_word(self, words: list[Word], i: int) -> bool:
        """A month or weekday name used as a date ("17 Aralık", "Salı günü", "Mart'ta"), which is
        no party and no place; a capitalised name next to it makes it a person's ("Cuma İçten")."""
        w = words[i]
        if fold(w.lower) not in self._calendar:
            return False
        if i > 0 and words[i - 1].stem[:1].isdigit():
            return True
        nxt = words[i + 1] if i + 1 < len(words) else None
        prev_cap = i > 0 and words[i - 1].cap and not words[i - 1].punct
        if nxt is not None and not nxt.cap and nxt.lower.startswith(("gün", "ay", "sabah", "akşam", "gece", "öğle")):
            return True
        return not prev_cap and (nxt is None or not nxt.cap or nxt.punct)

    def _place_like(self, words: list[Word], c: Chunk) -> bool:
        """A country or a place ("Mısır'ın başkenti", "Ankara'nın"), not a party."""
        last = words[c.b - 1]
        if last.tag == "LOC" or tr_lower(last.stem) in self.countries or tr_lower(last.stem) in self.places:
            return True
        return c.b < len(words) and words[c.b].lower in self.lx.place_after_words

    def _plural_head(self, words: list[Word], c: Chunk) -> bool:
        """The chunk ends in a plural group head ("heyetleri", "liderleri", "heyetleriyle")."""
        if c.group_head is None:
            return False
        w = words[c.b - 1]
        return any(lem == c.group_head and ("A3pl" in m or "P3pl" in m) for lem, m in w.info.forms)

    def _group_head(self, w: Word) -> str | None:
        if w.cap or w.punct:
            return None
        for lemma in w.info.nouns:
            if lemma in self.lx.group_heads:
                return lemma
        return None

    def _chunks(self, words: list[Word], a: int, b: int) -> list[Chunk]:
        """Noun phrases in words[a:b]."""
        out: list[Chunk] = []
        i = a
        while i < b:
            if not self._np_word(words, i):
                i += 1
                continue
            j = i
            while j < b and self._np_word(words, j):
                w = words[j]
                if j > i and w.cap and w.lower in self.lx.standalone_titles \
                        and words[j - 1].lower in self.lx.standalone_titles and words[j - 1].text == words[j - 1].stem:
                    break  # "Başbakan Cumhurbaşkanı ile": two title-named people
                j += 1
                # a case-marked word ends the phrase (apostrophe suffix or inflected noun)
                if w.text != w.stem and "Gen" in w.info.cases and j < b and words[j].cap \
                        and self._title_follows(words, j, b):
                    continue  # "MİT'in Başkanı Hakan Kalın", "Erdoğan'ın Özel Kalem Müdürü Hasan Doğan"
                if not w.cap and w.text == w.stem and self._head_before_name(words, j - 1, b):
                    continue  # "CHP lideri Kılıçdaroğlu", "Udar Hareketi'nin lideri Vitali Kliçko"
                if w.text != w.stem or (not w.cap and w.info.cases - {"Nom"} and self._group_head(w)):
                    break
                if not w.cap and "Gen" in w.info.cases and self._title_word(w):
                    break  # "müsteşarının": a possessed office is a phrase of its own
                # "(MİT)" inside a name
                if j + 2 < b and words[j].stem == "(" and words[j + 2].stem == ")" and words[j + 1].cap:
                    j += 3
            # trim lower-case modifiers that head nothing
            k = j
            while k > i and not words[k - 1].cap and not self._group_head(words[k - 1]) \
                    and not ("Gen" in words[k - 1].info.cases and self._title_word(words[k - 1])) \
                    and not (words[k - 1].stem == ")" and any(x.stem == "(" for x in words[i : k - 1])):
                k -= 1
            # "temsilciler düzeyinde", "bakanlar kurulu": a bare group noun before a possessed
            # noun is the first part of a compound, no party
            if k - i <= (1 if not words[i].cap else 2) and k < len(words) and not words[k].cap and not words[k].punct \
                    and (not words[i].cap or (words[k - 1].text == words[k - 1].stem and k == j)) \
                    and words[k].lower not in self.title_heads \
                    and any("P3sg" in m and lem not in self.lx.group_heads and lem not in self.lx.consult_nouns
                            for lem, m in words[k].info.forms) \
                    and not any(lem in self.lx.group_heads or lem in self.lx.consult_nouns or lem in _RELATIONAL
                                for lem in words[k].info.nouns):
                i = max(j, i + 1)
                continue
            if k - i >= 3 and words[i].text == words[i].stem and self._title_word(words[i]) \
                    and self._title_word(words[k - 1]) and "Nom" not in words[k - 1].info.cases \
                    and all(w.tag != "PER" or tr_lower(w.stem) in self.places for w in words[i + 1 : k - 1]) \
                    and any(w.tag == "LOC" or tr_lower(w.stem) in self.places for w in words[i + 1 : k - 1]):
                # "Müsteşar İzmir Başsavcısını aradı": a bare title, then another office
                out.append(Chunk(i, i + 1, frozenset({"Nom"}), None))
                i += 1
                continue
            if k > i:
                last = words[k - 1]
                if last.cap and last.text == last.stem:
                    cases = frozenset({"Nom"})
                    if last.info.cases and "Nom" not in last.info.cases and self._title_word(last):
                        cases = last.info.cases  # "İzmir Başsavcısını": an office, inflected
                else:
                    cases = last.info.cases
                head = self._group_head(last)
                if not (k - i == 1 and not last.cap and head in self.lx.non_participants):
                    out.append(Chunk(i, k, cases, head))
            i = max(j, i + 1)
        return out

    def _groups(self, words: list[Word], chunks: list[Chunk], b: int) -> list[Group]:
        groups: list[Group] = []
        for c in chunks:
            if groups:
                g = groups[-1]
                between = [w.lower for w in words[g.b : c.a]]
                # a bare name or an unmarked group head ("Suriye muhalefeti", Nom/Acc-ambiguous)
                # coordinates; a plural head closes the coordination ("X ve Y heyetleri, Z")
                last = g.chunks[-1]
                open_ = g.cases == frozenset({"Nom"}) or (
                    "Nom" in g.cases and last.group_head is not None and not self._plural_head(words, last)
                )
                # "Bülent Tanık ve güven mektubunu sunacak olan … Larsen'i": a relative clause
                # on the second conjunct stands between "ve" and it
                if open_ and len(between) > 2 and between[0] == "ve" and c.a - 1 > g.b + 1 \
                        and (words[c.a - 1].info.participle or words[c.a - 1].lower == "olan") \
                        and not any(x in _CLAUSE_END or x in (",", "ve") for x in between[1:]) \
                        and words[c.a].cap and "Nom" not in c.cases:
                    between = ["ve"]
                if open_ and between and all(x in (",", "ve") for x in between) \
                        and not c.cases & {"Loc", "Abl", "Rel"} \
                        and not (between == [","] and len(g.chunks) == 1 and "Nom" not in c.cases) \
                        and not (between == [","] and any(w.lower == "ve" for w in words[g.a : g.b])) \
                        and (words[c.a].cap or not self._title_word(words[c.a])):  # "X, müsteşarının"
                    g.chunks.append(c)
                    g.cases = c.cases
                    continue
            groups.append(Group([c], c.cases))
        # "X, Y ve Z ile": a comma-led first conjunct of a case-marked group is the subject
        split: list[Group] = []
        for g in groups:
            ile = g.b < len(words) and words[g.b].lower == "ile"
            distributive = "Nom" in g.cases and self._plural_head(words, g.chunks[-1])
            if len(g.chunks) >= 2 and (g.cases != frozenset({"Nom"}) or ile) and not split \
                    and not distributive and words[g.chunks[0].b].lower == ",":
                first = g.chunks[0]
                split.append(Group([first], first.cases))
                split.append(Group(g.chunks[1:], g.cases))
            else:
                split.append(g)
        groups = split
        for g in groups:
            nxt = words[g.b] if g.b < len(words) else None
            if nxt is not None and nxt.lower == "ile":
                after = words[g.b + 1].lower if g.b + 1 < len(words) else ""
                if after not in self.lx.ile_not_partner:
                    g.ile = True
            elif nxt is not None and "Ins" in g.cases and nxt.lower in self.lx.ile_not_partner:
                # "firmalarıyla birlikte", "Rusya'yla ilgili": the suffix, like "ile", marks no partner
                g.cases = frozenset(g.cases - {"Ins"}) or frozenset({"Adv"})
            if nxt is not None and "ara" in nxt.info.nouns and nxt.info.cases & {"Loc", "Rel"}:
                g.arasinda = True
        # "X ile Y'nin görüşmesi": "ile" coordinates a genitive subject
        merged: list[Group] = []
        for g in groups:
            if merged and merged[-1].ile and g.cases == frozenset({"Gen"}) and g.a == merged[-1].b + 1 \
                    and not self._place_like(words, g.chunks[-1]):
                prev = merged[-1]
                merged[-1] = Group(prev.chunks + g.chunks, g.cases, False, g.arasinda)
                continue
            merged.append(g)
        return merged

    # ------------------------------------------------------------------ participants

    def _titles(self, s: _Sentence, src: str) -> _LazyTitles:
        """The sentence's titles, found on first use: most trigger sentences yield no event."""
        return _LazyTitles(lambda: self._find_sentence_titles(s, src))

    def _find_sentence_titles(self, s: _Sentence, src: str) -> list[Any]:
        if self._find_titles is None or not s.words:
            return []
        a, b = s.words[0].start, s.words[-1].end
        try:
            found = self._find_titles(src[a:b])
        except Exception:
            return []
        for t in found:
            t.start += a
            t.end += a
            if t.person_start is not None:
                t.person_start += a
                t.person_end += a
        return found

    def _participant(self, words: list[Word], c: Chunk, titles: list[Any], src: str) -> Participant | None:
        ws = words[c.a : c.b]
        start, end = ws[0].start, ws[-1].end
        stem_end = ws[-1].start + len(ws[-1].stem)
        phrase = src[start:stem_end]
        lastw = ws[-1]
        if not lastw.cap and c.group_head and lastw.info.cases - {"Nom"} and not any(
            lem == c.group_head and not set(m) & set(_CASES) for lem, m in lastw.info.forms
        ):
            forms = [m for lem, m in lastw.info.forms if lem == c.group_head]
            forms.sort(key=lambda m: ("P3pl" not in m, len(m)))
            if forms:
                stem_end = lastw.start
                phrase = (src[start:stem_end] + _nominative(c.group_head, forms[0])).strip()
        elif lastw.text == lastw.stem and "Nom" not in lastw.info.cases and self._title_word(lastw):
            # "İzmir Başsavcısını" → "İzmir Başsavcısı"
            forms = [(lem, m) for lem, m in lastw.info.forms if set(m) & set(_CASES)]
            if forms:
                lem, m = forms[0]
                # "Meclis Başkanımızla" → "Meclis Başkanı": an office in the third person
                nom = possessive_3sg(lem) if set(m) & {"P1sg", "P1pl", "P2sg", "P2pl"} else _nominative(lem, m)
                stem_end = lastw.start + min(len(nom), len(lastw.text))
                phrase = src[start : lastw.start] + (tr_upper(nom[:1]) if lastw.cap else nom[:1]) + nom[1:]
        title: str | None = None
        org: str | None = None
        name = phrase
        for h in range(c.a, c.b - 1):
            if not words[h].cap and self._head_before_name(words, h, c.b):
                # "CHP lideri Kılıçdaroğlu", "ABD'li mevkidaşı Kerry": the head is a title
                title = src[start : words[h].end]
                name = src[words[h + 1].start : stem_end]
                break
        for t in titles:
            if t.start < stem_end < t.end and t.person_start is not None and t.person_start >= t.end \
                    and " ve " in src[stem_end : t.end]:
                return None  # "AB Dışişleri | ve Güvenlik Politikaları Yüksek Temsilcisi X": the office's first part
            coordinated = t.start < start < t.end <= stem_end and " ve " in src[t.start : start + 1]
            if (t.start >= start or coordinated) and t.end <= stem_end:
                title = t.text
                org = getattr(t, "organisation", None)
                if t.person_start is not None and start <= t.person_start and t.person_end <= stem_end:
                    name = src[t.person_start : t.person_end]
                elif t.person_start is not None and t.person_start >= stem_end \
                        and re.search(r",|\bve\b", src[stem_end : t.person_start]):
                    # shares its holder with a later conjunct ("X Başbakanı ve … Bakanı Y")
                    return Participant(t.text, t.text, org, "SHARED", start, end)
                elif stem_end - t.end <= 1:
                    name = t.text
                else:
                    name = src[t.end:stem_end].strip(" ,")
        if name == src[start:stem_end] and phrase != name:
            name = phrase
        if title is None:
            # own split: the words up to the last title head are the title
            last_head = -1
            for k, w in enumerate(ws):
                if w.lower in self.title_heads or (w.cap and tr_lower(w.stem) in self.title_heads) \
                        or (w.cap and k == len(ws) - 1 and self._title_word(w)):
                    last_head = k
            if last_head >= 0:
                title = src[start : min(stem_end, ws[last_head].start + len(ws[last_head].stem))]
                rest = ws[last_head + 1 :]
                name = (src[rest[0].start : stem_end] if rest else title)
                if phrase.startswith(src[start:stem_end]) and phrase != src[start:stem_end]:
                    name = name + phrase[len(src[start:stem_end]):]
        # "Kuzey Atlantik Konseyi (NAC)": the bracketed short form is no part of the name
        if "(" in name and not name.startswith("("):
            name = re.sub(r"\s*\([^()]*\)", "", name).strip() or name
        # honorifics belong to the title
        parts = name.split()
        while len(parts) > 1 and parts[0] in self.lx.honorifics:
            parts = parts[1:]
        name = " ".join(parts).strip(" ,")
        if not name:
            return None
        low = tr_lower(name)
        if low in self.lx.non_participants or name in self.lx.not_names:
            return None
        tag = next((w.tag for w in ws if w.tag), "")
        if c.group_head:
            kind = "GROUP"
        elif low in self.countries or (low in self.places and tag != "ORG"):
            kind = "LOC"
        elif tag:
            kind = tag
        else:
            kind = "ORG" if name.isupper() else "PER"
        if title and kind == "LOC":
            kind = "PER"
        return Participant(name, title, org, kind, start, end)

    def _group_participants(self, words: list[Word], g: Group, titles: list[Any], src: str) -> list[Participant]:
        out: list[Participant] = []
        last = g.chunks[-1]
        head_w = words[last.b - 1]
        # "Rusya, İngiltere ve Almanya liderleri", "Suriye muhalefeti ve rejim heyetleri": the
        # plural head is each conjunct's; never a person's ("Zelenskiy ve Avrupalı liderler")
        plural_head = (
            self._plural_head(words, last)
            and len(g.chunks) > 1
            and not any(c.group_head == last.group_head for c in g.chunks[:-1])
            and all(
                c.group_head or self._place_like(words, c) or words[c.b - 1].tag == "ORG"
                for c in g.chunks[:-1]
            )
            and last.b - last.a >= 2
        )
        pending: str | None = None
        for c in g.chunks:
            p = self._participant(words, c, titles, src)
            if p is None:
                continue
            if p.kind == "SHARED":
                pending = p.title
                continue
            if pending:
                p.title = f"{pending} ve {p.title}" if p.title else pending
                pending = None
            if plural_head and c is not last:
                p.name = f"{p.name} {possessive_3sg(last.group_head or '')}"
                p.kind = "GROUP"
            elif plural_head:
                p.name = f"{src[words[last.a].start:head_w.start].strip()} {possessive_3sg(last.group_head or '')}"
            out.append(p)
        return out

    def _visit_site(self, w: Word) -> bool:
        sites = self.lx.visit_sites
        return tr_lower(w.stem) in sites or any(lem in sites for lem in w.info.nouns)

    def _country_like(self, words: list[Word], c: Chunk) -> bool:
        """A country, or a city abroad ("Kıbrıs'a", "Brüksel'e"; not "Rize'ye")."""
        if c.b - c.a != 1:
            return False
        low = tr_lower(words[c.a].stem)
        return low in self.countries or (low in self.places and self.places[low] != "Türkiye")

    _MEMBER_HEADS = frozenset({"üye", "ülke"})

    def _member_states(self, words: list[Word], c: Chunk) -> bool:
        """The members of a named alliance or union ("NATO üyeleri", "AB ülkeleri"), not a
        board's own members ("yönetim kurulu üyeleri")."""
        return c.group_head in self._MEMBER_HEADS and c.b - c.a >= 2 and words[c.a].cap \
            and (words[c.a].stem.isupper() or words[c.a].tag == "ORG" or tr_lower(words[c.a].stem) in self.countries)

    def _title_follows(self, words: list[Word], j: int, b: int) -> bool:
        """An office title starts at words[j]: its head within the next three capitalised words
        that carry no case of their own."""
        for k in range(j, min(b, j + 3)):
            w = words[k]
            if not w.cap or w.text != w.stem:
                return False
            if w.lower in self.title_heads:
                return True
        return False

    def _title_word(self, w: Word) -> bool:
        """An office noun ("Başsavcısı", "Bakanı"), whatever its case."""
        return tr_lower(w.stem) in self.title_heads or any(
            lem in self.title_heads or possessive_3sg(lem) in self.title_heads for lem in w.info.nouns
        )

    def _is_person(self, words: list[Word], g: Group) -> bool:
        """An accusative object that can be a guest: a person, title or group, never a thing."""
        last = words[g.b - 1]
        if any(set(m) & {"ActN", "Inf"} for _, m in last.info.verbs):
            return False  # "-meyi/-mayı kabul etti": agreeing to act
        if not last.cap:
            return bool(self._group_head(last)) and not (last.info.nouns & self.lx.not_person_heads)
        if last.info.nouns & self.lx.not_person_heads or tr_lower(last.stem) in self.lx.not_person_heads:
            return False
        stem_low = tr_lower(last.stem)
        for h in self.lx.not_person_heads:
            if stem_low == h or stem_low.startswith(h) and len(stem_low) - len(h) <= 2:
                return False
        tags = {w.tag for w in words[g.a : g.b] if w.tag}
        if "PER" in tags or "ORG" in tags or not tags:
            return True
        # an office named without its holder is a person ("İzmir Başsavcısını aradı")
        return self._title_word(last)

    # ------------------------------------------------------------------ one sentence

    def _sentence_events(
        self,
        s: _Sentence,
        src: str,
        published: PublishedDate | None,
        last_subject: list[Participant] | Callable[[], list[Participant] | None] | None,
    ) -> tuple[list[_Mention], list[Participant] | None]:
        words = s.words
        lx = self.lx
        out: list[_Mention] = []
        triggers = self._find_triggers(words)
        named = self._named_meetings(s, src, published, triggers)
        named += self._departures(s, src, published)
        named += self._joint_bodies(s, src, published)
        if not triggers:
            return named, None
        out.extend(named)
        titles = self._titles(s, src)
        lemmas_all = set().union(*(w.info.lemmas for w in words))
        lowers = [w.lower for w in words]
        cancelled = bool(lemmas_all & lx.cancel_lemmas)
        # an earlier-time marker makes background only the meetings of its own stretch: between
        # the previous trigger and the next ("geçen hafta X ile görüşmesinin ardından bugün Y ile
        # görüşmesi": only the first is background)
        vocab = lemmas_all.union(lowers)
        marks = [i for m in lx.background_markers if vocab.issuperset(m) for i in self._seq_positions(words, m)]
        bounds = [t[2] for t in triggers]
        sentence_subject: list[Participant] | None = None
        # the sentence's own predicate, when it is a pluperfect ("açıklamıştı"), makes what it
        # embeds a recollection
        main = next((w for w in reversed(words) if not w.punct), None)
        main_pluperfect = main is not None and not main.cap and any(
            "CopPast" in m and set(m) & {"Evid", "Past"} and not set(m) & _NONFINITE for _, m in main.info.verbs
        )
        for ti, (trig, q0, p, inf, _morphs) in enumerate(triggers):
            pw = words[p]
            lo = bounds[ti - 1] if ti else -1
            hi = triggers[ti + 1][1] if ti + 1 < len(triggers) else len(words)
            background_ctx = any(lo < i < hi for i in marks)
            readings = self._readings(pw, inf)
            if not readings:
                continue
            if trig.needs_phone and not self._phone_near(words, q0, p):
                continue  # "konuştu" alone is a speech, not a call
            nxt = words[p + 1] if p + 1 < len(words) else None
            at_end = nxt is None or nxt.lower in _CLAUSE_END or nxt.lower in (",", "ve", "ancak", "ama", "fakat")
            fin = [m for m in readings if not (set(m) & _NONFINITE)]
            nonfin = [m for m in readings if set(m) & _NONFINITE]
            # akana's P2sg/P3sg ambiguity ("yaptığını"): news is third person
            nonfin.sort(key=lambda m: "P3sg" not in m and "P3pl" not in m)
            morph = (fin or nonfin)[0] if at_end else (nonfin or fin)[0]
            feats = set(morph)
            finite = not (feats & _NONFINITE)
            if "Neg" in feats or "NegAbil" in feats or feats & _UNREAL:
                continue  # "görüşmedi", "kabul edilemez"
            if "Inf" in feats and not feats & _CASE_SET:
                continue  # "bir araya gelmek, …": a bare infinitive names an activity, not an event
            if nxt is not None and nxt.lower in ("değil", "olmadı", "olmadığını", "olmayacak"):
                continue
            if nxt is not None and _QUESTION_CLITIC.fullmatch(tr_lower(nxt.stem).rstrip("?")):
                continue  # "Gülen'i ziyaret edecek mi?", "görüşecek misiniz?": a question reports nothing
            if "Pass" in feats and trig.verb == "görüşmek":
                continue  # "görüşüldü": deliberated, an agenda
            if cancelled:
                continue
            status = "occurred"
            if "Fut" in feats or "FutPart" in feats:
                status = "planned"
            elif not finite and q0 > 0 and any(
                v in lx.light_verbs and "FutPart" in m for v, m in words[q0 - 1].info.verbs
            ):
                status = "planned"  # "Kerry ile yapacağı görüşme", "İngiltere'ye yapacağı ziyaret"
            if not finite and nxt is not None and trig.noun and q0 == p:
                # "Yanukoviç ile yaptığı görüşmeden sonra": the participle's noun is no governor
                # ("görüşmeden" is no "without meeting"); what follows the noun is
                k = p + 1 if trig.noun in nxt.info.nouns else p + 2
                nxt = words[k + 1] if k + 1 < len(words) else None
            if not finite and nxt is not None:
                if nxt.lower == "üzere" and "Inf" in feats:
                    continue  # "görüşmek üzere": purpose of another predicate
                gov = {v for v, _ in nxt.info.verbs}
                if any(set(m) & {"WithoutHavingDoneSo", "Without"} for _, m in nxt.info.verbs) or (
                    gov and all("Neg" in m for _, m in nxt.info.verbs)
                ):
                    continue  # "görüşmesini beklemeden", "görüşmesini istemeden": it did not happen
                if gov & lx.planned_governors:
                    status = "planned"
                elif gov & lx.unreal_governors and feats & {"ActN", "Inf"}:
                    continue
                if nxt.lower in lx.before_words:
                    status = "planned"
                if self._claimed(words, p):
                    continue
            if not finite and feats & {"ActN", "Inf"} and self._possibility_follows(words, p, feats):
                continue  # "görüşmesi mümkün değil", "bir araya gelmesinin … mümkün gözükmediğini"
            # "görüşmede … dile getirecek": a meeting named in the locative takes the tense of
            # the predicate that says what happens in it
            if not finite and "ActN" in feats and "Loc" in feats:
                for w2 in words[p + 1 :]:
                    if w2.lower in _CLAUSE_END:
                        break
                    if w2.info.verbs and not w2.cap and not w2.info.nouns \
                            and any(not set(m) & {"ActN", "Inf"} for _, m in w2.info.verbs):
                        if all(set(m) & {"Fut", "FutPart"} for _, m in w2.info.verbs if not set(m) & {"ActN", "Inf"}):
                            status = "planned"
                        break
            # a sentence's main future verb after a converb ("bir araya gelerek görüşecek")
            if "AdvErek" in feats:
                for w2 in words[p + 1 :]:
                    if w2.info.verbs and any("Fut" in m for _, m in w2.info.verbs):
                        status = "planned"
                        break
            pluperfect = "CopPast" in feats and (feats & {"Evid", "Past"})
            if background_ctx and (not finite or pluperfect):
                continue
            if not finite and main_pluperfect:
                continue  # "… ile yaptığı görüşmeler sonucunda … açıkladı-mıştı": recalled, background
            if any(words[k].lower == "her" and words[k + 1].lower in _HABITUAL_UNITS
                   for k in range(max(0, q0 - 6), q0 - 1)) or any(
                    words[k].lower in ("sık", "düzenli", "zaman") and words[k + 1].lower in ("sık", "olarak", "zaman")
                    for k in range(max(0, q0 - 6), q0)):
                continue  # "her ay karşılıklı ziyaretlerde bulundukları", "sık sık görüşüyor": habitual
            if not finite and trig.type == "CONSULT" and "Dat" in feats and "ActN" in feats:
                k = next((k for k in range(p + 1, min(len(words), p + 12))
                          if any(v == "katılmak" for v, _ in words[k].info.verbs)), None)
                if k is not None:
                    if any("Neg" in m for v, m in words[k].info.verbs if v == "katılmak"):
                        continue  # "görüşmelere katılmadı"
                    parts: list[Participant] = []
                    a0 = max((i + 1 for i in range(q0) if words[i].lower in _CLAUSE_END or words[i].lower == ","),
                             default=0)
                    for g in self._groups(words, self._chunks(words, a0, q0), q0) + self._groups(
                            words, self._chunks(words, p + 1, k), k):
                        if "Nom" in g.cases or g.ile:
                            parts += [x for x in self._group_participants(words, g, titles, src) if x.kind != "LOC"]
                    if parts:
                        out.append(_Mention(EventMention(
                            event_type="CONSULT", mode=None, status=status, actors=[], recipients=[],
                            location=None, date=None, date_precision="unknown", date_text=None, topics=[],
                            evidence=Evidence(words[0].start, words[-1].end, src[words[0].start:words[-1].end],
                                              s.source), trigger=src[words[q0].start : words[k].end],
                            confidence=0.6),
                            s.index, False, join=parts))
                    continue
            if q0 > 0 and not finite and trig.type == "CONSULT":
                prev = words[q0 - 1]
                if prev.lower in ("bu", "sözkonusu", "konusu", "o"):
                    continue  # "bu görüşme": the meeting already reported
                if not prev.cap and prev.info.nouns & lx.deliberated_nouns and trig.verb == "görüşmek":
                    continue  # "seçim ittifakı teklifi görüşmelerinde": a bill's reading, no meeting
            if trig.swap and self._sports(words):
                continue  # "Antalyaspor evinde Rizespor'u ağırlayacak": a match, no visit
            m = self._roles(s, src, trig, q0, p, feats, finite, titles, sentence_subject or last_subject)
            if m is None:
                continue
            actors, recipients, symmetric, subj = m
            if subj:
                sentence_subject = subj
            if trig.type == "CONSULT" and trig.mode == "visit" and recipients \
                    and all(self._home_place(x) for x in recipients):
                continue  # "Denizli'ye 7. ziyaretini yaptı", "Şile'yi ziyaret etti": a trip at home, no one met
            # mode
            # "yaptığı telefon görüşmesi": the participle's noun phrase belongs to the clause
            tail = 3 if q0 == p and trig.noun and feats & {"FutPart", "PastPart"} else 1
            clause_lemmas = set().union(*(w.info.lemmas for w in words[: p + tail]))
            mode = trig.mode
            mediator = self._mediator(words, titles, src)
            bilateral = any(w.lower in ("ikili", "baş başa") for w in words[max(0, q0 - 3) : q0 + 1])
            if clause_lemmas & lx.phone_lemmas or trig.mode == "phone":
                mode = "phone"
            elif bilateral and len(actors) + len(recipients) == 2:
                mode = None
            elif mediator is not None:
                mode = "third-party"
            elif mode != "visit" and (
                self._parties(actors + recipients) >= 3 or clause_lemmas & lx.multilateral_lemmas
                or not recipients  # a group meeting among themselves
            ):
                mode = "multilateral"
            if trig.type == "CONSULT" and mode is None and len(recipients) == 1 and recipients[0].kind == "LOC" \
                    and all(x.title for x in actors) and any(
                        w.start == recipients[0].start and w.text != w.stem and "Loc" in w.info.cases for w in words):
                mode = "visit"  # an office holder's contacts in a country abroad
            if trig.type != "CONSULT":
                mode = None
            # "4-5 Eylül'de Galler'de yapılacak NATO Zirvesi": the time and place of another,
            # named meeting in the clause are not this one's
            foreign = self._foreign(words, q0, p)
            # a phone call has no place of meeting
            location = None if mode == "phone" else self._location(words, q0, p, actors + recipients, src, foreign)
            if location is None and mode is None and trig.type == "CONSULT":
                # "Köşk'e çıkan Başbakan … ile görüştü": the party went to the place of the meeting
                for k in range(1, min(p, q0 + 1)):
                    dw, pw2 = words[k - 1], words[k]
                    if dw.cap and dw.text != dw.stem and "Dat" in dw.info.cases and pw2.info.participle \
                            and any(v in _MOTION_VERBS for v, _ in pw2.info.verbs):
                        location = Place(dw.stem, dw.stem if tr_lower(dw.stem) in self.countries else None)
                        mode = "visit"
                        break
            if mode == "visit":
                # a visit to a country is in it: a locative elsewhere in the sentence that is not in
                # that country belongs to another clause ("İran'da … Ruhani'nin Türkiye'yi ziyaret")
                for r in recipients:
                    if r.kind == "LOC" and (location is None or (
                        tr_lower(r.name) in self.countries and location.country not in (None, r.name)
                    )):
                        location = Place(r.name, r.name if tr_lower(r.name) in self.countries else None)
            when = resolve_when(s.tokens, src, published, future=status == "planned", anchor=pw.tok,
                                skip=frozenset(words[k].tok for k in foreign))
            if status == "occurred" and not finite and _long_before(when.date, when.source, published):
                continue  # "15-16 Şubat'taki ikinci toplantıda … bir araya gelirken": an earlier round
            a, b = words[0].start, words[-1].end
            ev = EventMention(
                event_type=trig.type,
                mode=mode,
                status=status,
                actors=actors,
                recipients=recipients,
                location=location,
                date=when.date,
                date_precision=when.precision,
                date_text=when.text,
                topics=[],
                evidence=Evidence(a, b, src[a:b], s.source),
                trigger=src[words[q0].start : pw.end],
                confidence=0.9 if finite else 0.75,
                symmetric=symmetric,
                mediator=mediator,
                date_source=when.source,
            )
            named = sum(1 for x in actors + recipients if x.name != x.title)
            if trig.mode == "visit" and trig.object == "Acc" and not trig.swap:
                # "CHP'nin ardından MHP'yi ziyaret etti": the party visited before is a visit too
                for k in range(1, q0):
                    w1, w2 = words[k - 1], words[k]
                    if w1.cap and w1.text != w1.stem and "Gen" in w1.info.cases and w2.lower in lx.after_words:
                        ch = [c for c in self._chunks(words, max(0, k - 4), k) if c.b == k]
                        first = self._participant(words, ch[-1], titles, src) if ch else None
                        if first is not None and first.kind != "LOC" and not any(
                            self._same(first, x) for x in actors + recipients
                        ):
                            out.append(_Mention(replace(ev, recipients=[first], actors=list(actors), topics=[],
                                                        extra_evidence=[], location=None), s.index, finite,
                                                named=named))
            if len(recipients) >= 2 and len(actors) == 1 and mode != "phone" and any(
                w.lower in lx.separately_words for w in words[max(0, q0 - 3) : q0]
            ):
                # "X, Y ve Z heyetleriyle ayrı ayrı ikili görüşmeler": one meeting per partner
                for r in recipients:
                    one = replace(ev, recipients=[r], actors=list(actors), topics=[], extra_evidence=[],
                                  mode=None if ev.mode == "multilateral" else ev.mode)
                    out.append(_Mention(one, s.index, finite, named=named))
                continue
            if len(actors) >= 2 and len(recipients) == 1 and trig.swap and any(
                w.lower in lx.separately_words for w in words[q0 : min(len(words), p + 1)]
                + words[max(0, q0 - 3) : q0]
            ):
                # "Gül, X ve Y'yi ayrı ayrı kabul ediyor": one reception per guest
                for a in actors:
                    one = replace(ev, actors=[a], recipients=list(recipients), topics=[], extra_evidence=[],
                                  mode=ev.mode)
                    out.append(_Mention(one, s.index, finite, named=named))
                continue
            out.append(_Mention(ev, s.index, finite, named=named))
        del lowers
        return out, sentence_subject

    _GEN_POSTPOSITIONS = frozenset({"ardından", "sonra", "önce", "öncesi", "öncesinde", "sonrası", "sonrasında",
                                    "üzerine", "üstüne", "hakkında", "için", "yerine", "gibi"})
    _NAME_FILLERS = frozenset({"genel", "olağan", "olağanüstü", "yıllık", "bakanlar"})

    def _named_meetings(
        self, s: _Sentence, src: str, published: PublishedDate | None, triggers: list[Any]
    ) -> list[_Mention]:
        """A named meeting ("UAEA 69. Genel Konferansı … başladı", "yapılacak NATO Zirvesi"):
        a multilateral meeting whose organiser is the name before the head."""
        words = s.words
        lx = self.lx
        out: list[_Mention] = []
        last_verb = next((w for w in reversed(words) if w.info.verbs and not w.cap and not w.punct), None)
        for i, w in enumerate(words):
            if not w.cap or i == 0 or not ((w.info.nouns | self.info(w.lower).nouns) & lx.meeting_name_heads):
                continue
            if any(i in (q0, p) or (p - q0 <= 3 and q0 <= i <= p) for _t, q0, p, _inf, _m in triggers):
                continue
            # "UAEA 69. Genel Konferansı": skip fillers and one ordinal, then the name's words
            j = i - 1
            while j > 0 and words[j].cap and words[j].lower in self._NAME_FILLERS:
                j -= 1
            if j > 0 and words[j].stem == "." and words[j - 1].stem.isdigit():
                j -= 2
            while j >= 0 and words[j].cap and words[j].lower in self._NAME_FILLERS:
                j -= 1
            k = j + 1
            while k > 0 and words[k - 1].cap and words[k - 1].text == words[k - 1].stem \
                    and words[k - 1].stem[:1].isalpha():
                k -= 1
            name_ws = words[k : j + 1]
            if not name_ws:
                continue
            name = src[name_ws[0].start : name_ws[-1].end]
            if _fold_name(name) in lx.non_participants or name_ws[0].stem in lx.not_names:
                continue
            if self._topic_name(name_ws):
                continue  # "Eğitim Teknolojileri Zirvesi": named after a subject, no organiser
            if i + 1 < len(words) and words[i + 1].cap and tr_lower(words[i + 1].stem) in lx.venue_heads:
                continue  # "Haliç Kongre Merkezi": a venue
            status: str | None = None
            prev = words[k - 1] if k > 0 else None
            anchor = w
            if prev is not None and any(
                v in lx.meeting_name_verbs and set(m) & {"FutPart", "PastPart"} for v, m in prev.info.verbs
            ):
                fut = any(v in lx.meeting_name_verbs and "FutPart" in m for v, m in prev.info.verbs)
                status, anchor = ("planned" if fut else "occurred"), prev
            elif w.text == w.stem and last_verb is not None and words.index(last_verb) > i:
                j = words.index(last_verb)
                verbs = {v for v, _ in last_verb.info.verbs}
                if j > 0 and words[j - 1].lower == "sona":
                    verbs = {"sona " + v for v in verbs}
                fin = [m for v, m in last_verb.info.verbs if not (set(m) & _NONFINITE)]
                if verbs & lx.meeting_name_verbs and fin and not any("Neg" in m for m in fin):
                    status = "planned" if any("Fut" in m for m in fin) else "occurred"
                    anchor = last_verb
            if status is None:
                continue
            actor = Participant(name, None, None, "ORG", name_ws[0].start, name_ws[-1].end)
            location = self._location(words, k, i, [actor], src)
            when = resolve_when(s.tokens, src, published, future=status == "planned", anchor=anchor.tok)
            a, b = words[0].start, words[-1].end
            ev = EventMention(
                event_type="CONSULT", mode="multilateral", status=status, actors=[actor], recipients=[],
                location=location, date=when.date, date_precision=when.precision, date_text=when.text,
                topics=[], evidence=Evidence(a, b, src[a:b], s.source),
                trigger=src[words[k].start : w.end], confidence=0.7, date_source=when.source,
            )
            out.append(_Mention(ev, s.index, True, named=1))
        return out

    def _topic_name(self, name_ws: list[Word]) -> bool:
        """A meeting name made of common words only ("Eğitim Teknolojileri", "Uluslararası Uzay"):
        named after its subject, it names no organiser. An acronym, a country, a place or a word
        with no common reading ("NATO", "UAEA", "Türkiye-Malezya", "Eurogroup") is one."""
        for w in name_ws:
            low = tr_lower(w.stem)
            if w.stem.isupper() or low in self.countries or low in self.places or "-" in w.stem:
                return False
            info = self.info(low)
            if not (info.nouns or info.verbs):
                return False
        return True

    _LEAD_RE = re.compile(r"((?:[A-ZÇĞİÖŞÜ][\w.]*\s){1,5})?([A-ZÇĞİÖŞÜ][a-zçğıöşüâîû]+(?:\s[A-ZÇĞİÖŞÜ][a-zçğıöşüâîû]+){0,2})\s?,\s")

    _SPEAKER_RE = re.compile(r"([A-ZÇĞİÖŞÜ][\w]+(?:\s[A-ZÇĞİÖŞÜ][\w]+){0,2})\s?,\s?[\"“”']")

    def _speaker(self, s: _Sentence, src: str, pos: int) -> list[Participant]:
        """The speaker of a first-person quote: the last "Name, \"" before ``pos`` within the
        preceding 600 characters (quotes run over several sentences)."""
        lo = max(0, pos - 600)
        found = [m for m in self._SPEAKER_RE.finditer(src, lo, pos)]
        for m in reversed(found):
            name = m.group(1)
            if tr_lower(name) in self.countries or name.split()[0] in self.lx.not_names \
                    or any(self._common_noun(w) for w in name.split()):
                continue
            return [Participant(name, None, None, "PER", m.start(1), m.end(1))]
        return []

    def _leading_subject(self, sents: list[_Sentence], text: str, k: int) -> list[Participant] | None:
        """The person a stretch of the article is about: the titled subject that opens the nearest
        sentence before ``k`` ("Başbakan Yardımcısı Bülent Arınç, …"), within six sentences."""
        for j in range(k, max(-1, k - 7), -1):
            toks = sents[j].tokens
            if not toks:
                continue
            start = toks[0].start
            if j == k:
                # this sentence first, a titled subject after an opening adverbial too:
                # "… göre, Bakan Kurum, … inceledi, esnafı ziyaret edip …"
                m = next((x for x in self._LEAD_RE.finditer(text, start, toks[-1].end)
                          if x.start() == start or text[x.start() - 2 : x.start()] == ", "), None)
            else:
                m = self._LEAD_RE.match(text, start, min(len(text), start + 120))
            if not m:
                continue
            title_words = (m.group(1) or "").split()
            name = m.group(2)
            if not title_words or not any(tr_lower(w) in self.title_heads or tr_lower(w).startswith(tuple(self.title_heads))
                                          for w in title_words):
                continue  # only a titled person is taken as the article's subject
            if any(self._common_noun(w) for w in name.split()) or tr_lower(name) in self.countries:
                continue
            title = " ".join(title_words)
            return [Participant(name, title, None, "PER", m.start(2), m.end(2))]
        return None

    def _joint_bodies(self, s: _Sentence, src: str, published: PublishedDate | None) -> list[_Mention]:
        """"büyükelçiler düzeyinde toplanan NATO-Rusya Konseyi": a joint body named after its two
        sides meets, so the two sides meet."""
        words = s.words
        lx = self.lx
        out: list[_Mention] = []
        for i in range(len(words) - 4):
            w = words[i]
            if w.cap or not any(v in lx.joint_body_verbs and set(m) & {"PresPart", "PastPart", "FutPart"}
                                for v, m in w.info.verbs):
                continue
            a, dash, b = words[i + 1], words[i + 2], words[i + 3]
            if not (a.cap and b.cap and dash.stem in ("-", "–") and a.text == a.stem):
                continue
            k = i + 3
            while k < len(words) and words[k].cap and not words[k].punct:
                if tr_lower(words[k].stem).startswith(lx.joint_body_heads) and k > i + 3:
                    break
                k += 1
            if k >= len(words) or not words[k].cap or k == i + 3:
                continue
            fut = any("FutPart" in m for v, m in w.info.verbs if v in lx.joint_body_verbs)
            status = "planned" if fut else "occurred"
            side_a = Participant(a.stem, None, None, "ORG" if a.tag != "LOC" else "LOC", a.start, a.end)
            side_b = Participant(b.stem, None, None, "ORG" if b.tag != "LOC" else "LOC", b.start, b.start + len(b.stem))
            when = resolve_when(s.tokens, src, published, future=fut, anchor=w.tok)
            location = self._location(words, i, k, [side_a, side_b], src)
            lo, hi = words[0].start, words[-1].end
            ev = EventMention(
                event_type="CONSULT", mode=None, status=status, actors=[side_a], recipients=[side_b],
                location=location, date=when.date, date_precision=when.precision, date_text=when.text,
                topics=[], evidence=Evidence(lo, hi, src[lo:hi], s.source),
                trigger=src[w.start : words[k].start + len(words[k].stem)], confidence=0.7,
                symmetric=True, date_source=when.source,
            )
            out.append(_Mention(ev, s.index, False, named=2))
        return out

    def _claimed(self, words: list[Word], p: int) -> bool:
        """An embedded predicate whose relative clause heads a claim ("ziyaret ettiği ancak …
        ayrıldığı iddiaları"): a claim noun follows before the clause's finite verb."""
        for w in words[p + 1 : p + 12]:
            if w.punct and w.lower in _CLAUSE_END:
                return False
            if w.info.nouns & self.lx.claim_nouns and not w.cap:
                return True
            if any(not (set(m) & _NONFINITE) for _, m in w.info.verbs) and not w.info.nouns:
                return False
        return False

    def _departures(self, s: _Sentence, src: str, published: PublishedDate | None) -> list[_Mention]:
        """"X, Almanya'ya hareketi öncesi …": the subject's departure for a place, stated as a
        noun before "öncesi", is a planned visit to that place."""
        words = s.words
        lx = self.lx
        out: list[_Mention] = []
        for i in range(2, len(words) - 1):
            w, dest, nxt = words[i], words[i - 1], words[i + 1]
            if w.cap or not (w.info.nouns & lx.departure_nouns) or nxt.lower not in lx.before_words:
                continue
            if not (dest.cap and dest.text != dest.stem and "Dat" in dest.info.cases):
                continue
            if not any("P3sg" in m for lem, m in w.info.forms if lem in lx.departure_nouns):
                continue
            chunks = self._chunks(words, 0, i - 1)
            groups = [g for g in self._groups(words, chunks, i - 1) if g.cases == frozenset({"Nom"})]
            if not groups or groups[0].b >= i - 1:
                continue
            titles = self._titles(s, src)
            actors = self._group_participants(words, groups[0], titles, src)
            if not actors or any(x.kind == "LOC" for x in actors):
                continue
            place = dest.stem
            country = place if tr_lower(place) in self.countries else None
            recipient = Participant(place, None, None, "LOC", dest.start, dest.start + len(dest.stem))
            when = resolve_when(s.tokens, src, published, future=False, anchor=w.tok)
            a, b = words[0].start, words[-1].end
            ev = EventMention(
                event_type="CONSULT", mode="visit", status="planned", actors=actors, recipients=[recipient],
                location=Place(place, country), date=when.date, date_precision=when.precision,
                date_text=when.text, topics=[], evidence=Evidence(a, b, src[a:b], s.source),
                trigger=src[dest.start : nxt.end], confidence=0.6, date_source=when.source,
            )
            out.append(_Mention(ev, s.index, False, named=len(actors)))
        return out

    def _place_hint(self, s: _Sentence, src: str) -> Place | None:
        """The place of "X'te gerçekleşen/yapılan görüşme" (a meeting noun after a participle) or
        "X'teki … toplantısı" (a place's meeting)."""
        words = s.words
        for i, w in enumerate(words):
            meeting = w.info.nouns & self.lx.consult_nouns or any(
                "ActN" in m and v in self.lx.by_verb for v, m in w.info.verbs
            )
            if i and meeting and not w.cap:
                if any(x.info.participle and not x.cap for x in words[max(0, i - 3) : i]) or any(
                    x.cap and x.text != x.stem and "Rel" in x.info.cases for x in words[max(0, i - 4) : i]
                ):
                    return self._location(words, i, i, [], src)
        return None

    def _parties(self, parts: list[Participant]) -> int:
        """Distinct sides, not counting a delegation that accompanies another ("beraberindeki heyet")."""
        return sum(
            1 for x in parts if not (x.kind == "GROUP" and tr_lower(x.name.split()[0]) in self.lx.companion_modifiers)
        )

    @staticmethod
    def _seq_positions(words: list[Word], seq: Sequence[str]) -> list[int]:
        n = len(seq)
        return [
            i for i in range(len(words) - n + 1)
            if all(seq[j] == words[i + j].lower or seq[j] in words[i + j].info.lemmas for j in range(n))
        ]

    def _mediator(self, words: list[Word], titles: list[Any], src: str) -> Participant | None:
        for i, w in enumerate(words):
            if w.info.nouns & self.lx.mediator_lemmas or w.info.lemmas & self.lx.mediator_lemmas:
                chunks = self._chunks(words, max(0, i - 12), i)
                if chunks and chunks[-1].b == i:
                    return self._participant(words, chunks[-1], titles, src)
        return None

    def _roles(
        self,
        s: _Sentence,
        src: str,
        trig: Trigger,
        q0: int,
        p: int,
        feats: set[str],
        finite: bool,
        titles: list[Any],
        fallback_subject: list[Participant] | Callable[[], list[Participant] | None] | None,
    ) -> tuple[list[Participant], list[Participant], bool, list[Participant] | None] | None:
        words = s.words
        # the clause: from the last clause end before the trigger
        a = 0
        for k in range(q0 - 1, -1, -1):
            if words[k].lower in (";", ":") or self._opens_quote(words, k, q0) or (
                k < q0 - 1 and words[k].info.verbs and not words[k].cap and words[k].lower != "ve"
                and any(not (set(m) & _NONFINITE) and "Past" in m for _, m in words[k].info.verbs)
                and k + 1 < len(words) and words[k + 1].lower in (",", "ve")
            ) or (
                # "… sahip olduğunu, X ile görüşmelerini …": a complement clause ends at its comma
                k < q0 - 1 and not words[k].cap and k + 1 < len(words) and words[k + 1].lower == ","
                and words[k].info.verbs
                and all(set(m) & {"PastPart", "FutPart"} and "Acc" in m for _, m in words[k].info.verbs)
            ) or (
                # "… söylerken, X, Y ile …": a while-converb closes the clause before it
                k < q0 - 1 and not words[k].cap and k + 1 < len(words) and words[k + 1].lower == ","
                and any("While" in m for _, m in words[k].info.verbs)
            ):
                a = k + 1
                break
        chunks = self._chunks(words, a, q0)
        groups = self._groups(words, chunks, q0)
        ins = [g for g in groups if "Ins" in g.cases or g.ile]
        acc = [g for g in groups if "Acc" in g.cases and not g.ile]
        dat = [g for g in groups if "Dat" in g.cases and not g.ile]
        # a genitive governed by a postposition is no subject ("X'in ardından", "X'in üzerine")
        gen = [g for g in groups if g.cases == frozenset({"Gen"}) and not g.arasinda
               and not (g.b < len(words) and words[g.b].lower in self._GEN_POSTPOSITIONS)
               # "Udar Hareketi'nin lideri Vitali Kliçko": the possessor of a noun phrase
               and not (g.b < q0 and self._head_before_name(words, g.b, q0))
               # "Almanya'nın Baden-Baden kentindeki": a country owning a place in it
               and not (g.b < q0 and self._place_like(words, g.chunks[-1]) and (
                   words[g.b].cap or words[g.b].lower in self.lx.place_after_words))]
        nom = [g for g in groups if "Nom" in g.cases and not g.ile and not g.arasinda
               # "esnafı ziyaret edip": a Nom/Acc form right before an Acc verb is its object
               and not (trig.object == "Acc" and "Acc" in g.cases and g.b == q0 and not words[g.b - 1].cap)]
        # "AB yanlısı Udar Hareketi'nin lideri …": a name before a possessed noun modifies it
        modifiers = [g for g in nom if g.b < q0 and not words[g.b].cap and not words[g.b].punct
                     and not words[g.b].info.verbs and words[g.b].info.nouns
                     and any("P3sg" in m for _, m in words[g.b].info.forms)]
        if modifiers and len(modifiers) < len(nom):
            nom = [g for g in nom if g not in modifiers]
        between = [g for g in groups if g.arasinda]
        if not between and not finite and trig.type == "CONSULT" and trig.verb and q0 == p:
            # "Görüşme, X ile Y arasında gerçekleşti", "bir diğer görüşme ise X ile Y arasında
            # geçiyor": the meeting noun is the subject, its sides follow
            end = next((k for k in range(p + 1, len(words)) if words[k].lower in _CLAUSE_END), len(words))
            rgroups = self._groups(words, self._chunks(words, p + 1, end), end)
            right = [g for g in rgroups if g.arasinda]
            if right and right[-1].b + 1 < len(words) and any(
                v in _BETWEEN_VERBS for v, _ in words[right[-1].b + 1].info.verbs
            ):
                between = right[-1:]
                ins = ins + [g for g in rgroups if g.ile]
        if trig.verb == "aramak" and q0 > 0 and self._indefinite_object(words[q0 - 1]):
            return None  # "tutunacak dal arayanlar", "çözüm arıyor": seeking, not calling
        if trig.mode == "visit" and trig.object == "Acc" and q0 > 0 and "Acc" in words[q0 - 1].info.cases \
                and self._visit_site(words[q0 - 1]):
            return None  # "Altınyayla ilçesini ziyaret etti": a site, no one met
        if trig.object_kind == "country" and not (
            dat and q0 - dat[-1].b <= 1 and len(dat[-1].chunks) == 1 and self._country_like(words, dat[-1].chunks[0])
        ):
            return None  # a trip goes to the country named right before the verb
        subj_g: Group | None = None
        symmetric = False
        partners: list[Participant] = []
        subject: list[Participant] = []
        obj_case = trig.object
        embedded_p3 = not finite and (feats & {"P3sg", "P3pl"})
        if embedded_p3 and gen:
            subj_g = gen[-1]
        elif nom:
            subj_g = nom[0]
            # "Haberler … açıklayacak ABD Başkanı Donald Trump, bu hafta …": the nominative the
            # comma sets off is the subject, not words glued on before it
            comma = [g for g in nom if g.b < len(words) and words[g.b].lower == ","]
            if len(comma) == 1 and comma[0] is not nom[0] and words[nom[0].b].lower != "," and any(
                not w.cap and any(set(m) & _PREDICATE_FORMS for _, m in w.info.verbs)
                for w in words[nom[0].b : comma[0].a]
            ):
                subj_g = comma[0]
        if between:
            g = between[-1]
            parts = self._group_participants(words, g, titles, src)
            prev = [x for x in ins if x.b + 1 == g.a and x.ile]
            if prev:
                first = self._group_participants(words, prev[-1], titles, src)
                last = g.chunks[-1]
                if len(g.chunks) == 1 and len(parts) == 1 and self._plural_head(words, last) and last.b - last.a >= 2 \
                        and all(x.kind != "GROUP" for x in first):
                    # "X ile Y heyetleri arasında": the plural head is each side's
                    head = possessive_3sg(last.group_head or "")
                    for x in first:
                        x.name, x.kind = f"{x.name} {head}", "GROUP"
                    y = parts[0]
                    y.name = f"{src[words[last.a].start : words[last.b - 1].start].strip()} {head}"
                parts = first + parts
                ins = [x for x in ins if x is not prev[-1]]
            if len(parts) >= 2:
                return parts[:1], parts[1:], True, None
        if obj_case == "Ins":
            if ins:
                g = ins[-1]
                partners = self._group_participants(words, g, titles, src)
                # "A, B ve C ile": a comma-led first conjunct at the clause start is the subject
                if subj_g is None or subj_g is g:
                    if len(g.chunks) >= 2 and words[g.chunks[0].b].lower == "," and not feats & {"A1sg", "A1pl"}:
                        subject, partners = partners[:1], partners[1:]
                    elif g.ile and g.b < q0:
                        after = [x for x in nom if x.a == g.b + 1]
                        if after:
                            subject = partners
                            partners = self._group_participants(words, after[0], titles, src)
                            symmetric = True
                if subj_g is not None and subj_g is not g and not subject and not finite and g.ile and g.b < q0:
                    # "Çavuşoğlu, X ile Y('nin) yarın gerçekleştirilecek görüşmeye işaret etti": the
                    # pair before a participle is the meeting's, not the sentence subject
                    pair = [x for x in nom + gen if x.a == g.b + 1 and q0 - x.b <= 3]
                    if pair:
                        subject = partners
                        partners = self._group_participants(words, pair[0], titles, src)
                        symmetric = True
                if subj_g is not None and subj_g is not g and not subject:
                    if subj_g.a > g.b and g.ile:
                        symmetric = True
                    subject = self._group_participants(words, subj_g, titles, src)
            elif subj_g is not None:
                parts = self._group_participants(words, subj_g, titles, src)
                if len(parts) >= 2:
                    # "Taksim, Kadıköy ve Beşiktaş'ta toplandı": towns and districts name where
                    # something happened, not two sides that met (a country, or a people named after
                    # one, can be a side: "Kıbrıs Türk ve Rum tarafları")
                    parts = [x for x in parts if x.kind != "LOC" or tr_lower(x.name) in self.countries
                             or any(t in self.countries for t in tr_lower(x.name).split())]
                if len(parts) >= 2 and trig.coordinated_sides:
                    subject, partners, symmetric = parts[:1], parts[1:], True
                else:
                    subject = parts
        elif obj_case in ("Acc", "Dat"):
            cands = acc if obj_case == "Acc" else dat
            if not cands and trig.mode == "visit" and obj_case == "Acc":
                # "Brüksel'e bir ziyaret gerçekleştirecek": the visited place in the dative
                cands = [g for g in dat if self._place_like(words, g.chunks[-1])]
            if cands:
                g = cands[-1]
                if trig.object_kind == "person" and not self._is_person(words, g):
                    return None
                if trig.mode == "visit" and all(self._visit_site(words[c.b - 1]) for c in g.chunks):
                    return None  # "Altınyayla ilçesini ziyaret etti": a site, no one met
                if trig.object_kind == "person" and obj_case == "Acc" and any(
                    set(m) & {"Inf", "ActN"} and "Acc" in m for w in words[g.b : q0] for _, m in w.info.verbs
                ):
                    return None  # "Azarov'u görevden almayı kabul eden": the object is the act
                partners = self._group_participants(words, g, titles, src)
            if subj_g is not None:
                subject = self._group_participants(words, subj_g, titles, src)
            if not partners and trig.object_kind == "person":
                return None
            if trig.object_kind == "country":
                # "ABD Dışişleri Bakan Yardımcısı Mitchell Cuma günü Kıbrıs'a gelecek": an office
                # holder's trip to a country (or a foreign city) is a visit to it
                g = cands[-1] if cands else None
                subject = [x for x in subject if x.title]
                if g is None or len(g.chunks) != 1 or not self._country_like(words, g.chunks[0]) or not subject:
                    return None
        # relative clause: "ziyaret eden X", "bir araya gelen X", "ağırlayan X"
        # a subject relative ("-en") always has its subject at the head on the right: a
        # nominative inside the relative clause is something else ("Kharkiv kentindeki")
        if "PresPart" in feats or (not subject and "PastPart" in feats and not embedded_p3):
            right = self._chunks(words, p + 1, min(len(words), p + 20))
            # the head follows the participle with no punctuation between: in "Gülen'i arayan
            # kişi, Azerbaycan'da …" the head is "kişi" (no name), not what follows the comma
            if right and right[0].a <= p + 3 and not any(w.punct for w in words[p + 1 : right[0].a]):
                rgs = self._groups(words, right, len(words))
                head = self._group_participants(words, rgs[0], titles, src)
                # "ziyaret eden X ile Y": a coordinated head
                if rgs[0].ile and len(rgs) > 1 and rgs[1].a == rgs[0].b + 1:
                    head += self._group_participants(words, rgs[1], titles, src)
                if head:
                    keys = {_fold_name(x.name) for x in head}
                    subject = head
                    partners = [x for x in partners if _fold_name(x.name) not in keys]
        elif embedded_p3 and not partners and p + 1 < len(words):
            right = self._chunks(words, p + 1, min(len(words), p + 6))
            if right and right[0].a == p + 1 and not (words[right[0].b - 1].info.nouns & self.lx.consult_nouns):
                partners = self._group_participants(words, self._groups(words, right, len(words))[0], titles, src)
        # "X ile görüşeceğini ifade eden Trump": the subject of a complement clause is the head
        # of the relative clause that governs it
        if not subject and not finite and feats & {"Acc", "Dat"}:
            for k in range(p + 1, min(len(words), p + 4)):
                if any("PresPart" in m for _, m in words[k].info.verbs) or words[k].info.participle:
                    right = self._chunks(words, k + 1, min(len(words), k + 10))
                    if right and right[0].a == k + 1:
                        subject = self._group_participants(
                            words, self._groups(words, right, len(words))[0], titles, src
                        )
                    break
        if feats & {"A1sg", "A1pl"} and subj_g is not None and obj_case == "Ins" and ins \
                and subj_g.b < len(words) and words[subj_g.b].lower == "," and ins[-1].a == subj_g.b + 1:
            # "Başbuğ, Balanlı ve Özkan'la görüştüm": the first name is a partner, the speaker met them
            partners, subject = subject + partners, []
        first_person = finite and bool(feats & {"A1sg", "A1pl"})
        if first_person:
            # "Nermin Bezmen'le … evinde buluştuk": a first-person predicate's subject is whoever
            # speaks, never a nominative before it ("Kurt Seyit ve Şura dizisinin …")
            subject = []
        own_subject = bool(subject)
        if not subject and partners and feats & {"A1sg", "A1pl"}:
            # "…Trump ile telefonda görüştüm" dedi: the speaker of the quote
            subject = self._speaker(s, src, words[q0].start)
        if not subject and fallback_subject and partners and (finite or feats & {"AdvIp", "AdvErek"}):
            # a dropped subject ("…seslenecek olan, ilk olarak Bolu Valiliği'ni ziyaret etti"): the
            # subject of the meeting before, or the person the article opens with
            fallback = fallback_subject() if callable(fallback_subject) else fallback_subject
            subject = list(fallback or [])
        if first_person and not subject:
            return None  # no speaker and no subject of the article: the reporter's own meeting
        # "Dünya liderleri … bir araya gelecek": a plural group of leaders, ministers or
        # delegations meeting among themselves is a multilateral meeting with no other side
        if subject and not partners and obj_case == "Ins" and trig.type == "CONSULT" and len(subject) == 1 \
                and subj_g is not None and len(subj_g.chunks) == 1 and self._plural_head(words, subj_g.chunks[0]) \
                and (subj_g.chunks[0].group_head in self.lx.multilateral_heads
                     or self._member_states(words, subj_g.chunks[0])) \
                and not feats & {"Prog", "Prog1", "Prog2", "Aor"} \
                and not any(w.lower == "iki" for w in words[subj_g.a : subj_g.b]):
            return subject, [], False, subject
        if subject and not partners and trig.type == "CONSULT" and trig.object_kind != "country" \
                and all(x.title for x in subject) and not feats & {"Prog", "Prog1", "Prog2", "Aor"}:
            # "Ekonomi Bakanı Zeybekci, … Japonya'da temaslarda bulundu": an office holder's
            # contacts in a country abroad, with no one named, are a visit to that country
            loc = [g for g in groups if g.cases == frozenset({"Loc"}) and len(g.chunks) == 1
                   and g.chunks[0].b - g.chunks[0].a == 1 and self._country_like(words, g.chunks[0])]
            if loc:
                c = loc[-1].chunks[0]
                partners = [Participant(words[c.a].stem, None, None, "LOC", words[c.a].start, words[c.a].end)]
        if not subject or (trig.needs_partner and not partners) or (not partners and trig.type != "CONSULT"):
            if trig.type == "CONSULT" and trig.mode == "visit" and subject and partners:
                pass
            else:
                return None
        if not partners:
            return None
        # no self-meetings
        subj_keys = {_fold_name(x.name) for x in subject}
        partners = [x for x in partners if _fold_name(x.name) not in subj_keys]
        if not partners:
            return None
        if trig.swap:
            return partners, subject, symmetric, subject if own_subject else None
        return subject, partners, symmetric, subject if own_subject else None

    @staticmethod
    def _opens_quote(words: list[Word], k: int, q0: int) -> bool:
        """words[k] opens a quotation that is still open at q0 ('… belirterek, "Müsteşar …
        aramış"'): a clause starts there."""
        w = words[k].stem
        if any(x.stem in ('"', "”", "»") for x in words[k + 1 : q0]):
            return False
        if w in ("“", "«"):
            return True
        if w != '"' or k + 1 >= len(words) or words[k + 1].punct:
            return False
        return sum(1 for x in words[:k] if x.stem == '"') % 2 == 0

    def _foreign(self, words: list[Word], q0: int, p: int) -> set[int]:
        """Words that state the time or place of a named meeting the clause mentions ("4-5
        Eylül'de Galler'de yapılacak NATO Zirvesi"), outside the trigger q0..p's own phrase."""
        out: set[int] = set()
        heads = self.lx.meeting_name_heads
        own = set(range(q0, p + 1)) if p - q0 <= 3 else {q0, p}
        for i, w in enumerate(words[:-1]):
            if i in own or w.cap or not any(set(m) & {"FutPart", "PastPart", "PresPart"} for _, m in w.info.verbs):
                continue
            named = False
            for k in range(i + 1, min(len(words), i + 6)):
                x = words[k]
                if not x.cap:
                    break
                if (x.info.nouns | self.info(x.lower).nouns) & heads:
                    named = True
                    break
            if not named:
                continue
            k = i - 1
            while k >= 0 and k not in own and (words[k].cap or words[k].stem[:1].isdigit()
                                                            or words[k].stem in ("-", "–")):
                out.add(k)
                k -= 1
        return out

    def _location(
        self, words: list[Word], q0: int, p: int, parties: list[Participant], src: str,
        foreign: set[int] | None = None,
    ) -> Place | None:
        lx = self.lx
        party_spans = [(x.start, x.end) for x in parties]
        best: Place | None = None
        best_d = 10**9
        for i, w in enumerate(words):
            if w.punct or (foreign and i in foreign):
                continue
            place: str | None = None
            country: str | None = None
            rel_meeting = (
                "Rel" in w.info.cases and i + 1 < len(words)
                and bool(words[i + 1].info.nouns & lx.consult_nouns)
            )  # "Cenevre'deki görüşmeler"
            if w.cap and w.text != w.stem and (
                ("Loc" in w.info.cases and "Rel" not in w.info.cases) or rel_meeting
            ):
                if w.stem[:1].isdigit() or (i > 0 and words[i - 1].lower in self.title_heads):
                    continue
                # extend left over capitalised words of the same name
                k = i
                while k > 0 and words[k - 1].cap and words[k - 1].text == words[k - 1].stem and not words[k - 1].punct \
                        and words[k - 1].stem not in lx.not_names:
                    k -= 1
                place = src[words[k].start : w.start + len(w.stem)]
                # "Mısır'ın başkenti Kahire'de"
                if k >= 2 and words[k - 1].lower.startswith("başkent") and "Gen" in words[k - 2].info.cases:
                    country = words[k - 2].stem
            elif not w.cap and w.lower in lx.place_after_words and i > 0 and words[i - 1].cap \
                    and w.info.cases & {"Loc", "Rel"}:
                place = words[i - 1].stem
            if place is None:
                continue
            if tr_lower(place.split()[0]) in self.countries or tr_lower(place) in self.countries:
                country = country or place
            low = tr_lower(place)
            if low in self.lx.non_participants or any(s <= words[i].start < e for s, e in party_spans):
                continue
            if low.split()[-1] in ("ay", "ayı") or place in self.lx.not_names or self._calendar_word(words, i):
                continue
            d = abs(i - p) if i < p else (i - p) * 2 + 5
            if d < best_d:
                best, best_d = Place(place, country), d
        return best

    # ------------------------------------------------------------------ topics

    def _add_topics(self, mentions: list[_Mention], sents: list[_Sentence], text: str) -> None:
        ev_sents = sorted({m.sent for m in mentions if m.sent >= 0})
        topic_cache: dict[int, list[str]] = {}
        opener = self.topics.agenda_openers
        agenda = self.topics.agenda_lemmas

        def lemma_sets(s: _Sentence) -> list[frozenset[str]]:
            if not s.words:
                s.words = self._words(s.tokens, text, 0)
            return [w.info.lemmas for w in s.words if not w.punct]

        def topics_of(k: int) -> list[str]:
            if k not in topic_cache:
                topic_cache[k] = self.topics.match(lemma_sets(sents[k]))
            return topic_cache[k]

        for m in mentions:
            if m.sent < 0:
                continue
            found = list(topics_of(m.sent))
            nxt_ev = next((k for k in ev_sents if k > m.sent), len(sents))
            for k in range(m.sent + 1, min(nxt_ev, m.sent + 9, len(sents))):
                ls = lemma_sets(sents[k])
                all_l = set().union(*ls) if ls else set()
                if all_l & opener or all_l & agenda:
                    for t in topics_of(k):
                        if t not in found:
                            found.append(t)
            m.ev.topics = found
        for m in mentions:
            if m.sent < 0 and not m.ev.topics:
                words = [w.info.lemmas for w in self._words(
                    [t for t in tokenize_sentences(m.ev.evidence.text) for t in t], m.ev.evidence.text, 0)]
                m.ev.topics = self.topics.match(words)

    # ------------------------------------------------------------------ merging

    @staticmethod
    def _same(a: Participant, b: Participant) -> bool:
        fa, fb = _fold_name(a.name), _fold_name(b.name)
        if fa == fb:
            return True
        ta, tb = fa.split(), fb.split()
        # a shared surname; a shared lower-case head ("X heyeti", "Y heyeti") is no such thing
        if ta and tb and ta[-1] == tb[-1] and a.name.split()[-1][:1].isupper() \
                and (a.title is None or b.title is None or a.title != a.name):
            return True
        for x, y in ((a, b), (b, a)):
            if x.title and x.name == x.title and y.title:
                if fuzz.token_set_ratio(tr_lower(x.title), tr_lower(y.title)) >= 85:
                    return True
        if len(fa) > 3 and len(fb) > 3 and (fa.startswith(fb + " ") or fb.startswith(fa + " ")):
            return True
        # one office named without its holder, in different words ("Müsteşar", "müsteşarı",
        # "Adalet Bakanlığı Müsteşarı"): the same head noun, and no word of one missing in the other
        def office_only(x: Participant) -> bool:
            return x.name[:1].islower() or (x.title is not None and x.name == x.title)

        if ta and tb and office_only(a) and office_only(b):
            la, lb = ta[-1], tb[-1]
            short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
            if min(len(la), len(lb)) >= 5 and abs(len(la) - len(lb)) <= 2 \
                    and (la.startswith(lb) or lb.startswith(la)) and set(short[:-1]) <= set(long_[:-1]):
                return True
        # a country and the official who speaks for it ("Rusya" ~ "Rusya Dışişleri Bakanı Lavrov")
        for x, y in ((a, b), (b, a)):
            if x.kind == "LOC" and y.title and _fold_name(y.title).startswith(_fold_name(x.name) + " "):
                return True
        return False

    @staticmethod
    def _conflict(a: EventMention, b: EventMention) -> bool:
        """Two mentions that cannot be one meeting: different places or different stated dates."""
        # two named meetings of one organiser ("NATO Zirvesi" in Galler, a NATO meeting in Brüksel)
        if not a.recipients and not b.recipients and a.location is not None and b.location is not None \
                and _fold_name(a.location.name) != _fold_name(b.location.name):
            return True
        return a.date_source == "text" and b.date_source == "text" and a.date != b.date

    @staticmethod
    def _place_visit(e: EventMention) -> bool:
        return e.mode == "visit" and len(e.recipients) == 1 and e.recipients[0].kind == "LOC"

    def _overlap(self, a: EventMention, b: EventMention) -> int:
        pa, pb = a.participants(), b.participants()
        return sum(1 for x in pa if any(self._same(x, y) for y in pb))

    def _merge(self, mentions: list[_Mention]) -> list[_Mention]:
        body = [m for m in mentions if not m.from_title]
        heads = [m for m in mentions if m.from_title]
        clusters: list[list[_Mention]] = []
        for m in body:
            for c in clusters:
                r = c[0].ev
                if r.event_type != m.ev.event_type or r.status != m.ev.status:
                    continue
                if any(self._conflict(x.ev, m.ev) for x in c):
                    continue
                # one sentence, two different sides met: two meetings ("CHP'nin ardından MHP'yi")
                if any(x.sent == m.sent and x.ev.recipients and m.ev.recipients and not any(
                        self._same(r1, r2) for r1 in x.ev.recipients for r2 in m.ev.recipients) for x in c):
                    continue
                ov = max(self._overlap(x.ev, m.ev) for x in c)
                need = min(2, len(m.ev.participants()), len(r.participants()))
                # a visit to a place and a meeting held there on that visit ("yarın Brüksel'e
                # ziyaret gerçekleştirecek … yarın Barroso ile görüşmesi bekleniyor"): one event
                if ov >= 1 and any(self._place_visit(x.ev) for x in c) != self._place_visit(m.ev) \
                        and any(x.ev.date == m.ev.date for x in c):  # the same day, or both undated
                    need = 1
                if ov >= need:
                    c.append(m)
                    break
            else:
                clusters.append([m])
        for h in heads:
            best = None
            for c in clusters:
                if c[0].ev.event_type == h.ev.event_type and max(self._overlap(x.ev, h.ev) for x in c) >= 1:
                    best = c
                    break
            if best is not None:
                best.append(h)
            else:
                clusters.append([h])
        out: list[_Mention] = []
        for c in clusters:
            out.append(self._combine(c))
        # "X'in Y ile de görüşeceği bildirildi" beside "X, … Y ile görüştü": the meeting announced
        # and the meeting held are one, when the announcement names no other day
        occurred = [m for m in out if m.ev.status == "occurred" and m.ev.event_type == "CONSULT" and not m.from_title]
        keep: list[_Mention] = []
        for m in out:
            ev = m.ev
            if ev.status == "planned" and ev.event_type == "CONSULT" and ev.date_source != "text" and any(
                ev.actors and ev.recipients
                and all(any(self._same(x, y) for y in o.ev.actors) for x in ev.actors)
                and all(any(self._same(x, y) for y in o.ev.recipients) for x in ev.recipients)
                for o in occurred
            ):
                continue
            keep.append(m)
        return keep

    def _combine(self, c: list[_Mention]) -> _Mention:
        ranked = sorted(
            c,
            key=lambda m: (
                m.from_title,
                -m.named,
                not m.finite,
                -len(m.ev.participants()),
                m.sent,
            ),
        )
        best = ranked[0]
        ev = best.ev
        for m in ranked[1:]:
            o = m.ev
            for lst_name in ("actors", "recipients") if not m.from_title else ():
                mine: list[Participant] = getattr(ev, lst_name)
                for x in getattr(o, lst_name):
                    for y in ev.participants():
                        # the fuller name of one party ("Harp Okulu" → "Kara Harp Okulu")
                        if y.kind == x.kind and y.kind != "PER" and _fold_name(x.name).endswith(" " + _fold_name(y.name)):
                            y.name = x.name
                    if not any(self._same(x, y) for y in ev.participants()):
                        if x.name != x.title or not any(
                            y.title and self._same(x, y) for y in ev.participants()
                        ):
                            mine.append(x)
            if ev.location is None and o.location is not None:
                ev.location = o.location
            if ev.date_source != "text" and o.date_source == "text" and o.date is not None:
                ev.date, ev.date_precision, ev.date_text, ev.date_source = (
                    o.date, o.date_precision, o.date_text, o.date_source)
            elif ev.date_source is None and o.date_source is not None:
                ev.date, ev.date_precision, ev.date_text, ev.date_source = (
                    o.date, o.date_precision, o.date_text, o.date_source)
            for t in o.topics:
                if t not in ev.topics:
                    ev.topics.append(t)
            if o.mode == "phone":
                ev.location = None
            if o.mode == "phone" or (o.mode in ("visit", "third-party") and ev.mode in (None, "multilateral")):
                ev.mode = o.mode
            if o.mediator and not ev.mediator:
                ev.mediator = o.mediator
            ev.symmetric = ev.symmetric or o.symmetric
            ev.extra_evidence.append(o.evidence)
            ev.confidence = max(ev.confidence, o.confidence)
        # a visited place that is the meeting's place is no party beside the people met there
        if ev.location is not None and any(r.kind != "LOC" for r in ev.recipients):
            ev.recipients = [r for r in ev.recipients
                             if not (r.kind == "LOC" and _fold_name(r.name) == _fold_name(ev.location.name))]
        # title-only parties that a named party now stands for
        for lst_name in ("actors", "recipients"):
            lst = getattr(ev, lst_name)
            keep = []
            for x in lst:
                if x.title and x.name == x.title and any(
                    y is not x and y.name != y.title and y.title and self._same(x, y) for y in ev.participants()
                ):
                    continue
                keep.append(x)
            setattr(ev, lst_name, keep)
        if ev.event_type == "CONSULT" and ev.mode is None and self._parties(ev.participants()) >= 3:
            ev.mode = "multilateral"
        return best

    # ------------------------------------------------------------------ names

    _LEADER_TITLES = ("Devlet Başkanı", "Cumhurbaşkanı", "Başbakanı", "Kralı", "Şansölyesi", "Başkanı", "lideri")

    # the same institution under its usual names ("Meclis Başkanı" = "TBMM Başkanı")
    _ORG_ALIASES: ClassVar[dict[str, tuple[str, ...]]] = {
        "Meclis": ("TBMM", "Türkiye Büyük Millet Meclisi"),
        "TBMM": ("Meclis",),
    }

    def _name_titles(self, mentions: list[_Mention], text: str) -> None:
        """A party named only by its office ("Adalet Bakanı", "Rusya lideri") takes the name the
        article gives that office elsewhere ("Rusya Devlet Başkanı Vladimir Putin")."""
        for m in mentions:
            for x in m.ev.participants():
                if x.name != x.title and not (x.kind == "GROUP" and x.name.endswith(" lideri")):
                    continue
                office = x.title or x.name
                if office.endswith(" lideri"):
                    country = office[: -len(" lideri")]
                    if tr_lower(country) not in self.countries:
                        continue
                    heads = [f"{country} {t}" for t in self._LEADER_TITLES]
                else:
                    heads = [office]
                    first, _, rest = office.partition(" ")
                    heads += [f"{alias} {rest}" for alias in self._ORG_ALIASES.get(first, ()) if rest]
                found: list[str] = []
                for h in heads:
                    for mt in re.finditer(re.escape(h) + r"\s((?:[A-ZÇĞİÖŞÜ][\w-]+)(?:\s[A-ZÇĞİÖŞÜ][\w-]+){1,2})", text):
                        name = mt.group(1).split("'")[0]
                        words = name.split()
                        while words and (tr_lower(words[-1]) in self.title_heads or self._common_noun(words[-1])):
                            words = words[:-1]
                        if len(words) >= 2 and name not in found:
                            found.append(" ".join(words))
                if len(set(found)) == 1:  # one holder named: no guessing between two
                    x.name, x.kind = found[0], "PER"
                    x.title = x.title or office
    def _common_noun(self, word: str) -> bool:
        """A capitalised word that is an inflected common noun ("Haberler", "Gündemde")."""
        low = tr_lower(word)
        forms = self.info(low).forms
        if any(lemma == low for lemma, _ in forms):
            return False  # a bare noun may be a name as well ("Metin", "Barış")
        return any(set(morphs) & {"A3pl", "P3sg", "P3pl", *_CASES} for _, morphs in forms)

    _CAP_RUN = re.compile(r"(?:[A-ZÇĞİÖŞÜ][\w]*[ ]){1,3}")

    def _expand_names(self, mentions: list[_Mention], text: str) -> None:
        """A surname alone ("Kalın") takes the fullest form the article gives ("İbrahim Kalın")."""
        for m in mentions:
            for x in m.ev.participants():
                if x.kind != "PER" or " " in x.name or x.name == x.title or not x.name[:1].isupper():
                    continue
                # candidates ranked by: written after a title ("ABD Başkanı Donald Trump"), how
                # often, how long — a heading glued before the name ("Haberler Trump") loses
                score: dict[str, list[int]] = {}
                for mt in re.finditer(r"((?:[A-ZÇĞİÖŞÜ][\w.]*[ ]){1,3})" + re.escape(x.name) + r"(?![\w])", text):
                    words = mt.group(1).split()
                    titled = False
                    while words and (tr_lower(words[0]) in self.title_heads or words[0] in self.lx.honorifics
                                     or words[0].isupper() or words[0] in self.lx.not_names
                                     or any(tr_lower(w) in self.title_heads for w in words)):
                        titled = titled or tr_lower(words[0]) in self.title_heads or words[0] in self.lx.honorifics
                        words = words[1:]
                    # a capitalised common noun is no first name ("Haberler", "Gündem")
                    while words and self._common_noun(words[0]):
                        words = words[1:]
                    if not words:
                        continue
                    cand = " ".join([*words, x.name])
                    sc = score.setdefault(cand, [0, 0, len(cand)])
                    sc[0] |= titled
                    sc[1] += 1
                if score:
                    x.name = max(score, key=lambda c: tuple(score[c]))
