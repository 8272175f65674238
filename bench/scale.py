"""Benchmark: throughput and peak memory of the engines on a large generated corpus.

    python bench/scale.py --generate 500000                     # once: bench/out/scale/gen_500000.jsonl
    python bench/scale.py --n 500000 --stages clean --runs local1,local2,spark2 --timebox 2400
    python bench/scale.py --n 5000 --stages full --runs local1,local2,spark2 --timebox 900

The corpus is generated from the three shared corpora (../shared/corpus): each article is a
headline and 6–24 sentences drawn at random from the ~3,500 real articles' sentences, with a
date, a site and a URL; 4 % are near copies of an earlier generated article (a sentence changed,
one added: what syndication looks like) and 1 % exact copies (the same JSON line again). So the
cleaner sees real Turkish text, LSH sees near-duplicates at a realistic rate, and the stores
grow as with fresh news.

Stages: ``clean`` is ingest + clean + store + the corpus stages (signatures, LSH, origin groups,
title claims, flags; no event mentions to cluster); ``full`` adds the analysis (NER, roles,
entity resolution, events) and so event clustering. Full analysis runs at about 64 articles/s
on one core, so it is measured on a smaller n; both are stated in the output.

Runs (each a fresh store, in its own process, killed at ``--timebox`` seconds):
``local1`` (one process), ``local2`` (``--workers 2``), ``spark2`` (Spark ``local[2]``).
Peak memory: the largest sum of RSS over the run's whole process tree (driver, workers, the
Spark JVM and its Python workers), sampled every 0.5 s, and the driver's own peak RSS. A run
that hits the time box reports how many articles it had stored by then. Results go to
bench/out/scale/results.jsonl (one line per run) and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "out" / "scale"
SOURCES = ("sozcu2014.jsonl", "rss_2017_2018.jsonl", "tr_financial_news_2025.jsonl")
SITES = ("sozcu.com.tr", "hurriyet.com.tr", "sabah.com.tr", "aa.com.tr", "bianet.org", "haberturk.com", "ntv.com.tr", "trthaber.com")
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÇĞİÖŞÜ0-9\"'])")


# --- the generated corpus ----------------------------------------------------------------------


def generate(n: int, path: Path, *, seed: int = 20251122) -> None:
    from haberdar.ingest.sources import iter_documents
    from haberdar.records import RawDocument

    titles: list[str] = []
    sentences: list[str] = []
    for name in SOURCES:
        for doc in iter_documents([str(CORPUS / name)]):
            if not isinstance(doc, RawDocument):
                continue
            if doc.meta.get("title"):
                titles.append(str(doc.meta["title"]).strip())
            for s in _SENT_RE.split(doc.text.replace("\n", " ")):
                if 5 <= len(s.split()) <= 60:
                    sentences.append(s.strip())
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    recent: list[dict] = []
    lines: list[str] = []
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(n):
            r = rng.random()
            if r < 0.01 and lines:
                out.write(rng.choice(lines[-2000:]))  # exact copy
                continue
            if r < 0.05 and recent:
                base = rng.choice(recent)
                body = list(base["_s"])
                body[rng.randrange(len(body))] = rng.choice(sentences)
                body.insert(rng.randrange(len(body) + 1), rng.choice(sentences))
                title = base["title"]
            else:
                body = rng.sample(sentences, rng.randint(6, 24))
                title = rng.choice(titles)
            paras = ["  ".join(body[k : k + 3]) for k in range(0, len(body), 3)]
            day = f"20{rng.randint(13, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            site = rng.choice(SITES)
            rec = {"id": f"g{i}", "title": title, "date": day, "site": site, "url": f"https://{site}/haber/{i}", "text": "\n\n".join(paras)}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            out.write(line)
            lines.append(line)
            if len(lines) > 4000:
                del lines[:2000]
            recent.append({"title": title, "_s": body})
            if len(recent) > 2000:
                del recent[:1000]
    tmp.rename(path)


def data_file(n: int) -> Path:
    """The first ``n`` lines of the largest generated file (written once per n)."""
    own = OUT / f"gen_{n}.jsonl"
    if own.exists():
        return own
    bigger = sorted((int(p.stem.split("_")[1]), p) for p in OUT.glob("gen_*.jsonl") if int(p.stem.split("_")[1]) >= n)
    if not bigger:
        generate(n, own)
        return own
    with bigger[0][1].open(encoding="utf-8") as src, own.open("w", encoding="utf-8") as dst:
        for _, line in zip(range(n), src, strict=False):
            dst.write(line)
    return own


# --- one run (in its own process) --------------------------------------------------------------


def one(args: argparse.Namespace) -> None:
    import resource

    from haberdar.pipeline import run
    from haberdar.store import open_store

    kw: dict = {"analyse": args.stages == "full", "corpus": False}
    if args.run.startswith("spark"):
        from haberdar.engine.spark import get_spark

        spark = get_spark(f"local[{args.run[5:] or 2}]", conf={"spark.driver.memory": "4g"})
        kw.update(engine="spark", spark=spark)
    else:
        kw["workers"] = int(args.run[5:] or 1)
    store = open_store(args.db)
    t0 = time.perf_counter()
    stats = run([args.data], store, **kw)
    t1 = time.perf_counter()
    # printed before the corpus stages, so that a run stopped by the time box still tells this
    print(json.dumps({"stats": stats.as_dict(), "articles_s": round(t1 - t0, 1)}), flush=True)
    if args.run.startswith("spark"):
        from haberdar.corpus import update_corpus
        from haberdar.engine.spark import SparkCorpusEngine

        corpus = update_corpus(store, engine=SparkCorpusEngine(spark))
    else:
        from haberdar.corpus import update_corpus

        corpus = update_corpus(store)
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "stats": stats.as_dict(),
                "corpus": corpus.as_dict(),
                "articles_s": round(t1 - t0, 1),
                "corpus_s": round(t2 - t1, 1),
                "driver_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        ),
        flush=True,
    )


# --- orchestration ------------------------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(run_name: str, n: int, stages: str, timebox: float) -> dict:
    data = data_file(n)
    db = OUT / f"{run_name}_{stages}_{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", "--run", run_name, "--stages", stages, "--data", str(data), "--db", str(db)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, _ = proc.communicate(timeout=timebox)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        timed_out = True
    wall = time.perf_counter() - t0
    sampler.join(timeout=2)
    rec: dict = {"run": run_name, "stages": stages, "n": n, "wall_s": round(wall, 1), "timed_out": timed_out, "peak_tree_rss_mb": round(peak[0] / 1024)}
    line = next((x for x in reversed(out.splitlines()) if x.startswith("{")), None) if out else None
    if line:
        rec.update(json.loads(line))
        rec["articles_per_s"] = round(rec["stats"]["read"] / rec["articles_s"], 1) if rec["articles_s"] else None
        if "corpus_s" in rec:
            rec["end_to_end_per_s"] = round(rec["stats"]["read"] / (rec["articles_s"] + rec["corpus_s"]), 1)
        else:
            rec["note"] = "stopped by the time box during the corpus stages"
    else:
        try:
            stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            stored = None
        rec["stored_when_stopped"] = stored
        rec["rc"] = proc.returncode
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return rec


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generate", type=int, help="write the generated corpus of this many articles and stop")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--stages", choices=("clean", "full"), default="clean")
    ap.add_argument("--runs", default="local1,local2,spark2")
    ap.add_argument("--timebox", type=float, default=1800, help="seconds per run")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args)
        return
    if args.generate:
        t = time.perf_counter()
        path = OUT / f"gen_{args.generate}.jsonl"
        generate(args.generate, path)
        print(f"{path}: {args.generate} articles, {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t:.0f} s")
        return
    results = OUT / "results.jsonl"
    for name in args.runs.split(","):
        rec = measure(name, args.n, args.stages, args.timebox)
        rec["at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        rec["load_avg_1m"] = os.getloadavg()[0]
        with results.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec) + "\n")
        print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
