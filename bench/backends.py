"""Benchmark: the same run into the SQLite and the PostgreSQL store.

    python bench/backends.py --pg postgresql://USER:PASSWORD@HOST/DB [--limit N] [--workers 1]

Runs the seeds and the Sözcü corpus (``../shared/corpus/sozcu2014.jsonl``, or ``--limit`` of its
records) through ``haberdar run`` (per-article stages + corpus stages) into a fresh SQLite file
and into a fresh database on the PostgreSQL server of ``--pg`` (created and dropped here; the
URL's database is only used to connect), reports seconds and articles/s for each, and checks
that ``haberdar export events|articles|entities`` give the same bytes on both. Resources are
loaded once before either clock starts. Figures go to docs/BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def _exports(db: str) -> dict[str, str]:
    from haberdar.outputs import export as ex
    from haberdar.store import open_store

    store = open_store(db)
    out = {}
    for kind, records in (("events", ex.event_records), ("articles", ex.article_records), ("entities", ex.entity_records)):
        buf = io.StringIO()
        ex.write_jsonl(records(store), buf)
        out[kind] = hashlib.sha256(buf.getvalue().encode("utf-8")).hexdigest()[:16]
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", required=True, help="URL of a PostgreSQL server (a database there to connect to)")
    ap.add_argument("--corpus", type=Path, default=CORPUS / "sozcu2014.jsonl")
    ap.add_argument("--limit", type=int, default=0, help="only the first N records of the corpus")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from haberdar.pipeline import run
    from haberdar.resources import default_resources
    from haberdar.store import open_store
    from haberdar.store.sql import drop_pg_database

    res = default_resources()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "input.jsonl"
        with args.corpus.open(encoding="utf-8") as src, data.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if args.limit and i >= args.limit:
                    break
                dst.write(line)
        inputs = [str(ROOT / "examples" / "seeds"), str(data)]
        server = make_url(args.pg).set(drivername="postgresql+psycopg")
        admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        name = f"haberdar_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        pg = server.set(database=name).render_as_string(hide_password=False)
        report: dict[str, object] = {"inputs": "seeds + " + args.corpus.name + (f" (first {args.limit})" if args.limit else ""), "workers": args.workers}
        try:
            for backend, db in (("sqlite", str(Path(tmp) / "bench.db")), ("postgresql", pg)):
                store = open_store(db)
                t0 = time.perf_counter()
                stats = run(inputs, store, res=res, workers=args.workers)
                dt = time.perf_counter() - t0
                n = store.count()
                store.close()
                report[backend] = {"articles": n, "stored": stats.stored, "seconds": round(dt, 1), "articles_per_s": round(n / dt, 1)}
                print(backend, report[backend], flush=True)
            a, b = _exports(str(Path(tmp) / "bench.db")), _exports(pg)
            report["exports_identical"] = a == b
            report["export_sha256"] = a
        finally:
            drop_pg_database(admin, name)
            admin.dispose()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
