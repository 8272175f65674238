"""Benchmark: the whole per-article pipeline (clean + NER + roles + resolution + events).

    python bench/pipeline.py                 # Sözcü corpus, one core
    python bench/pipeline.py --limit 500 --json
    python bench/pipeline.py --no-warm       # first pass only

Runs clean + analyse (the per-article functions ``haberdar run`` calls) over every record, with
resources loaded once before the clock starts, and reports articles/s overall and for analyse
alone. The first pass is what a fresh process does: every word type is new to the tagger's and
the event extractor's per-type caches. A second, warm pass over the same records in the same
process shows the rate once those caches hold the corpus's vocabulary. ``*_cpu_s`` is the
process's CPU time for the pass (less sensitive than wall time to other work on the machine).
The token count (tokens the tagger sees) is taken after the clock stops. Figures go to
docs/BENCHMARKS.md by hand.
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
    ap.add_argument("--no-warm", action="store_true", help="skip the second (warm) pass")
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

    def one_pass() -> dict[str, float]:
        c0, t0 = time.process_time(), time.perf_counter()
        t_clean = 0.0
        arts = []
        for d in docs:
            a = time.perf_counter()
            arts.append(clean(d, res))
            t_clean += time.perf_counter() - a
        t_an = time.perf_counter()
        n_events = 0
        for a in arts:
            n_events += len(analyse(a, res).events)
        t_an = time.perf_counter() - t_an
        total = time.perf_counter() - t0
        cpu = time.process_time() - c0
        return {
            "arts": arts,
            "events": n_events,
            "clean_s": round(t_clean, 2),
            "analyse_s": round(t_an, 2),
            "total_s": round(total, 2),
            "cpu_s": round(cpu, 2),
            "articles_per_s": round(len(docs) / total, 1),
            "analyse_articles_per_s": round(len(docs) / t_an, 1),
        }

    first = one_pass()
    arts = first.pop("arts")
    tokens = sum(len(s) for a in arts for s in tokenize_sentences(a.body))
    out = {
        "corpus": args.corpus.name,
        "articles": len(docs),
        "tokens": tokens,
        "events": first.pop("events"),
        "resources_load_s": round(t_load, 2),
        **first,
    }
    if not args.no_warm:
        warm = one_pass()
        warm.pop("arts")
        warm.pop("events")
        out.update({f"warm_{k}": v for k, v in warm.items()})
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(f"{k:28} {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
