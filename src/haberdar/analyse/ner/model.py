"""The NER tagger: linear-chain CRFs trained with CRFsuite, decoded by our own numpy code.

Why not tag with CRFsuite itself: handing ~60 feature strings per token to CRFsuite costs more
than the whole tagging budget (≥100k tokens/s on one core, features included). A linear-chain
CRF's emission score is a sum of weights of the token's attributes, and nearly all attributes
are functions of one word type at one window offset, so the model pre-sums them once per type
into a ``(len(OFFSETS), n_labels)`` block. Tagging a batch is then: look up type ids, add five
gathered blocks per token, add the few contextual features (word bigrams, shape trigram) found
by binary search over integer keys, and run a Viterbi vectorised over sentences of equal length.
The scores are exactly CRFsuite's (same weights, same attributes), so the decoded tags are the
same as ``pycrfsuite.Tagger.tag`` up to float ties.

An optional second CRF pass (``config.doc_window > 0``) adds document-level features computed
from the first pass's tags (:func:`~haberdar.analyse.ner.features.document_features`).

The model file is one ``.npz`` (weights as float16, strings as UTF-8 blobs) holding everything the
features need (cluster centroids, gazetteer), so loading is a single read.
"""

from __future__ import annotations

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
    document_features,
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

    def add_types(
        self,
        words: Sequence[str],
        feats: Sequence[tuple[list[str], ...]],
        extractor: FeatureExtractor,
    ) -> None:
        """Append score blocks for ``words`` (new type ids, in order) from their offset features."""
        n_labels = len(self.labels)
        n_off = len(OFFSETS)
        index = self.index
        seg: list[int] = []
        rows: list[int] = []
        for k, per_offset in enumerate(feats):
            for j, fs in enumerate(per_offset):
                base = k * n_off + j
                for f in fs:
                    r = index.get(f)
                    if r is not None:
                        seg.append(base)
                        rows.append(r)
        blocks = np.zeros((len(words) * n_off, n_labels), dtype=np.float32)
        if rows:
            np.add.at(blocks, np.asarray(seg), self.weights[np.asarray(rows)])
        bw = self.bigram_words
        sh = self.shapes
        wids = np.fromiter(
            (bw.get(extractor.lower(w), -1) if w != PAD else -1 for w in words),
            dtype=np.int64,
            count=len(words),
        )
        sids = np.fromiter(
            (sh.get(extractor.word_shape(w), -1) if w != PAD else -1 for w in words),
            dtype=np.int64,
            count=len(words),
        )
        self.type_scores = np.concatenate(
            [self.type_scores, blocks.reshape(len(words), n_off, n_labels)]
        )
        self.type_wid = np.concatenate([self.type_wid, wids])
        self.type_sid = np.concatenate([self.type_sid, sids])

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
        extra: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """``(n_tokens, n_labels)`` emission scores for token positions ``pos`` of ``ids``.

        ``extra`` holds per-token attribute strings beyond the type and context features (the
        second pass's document features).
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
                    np.add.at(em, hit, W[rows])
        if len(self.shapes) > 2:
            sid = self.type_sid[ids]
            ns = np.int64(len(self.shapes))
            cur = sid[pos]
            prev = np.where(prev_pad, 0, sid[pos - 1])
            nxt = np.where(next_pad, 1, sid[pos + 1])
            valid = (prev >= 0) & (cur >= 0) & (nxt >= 0)
            hit, rows = self._lookup((prev * ns + cur) * ns + nxt, valid, self.trigram)
            if len(hit):
                np.add.at(em, hit, W[rows])
        if extra is not None:
            index = self.index
            tok_i: list[int] = []
            rows_l: list[int] = []
            for k, feats in enumerate(extra):
                for f in feats:
                    r = index.get(f)
                    if r is not None:
                        tok_i.append(k)
                        rows_l.append(r)
            if tok_i:
                np.add.at(em, np.asarray(tok_i), W[np.asarray(rows_l)])
        return em

    def viterbi(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label paths for a ``(batch, n, n_labels)`` block of padded sentences.

        Positions at or beyond a sentence's length carry its score forward unchanged and point
        back to the same label, so one vectorised pass handles sentences of mixed lengths.
        """
        b, n, n_labels = em.shape
        trans = self.transitions[None]
        score = em[:, 0].copy()
        back = np.empty((n, b, n_labels), dtype=np.int8)
        ident = np.arange(n_labels, dtype=np.int8)
        mixed = bool((lengths != n).any())
        for t in range(1, n):
            cand = score[:, :, None] + trans
            bp = cand.argmax(axis=1)
            new = cand.max(axis=1) + em[:, t]
            if mixed:
                active = (lengths > t)[:, None]
                score = np.where(active, new, score)
                back[t] = np.where(active, bp, ident)
            else:
                score = new
                back[t] = bp
        path = np.empty((b, n), dtype=np.int64)
        path[:, -1] = score.argmax(axis=1)
        rows = np.arange(b)
        for t in range(n - 1, 0, -1):
            path[:, t - 1] = back[t, rows, path[:, t]]
        return path

    def decode(self, em: np.ndarray, lengths: Sequence[int], chunk: int = 256) -> list[list[str]]:
        """Tags per sentence from concatenated emissions.

        Sentences are sorted by length and decoded ``chunk`` at a time, each chunk padded to its
        longest sentence: few Viterbi steps per token without much padding.
        """
        lens = np.asarray(lengths, dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
        result: list[list[str]] = [[] for _ in lengths]
        order = [k for k in np.argsort(lens, kind="stable").tolist() if lens[k]]
        labels = self.labels
        n_labels = len(labels)
        padded = np.concatenate([em, np.zeros((1, n_labels), dtype=em.dtype)])
        pad_row = len(em)
        for c in range(0, len(order), chunk):
            idxs = np.asarray(order[c : c + chunk])
            clen = lens[idxs]
            n = int(clen.max())
            steps = np.arange(n)[None]
            gather = np.where(steps < clen[:, None], starts[idxs][:, None] + steps, pad_row)
            paths = self.viterbi(padded[gather], clen)
            for k, m, path in zip(idxs.tolist(), clen.tolist(), paths.tolist(), strict=True):
                result[k] = [labels[i] for i in path[:m]]
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
        self._reset()

    def _reset(self) -> None:
        """Empty the per-type caches (on start, and when ``max_types`` is exceeded)."""
        for layer in self.layers:
            layer.reset_types()
        self.extractor.clear_caches()
        self._type_id.clear()
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
            np.savez_compressed(fh, **arrays)

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
            ext = self.extractor
            feats = [ext.offset_features(w) for w in new]
            for layer in self.layers:
                layer.add_types(new, feats, ext)
            for w in new:
                tid[w] = len(tid)
            if len(ext._lower) > self.max_types:
                ext.clear_caches()
        return [tid[w] for w in words]

    @staticmethod
    def _clean(tok: str) -> str:
        if tok[:1] == "’":  # typographic apostrophe before a suffix: the data uses '
            tok = "'" + tok[1:]
        return tok.replace("\x00", "").replace("\n", " ") or " "

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for many tokenised sentences at once (the fast path).

        Give consecutive sentences of one text (an article) together: the second pass uses how
        the same word was labelled in nearby sentences.
        """
        clean = self._clean
        sents = [[clean(t) for t in s] for s in sentences]
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
        extra: list[list[str]] | None = None
        if self.config.cap_runs:
            extra = []
            for s in sents:
                runs = ext.run_features(s)
                extra.extend(runs if runs is not None else [[] for _ in s])
        first = self.layers[0]
        tags = first.decode(first.emissions(ids, pos, is_tok, extra), lengths)
        if len(self.layers) > 1:
            doc = document_features(
                ext, sents, tags, self.config.doc_window, self.config.stage1_tags
            )
            doc_flat = [f for s in doc for f in s]
            if extra is not None:
                doc_flat = [a + b for a, b in zip(extra, doc_flat, strict=True)]
            second = self.layers[1]
            tags = second.decode(second.emissions(ids, pos, is_tok, doc_flat), lengths)
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
