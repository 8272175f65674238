"""Benchmark: ``--workers N`` against one process, measured in one run.

    python bench/workers.py                          # the three shared corpora, workers 1 and 2
    python bench/workers.py --workers 1,2 --rounds 2 --json
    python bench/workers.py --corpus-stages          # include the corpus stages (serial) too

Each round runs :func:`haberdar.pipeline.run` once per worker count, each in a fresh process
writing a fresh SQLite store (so resources are loaded as ``haberdar run`` loads them, and the
worker processes' start-up is counted), alternating the worker counts so that a change in the
machine's load hits them alike. Reported per worker count: the best wall time, the CPU seconds of
the process and its workers, and the speed-up over one process (``ratio``: wall of the first
worker count / wall of this one, best of each). By default only the per-article stages run
(``corpus=False``): they are what workers parallelise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT = [CORPUS / "sozcu2014.jsonl", CORPUS / "rss_2017_2018.jsonl", CORPUS / "tr_financial_news_2025.jsonl"]


def _one(paths: list[str], db: str, workers: int, corpus: bool) -> None:
    from haberdar.pipeline import run
    from haberdar.store import open_store

    t0 = time.perf_counter()
    store = open_store(db)
    stats = run(paths, store, workers=workers, corpus=corpus)
    store.close()
    wall = time.perf_counter() - t0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    parent, workers_cpu = me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime
    print(json.dumps({"wall_s": wall, "cpu_s": parent + workers_cpu, "parent_cpu_s": parent, "workers_cpu_s": workers_cpu, "stored": stats.stored, "read": stats.read}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--corpus-stages", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    paths = [str(p) for p in args.paths]
    if args.one:
        _one(paths, args.one[0], int(args.one[1]), args.one[2] == "1")
        return
    counts = [int(x) for x in args.workers.split(",")]
    runs: dict[int, list[dict]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for n in counts:
                db = str(Path(tmp) / f"r{r}w{n}.db")
                cmd = [sys.executable, __file__, *paths, "--one", db, str(n), "1" if args.corpus_stages else "0"]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ}).stdout
                runs[n].append(json.loads(out.strip().splitlines()[-1]))
    base = min(x["wall_s"] for x in runs[counts[0]])
    out = {
        "inputs": [Path(p).name for p in paths],
        "cores": os.cpu_count(),
        "stored": runs[counts[0]][0]["stored"],
        "corpus_stages": args.corpus_stages,
    }
    for n in counts:
        best = min(runs[n], key=lambda x: x["wall_s"])
        out[f"workers{n}"] = {
            "wall_s": round(best["wall_s"], 2),
            "cpu_s": round(best["cpu_s"], 2),
            "parent_cpu_s": round(best["parent_cpu_s"], 2),
            "workers_cpu_s": round(best["workers_cpu_s"], 2),
            "articles_per_s": round(best["stored"] / best["wall_s"], 1),
            "ratio": round(base / best["wall_s"], 3),
            "all_wall_s": [round(x["wall_s"], 2) for x in runs[n]],
        }
    print(json.dumps(out, ensure_ascii=False) if args.json else json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
