"""NER feature extraction, cached per word type.

Why per type: almost every feature of a token (its lower-cased form, shape, affixes, akana
morphology, cluster, gazetteer hits) depends only on the word itself, and the same few thousand
word types make up most of any news text. :class:`FeatureExtractor` computes, once per type,
the feature strings that the type contributes at each window offset (-2…+2); the CRF trainer
receives their concatenation per token, while :class:`~haberdar.analyse.ner.model.NerModel`
turns each type's features into a pre-summed score vector so that tagging costs a few array
look-ups per token. Only a handful of features are genuinely contextual (bigrams of neighbouring
words, the shape trigram); they are built per token.

Every feature string carries its offset prefix ("0:", "-1:", "+2:", "b:", …) so that the same
set of strings is produced for training and tagging.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from haberdar.text import tr_lower

OFFSETS: tuple[int, ...] = (-2, -1, 0, 1, 2)
PAD = "\x00PAD"
"""Pseudo-token placed before and after every sentence; its features mark sentence edges."""

_CASES = frozenset({"Nom", "Acc", "Dat", "Loc", "Abl", "Gen", "Ins", "Equ"})
_SHAPE_TABLE: dict[str, str] = {}
_PUNCT_RE = re.compile(r"^\W+$")


def shape(word: str) -> str:
    """Collapsed character classes: "Ankara" → "Xx", "MİT" → "X", "1.5" → "d.d", "'da" → "'x"."""
    out: list[str] = []
    last = ""
    for ch in word:
        c = _SHAPE_TABLE.get(ch)
        if c is None:
            if ch.isupper():
                c = "X"
            elif ch.isalpha():
                c = "x"
            elif ch.isdigit():
                c = "d"
            else:
                c = ch
            _SHAPE_TABLE[ch] = c
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


def is_apostrophe_suffix(word: str) -> bool:
    """True for split-off case suffixes such as "'da", "'ın" ("Ankara" + "'da")."""
    return len(word) > 1 and word[0] == "'" and word[1].isalpha()


@dataclass
class Resources:
    """Lexical resources the features consult; stored inside the model file.

    ``centroids`` maps a cluster-set name (e.g. "c128") to a unit-normalised (k, dim) array of
    k-means centroids over akana word embeddings; a word's cluster is its nearest centroid, so
    unseen words get a cluster too. ``gazetteer`` maps a Turkish-lower-cased word to the
    gazetteer tags it carries (e.g. ``"PER"``, ``"LOC.B"``).
    """

    centroids: dict[str, np.ndarray] = field(default_factory=dict)
    gazetteer: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature groups are on; kept in the model file so tagging matches training."""

    affixes: int = 4
    morphology: bool = True
    clusters: bool = False
    """k-means clusters of akana embeddings: measured -0.5 F1 on dev, so off by default."""
    gazetteer: bool = True
    context_words: int = 2
    bigrams: bool = True
    shape_trigram: bool = True
    doc_window: int = 10
    """>0: a second CRF pass sees how the first pass labelled the same word in the sentences
    within this distance (the article, in practice); 0: a single pass."""
    stage1_tags: bool = False
    """Second pass also sees the first pass's tags of the token and its neighbours."""
    cap_runs: bool = False
    """Features of the run of capitalised words a token is in (see ``run_features``)."""

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> FeatureConfig:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


class FeatureExtractor:
    """Per-type feature strings for every window offset, memoised.

    ``offset_features(word)[j]`` is the list of attribute strings that ``word`` contributes to a
    token at distance ``OFFSETS[j]`` from it (i.e. the word sits at ``i + OFFSETS[j]`` of token
    ``i``).
    """

    def __init__(
        self,
        resources: Resources | None = None,
        config: FeatureConfig | None = None,
        memoize: bool = True,
    ) -> None:
        """``memoize=False`` keeps no per-type feature lists: the tagger caches its pre-summed
        scores instead, which are far smaller than the strings (casing and shape stay cached)."""
        self.resources = resources or Resources()
        self.config = config or FeatureConfig()
        self.memoize = memoize
        self._cache: dict[str, tuple[list[str], ...]] = {}
        self._lower: dict[str, str] = {}
        self._shape: dict[str, str] = {}
        self._morph_cache: dict[str, list[str]] = {}
        self._cluster_cache: dict[str, list[str]] = {}
        self._morph = None

    def clear_caches(self) -> None:
        """Drop every memoised value (a long-running tagger calls this to bound its memory)."""
        self._cache.clear()
        self._lower.clear()
        self._shape.clear()
        self._morph_cache.clear()
        self._cluster_cache.clear()

    def share_caches(self, other: FeatureExtractor) -> None:
        """Reuse ``other``'s resource-independent caches (casing, shape, morphology, clusters).

        Used by the trainer, which runs one extractor per gazetteer fold over the same words.
        """
        self._lower = other._lower
        self._shape = other._shape
        self._morph_cache = other._morph_cache
        if self.resources.centroids is other.resources.centroids:
            self._cluster_cache = other._cluster_cache
        self._morph = other._morph

    # ------------------------------------------------------------------ per-type pieces

    def _morphology(self):  # noqa: ANN202 - akana object
        if self._morph is None:
            from haberdar.tr.morph import shared_morphology

            self._morph = shared_morphology()
        return self._morph

    def lower(self, word: str) -> str:
        """Turkish lower-case, memoised."""
        lw = self._lower.get(word)
        if lw is None:
            lw = tr_lower(word)
            self._lower[word] = lw
        return lw

    def word_shape(self, word: str) -> str:
        """:func:`shape`, memoised."""
        s = self._shape.get(word)
        if s is None:
            s = shape(word)
            self._shape[word] = s
        return s

    def morph_features(self, word: str) -> list[str]:
        """akana analysis: top lemma and POS, case, and whether any reading is a proper noun.

        The proper-noun flag is akana's lexicon speaking (it knows "Ankara", "İbrahim", "Hamas"),
        which generalises to names never seen in the training data.
        """
        got = self._morph_cache.get(word)
        if got is not None:
            return got
        feats = self._morph_features(word)
        if self.memoize:
            self._morph_cache[word] = feats
        return feats

    def _morph_features(self, word: str) -> list[str]:
        if not word[:1].isalpha():
            return []
        analyses = self._morphology().analyze(word)
        if not analyses:
            return ["unk"]
        top = analyses[0]
        feats = [f"lem={top['lemma']}", f"pos={top['primary_pos']}{top['secondary_pos']}"]
        case = next((m for m in reversed(top["morphemes"]) if m in _CASES), None)
        if case:
            feats.append(f"case={case}")
        if any(a["secondary_pos"] == "Prop" for a in analyses):
            feats.append("prop")
            if top["secondary_pos"] == "Prop":
                feats.append("prop1")
        if len(analyses) == 1:
            feats.append("unamb")
        return feats

    def clusters(self, word: str) -> list[str]:
        """Nearest-centroid cluster ids of the word's akana embedding, one per cluster set."""
        got = self._cluster_cache.get(word)
        if got is not None:
            return got
        cents = self.resources.centroids
        if not cents or not word[:1].isalnum():
            feats: list[str] = []
        else:
            import akana

            vec = np.asarray(akana.embed(word), dtype=np.float32)
            feats = [f"{name}={int(np.argmax(c @ vec))}" for name, c in cents.items()]
        if self.memoize:
            self._cluster_cache[word] = feats
        return feats

    def type_features(self, word: str) -> dict[str, list[str]]:
        """The un-prefixed feature groups of one word type, keyed by group."""
        cfg = self.config
        if word == PAD:
            return {"word": ["w=<PAD>"], "ctx": ["w=<PAD>"], "far": ["w=<PAD>"]}
        lw = self.lower(word)
        sh = self.word_shape(word)
        core = [f"w={lw}", f"sh={sh}"]
        extra: list[str] = []
        if word != lw:
            extra.append(f"f={word}")
        n = len(lw)
        for k in range(1, cfg.affixes + 1):
            if n > k:
                extra.append(f"p{k}={lw[:k]}")
                extra.append(f"s{k}={lw[-k:]}")
        extra.append(f"len={min(n, 8)}")
        if word[:1].isupper():
            extra.append("cap")
        if is_apostrophe_suffix(word):
            extra.append("apos")
        morph = self.morph_features(word) if cfg.morphology else []
        clus = self.clusters(word) if cfg.clusters else []
        gaz = [f"g={g}" for g in self.resources.gazetteer.get(lw, ())] if cfg.gazetteer else []
        ctx = core + [f for f in morph if f.startswith(("pos=", "prop", "case="))] + clus[:1] + gaz
        far = core + clus[:1]
        return {"word": core + extra + morph + clus + gaz, "ctx": ctx, "far": far}

    def offset_features(self, word: str) -> tuple[list[str], ...]:
        """Attribute strings of ``word`` for each offset in :data:`OFFSETS`, memoised."""
        got = self._cache.get(word)
        if got is not None:
            return got
        groups = self.type_features(word)
        out: list[list[str]] = []
        for off in OFFSETS:
            if off == 0:
                feats = groups["word"]
            elif abs(off) == 1:
                feats = groups["ctx"]
            elif abs(off) <= self.config.context_words:
                feats = groups["far"]
            else:
                feats = []
            # the word sits at i + off of the token it describes: name the feature by that offset
            prefix = f"{off:+d}:" if off else "0:"
            out.append([prefix + f for f in feats])
        res = tuple(out)
        if self.memoize:
            self._cache[word] = res
        return res

    # ------------------------------------------------------------------ contextual pieces

    def context_features(self, tokens: Sequence[str], i: int) -> list[str]:
        """Features that depend on more than one word: bigrams and the shape trigram."""
        cfg = self.config
        n = len(tokens)
        prev = self.lower(tokens[i - 1]) if i > 0 else "<S>"
        cur = self.lower(tokens[i])
        nxt = self.lower(tokens[i + 1]) if i + 1 < n else "</S>"
        out: list[str] = []
        if cfg.bigrams:
            out.append(f"b-={prev}\x01{cur}")
            out.append(f"b+={cur}\x01{nxt}")
        if cfg.shape_trigram:
            sp = self.word_shape(tokens[i - 1]) if i > 0 else "<S>"
            sn = self.word_shape(tokens[i + 1]) if i + 1 < n else "</S>"
            out.append(f"t={sp}\x01{self.word_shape(tokens[i])}\x01{sn}")
        return out

    def run_features(self, tokens: Sequence[str]) -> list[list[str]] | None:
        """Features of the capitalised run a token belongs to, or None when there is none.

        Why: a long name's type is decided by its last word ("... Atatürk Stadı" LOC, "...
        Koruma Vakfı" ORG) or its first ("Mehmet ..." PER), which a ±2 window often cannot see.
        For every token of a run of two or more capitalised tokens: ``rh=`` last word, ``rs=``
        its 3-letter ending, ``rf=`` first word, ``rp=`` position (B/I/E) with run length.
        """
        if not self.config.cap_runs:
            return None
        n = len(tokens)
        out: list[list[str]] | None = None
        i = 0
        while i < n:
            if not tokens[i][:1].isupper():
                i += 1
                continue
            j = i + 1
            while j < n and tokens[j][:1].isupper():
                j += 1
            if j - i >= 2:
                if out is None:
                    out = [[] for _ in range(n)]
                head = self.lower(tokens[j - 1])
                first = self.lower(tokens[i])
                length = min(j - i, 5)
                common = [f"rh={head}", f"rs={head[-3:]}", f"rf={first}"]
                for k in range(i, j):
                    pos = "B" if k == i else ("E" if k == j - 1 else "I")
                    out[k] = [*common, f"rp={pos}{length}"]
            i = j
        return out

    def sentence_attributes(self, tokens: Sequence[str]) -> list[list[str]]:
        """All attribute strings for every token of a sentence (what the CRF trainer sees)."""
        padded = [PAD, PAD, *tokens, PAD, PAD]
        feats = [self.offset_features(w) for w in padded]
        runs = self.run_features(tokens)
        out: list[list[str]] = []
        for i in range(len(tokens)):
            attrs: list[str] = ["bias"]
            for j, off in enumerate(OFFSETS):
                attrs.extend(feats[i + 2 + off][j])
            attrs.extend(self.context_features(tokens, i))
            if runs is not None:
                attrs.extend(runs[i])
            out.append(attrs)
        return out


_DOC_TYPES = ("O", "PER", "LOC", "ORG")
_DOC_INDEX = {"O": 0, "PER": 1, "LOC": 2, "ORG": 3}
# count slots per word: 0-3 label type of the occurrence; 4-6 last word of a multi-word
# PER/LOC/ORG ("Güney" in "Ülkü Güney"); 7-9 first word of a multi-word PER/LOC/ORG
_N_SLOTS = 10


def _occurrence(tags: Sequence[str], i: int) -> tuple[int, int]:
    """(type slot, role slot or -1) of token ``i`` from IOB2 tags: role 4-6 when it ends a
    multi-word PER/LOC/ORG, 7-9 when it starts one."""
    tag = tags[i]
    t = _DOC_INDEX.get(tag[2:], 0) if len(tag) > 2 else 0
    role = -1
    if t:
        inside_next = i + 1 < len(tags) and tags[i + 1] == "I-" + tag[2:]
        if tag[0] == "I" and not inside_next:
            role = 3 + t
        elif tag[0] == "B" and inside_next:
            role = 6 + t
    return t, role


def document_features(
    extractor: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    window: int,
    stage1_tags: bool = False,
) -> list[list[list[str]]]:
    """Second-pass features from first-pass ``tags`` of the surrounding sentences.

    Why: a name is usually spelt out once ("Rupert Murdoch", "Ülkü Güney") and then repeated
    alone ("Murdoch", "Güney"), where the sentence gives little evidence; how the first pass
    labelled the other occurrences of the same capitalised word within ``window`` sentences is
    strong evidence (label consistency, Krishnan & Manning 2006). For each capitalised token:
    ``dm=T`` the majority first-pass type of its other occurrences (T may be "O"), ``da=T`` for
    every entity type among them, ``dl=T`` / ``df=T`` when it was the last / first word of a
    multi-word T. ``sentences`` must be consecutive text (an article).

    One list of attribute strings per token of every sentence; :func:`document_feature_items`
    gives the same features for only the tokens that have any.
    """
    out: list[list[list[str]]] = [[[] for _ in tg] for tg in tags]
    for s, i, feats in document_feature_items(extractor, sentences, tags, window, stage1_tags):
        out[s][i] = list(feats)
    return out


def document_feature_items(
    extractor: FeatureExtractor,
    sentences: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    window: int,
    stage1_tags: bool = False,
) -> list[tuple[int, int, list[str]]]:
    """``(sentence, token, attributes)`` for every token with :func:`document_features`, in
    text order (most tokens have none: only capitalised words get any). The attribute lists
    may be shared between tokens: read them, do not change them."""
    n = len(sentences)
    low = extractor.lower
    # per sentence: (token index, lower-cased word, type slot, role slot) of capitalised tokens
    sent_items: list[list[tuple[int, str, int, int]]] = []
    for toks, tg in zip(sentences, tags, strict=True):
        sent_items.append(
            [(i, low(t), *_occurrence(tg, i)) for i, t in enumerate(toks) if t[:1].isupper()]
        )
    total: dict[str, list[int]] = {}

    def add(k: int, sign: int) -> None:
        for _, w, t, role in sent_items[k]:
            c = total.get(w)
            if c is None:
                c = total[w] = [0] * _N_SLOTS
            c[t] += sign
            if role >= 0:
                c[role] += sign

    for k in range(min(window, n)):
        add(k, 1)
    out: list[tuple[int, int, list[str]]] = []
    # attribute lists depend only on the counts: built once per distinct count vector (shared,
    # read-only)
    by_counts: dict[tuple[int, ...], list[str]] = {}
    for s in range(n):
        if s + window < n:
            add(s + window, 1)
        if s - window - 1 >= 0:
            add(s - window - 1, -1)
        tg = tags[s]
        m = len(tg)
        feats_s: dict[int, list[str]] = {}
        if stage1_tags:
            for i in range(m):
                feats_s[i] = [
                    f"p0={tg[i]}",
                    f"p-={tg[i - 1] if i else '<S>'}",
                    f"p+={tg[i + 1] if i + 1 < m else '</S>'}",
                ]
        for i, w, t, role in sent_items[s]:
            c = list(total[w])
            c[t] -= 1
            if role >= 0:
                c[role] -= 1
            if c[0] or c[1] or c[2] or c[3]:
                key = tuple(c)
                f = by_counts.get(key)
                if f is None:
                    f = by_counts[key] = _count_features(c)
                feats_s[i] = feats_s[i] + f if i in feats_s else f
        out.extend((s, i, feats_s[i]) for i in sorted(feats_s))
    return out


def _count_features(c: list[int]) -> list[str]:
    """Document features of a word from the first-pass counts of its other occurrences."""
    best = max(range(4), key=c.__getitem__)
    f = [f"dm={_DOC_TYPES[best]}"]
    for k in (1, 2, 3):
        if c[k]:
            f.append(f"da={_DOC_TYPES[k]}")
        if c[3 + k]:
            f.append(f"dl={_DOC_TYPES[k]}")
        if c[6 + k]:
            f.append(f"df={_DOC_TYPES[k]}")
    return f
