"""Benchmark: do the corpus stages stay linear when every story has many near-copies?

    python bench/copies.py --base 1622 --copies 4,16 --before 7592b99 --workers 2

Each of the first ``--base`` stories of ../shared/corpus/sozcu2014.jsonl is written ``k`` times
(``--copies``, e.g. 4 and 16): the original and ``k − 1`` near-copies on other sites, each with
1 % of its words replaced (two copies share ~89 % of their word 3-shingles: syndicated copies,
as agencies' stories look when a dozen sites carry them). The k-copies file is ingested,
cleaned and analysed once into a store without corpus tables (``--workers``; kept under
bench/out/copies/, reused by later runs), then for each code version a copy of that store is
given to :func:`haberdar.corpus.update_corpus` in a fresh process (bench/corpus_mem.py's
measurement): seconds, the process's peak RSS (``ru_maxrss``; imports, store and KB are
loaded before the first figure), the per-phase seconds, the database's size after the corpus
stages (the whole file, and what the corpus stages added), and rows of the near-duplicate and
flag tables.

``--before REV`` measures the code of that git revision too (its ``src`` extracted under
bench/out/copies/, run with ``PYTHONPATH``), in the same run, so that before/after are ratios
measured on the same machine at the same time. The stores are prepared with the oldest code
measured (a newer haberdar migrates an older store; an older one refuses a newer store).
Results: one JSON line per (version, k) in bench/out/copies/results.jsonl, and a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "out" / "copies"
SITES = (
    "sozcu.com.tr", "hurriyet.com.tr", "sabah.com.tr", "milliyet.com.tr", "haberturk.com", "ntv.com.tr",
    "trthaber.com", "cumhuriyet.com.tr", "star.com.tr", "yenisafak.com", "posta.com.tr", "aksam.com.tr",
    "takvim.com.tr", "gazeteduvar.com.tr", "t24.com.tr", "bianet.org",
)
_FILLERS = ("ve", "ile", "bu", "bir", "olarak", "da", "de", "için")
CORPUS_TABLES = ("near_duplicates", "origin_groups", "event_links", "event_blocks", "possible_links", "corpus_flags",
                 "title_claims", "corpus_signatures", "corpus_seen")


def generate(base: int, k: int) -> Path:
    path = OUT / f"copies_{base}x{k}.jsonl"
    if path.exists():
        return path
    stories = [json.loads(line) for line in (CORPUS / "sozcu2014.jsonl").read_text(encoding="utf-8").splitlines()[:base]]
    OUT.mkdir(parents=True, exist_ok=True)
    lines = []
    for s in stories:
        for c in range(k):
            text = s.get("text") or ""
            if c:
                rng = random.Random(f"{s['id']}/{c}")
                words = text.split(" ")
                for i in rng.sample(range(len(words)), max(1, len(words) // 100)):
                    words[i] = rng.choice(_FILLERS)
                text = " ".join(words)
            site = SITES[c % len(SITES)]
            rid = f"{s['id']}-c{c}"
            rec = {**s, "id": rid, "site": site, "url": f"https://{site}/haber/{rid}", "text": text}
            lines.append(json.dumps(rec, ensure_ascii=False))
    tmp = path.with_suffix(".part")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.rename(path)
    return path


def source_tree(rev: str) -> Path:
    """The ``src`` directory of a git revision, extracted once."""
    dest = OUT / f"src_{rev}"
    if not (dest / "src" / "haberdar").exists():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def _env(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def prepare(base: int, k: int, workers: int, src: Path | None, tag: str) -> Path:
    """The store of the k-copies file without corpus tables (ingest, clean, analyse)."""
    db = OUT / f"store_{base}x{k}_{tag}.db"
    if db.exists():
        return db
    data = generate(base, k)
    part = db.with_suffix(".part.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    code = (
        "import sys, time, json\n"
        "from haberdar.pipeline import run\nfrom haberdar.store import open_store\n"
        "t = time.perf_counter(); store = open_store(sys.argv[1])\n"
        f"stats = run([sys.argv[2]], store, corpus=False, workers={workers}); store.close()\n"
        "print(json.dumps({'prepared': sys.argv[1], 'stats': stats.as_dict(), 's': round(time.perf_counter() - t, 1)}))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(part), str(data)], check=True, env=_env(src))
    con = sqlite3.connect(part)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    part.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    return db


def _size(db: Path) -> int:
    return sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())


def one(db: Path, work: Path) -> dict:
    """In this process: update_corpus on a copy of ``db`` (corpus_mem's measurement), sizes."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus_mem import _instrument, _maxrss_mb, _rss_mb

    from haberdar.corpus import update_corpus
    from haberdar.kb import load_default_kb
    from haberdar.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db, work)
    size0 = _size(work)
    store = open_store(str(work))
    load_default_kb()
    rss0, max0 = _rss_mb(), _maxrss_mb()
    phases: dict = {}
    _instrument(phases)
    t = time.perf_counter()
    stats = update_corpus(store)
    secs = time.perf_counter() - t
    rec = {
        "corpus": stats.as_dict(),
        "corpus_s": round(secs, 2),
        "rss_before_mb": rss0,
        "maxrss_before_mb": max0,
        "maxrss_after_mb": _maxrss_mb(),
        "phases": phases,
    }
    store.close()
    store.engine.dispose()
    rec["db_bytes"] = _size(work)
    rec["db_added_bytes"] = rec["db_bytes"] - size0
    con = sqlite3.connect(work)
    rec["rows"] = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CORPUS_TABLES}  # noqa: S608
    rec["flags"] = dict(con.execute("SELECT kind, count(*) FROM corpus_flags GROUP BY kind").fetchall())
    con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    return rec


def measure(db: Path, src: Path | None, tag: str) -> dict:
    work = db.with_name(db.stem + f".{tag}.work.db")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(db), str(work)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=_env(src)).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=int, default=1622, help="stories of sozcu2014.jsonl (1,622: all)")
    ap.add_argument("--copies", default="4,16")
    ap.add_argument("--before", help="git revision to measure too (its src/ run with PYTHONPATH)")
    ap.add_argument("--workers", type=int, default=2, help="processes for preparing the stores")
    ap.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one[0]), Path(args.one[1]))))
        return 0
    ks = [int(x) for x in args.copies.split(",")]
    versions: list[tuple[str, Path | None]] = []
    if args.before:
        versions.append((f"before:{args.before}", source_tree(args.before)))
    versions.append(("after:worktree", None))
    prep_src = versions[0][1]
    prep_tag = args.before or "worktree"
    results = []
    for k in ks:
        db = prepare(args.base, k, args.workers, prep_src, prep_tag)
        for name, src in versions:
            rec = {"version": name, "base": args.base, "copies": k, **measure(db, src, name.split(":")[0])}
            results.append(rec)
            print(json.dumps(rec, ensure_ascii=False), flush=True)
            with (OUT / "results.jsonl").open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # the growth from the smallest to the largest k, per version
    lo, hi = min(ks), max(ks)
    print(f"\ngrowth {lo}x -> {hi}x copies of {args.base} stories ({args.base * lo:,} -> {args.base * hi:,} articles):")
    print(f"{'version':<22}{'corpus s':>10}{'dedup s':>9}{'peak RSS':>10}{'db':>8}{'db added':>10}{'near rows':>11}{'flags':>8}")
    for name, _ in versions:
        a = next(r for r in results if r["version"] == name and r["copies"] == lo)
        b = next(r for r in results if r["version"] == name and r["copies"] == hi)

        def ratio(f, a=a, b=b):  # noqa: ANN001, ANN202
            x, y = f(a), f(b)
            return f"{y / x:.2f}x" if x else "-"

        dedup = lambda r: r["phases"].get("_dedup", {}).get("s", 0)  # noqa: E731
        print(
            f"{name:<22}{ratio(lambda r: r['corpus_s']):>10}{ratio(dedup):>9}{ratio(lambda r: r['maxrss_after_mb']):>10}"
            f"{ratio(lambda r: r['db_bytes']):>8}{ratio(lambda r: r['db_added_bytes']):>10}"
            f"{ratio(lambda r: r['rows']['near_duplicates']):>11}{ratio(lambda r: r['rows']['corpus_flags']):>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
