"""Benchmark: ingest + clean throughput and memory on the real corpora.

    python bench/ingest.py                      # Sözcü corpus, then 100k articles generated from it
    python bench/ingest.py --n 20000 --store    # include SQLite writes (the whole `haberdar run`)

Generated articles repeat the Sözcü records with a fresh id each time, so every record is a new
input (a new content hash) while the text statistics stay those of real news. Memory is the
process's resident set size, sampled as the run goes, to show that it is flat in the number of
articles. Figures go to docs/BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def generate(src: Path, n: int, out: Path) -> None:
    rows = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(rows[i % len(rows)])
            rec["id"] = f"{rec['id']}-{i}"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def bench(path: Path, *, store: bool, label: str) -> dict:
    from haberdar.ingest.sources import iter_documents
    from haberdar.pipeline import process, run
    from haberdar.records import Quarantined
    from haberdar.resources import default_resources

    res = default_resources()
    _ = res.language_detector  # loading is start-up, not per article
    samples: list[tuple[int, float]] = []
    t0 = time.perf_counter()
    if store:
        from haberdar.store import open_store

        with tempfile.TemporaryDirectory() as tmp:
            st = open_store(Path(tmp) / "bench.db")

            def on_item(stats, _uri):  # noqa: ANN001
                if stats.read % 10_000 == 0:
                    samples.append((stats.read, rss_mb()))

            stats = run([str(path)], st, res=res, on_item=on_item, analyse=False, corpus=False)
            n, stored, quarantined = stats.read, stats.stored, stats.quarantined
    else:
        n = stored = quarantined = 0
        for item in iter_documents([str(path)]):
            n += 1
            if isinstance(item, Quarantined):
                quarantined += 1
            else:
                process(item, res, analyse=False)
                stored += 1
            if n % 10_000 == 0:
                samples.append((n, rss_mb()))
    dt = time.perf_counter() - t0
    samples.append((n, rss_mb()))
    return {
        "label": label,
        "articles": n,
        "cleaned": stored,
        "quarantined": quarantined,
        "seconds": round(dt, 2),
        "articles_per_s": round(n / dt, 1),
        "rss_mb_samples": [(k, round(v, 1)) for k, v in samples],
        "store": store,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "sozcu2014.jsonl")
    ap.add_argument("--n", type=int, default=100_000, help="generated articles (0 to skip)")
    ap.add_argument("--store", action="store_true", help="also write to a SQLite store")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (pass --corpus PATH)")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    results = [bench(args.corpus, store=args.store, label=args.corpus.name)]
    if args.n:
        with tempfile.TemporaryDirectory() as tmp:
            gen = Path(tmp) / "generated.jsonl"
            generate(args.corpus, args.n, gen)
            results.append(bench(gen, store=args.store, label=f"{args.n} generated from {args.corpus.name}"))
    for r in results:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            print(f"{r['label']}: {r['articles']} articles in {r['seconds']} s = {r['articles_per_s']} articles/s "
                  f"(cleaned {r['cleaned']}, quarantined {r['quarantined']}); RSS MB by articles read: {r['rss_mb_samples']}")


if __name__ == "__main__":
    main()
