"""Benchmark: the whole per-article pipeline (clean + NER + roles + resolution + events).

    python bench/pipeline.py                 # Sözcü corpus, one core
    python bench/pipeline.py --limit 500 --json

Runs the production function ``haberdar.pipeline.process`` over every record, with resources
loaded once before the clock starts, and reports articles/s, tokens/s through the tagger and the
share of time per stage. Figures go to docs/BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS / "sozcu2014.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from haberdar.analyse import analyse
    from haberdar.analyse.tokens import tokenize_sentences
    from haberdar.clean import clean
    from haberdar.ingest.sources import iter_documents
    from haberdar.records import RawDocument
    from haberdar.resources import default_resources

    t_load = time.perf_counter()
    res = default_resources()
    res.language_detector, res.ner, res.kb, res.resolver, res.events  # noqa: B018 - load now
    t_load = time.perf_counter() - t_load

    docs = [d for d in iter_documents([str(args.corpus)]) if isinstance(d, RawDocument)]
    if args.limit:
        docs = docs[: args.limit]
    t0 = time.perf_counter()
    t_clean = 0.0
    arts = []
    for d in docs:
        a = time.perf_counter()
        arts.append(clean(d, res))
        t_clean += time.perf_counter() - a
    tokens = sum(len(s) for a in arts for s in tokenize_sentences(a.body))
    t_an = time.perf_counter()
    n_events = 0
    for a in arts:
        n_events += len(analyse(a, res).events)
    t_an = time.perf_counter() - t_an
    total = time.perf_counter() - t0
    out = {
        "corpus": args.corpus.name,
        "articles": len(docs),
        "tokens": tokens,
        "events": n_events,
        "resources_load_s": round(t_load, 2),
        "clean_s": round(t_clean, 2),
        "analyse_s": round(t_an, 2),
        "articles_per_s": round(len(docs) / total, 1),
        "analyse_articles_per_s": round(len(docs) / t_an, 1),
    }
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(f"{k:24} {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
