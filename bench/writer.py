"""Benchmark: the store writer alone (what ``haberdar run`` spends storing results).

    python bench/writer.py                       # Sözcü, SQLite in a temporary directory
    python bench/writer.py --limit 500 --json
    python bench/writer.py --db postgresql://…   # an EMPTY PostgreSQL database (tables are created)

Cleans and analyses every record first (not timed), then writes the results through the
run's single writer (:class:`haberdar.pipeline.Writer`, batches of 200, the same calls a run
makes) into a fresh store, and reports the writer's CPU and wall time per article and the
number of statements sent to the database (an ``executemany`` counts once). The per-article
analysis cost is reported beside it, measured in the same process, so the writer's share of a
run is a ratio from one run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS / "sozcu2014.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--db", default="", help="store to write (default: a new SQLite file)")
    ap.add_argument("--repeat", type=int, default=3, help="fresh stores written; the best is reported")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from sqlalchemy import event

    from haberdar.ingest.sources import iter_documents
    from haberdar.pipeline import RunStats, Writer, process
    from haberdar.records import RawDocument
    from haberdar.resources import default_resources
    from haberdar.store import open_store

    res = default_resources()
    docs = [d for d in iter_documents([str(args.corpus)]) if isinstance(d, RawDocument)]
    if args.limit:
        docs = docs[: args.limit]
    c0 = time.process_time()
    results = [(d, *process(d, res)) for d in docs]
    process_cpu = time.process_time() - c0

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            db = args.db or str(Path(tmp) / f"w{i}.db")
            store = open_store(db)
            if args.db:  # PostgreSQL: start from empty tables
                from sqlalchemy import text

                with store.engine.begin() as conn:
                    for t in ("articles", "raw_inputs", "article_sources", "mentions", "entities", "event_mentions", "articles_search"):
                        conn.execute(text(f"DELETE FROM {t}"))
            n_stmt = [0]

            @event.listens_for(store.engine, "before_cursor_execute")
            def _count(*_a: object, _n: list[int] = n_stmt, **_k: object) -> None:
                _n[0] += 1

            stats = RunStats()
            c0, t0 = time.process_time(), time.perf_counter()
            with store.batch() as batch:
                w = Writer(batch, stats)
                for d, article, analysis in results:
                    if batch.has_article(d.id):
                        w.duplicate(d)
                    else:
                        w.store(d, article, analysis)
                    w.done(d.uri)
            cpu, wall = time.process_time() - c0, time.perf_counter() - t0
            runs.append({"cpu_s": cpu, "wall_s": wall, "statements": n_stmt[0], "stored": stats.stored})
            store.close()
    best = min(runs, key=lambda r: r["cpu_s"])
    n = len(results)
    out = {
        "corpus": args.corpus.name,
        "articles": n,
        "store": "postgresql" if args.db.startswith("postgres") else "sqlite",
        "stored": best["stored"],
        "writer_cpu_ms_per_article": round(1000 * best["cpu_s"] / n, 3),
        "writer_wall_ms_per_article": round(1000 * best["wall_s"] / n, 3),
        "statements": best["statements"],
        "statements_per_article": round(best["statements"] / n, 2),
        "clean_analyse_cpu_ms_per_article": round(1000 * process_cpu / n, 2),
        "writer_share_of_run": round(best["cpu_s"] / (best["cpu_s"] + process_cpu), 3),
        "all_runs_cpu_ms_per_article": [round(1000 * r["cpu_s"] / n, 3) for r in runs],
    }
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(f"{k:34} {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
