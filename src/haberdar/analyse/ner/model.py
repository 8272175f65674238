"""The NER tagger: linear-chain CRFs trained with CRFsuite, decoded by our own numpy code.

Why not tag with CRFsuite itself: handing ~60 feature strings per token to CRFsuite costs more
than the whole tagging budget (≥100k tokens/s on one core, features included). A linear-chain
CRF's emission score is a sum of weights of the token's attributes, and nearly all attributes
are functions of one word type at one window offset, so the model pre-sums them once per type
into a ``(len(OFFSETS), n_labels)`` block. Tagging a batch is then: look up type ids, add five
gathered blocks per token, add the few contextual features (word bigrams, shape trigram) found
by binary search over integer keys, and run a Viterbi vectorised over the sentences (sorted by
length, so the ones still running at each step are a prefix of the batch). The scores are
exactly CRFsuite's (same weights, same attributes), so the decoded tags are the same as
``pycrfsuite.Tagger.tag`` up to float ties.

A type's block is built when the type is first met (a fresh process meets tens of thousands):
its features are looked up per window group in one joint table of all layers and summed by one
scatter-add, in feature order, so the sums are bit-for-bit those of adding the prefixed
attributes one by one.

An optional second CRF pass (``config.doc_window > 0``) adds document-level features computed
from the first pass's tags (:func:`~haberdar.analyse.ner.features.document_features`).

The model file is one ``.npz`` (weights as float16, strings as UTF-8 blobs) holding everything the
features need (cluster centroids, gazetteer), so loading is a single read.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from haberdar.analyse.ner.conll import get_spans
from haberdar.analyse.ner.features import (
    OFFSETS,
    PAD,
    FeatureConfig,
    FeatureExtractor,
    Resources,
    document_feature_items,
)

DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "ner" / "ner_model.npz"
_SEP = "\n"
_BOS, _EOS = "<S>", "</S>"
# Arabic name particles; the training data tags them I-PER inside a name ("Osama bin Laden"),
# but they are too rare there for the CRF to bridge two name parts over them reliably.
_NAME_PARTICLES = frozenset({"bin", "bint", "ibn", "el", "al", "Bin", "Ibn", "İbn", "El", "Al"})


def _blob(strings: Iterable[str]) -> np.ndarray:
    return np.frombuffer(_SEP.join(strings).encode("utf-8"), dtype=np.uint8)


def _unblob(arr: np.ndarray) -> list[str]:
    text = arr.tobytes().decode("utf-8")
    return text.split(_SEP) if text else []


class CrfLayer:
    """One linear-chain CRF: weights indexed for per-type pre-summing and integer-key look-ups."""

    def __init__(
        self,
        labels: list[str],
        transitions: np.ndarray,
        attributes: list[str],
        weights: np.ndarray,
    ) -> None:
        self.labels = labels
        self.transitions = np.asarray(transitions, dtype=np.float32)
        self.weights = np.asarray(weights, dtype=np.float32)
        n_labels = len(labels)
        uni: dict[str, int] = {}
        bigram: dict[str, list[tuple[str, str, int]]] = {"b-": [], "b+": []}
        trigram: list[tuple[str, str, str, int]] = []
        for row, attr in enumerate(attributes):
            if attr.startswith(("b-=", "b+=")) and "\x01" in attr:
                a, _, b = attr[3:].partition("\x01")
                bigram[attr[:2]].append((a, b, row))
            elif attr.startswith("t=") and attr.count("\x01") == 2:
                p, c, n = attr[2:].split("\x01")
                trigram.append((p, c, n, row))
            else:
                uni[attr] = row
        self.index = uni
        self.bias = (
            self.weights[uni["bias"]] if "bias" in uni else np.zeros(n_labels, dtype=np.float32)
        )
        # integer keys for contextual features: word ids for bigrams, shape ids for trigrams
        words: dict[str, int] = {_BOS: 0, _EOS: 1}
        for lst in bigram.values():
            for a, b, _ in lst:
                words.setdefault(a, len(words))
                words.setdefault(b, len(words))
        self.bigram_words = words
        nw = np.int64(len(words))
        self.bigram: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name, lst in bigram.items():
            keys = np.array([words[a] * nw + words[b] for a, b, _ in lst], dtype=np.int64)
            rows = np.array([r for _, _, r in lst], dtype=np.int64)
            order = np.argsort(keys)
            self.bigram[name] = (keys[order], rows[order])
        shapes: dict[str, int] = {_BOS: 0, _EOS: 1}
        for p, c, n, _ in trigram:
            for sh in (p, c, n):
                shapes.setdefault(sh, len(shapes))
        self.shapes = shapes
        ns = np.int64(len(shapes))
        tkeys = np.array(
            [(shapes[p] * ns + shapes[c]) * ns + shapes[n] for p, c, n, _ in trigram],
            dtype=np.int64,
        )
        trows = np.array([r for *_, r in trigram], dtype=np.int64)
        order = np.argsort(tkeys)
        self.trigram = (tkeys[order], trows[order])
        self.reset_types()

    def reset_types(self) -> None:
        """Forget the per-type arrays (they are indexed by the owning model's type ids)."""
        self.type_scores = np.zeros((0, len(OFFSETS), len(self.labels)), dtype=np.float32)
        self.type_wid = np.zeros(0, dtype=np.int64)
        self.type_sid = np.zeros(0, dtype=np.int64)
        self.n_types = 0

    @classmethod
    def from_crfsuite(cls, model_path: str | Path, min_weight: float = 0.0) -> CrfLayer:
        """Read a trained CRFsuite model (weights rounded to float16, as they are saved)."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(model_path))
        info = tagger.info()
        labels = sorted(info.labels.keys(), key=lambda lab: info.labels[lab])
        lab_idx = {lab: i for i, lab in enumerate(labels)}
        trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (a, b), w in info.transitions.items():
            trans[lab_idx[a], lab_idx[b]] = w
        attr_idx: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for (attr, lab), w in info.state_features.items():
            if abs(w) <= min_weight:
                continue
            rows.append(attr_idx.setdefault(attr, len(attr_idx)))
            cols.append(lab_idx[lab])
            vals.append(w)
        tagger.close()
        weights = np.zeros((len(attr_idx), len(labels)), dtype=np.float32)
        weights[rows, cols] = np.asarray(vals, dtype=np.float16).astype(np.float32)
        return cls(labels, trans, list(attr_idx), weights)

    def attributes(self) -> list[str]:
        """Attribute strings in weight-row order (inverse of the constructor's indexing)."""
        attrs = [""] * self.weights.shape[0]
        for a, r in self.index.items():
            attrs[r] = a
        inv = {v: k for k, v in self.bigram_words.items()}
        nw = len(self.bigram_words)
        for name, (keys, rows) in self.bigram.items():
            for k, r in zip(keys.tolist(), rows.tolist(), strict=True):
                attrs[r] = f"{name}={inv[k // nw]}\x01{inv[k % nw]}"
        inv_s = {v: k for k, v in self.shapes.items()}
        ns = len(self.shapes)
        for k, r in zip(*(x.tolist() for x in self.trigram), strict=True):
            attrs[r] = f"t={inv_s[k // (ns * ns)]}\x01{inv_s[(k // ns) % ns]}\x01{inv_s[k % ns]}"
        return attrs

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """Sparse float16 weights and the attribute strings, for :meth:`NerModel.save`."""
        attr_i, label_i = np.nonzero(self.weights)
        return {
            f"{prefix}labels": _blob(self.labels),
            f"{prefix}attributes": _blob(self.attributes()),
            f"{prefix}transitions": self.transitions.astype(np.float32),
            f"{prefix}w_attr": attr_i.astype(np.int32),
            f"{prefix}w_label": label_i.astype(np.uint8),
            f"{prefix}w_value": self.weights[attr_i, label_i].astype(np.float16),
        }

    @classmethod
    def from_arrays(cls, z: Any, prefix: str) -> CrfLayer:
        labels = _unblob(z[f"{prefix}labels"])
        attributes = _unblob(z[f"{prefix}attributes"])
        weights = np.zeros((len(attributes), len(labels)), dtype=np.float32)
        weights[z[f"{prefix}w_attr"], z[f"{prefix}w_label"]] = z[f"{prefix}w_value"].astype(
            np.float32
        )
        return cls(labels, z[f"{prefix}transitions"], attributes, weights)

    # ------------------------------------------------------------------ scoring

    def append_types(self, scores: np.ndarray, wids: np.ndarray, sids: np.ndarray) -> None:
        """Append score blocks ``(n, len(OFFSETS), n_labels)`` and bigram word / shape ids of
        ``n`` new types (the owning model's next type ids, in order).

        The arrays grow by half their size at a time, so a long run appends in amortised
        constant time; rows past ``n_types`` are unused capacity.
        """
        n, m = self.n_types, len(scores)
        if n + m > len(self.type_scores):
            cap = max(len(self.type_scores) * 3 // 2, n + m, 1024)
            grown = np.zeros((cap, *self.type_scores.shape[1:]), dtype=np.float32)
            grown[:n] = self.type_scores[:n]
            self.type_scores = grown
            self.type_wid = np.concatenate([self.type_wid[:n], np.full(cap - n, -1, np.int64)])
            self.type_sid = np.concatenate([self.type_sid[:n], np.full(cap - n, -1, np.int64)])
        self.type_scores[n : n + m] = scores
        self.type_wid[n : n + m] = wids
        self.type_sid[n : n + m] = sids
        self.n_types = n + m

    @staticmethod
    def _lookup(
        keys: np.ndarray, valid: np.ndarray, table: tuple[np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        tkeys, trows = table
        if not len(tkeys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        pos = np.searchsorted(tkeys, keys)
        pos[pos >= len(tkeys)] = 0
        hit = valid & (tkeys[pos] == keys)
        return np.nonzero(hit)[0], trows[pos[hit]]

    def emissions(
        self,
        ids: np.ndarray,
        pos: np.ndarray,
        is_tok: np.ndarray,
        extra: Sequence[tuple[int, Sequence[str]]] | None = None,
    ) -> np.ndarray:
        """``(n_tokens, n_labels)`` emission scores for token positions ``pos`` of ``ids``.

        ``extra`` holds ``(token, attribute strings)`` for the tokens that have attributes
        beyond the type and context features (the second pass's document features), tokens in
        increasing order.
        """
        ts = self.type_scores
        em = self.bias + ts[ids[pos - 2], 0]
        for j, off in enumerate(OFFSETS):
            if off != -2:
                em += ts[ids[pos + off], j]
        W = self.weights
        prev_pad = ~is_tok[pos - 1]
        next_pad = ~is_tok[pos + 1]
        if len(self.bigram_words) > 2:
            wid = self.type_wid[ids]
            nw = np.int64(len(self.bigram_words))
            cur = wid[pos]
            prev = np.where(prev_pad, 0, wid[pos - 1])
            nxt = np.where(next_pad, 1, wid[pos + 1])
            for name, a, b in (("b-", prev, cur), ("b+", cur, nxt)):
                hit, rows = self._lookup(a * nw + b, (a >= 0) & (b >= 0), self.bigram[name])
                if len(hit):
                    em[hit] += W[rows]  # one bigram per token: no index repeats
        if len(self.shapes) > 2:
            sid = self.type_sid[ids]
            ns = np.int64(len(self.shapes))
            cur = sid[pos]
            prev = np.where(prev_pad, 0, sid[pos - 1])
            nxt = np.where(next_pad, 1, sid[pos + 1])
            valid = (prev >= 0) & (cur >= 0) & (nxt >= 0)
            hit, rows = self._lookup((prev * ns + cur) * ns + nxt, valid, self.trigram)
            if len(hit):
                em[hit] += W[rows]
        if extra is not None:
            index = self.index
            tok_i: list[int] = []
            rows_l: list[int] = []
            for k, feats in extra:
                for f in feats:
                    r = index.get(f)
                    if r is not None:
                        tok_i.append(k)
                        rows_l.append(r)
            if tok_i:
                # one flat scatter-add, in order: a token's attributes add up one by one
                n_labels = em.shape[1]
                flat = (np.asarray(tok_i, dtype=np.intp)[:, None] * n_labels + np.arange(n_labels)).ravel()
                em_flat = em.reshape(-1)
                np.add.at(em_flat, flat, W[np.asarray(rows_l, dtype=np.intp)].ravel())
                em = em_flat.reshape(em.shape)
        return em

    def decode(self, em: np.ndarray, lengths: Sequence[int], chunk: int = 256) -> list[list[str]]:
        """Best label path (Viterbi) per sentence from concatenated emissions ``em``.

        Sentences are sorted longest first and decoded ``chunk`` at a time in one vectorised
        pass: at step ``t`` the sentences still running (longer than ``t``) are a prefix of the
        chunk, so each step works on that prefix in place, with no padding or masking, and the
        back-trace walks the same prefixes backwards. Scores are summed in the same order as a
        textbook Viterbi (max over the previous label of score + transition, then the emission),
        and ties go to the lowest label index.
        """
        lens = np.asarray(lengths, dtype=np.int64)
        starts = np.cumsum(lens) - lens
        result: list[list[str]] = [[] for _ in lengths]
        order = np.argsort(-lens, kind="stable")[: int(np.count_nonzero(lens))]
        labels = self.labels
        n_labels = len(labels)
        trans = self.transitions[None]
        last_row = len(em) - 1
        for c in range(0, len(order), chunk):
            idxs = order[c : c + chunk]
            clen = lens[idxs]
            b, n = len(idxs), int(clen[0])
            steps = np.arange(n)
            # time-major emissions; rows past a sentence's end belong to the next one, unread
            emt = em[np.minimum(starts[idxs][None, :] + steps[:, None], last_row)]
            running = np.searchsorted(-clen, -steps, side="left").tolist()  # len > t
            score = emt[0].copy()
            back = np.empty((n, b, n_labels), dtype=np.intp)
            cand = np.empty((b, n_labels, n_labels), dtype=np.float32)
            for t in range(1, n):
                k = running[t]
                ck = cand[:k]
                np.add(score[:k, :, None], trans, out=ck)
                ck.argmax(axis=1, out=back[t, :k])
                np.add(np.maximum.reduce(ck, axis=1), emt[t, :k], out=score[:k])
            cur = score.argmax(axis=1)
            path = np.empty((n, b), dtype=np.intp)
            path[clen - 1, np.arange(b)] = cur
            flat = back.reshape(n, b * n_labels)
            base = np.arange(b) * n_labels
            for t in range(n - 1, 0, -1):
                k = running[t]
                ck = cur[:k]
                ck[...] = flat[t].take(base[:k] + ck)
                path[t - 1, :k] = ck
            for k, m, p in zip(idxs.tolist(), clen.tolist(), path.T.tolist(), strict=True):
                result[k] = [labels[i] for i in p[:m]]
        return result


def _bridge_name_particles(tokens: Sequence[str], tags: list[str]) -> None:
    """Join "PER bin PER" into one PER span in place ("Muhammed bin Abdurrahman Al Sani")."""
    for i in range(1, len(tokens) - 1):
        if (
            tokens[i] in _NAME_PARTICLES
            and tags[i] == "O"
            and tags[i - 1][2:] == "PER"
            and tags[i + 1] == "B-PER"
        ):
            tags[i] = tags[i + 1] = "I-PER"


class NerModel:
    """A PER/LOC/ORG tagger over pre-tokenised Turkish text (apostrophe suffixes split off).

    Build one with :meth:`load` (the packaged model by default) or from trained layers. It is
    safe to share in one process; its per-type cache only grows.
    """

    def __init__(
        self,
        layers: list[CrfLayer],
        resources: Resources,
        config: FeatureConfig,
        meta: dict[str, Any] | None = None,
        max_types: int = 500_000,
    ) -> None:
        """``max_types`` bounds the per-type cache of a long-running process (~300 bytes a
        type); when a batch would exceed it, the cache starts afresh."""
        self.layers = layers
        self.labels = layers[-1].labels
        self.config = config
        self.meta = meta or {}
        self.extractor = FeatureExtractor(resources, config, memoize=False)
        self.max_types = max_types
        self._type_id: dict[str, int] = {}
        self._cleaned: dict[str, str] = {}  # token as given → as the model reads it
        self._build_type_table()
        self._reset()

    def _reset(self) -> None:
        """Empty the per-type caches (on start, and when ``max_types`` is exceeded)."""
        for layer in self.layers:
            layer.reset_types()
        self.extractor.clear_caches()
        self._type_id.clear()
        self._cleaned.clear()
        self._pad_id = self._ensure_types([PAD])[0]

    # ------------------------------------------------------------------ loading / saving

    @classmethod
    def load(cls, path: str | Path | None = None) -> NerModel:
        """Load a model file; ``None`` means the one packaged in ``haberdar/data/ner``."""
        path = Path(path) if path is not None else DEFAULT_MODEL_PATH
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
            layers = [CrfLayer.from_arrays(z, f"l{k}_") for k in range(int(meta["layers"]))]
            centroids = {
                name: z[f"centroids_{name}"].astype(np.float32) for name in meta["centroids"]
            }
            gaz_lines = _unblob(z["gazetteer"])
        gazetteer: dict[str, tuple[str, ...]] = {}
        for line in gaz_lines:
            word, _, tags = line.partition("\t")
            gazetteer[word] = tuple(tags.split(","))
        resources = Resources(centroids=centroids, gazetteer=gazetteer)
        return cls(layers, resources, FeatureConfig.from_dict(meta["config"]), meta)

    def save(self, path: str | Path) -> None:
        """Write the model as one compressed ``.npz`` (sparse float16 weights)."""
        res = self.extractor.resources
        meta = dict(self.meta)
        meta["config"] = self.config.to_dict()
        meta["centroids"] = list(res.centroids)
        meta["layers"] = len(self.layers)
        arrays: dict[str, np.ndarray] = {
            "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8),
            "gazetteer": _blob(f"{w}\t{','.join(t)}" for w, t in sorted(res.gazetteer.items())),
        }
        for k, layer in enumerate(self.layers):
            arrays.update(layer.to_arrays(f"l{k}_"))
        for name, c in res.centroids.items():
            arrays[f"centroids_{name}"] = c.astype(np.float16)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]  # numpy stubs type **kwargs as allow_pickle

    # ------------------------------------------------------------------ tagging

    def _ensure_types(self, words: Iterable[str]) -> list[int]:
        """Type ids for ``words``, computing score blocks for types not seen before."""
        tid = self._type_id
        words = list(words)
        new = [w for w in dict.fromkeys(words) if w not in tid]
        if new and len(tid) + len(new) > self.max_types and len(tid) > 1:
            self._reset()
            return self._ensure_types(words)
        if new:
            self._add_types(new)
            for w in new:
                tid[w] = len(tid)
            if len(self.extractor._lower) > self.max_types:
                self.extractor.clear_caches()
        return [tid[w] for w in words]

    def _build_type_table(self) -> None:
        """Index every layer's per-type weights by window group and un-prefixed feature.

        A word contributes its "word" features at offset 0, its "ctx" features at ±1 and its
        "far" features at ±2 (:meth:`FeatureExtractor.offset_features`). For each group, a
        feature gets one row holding the weights of all its prefixed attributes ("-1:pos=Noun"
        and "+1:pos=Noun") in all layers side by side, so that a new type costs one dictionary
        look-up per feature and one scatter-add per group for all layers, instead of a
        prefixed string and a look-up per offset and layer. Row 0 of every table is zero: it
        stands for a feature no layer knows.
        """
        cols = np.cumsum([0, *(len(layer.labels) for layer in self.layers)])
        width = int(cols[-1])
        slots: dict[str, list[int]] = {"word": [], "ctx": [], "far": []}
        for j, off in enumerate(OFFSETS):
            if off == 0:
                slots["word"].append(j)
            elif abs(off) == 1:
                slots["ctx"].append(j)
            elif abs(off) <= self.config.context_words:
                slots["far"].append(j)
        prefix = {j: (f"{off:+d}:" if off else "0:") for j, off in enumerate(OFFSETS)}
        self._group_index: dict[str, dict[str, int]] = {}
        self._group_table: dict[str, np.ndarray] = {}
        self._group_slots: dict[str, list[int]] = slots
        for group, js in slots.items():
            index: dict[str, int] = {}
            # per layer: (feature row, position among the group's slots, weight row)
            per_layer: list[list[tuple[int, int, int]]] = []
            for layer in self.layers:
                entries: list[tuple[int, int, int]] = []
                for pos, j in enumerate(js):
                    p = prefix[j]
                    for attr, row in layer.index.items():
                        if attr.startswith(p):
                            k = index.setdefault(attr[len(p) :], len(index) + 1)
                            entries.append((k, pos, row))
                per_layer.append(entries)
            table = np.zeros((len(index) + 1, len(js), width), dtype=np.float32)
            for li, (layer, entries) in enumerate(zip(self.layers, per_layer, strict=True)):
                if entries:
                    k_a, pos_a, row_a = (np.asarray(x, dtype=np.intp) for x in zip(*entries, strict=True))
                    table[k_a, pos_a, cols[li] : cols[li + 1]] = layer.weights[row_a]
            self._group_index[group] = index
            self._group_table[group] = table.reshape(len(index) + 1, -1)
        self._type_cols = cols.tolist()

    def _add_types(self, words: list[str]) -> None:
        """Score blocks, bigram word ids and shape ids of new types, appended to every layer.

        Each block is the sum of the type's feature weights in feature order, exactly what
        CRFsuite adds for the same attributes (``np.add.at`` adds in index order; the zero row
        of an unknown feature adds nothing).
        """
        ext = self.extractor
        groups = [ext.type_features(w) for w in words]
        n = len(words)
        scores = np.zeros((n, len(OFFSETS), self._type_cols[-1]), dtype=np.float32)
        zeros = itertools.repeat(0)
        for group, js in self._group_slots.items():
            if not js:
                continue
            get = self._group_index[group].get
            rows: list[int] = []
            counts: list[int] = []
            for g in groups:
                feats = g[group]
                rows.extend(map(get, feats, zeros))
                counts.append(len(feats))
            table = self._group_table[group]
            width = table.shape[1]
            acc = np.zeros(n * width, dtype=np.float32)
            if rows:
                seg = np.repeat(np.arange(n, dtype=np.intp) * width, counts)
                flat = (seg[:, None] + np.arange(width, dtype=np.intp)).ravel()
                np.add.at(acc, flat, table[np.asarray(rows, dtype=np.intp)].ravel())
            scores[:, js] = acc.reshape(n, len(js), -1)
        lowers = [ext.lower(w) if w != PAD else None for w in words]
        shapes = [ext.word_shape(w) if w != PAD else None for w in words]
        cols = self._type_cols
        for li, layer in enumerate(self.layers):
            bw = layer.bigram_words
            sh = layer.shapes
            wids = np.array([bw.get(lw, -1) if lw is not None else -1 for lw in lowers], dtype=np.int64)
            sids = np.array([sh.get(s, -1) if s is not None else -1 for s in shapes], dtype=np.int64)
            layer.append_types(scores[:, :, cols[li] : cols[li + 1]], wids, sids)

    @staticmethod
    def _clean(tok: str) -> str:
        if tok[:1] == "’":  # typographic apostrophe before a suffix: the data uses '
            tok = "'" + tok[1:]
        return tok.replace("\x00", "").replace("\n", " ") or " "

    def _clean_new(self, tok: str) -> str:
        """:meth:`_clean`, remembered (bounded like the type cache)."""
        if len(self._cleaned) >= self.max_types:
            self._cleaned.clear()
        out = self._cleaned[tok] = self._clean(tok)
        return out

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for many tokenised sentences at once (the fast path).

        Give consecutive sentences of one text (an article) together: the second pass uses how
        the same word was labelled in nearby sentences.
        """
        known = self._cleaned.get  # cleaned tokens are never empty
        new = self._clean_new
        sents = [[known(t) or new(t) for t in s] for s in sentences]
        lengths = [len(s) for s in sents]
        flat: list[str] = [PAD, PAD]
        for s in sents:
            flat.extend(s)
            flat.append(PAD)
            flat.append(PAD)
        ids = np.asarray(self._ensure_types(flat), dtype=np.int64)
        is_tok = ids != self._pad_id
        pos = np.nonzero(is_tok)[0]
        ext = self.extractor
        first_tok = np.cumsum(lengths) - lengths  # flat index of each sentence's first token
        extra: list[tuple[int, list[str]]] | None = None
        if self.config.cap_runs:
            extra = []
            for s, base in zip(sents, first_tok.tolist(), strict=True):
                runs = ext.run_features(s)
                if runs is not None:
                    extra.extend((base + i, f) for i, f in enumerate(runs) if f)
        first = self.layers[0]
        tags = first.decode(first.emissions(ids, pos, is_tok, extra), lengths)
        if len(self.layers) > 1:
            starts = first_tok.tolist()
            doc = [
                (starts[s] + i, feats)
                for s, i, feats in document_feature_items(
                    ext, sents, tags, self.config.doc_window, self.config.stage1_tags
                )
            ]
            if extra is not None:  # per token: run features, then document features
                merged = dict(extra)
                for k, feats in doc:
                    merged[k] = merged.get(k, []) + feats
                doc = sorted(merged.items())
            second = self.layers[1]
            tags = second.decode(second.emissions(ids, pos, is_tok, doc), lengths)
        for s, tg in zip(sents, tags, strict=True):
            if not _NAME_PARTICLES.isdisjoint(s):
                _bridge_name_particles(s, tg)
        return tags

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags for one tokenised sentence."""
        return self.tag_sentences([tokens])[0]

    @staticmethod
    def spans(tokens: Sequence[str], tags: Sequence[str]) -> list[tuple[int, int, str]]:
        """Entity spans as ``(start_token, end_token_exclusive, label)``."""
        if len(tokens) != len(tags):
            raise ValueError("tokens and tags differ in length")
        return get_spans(tags)
