"""Near-duplicate detection: MinHash signatures of word shingles and a banded LSH index.

Why our own MinHash rather than ``datasketch.MinHash``: datasketch hashes every shingle and
permutes it in Python per document; here each word is hashed once (cached, stable across
processes: blake2b), shingle hashes are combined from word hashes with numpy, and a whole batch
of documents is permuted in one matrix operation and reduced per document with
``np.minimum.reduceat``. The permutation family is multiply-shift on 64 bits
(``(a·x + b) mod 2⁶⁴ >> 32``, ``a`` odd), which numpy evaluates with wrap-around arithmetic.
``bench/dedup.py`` measures both.

The LSH index is banding over the signature, kept as sorted numpy arrays of band keys: a query
of a few rows is ``np.searchsorted``, a query of a large share of the index (all against all)
one pass over the sorted keys that expands each bucket into its pairs, and an insert is a merge. The index is rebuilt from the signatures stored
in ``corpus_signatures`` when a run starts (vectorised; about 0.1 s per 100k articles), so
nothing but the signatures needs persisting.

Text normalisation is that of :func:`haberdar.text.normalize_for_hash` (Turkish casing, words
only), so re-typesetting, casing and punctuation do not hide a copy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "BandIndex",
    "MinHasher",
    "NEAR_THRESHOLD",
    "NUM_PERM",
    "SYNDICATION_THRESHOLD",
    "UnionFind",
    "components",
    "estimate_similarity",
    "verify_pairs",
]

NUM_PERM = 128
BANDS = 42  # 42 bands × 3 rows: P(candidate) = 0.94 at J=0.4, 0.996 at J=0.5, 4e-5 at J=0.01
ROWS = 3
SHINGLE = 3  # words per shingle
NEAR_THRESHOLD = 0.4  # estimated Jaccard at or above which two articles are near-duplicates
SYNDICATION_THRESHOLD = 0.8  # ... and at or above which they carry one story (one source)
MAX_BUCKET = 2000  # band buckets larger than this (boilerplate) give no candidates
_SELF_JOIN_FRACTION = 8  # query rows × this ≥ index size: expand buckets rather than search keys
PARAMS = f"oph{NUM_PERM}-k{SHINGLE}-v1"

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)
_S33 = np.uint64(33)
_S32 = np.uint64(32)
_EMPTY = np.uint32(0xFFFFFFFF)


class _WordHashes(dict[str, int]):
    """word → stable 64-bit hash, computed once per distinct word (``map(d.__getitem__, …)``
    then runs at C speed for the words already seen)."""

    def __missing__(self, word: str) -> int:
        h = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(self) > 4_000_000:  # bound the cache on endless streams
            self.clear()
        self[word] = h
        return h


def _mix(x: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (murmur3's fmix64) so that combined word hashes stay uniform."""
    x = x ^ (x >> _S33)
    x = x * _M2
    x = x ^ (x >> _S33)
    x = x * _M3
    return x ^ (x >> _S33)


_WORD_RE = re.compile(r"\w+")


def fast_tr_lower(s: str) -> str:
    """:func:`haberdar.text.tr_lower`, computed with ``str.replace`` (C speed) instead of
    ``str.translate`` with a dict, which is ten times slower on a whole article. The result
    is the same string (tested)."""
    return s.replace("I", "ı").replace("İ", "i").lower()


def words_for_hash(text: str) -> list[str]:
    """The words :func:`haberdar.text.normalize_for_hash` keeps, in order."""
    return _WORD_RE.findall(fast_tr_lower(text))


class MinHasher:
    """MinHash signatures of word shingles, a batch of texts at a time.

    The signature is one-permutation MinHash with rotation densification (Li, Owen & Zhang
    2012; Shrivastava & Li 2014): each shingle hash is computed once, its top bits pick one of
    ``num_perm`` bins and its low 32 bits compete for that bin's minimum; an empty bin borrows
    the next non-empty bin's value, offset by the distance. Equal bins estimate Jaccard
    similarity as k-permutation MinHash does, at the cost of one hash per shingle instead of
    ``num_perm`` — two orders of magnitude faster (``bench/dedup.py`` measures both;
    :meth:`signatures_kperm` is the classic scheme, kept for that comparison).

    Parameters are fixed by a seed so that signatures stored in one run compare with those
    computed in the next.
    """

    def __init__(self, num_perm: int = NUM_PERM, shingle: int = SHINGLE, seed: int = 20240913) -> None:
        if num_perm & (num_perm - 1):
            raise ValueError("num_perm must be a power of two")
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.shingle = shingle
        self._bin_shift = np.uint64(64 - (num_perm.bit_length() - 1))
        self.a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self._words = _WordHashes()

    def shingles(self, text: str) -> np.ndarray:
        """Hashes of the word shingles of ``text`` (after Turkish normalisation), uint64."""
        words = words_for_hash(text)
        if not words:
            return np.empty(0, dtype=np.uint64)
        w = np.array(list(map(self._words.__getitem__, words)), dtype=np.uint64)
        k = self.shingle
        if len(w) < k:
            acc = w[:1].copy()
            for x in w[1:]:
                acc = acc * _M1 + x
            return _mix(acc)
        acc = w[: len(w) - k + 1].copy()
        for j in range(1, k):
            acc = acc * _M1 + w[j : len(w) - k + 1 + j]
        return _mix(acc)

    def signatures(self, texts: Sequence[str], *, chunk: int = 1024) -> np.ndarray:
        """Signatures of ``texts``: an (n, num_perm) uint32 array; texts without words get
        all-ones rows (see :func:`is_empty_signature`), which the index never returns."""
        n, p = len(texts), self.num_perm
        out = np.full((n, p), _EMPTY, dtype=np.uint32)
        for lo in range(0, n, chunk):
            parts = [self.shingles(t) for t in texts[lo : lo + chunk]]
            m = len(parts)
            lens = np.fromiter((len(x) for x in parts), dtype=np.int64, count=m)
            if not lens.any():
                continue
            flat = np.concatenate(parts)
            doc = np.repeat(np.arange(m, dtype=np.int64), lens)
            bins = (flat >> self._bin_shift).astype(np.int64)
            vals = (flat & np.uint64(0xFFFFFFFE)).astype(np.uint32)  # even: never _EMPTY
            block = np.full(m * p, _EMPTY, dtype=np.uint32)
            np.minimum.at(block, doc * p + bins, vals)
            block = block.reshape(m, p)
            out[lo : lo + m] = _densify(block, lens > 0)
        return out

    def signatures_kperm(self, texts: Sequence[str], *, chunk: int = 128) -> np.ndarray:
        """Classic k-permutation MinHash (multiply-shift permutations), for comparison only."""
        n = len(texts)
        out = np.full((n, self.num_perm), _EMPTY, dtype=np.uint32)
        for lo in range(0, n, chunk):
            parts = [self.shingles(t) for t in texts[lo : lo + chunk]]
            lens = np.fromiter((len(x) for x in parts), dtype=np.int64, count=len(parts))
            nonempty = np.flatnonzero(lens)
            if not len(nonempty):
                continue
            flat = np.concatenate([parts[i] for i in nonempty])
            offsets = np.concatenate(([0], np.cumsum(lens[nonempty])[:-1]))
            perm = (flat[:, None] * self.a[None, :] + self.b[None, :]) >> _S32
            out[lo + nonempty] = np.minimum.reduceat(perm, offsets, axis=0).astype(np.uint32)
        return out


def _densify(block: np.ndarray, nonempty: np.ndarray) -> np.ndarray:
    """Fill empty bins from the next non-empty bin to the right (circularly), the value offset
    by the distance so that borrowed bins of two documents agree only when the source bin and
    the distance both agree."""
    m, p = block.shape
    empty = block == _EMPTY
    if not empty[nonempty].any():
        return block
    cols = np.arange(2 * p, dtype=np.int64)
    idx = np.where(np.concatenate([~empty, ~empty], axis=1), cols, 4 * p)
    nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :p]
    dist = nxt - cols[:p]
    src = np.where(nxt >= 2 * p, cols[:p], nxt % p)
    filled = block[np.arange(m)[:, None], src] + (dist.astype(np.uint32) * np.uint32(0x9E3779B1) | np.uint32(1))
    out = np.where(empty, filled, block)
    out[~nonempty] = _EMPTY
    return out


def is_empty_signature(sig: np.ndarray) -> np.ndarray:
    """Rows that come from texts without words."""
    return np.all(sig == _EMPTY, axis=-1)


def estimate_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of paired signature rows (fraction of equal minima)."""
    return np.mean(a == b, axis=-1)


def band_keys(sigs: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """(n, bands) uint64 keys: one hash per band of ``rows`` bins, the band number mixed in."""
    n = sigs.shape[0]
    s = sigs[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    acc = np.broadcast_to(np.arange(bands, dtype=np.uint64) + np.uint64(1), (n, bands)).copy()
    for j in range(rows):
        acc = acc * _M1 + s[:, :, j]
    return _mix(acc)


@dataclass
class BandIndex:
    """A banded LSH index over MinHash signatures, as sorted arrays of (band key, row).

    Rows are positions in :attr:`sigs`; :attr:`ids` maps them to article ids.
    """

    keys: np.ndarray  # sorted uint64 band keys
    rows: np.ndarray  # int64 row of each key
    sigs: np.ndarray  # (n, num_perm) uint32
    ids: list[str]

    @classmethod
    def empty(cls, num_perm: int = NUM_PERM) -> BandIndex:
        return cls(
            np.empty(0, dtype=np.uint64),
            np.empty(0, dtype=np.int64),
            np.empty((0, num_perm), dtype=np.uint32),
            [],
        )

    @classmethod
    def build(cls, ids: list[str], sigs: np.ndarray) -> BandIndex:
        """An index of ``sigs``, which it keeps (no copy: leave the array unchanged)."""
        index = cls.empty(sigs.shape[1] if sigs.ndim == 2 else NUM_PERM)
        index.add(ids, sigs, copy=False)
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids: Sequence[str], sigs: np.ndarray, *, copy: bool = True, chunk: int = 1 << 16) -> np.ndarray:
        """Add signatures; returns their rows. Empty texts are stored but not indexed.
        ``copy=False`` keeps ``sigs`` itself when the index is empty. Band keys are computed
        ``chunk`` rows at a time (their uint64 intermediates are ~1.3 KB per row)."""
        if len(self.sigs):
            whole = np.concatenate([self.sigs, sigs])
        else:
            whole = sigs.copy() if copy else sigs
        return self.extend(ids, whole, chunk=chunk)

    def extend(self, ids: Sequence[str], whole: np.ndarray, *, chunk: int = 1 << 16) -> np.ndarray:
        """Index the rows of ``whole`` after the current ones (``whole[:len(self)]`` must be the
        signatures indexed so far), keeping ``whole`` itself as :attr:`sigs` (no copy): a run
        that holds its signatures in one array adds each slice's rows to the one index it built
        at its start. Returns the new rows."""
        base = len(self.ids)
        if whole.shape[0] != base + len(ids):
            raise ValueError("extend: the signature matrix must hold the indexed rows and the new ones")
        rows = np.arange(base, base + len(ids), dtype=np.int64)
        self.ids.extend(ids)
        self.sigs = whole
        sigs = whole[base:]
        kept = rows[~is_empty_signature(sigs)]
        if len(kept):
            k = np.empty((len(kept), BANDS), dtype=np.uint64)
            for lo in range(0, len(kept), chunk):
                k[lo : lo + chunk] = band_keys(sigs[kept[lo : lo + chunk] - base])
            r = np.repeat(kept, BANDS)
            keys = np.concatenate([self.keys, k.ravel()]) if len(self.keys) else k.ravel()
            allrows = np.concatenate([self.rows, r]) if len(self.rows) else r
            del k, r
            order = np.argsort(keys)  # rows within one key need no order: pairs are unordered
            self.keys = keys[order]
            del keys
            self.rows = allrows[order]
        return rows

    def candidates(self, rows: np.ndarray, *, chunk: int = 8192) -> np.ndarray:
        """Candidate pairs (i, j), i < j, for the given rows against the whole index: an
        (m, 2) int64 array, each unordered pair once. Rows are queried ``chunk`` at a time so
        that memory stays bounded however many pairs the buckets hold."""
        rows = np.asarray(rows, dtype=np.int64)
        keep = rows[~is_empty_signature(self.sigs[rows])]
        if not len(keep) or not len(self.keys):
            return np.empty((0, 2), dtype=np.int64)
        n = np.int64(len(self.ids))
        if len(keep) * _SELF_JOIN_FRACTION >= len(self.ids):
            # a large share of the index: one pass over its sorted keys beats a search per key
            codes = self._bucket_pair_codes(keep, n)
        else:
            found = [self._pair_codes(keep[i : i + chunk], n) for i in range(0, len(keep), chunk)]
            codes = np.unique(np.concatenate(found))
        return np.stack([codes // n, codes % n], axis=1)

    def _bucket_pair_codes(self, rows: np.ndarray, n: np.int64, *, max_pairs: int = 1 << 20) -> np.ndarray:
        """Pairs (as ``i·n + j`` codes, i < j, unique) of rows sharing a band bucket, one of
        them in ``rows``: every bucket of the sorted key array is expanded into its pairs
        (buckets over :data:`MAX_BUCKET` skipped), ``max_pairs`` at a time."""
        keys = self.keys
        if len(keys) < 2:
            return np.empty(0, dtype=np.int64)
        wanted = np.zeros(len(self.ids), dtype=bool)
        wanted[rows] = True
        cut = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate(([0], cut))
        sizes = np.diff(np.concatenate((starts, [len(keys)])))
        ok = (sizes >= 2) & (sizes <= MAX_BUCKET)
        starts, sizes = starts[ok], sizes[ok]
        if not len(starts):
            return np.empty(0, dtype=np.int64)
        # each member pairs with the members after it in its bucket
        pos = np.repeat(starts, sizes) + (np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes))
        after = np.repeat(starts + sizes, sizes) - pos - 1
        keep = after > 0
        pos, after = pos[keep], after[keep]
        total = np.cumsum(after)
        found = []
        lo = 0
        while lo < len(pos):
            base = int(total[lo - 1]) if lo else 0
            hi = max(lo + 1, int(np.searchsorted(total, base + max_pairs, side="right")))
            p, a = pos[lo:hi], after[lo:hi]
            m = int(a.sum())
            src = np.repeat(p, a)
            dst = src + 1 + (np.arange(m) - np.repeat(np.cumsum(a) - a, a))
            i, j = self.rows[src], self.rows[dst]
            sel = (i != j) & (wanted[i] | wanted[j])
            i, j = i[sel], j[sel]
            found.append(np.unique(np.minimum(i, j) * n + np.maximum(i, j)))
            del src, dst, sel, i, j
            lo = hi
        return np.unique(np.concatenate(found))

    def _pair_codes(self, rows: np.ndarray, n: np.int64) -> np.ndarray:
        """Pairs as ``i·n + j`` codes (i < j), unique within this chunk."""
        qk = band_keys(self.sigs[rows])
        lo = np.searchsorted(self.keys, qk.ravel(), side="left")
        hi = np.searchsorted(self.keys, qk.ravel(), side="right")
        size = hi - lo
        size[size > MAX_BUCKET] = 0
        src = np.repeat(np.repeat(rows, qk.shape[1]), size)
        starts = np.repeat(lo - np.concatenate(([0], np.cumsum(size)[:-1])), size)
        dst = self.rows[starts + np.arange(int(size.sum()))]
        ok = src != dst
        src, dst = src[ok], dst[ok]
        return np.unique(np.minimum(src, dst) * n + np.maximum(src, dst))

    def near_pairs(self, rows: np.ndarray, threshold: float = NEAR_THRESHOLD) -> tuple[np.ndarray, np.ndarray]:
        """Verified near-duplicate pairs for ``rows``: (pairs (m, 2), estimated similarity (m,))."""
        return verify_pairs(self.sigs, self.candidates(rows), threshold)

    def story_pairs(
        self,
        rows: np.ndarray,
        origins: np.ndarray,
        threshold: float = NEAR_THRESHOLD,
        same_story: float = SYNDICATION_THRESHOLD,
        *,
        max_pairs: int = 1 << 18,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The verified near-duplicate pairs for ``rows`` that the components of two graphs
        need: the near-duplicate graph (≥ ``threshold``) and the one-story graph (≥
        ``same_story`` with compatible ``origins``: integer codes per row, 0 = none). Buckets
        are expanded ``max_pairs`` pairs at a time, and a pair whose two rows the pairs found so
        far already join into one story is not enumerated again: k copies of a story sharing
        a band in 42 buckets cost about one bucket's pairs, not 42. The one-story graph's
        components refine the near-duplicate graph's (its edges are a subset), so both keep
        the components all pairs give (:meth:`near_pairs`) — the pairs themselves are fewer.
        Each block of buckets is taken twice: first every member against the bucket's first
        entry, then, in the buckets whose members are not one story yet, every pair left.
        Returns (pairs (m, 2) with i < j, sorted, each once; similarity (m,))."""
        rows = np.asarray(rows, dtype=np.int64)
        n = len(self.ids)
        wanted = np.zeros(n, dtype=bool)
        wanted[rows] = True  # rows of empty texts have no band keys: they are in no bucket
        keys = self.keys
        empty = (np.empty((0, 2), dtype=np.int64), np.empty(0))
        if len(keys) < 2 or not wanted.any():
            return empty
        cut = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate(([0], cut))
        sizes = np.diff(np.concatenate((starts, [len(keys)])))
        ok = (sizes >= 2) & (sizes <= MAX_BUCKET)
        starts, sizes = starts[ok], sizes[ok]
        if len(starts):
            has_wanted = _bucket_any(wanted[self.rows], starts, sizes)
            starts, sizes = starts[has_wanted], sizes[has_wanted]
        if not len(starts):
            return empty
        story = np.arange(n, dtype=np.int64)  # one-story components found so far (flat)
        npairs = sizes * (sizes - 1) // 2
        found_codes: list[np.ndarray] = []
        found_sims: list[np.ndarray] = []
        lo = 0
        total = np.cumsum(npairs)
        while lo < len(starts):
            base = int(total[lo - 1]) if lo else 0
            hi = max(lo + 1, int(np.searchsorted(total, base + max_pairs, side="right")))
            st, sz = starts[lo:hi], sizes[lo:hi]
            lo = hi
            for star in (True, False):
                # buckets whose members are one story already give nothing new
                lab = story[self.rows[np.repeat(st, sz) + _ramp(sz)]]
                first = np.concatenate(([0], np.cumsum(sz)[:-1]))
                mixed = np.minimum.reduceat(lab, first) != np.maximum.reduceat(lab, first)
                st, sz = st[mixed], sz[mixed]
                if not len(st):
                    break
                if star:
                    # first each member against the bucket's first entry (union-find against a
                    # representative): copies of one story join in k − 1 pairs, not k(k − 1)/2
                    src = np.repeat(st, sz - 1)
                    dst = src + 1 + _ramp(sz - 1)
                else:
                    # then every pair of the buckets still mixed, across the stories left
                    pos = np.repeat(st, sz) + _ramp(sz)
                    after = np.repeat(st + sz, sz) - pos - 1
                    keep = after > 0
                    pos, after = pos[keep], after[keep]
                    src = np.repeat(pos, after)
                    dst = src + 1 + _ramp(after)
                i, j = self.rows[src], self.rows[dst]
                sel = (i != j) & (wanted[i] | wanted[j]) & (story[i] != story[j])
                i, j = i[sel], j[sel]
                codes = np.unique(np.minimum(i, j) * n + np.maximum(i, j))
                if not len(codes):
                    continue
                good, sims = verify_pairs(self.sigs, np.stack([codes // n, codes % n], axis=1), threshold)
                if not len(good):
                    continue
                found_codes.append(good[:, 0] * n + good[:, 1])
                found_sims.append(sims)
                oa, ob = origins[good[:, 0]], origins[good[:, 1]]
                same = (sims >= same_story) & ((oa == 0) | (ob == 0) | (oa == ob))
                if same.any():
                    story = _hook(story, good[same, 0], good[same, 1])
        if not found_codes:
            return empty
        codes, first_at = np.unique(np.concatenate(found_codes), return_index=True)
        sims = np.concatenate(found_sims)[first_at]
        return np.stack([codes // n, codes % n], axis=1), sims


def _ramp(sizes: np.ndarray) -> np.ndarray:
    """0, 1, …, size−1 for each size, concatenated."""
    total = int(sizes.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _bucket_any(flags: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Whether any entry of each bucket (``starts``/``sizes`` over ``flags``) is set."""
    c = np.concatenate(([0], np.cumsum(flags.astype(np.int64))))
    return (c[starts + sizes] - c[starts]) > 0


def _hook(parent: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Union the edges (a, b) into a flat union-find forest ``parent`` (every entry a root or
    pointing at one); returns it flat again. Roots are the smallest member."""
    while True:
        pa, pb = parent[a], parent[b]
        differ = pa != pb
        if not differ.any():
            return parent
        np.minimum.at(parent, np.maximum(pa[differ], pb[differ]), np.minimum(pa[differ], pb[differ]))
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def verify_pairs(
    sigs: np.ndarray, pairs: np.ndarray, threshold: float = NEAR_THRESHOLD, *, chunk: int = 1 << 16
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate ``pairs`` (rows of ``sigs``) whose estimated similarity reaches
    ``threshold``, with that similarity. ``chunk`` pairs at a time: candidates grow faster than
    the corpus (a sentence shared by k articles puts k²/2 pairs in its buckets: 1.9 M candidates
    for 200k generated articles, ~12 M for 500k), and comparing them all at once would hold
    two signature rows per candidate (6 GB per side at 12 M)."""
    if not len(pairs):
        return pairs.reshape(0, 2), np.empty(0)
    keep_pairs, keep_sims = [], []
    for lo in range(0, len(pairs), chunk):
        part = pairs[lo : lo + chunk]
        sim = estimate_similarity(sigs[part[:, 0]], sigs[part[:, 1]])
        ok = sim >= threshold
        keep_pairs.append(part[ok])
        keep_sims.append(sim[ok])
    return np.concatenate(keep_pairs), np.concatenate(keep_sims)


def components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the graph whose edges are ``(a[k], b[k])``, over integer node
    keys (``seq`` numbers): ``(nodes, roots)``, the distinct nodes in ascending order and the
    smallest node of each one's component (its representative). Vectorised union-find: roots
    hook under the smaller root of each edge that still joins two components, then pointer
    jumping flattens the forest; a few rounds suffice (each at least halves the components an
    edge can still join). Edges may repeat; the result depends only on the components."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if not len(a):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    nodes, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    ia, ib = inv[: len(a)], inv[len(a) :]
    parent = np.arange(len(nodes), dtype=np.int64)
    while True:
        pa, pb = parent[ia], parent[ib]
        differ = pa != pb
        if not differ.any():
            break
        lo, hi = np.minimum(pa[differ], pb[differ]), np.maximum(pa[differ], pb[differ])
        np.minimum.at(parent, hi, lo)  # hi is a root (the forest is flat): hook it
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return nodes, nodes[parent]


class UnionFind:
    """Disjoint sets over hashable items; the representative is the smallest item by ``rank``."""

    def __init__(self, rank: dict[str, int] | None = None) -> None:
        self.parent: dict[str, str] = {}
        self.rank = rank if rank is not None else {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        key = lambda r: (self.rank.get(r, 1 << 62), r)  # noqa: E731 - tiny local order
        lo, hi = (ra, rb) if key(ra) <= key(rb) else (rb, ra)
        self.parent[hi] = lo
        return lo

    def groups(self, items: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in items:
            out.setdefault(self.find(x), []).append(x)
        return out
