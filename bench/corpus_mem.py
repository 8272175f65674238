"""Benchmark: peak memory and time of the corpus stages alone (``update_corpus``).

    python bench/corpus_mem.py --build 100000      # once: a clean store without corpus tables
    python bench/corpus_mem.py --n 100000          # corpus stages on a copy of it
    python bench/corpus_mem.py --n 20000 --tracemalloc

``--build N`` ingests, cleans and stores the first N articles of the generated corpus of
bench/scale.py (one process, no analysis, corpus stages off) into
bench/out/scale/store_clean_N.db. ``--n N`` (or ``--db PATH``) copies that store, runs
:func:`haberdar.corpus.update_corpus` on the copy in this process and prints one JSON line: the
corpus stats, the seconds, the process's peak RSS before and after (``ru_maxrss``; the store
and KB imports are loaded before the first figure), and with ``--tracemalloc`` the peak of
Python allocations and the top allocation sites still held at the end. ``--keep PATH`` keeps
the store with its corpus tables; ``--compare A B`` tells whether two kept stores hold the same
corpus tables (to check that a change of the corpus stages changed no result).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "scale"
sys.path.insert(0, str(ROOT / "bench"))


def _maxrss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _rss_mb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)
    return 0


def build(n: int) -> Path:
    from scale import data_file

    from haberdar.pipeline import run
    from haberdar.store import open_store

    db = OUT / f"store_clean_{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    stats = run([str(data_file(n))], open_store(str(db)), analyse=False, corpus=False)
    print(json.dumps({"db": str(db), "stats": stats.as_dict(), "s": round(time.perf_counter() - t, 1)}), flush=True)
    return db


_PHASES = ("_dedup", "_origin_groups", "_claims_and_flags", "_office_conflicts", "_cluster")


def _instrument(phases: dict) -> None:
    """Wrap the corpus stages' phase functions (those that exist) to add up their seconds and
    how much the process's peak RSS rose during their calls (where memory grows), and note the
    RSS after the last call (what stays)."""
    import haberdar.corpus as corpus

    for name in _PHASES:
        fn = getattr(corpus, name, None)
        if fn is None:
            continue

        def wrapped(*a, _fn=fn, _name=name, **kw):  # noqa: ANN002, ANN003, ANN202
            t, m0 = time.perf_counter(), _maxrss_mb()
            try:
                return _fn(*a, **kw)
            finally:
                rec = phases.setdefault(_name, {"calls": 0, "s": 0.0, "peak_rise_mb": 0})
                rec["calls"] += 1
                rec["s"] = round(rec["s"] + time.perf_counter() - t, 2)
                rec["peak_rise_mb"] += _maxrss_mb() - m0  # nested phases count in both
                rec["rss_after_mb"] = _rss_mb()

        setattr(corpus, name, wrapped)


def measure(src: Path, *, trace: bool, top: int, keep: str | None = None, slice_size: int | None = None) -> dict:
    import tracemalloc

    from haberdar.corpus import update_corpus
    from haberdar.kb import load_default_kb
    from haberdar.store import open_store

    db = src.with_name(src.stem + ".work.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(src, db)
    store = open_store(str(db))
    load_default_kb()
    rss0, max0 = _rss_mb(), _maxrss_mb()
    if trace:
        tracemalloc.start(8)
    phases: dict = {}
    _instrument(phases)
    kw = {} if slice_size is None else {"slice_size": slice_size}
    t = time.perf_counter()
    stats = update_corpus(store, **kw)
    secs = time.perf_counter() - t
    rec: dict = {
        "db": str(src),
        "corpus": stats.as_dict(),
        "corpus_s": round(secs, 1),
        "rss_before_mb": rss0,
        "maxrss_before_mb": max0,
        "maxrss_after_mb": _maxrss_mb(),
        "phases": phases,
    }
    if trace:
        snap = tracemalloc.take_snapshot()
        rec["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
        rec["held_after"] = [str(s) for s in snap.statistics("lineno")[:top]]
    store.engine.dispose()
    if keep:
        import sqlite3

        con = sqlite3.connect(db)
        con.execute("VACUUM INTO ?", (keep,))
        con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return rec


_TABLES = ("near_duplicates", "origin_groups", "event_links", "possible_links", "corpus_flags", "title_claims", "corpus_signatures", "event_blocks", "corpus_seen")


def compare(a: str, b: str) -> dict:
    """Whether two stores kept with ``--keep`` hold the same corpus tables (rows, sorted)."""
    import hashlib
    import sqlite3

    out = {}
    for t in _TABLES:
        digests = []
        for db in (a, b):
            con = sqlite3.connect(db)
            rows = sorted(map(repr, con.execute(f"SELECT * FROM {t}")))  # noqa: S608 - fixed names
            con.close()
            digests.append((len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12]))
        out[t] = {"rows": digests[0][0], "same": digests[0] == digests[1]} if digests[0] == digests[1] else {"a": digests[0], "b": digests[1], "same": False}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=int, help="build the clean store of this many generated articles and stop")
    ap.add_argument("--n", type=int, help="measure on bench/out/scale/store_clean_N.db")
    ap.add_argument("--db", help="measure on (a copy of) this store")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--keep", help="keep the store with its corpus tables at this path (to compare runs)")
    ap.add_argument("--slice", type=int, help="update_corpus(slice_size=...) (default: its own)")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare the corpus tables of two kept stores and stop")
    args = ap.parse_args()
    if args.compare:
        res = compare(*args.compare)
        print(json.dumps(res))
        sys.exit(0 if all(v["same"] for v in res.values()) else 1)
    if args.build:
        build(args.build)
        return
    src = Path(args.db) if args.db else OUT / f"store_clean_{args.n}.db"
    rec = measure(src, trace=args.tracemalloc, top=args.top, keep=args.keep, slice_size=args.slice)
    rec["at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    print(json.dumps(rec, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
