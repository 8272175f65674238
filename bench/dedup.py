"""Dedup throughput: MinHash signatures + LSH over ≥ 200k articles generated from the corpora.

    python bench/dedup.py [--n 200000] [--workers 2] [--corpus ../shared/corpus] [--kperm]

Articles are built from the corpora's sentences (each a random draw of 6–18 sentences, so that
lengths and vocabulary are those of real Turkish news), 2% of them planted near-copies of
another (a few words changed). Measured: signatures (``workers`` processes), index build and
the all-against-all near-duplicate query, end to end; peak RSS and the index's own size.
``--kperm`` also times classic k-permutation MinHash and datasketch on a sample for comparison.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from haberdar.corpus.dedup import BandIndex, MinHasher

ROOT = Path(__file__).resolve().parents[1]
_TAG_RE = re.compile(r"<[^>]+>")
_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")


def sentences(corpus: Path) -> list[str]:
    out: list[str] = []
    for name, field in (("sozcu2014.jsonl", "text"), ("rss_2017_2018.jsonl", "description_html"), ("tr_financial_news_2025.jsonl", "content")):
        path = corpus / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            text = _TAG_RE.sub(" ", json.loads(line).get(field) or "")
            out.extend(s.strip() for s in _SPLIT_RE.split(text) if len(s.split()) >= 5)
    return out


def generate(pool: list[str], n: int, seed: int = 7) -> tuple[list[str], list[tuple[int, int]]]:
    """``n`` articles of 6–18 corpus sentences, each sentence with a quarter of its words
    swapped for words of the corpus vocabulary (a fixed pool of sentences drawn 200k × 12
    times would otherwise make every article share whole sentences with dozens of others,
    which real news does not), and 2% planted near-copies."""
    rng = random.Random(seed)
    vocab = sorted({w for s in pool[:5000] for w in s.split()})

    def vary(sentence: str) -> str:
        words = sentence.split()
        for k in range(len(words)):
            if rng.random() < 0.25:
                words[k] = rng.choice(vocab)
        return " ".join(words)

    texts: list[str] = []
    planted: list[tuple[int, int]] = []
    for i in range(n):
        if i > 100 and rng.random() < 0.02:
            j = rng.randrange(i)
            words = texts[j].split()
            for k in rng.sample(range(len(words)), max(1, len(words) // 30)):
                words[k] = rng.choice(("ve", "ile", "bu", "bir", "olarak"))
            texts.append(" ".join(words))
            planted.append((j, i))
        else:
            texts.append(" ".join(vary(s) for s in rng.choices(pool, k=rng.randint(6, 18))))
    return texts, planted


_MH: MinHasher | None = None


def _sign(texts: list[str]) -> np.ndarray:
    global _MH
    if _MH is None:
        _MH = MinHasher()
    return _MH.signatures(texts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--kperm", action="store_true")
    args = ap.parse_args()

    pool = sentences(args.corpus)
    texts, planted = generate(pool, args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts):,} articles generated from {len(pool):,} corpus sentences, {words:.0f} words on average")

    t0 = time.perf_counter()
    chunk = 4096
    parts = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as ex:
            sigs = np.concatenate(list(ex.map(_sign, parts)))
    else:
        sigs = np.concatenate([_sign(p) for p in parts])
    t_sig = time.perf_counter() - t0
    t1 = time.perf_counter()
    ids = [str(i) for i in range(len(texts))]
    index = BandIndex.build(ids, sigs)
    t_build = time.perf_counter() - t1
    t2 = time.perf_counter()
    pairs, sims = index.near_pairs(np.arange(len(texts)))
    t_query = time.perf_counter() - t2
    total = time.perf_counter() - t0
    found = {(int(a), int(b)) for a, b in pairs.tolist()}
    recall = sum((a, b) in found for a, b in planted) / max(1, len(planted))
    index_mb = (index.sigs.nbytes + index.keys.nbytes + index.rows.nbytes) / 2**20
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"signatures: {t_sig:.1f} s ({len(texts) / t_sig:,.0f} articles/s, {args.workers} workers)")
    print(f"LSH build:  {t_build:.1f} s; all-against-all query: {t_query:.1f} s")
    print(f"end to end: {total:.1f} s = {len(texts) / total:,.0f} articles/s (signature + LSH)")
    print(f"near-duplicate pairs: {len(pairs):,}; planted copies found: {recall:.3f} of {len(planted):,}")
    print(f"memory: index {index_mb:.0f} MiB (signatures + band keys), peak RSS of the main process {peak_mb:.0f} MiB")

    if args.kperm:
        sample = texts[:5000]
        mh = MinHasher()
        mh.signatures(sample[:100])
        t = time.perf_counter()
        mh.signatures_kperm(sample)
        print(f"k-permutation MinHash (numpy, 1 process): {len(sample) / (time.perf_counter() - t):,.0f} articles/s")
        try:
            from datasketch import MinHash, MinHashLSH
        except ImportError:
            raise SystemExit("--kperm compares with datasketch: pip install -e '.[bench]'") from None

        from haberdar.corpus.dedup import words_for_hash

        t = time.perf_counter()
        lsh = MinHashLSH(threshold=0.4, num_perm=128)
        for i, text in enumerate(sample[:2000]):
            w = words_for_hash(text)
            m = MinHash(num_perm=128)
            m.update_batch([" ".join(w[k : k + 3]).encode() for k in range(max(1, len(w) - 2))])
            lsh.insert(str(i), m)
        print(f"datasketch MinHash + MinHashLSH insert (1 process): {2000 / (time.perf_counter() - t):,.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
