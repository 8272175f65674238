"""Benchmark the packaged NER model on its dev split (trains nothing).

    python bench/ner.py [--conll PATH] [--json]

Reports exact-span P/R/F1 (overall and per type) on the dev split recorded in the model's
metadata (so the figures are on sentences the model never saw), tagging throughput on one core
(features included; warm = after one pass over the split has filled the per-type caches, cold =
a freshly loaded model), model load time and model file size.
"""

from __future__ import annotations

import os

# one core: keep BLAS and friends single-threaded and pin the process before numpy loads
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
if hasattr(os, "sched_setaffinity"):
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except OSError:
        pass

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from haberdar.analyse.ner.conll import format_score, score  # noqa: E402
from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, NerModel  # noqa: E402
from haberdar.analyse.ner.train import load_tagged, split_dev  # noqa: E402

DEFAULT_CONLL = ROOT.parent / "shared" / "ner" / "milliyet_train.conll"


def _throughput(model: NerModel, sents: list[list[str]], batch: int, repeat: int = 3) -> float:
    """Best-of-``repeat`` tokens/s tagging ``sents`` in chunks of ``batch`` sentences."""
    n_tok = sum(len(s) for s in sents)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for i in range(0, len(sents), batch):
            model.tag_sentences(sents[i : i + batch])
        best = min(best, time.perf_counter() - t)
    return n_tok / best


def run(conll: Path, model_path: Path) -> dict[str, Any]:
    t = time.perf_counter()
    model = NerModel.load(model_path)
    load_s = time.perf_counter() - t
    meta = model.meta
    data = load_tagged(conll)
    _, dev = split_dev(data, int(meta.get("dev_every", 0)), float(meta.get("dev_tail", 0.0)))
    if not dev:
        raise SystemExit("the model was trained without a dev split: nothing to score")
    sents = [toks for toks, _ in dev]
    n_tok = sum(len(s) for s in sents)

    t = time.perf_counter()
    pred = model.tag_sentences(sents)  # cold: every word type is new to this process
    cold = n_tok / (time.perf_counter() - t)
    result = score([tags for _, tags in dev], pred)

    return {
        "model": str(model_path),
        "model_bytes": model_path.stat().st_size,
        "load_s": load_s,
        "dev_split": {"dev_every": meta.get("dev_every"), "dev_tail": meta.get("dev_tail", 0.0)},
        "dev_sentences": len(sents),
        "dev_tokens": n_tok,
        "overall": result["overall"],
        "per_type": result["per_type"],
        "token_accuracy": result["token_accuracy"],
        "tokens_per_s": {
            "cold_whole_split": cold,
            "warm_32_sentence_chunks": _throughput(model, sents, 32),
            "warm_whole_split": _throughput(model, sents, len(sents)),
            "warm_one_sentence_at_a_time": _throughput(model, sents, 1, repeat=1),
        },
        "_score": result,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--conll", type=Path, default=DEFAULT_CONLL, help="the Milliyet training CoNLL")
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    if not args.conll.exists():
        raise SystemExit(f"{args.conll} not found (pass --conll)")
    res = run(args.conll, args.model)
    sc = res.pop("_score")
    if args.json:
        print(json.dumps(res, indent=2))
        return
    split = res["dev_split"]
    desc = (
        f"last {split['dev_tail']:.0%} of sentences"
        if split["dev_tail"]
        else f"every {split['dev_every']}th sentence"
    )
    print(f"dev split: {desc} ({res['dev_sentences']} sentences, {res['dev_tokens']} tokens)")
    print(format_score(sc))
    for name, v in res["tokens_per_s"].items():
        print(f"tokens/s {name:<28} {v:>10,.0f}")
    print(f"model load {res['load_s']:.3f} s; model file {res['model_bytes'] / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
