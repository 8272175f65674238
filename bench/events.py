"""Benchmark the event extractor on the hand-annotated CONSULT dev set, and measure its speed.

    python bench/events.py --gold training/events/consult.jsonl [--system pipeline|grammar] [--rules]
    python bench/events.py [--dev tests/fixtures/events_dev.json] [--json] [--verbose] [--ner MODEL.npz]
    python bench/events.py --speed [--limit N] [--ner MODEL.npz]

Each dev article is found in /work/shared/corpus (by id or url), read through the pipeline's
readers (``iter_documents``) and cleaned with ``clean(doc, default_resources())``, so events are
extracted from the clean title + body exactly as in production.

Matching: a predicted CONSULT matches a gold one when at least one gold actor and one gold
recipient match predicted participants (actor↔actor and recipient↔recipient; either side for
symmetric gold events; an actor alone when gold has no recipient). Names match loosely: suffix
stripped, Turkish lower case, a surname matches a full name. Pairs are assigned greedily by
participant overlap. Date accuracy counts a prediction correct when it equals the gold date, or
when gold is null and the prediction is the publication day taken by default (the dev set's
guidelines: "a system that uses the publication date there should not be penalised").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from haberdar.analyse.events import EventExtractor, EventMention
from haberdar.analyse.events.evaluate import Score, name_match
from haberdar.clean import clean
from haberdar.ingest.sources import iter_documents
from haberdar.records import Article, RawDocument
from haberdar.resources import default_resources

CORPUS = Path("/work/shared/corpus")
ROOT = Path(__file__).resolve().parents[1]


def any_match(names: list[str], preds: list[str]) -> int:
    return sum(1 for n in names if any(name_match(n, p) for p in preds))


def match_score(gold: dict[str, Any], pred: EventMention) -> int:
    if pred.event_type != gold["event_type"]:
        return 0
    pa = [p.name for p in pred.actors]
    pr = [p.name for p in pred.recipients]
    ga, gr = gold["actors"], gold["recipients"]
    sym = gold.get("symmetric") or pred.symmetric
    allp = pa + pr

    def ok(a_side: list[str], r_side: list[str]) -> bool:
        if not gr:
            return any_match(ga, allp) > 0
        return any_match(ga, a_side) > 0 and any_match(gr, r_side) > 0

    if ok(pa, pr) or (sym and ok(pr, pa)):
        return any_match(ga + gr, allp) + 1
    return 0


def load_articles(dev: dict[str, Any]) -> dict[tuple[str, str], Article]:
    """Clean articles for every dev key, read through the pipeline's readers."""
    wanted: dict[str, set[str]] = {}
    for a in dev["articles"]:
        key = a["key"].get("id") or a["key"].get("url")
        wanted.setdefault(a["corpus"], set()).add(key)
    res = default_resources()
    out: dict[tuple[str, str], Article] = {}
    for corpus, keys in wanted.items():
        for doc in iter_documents([str(CORPUS / corpus)]):
            if not isinstance(doc, RawDocument):
                continue
            k = doc.meta.get("id") if doc.meta.get("id") in keys else doc.meta.get("url")
            if k in keys and (corpus, k) not in out:
                out[(corpus, k)] = clean(doc, res)
    return out


def make_extractor(ner: str | None = None) -> EventExtractor:
    """The extractor with the packaged NER model, or the model file ``ner`` when given."""
    if not ner:
        return EventExtractor()
    from haberdar.analyse.ner.model import NerModel

    return EventExtractor(tagger=NerModel.load(ner).tag_sentences)


def evaluate(dev_path: Path, verbose: bool, ner: str | None = None) -> dict[str, Any]:
    dev = json.loads(dev_path.read_text("utf-8"))
    articles = load_articles(dev)
    ex = make_extractor(ner)
    tp = fp = fn = 0
    p_tp = p_fp = p_fn = 0
    loc_ok = date_ok = status_ok = mode_ok = matched = 0
    t_extract = 0.0
    missing = 0
    for a in dev["articles"]:
        key = a["key"].get("id") or a["key"].get("url")
        art = articles.get((a["corpus"], key))
        if art is None:
            missing += 1
            continue
        t0 = time.perf_counter()
        preds = [e for e in ex.extract(art.body, published=art.published, title=art.title)
                 if e.event_type == "CONSULT"]
        t_extract += time.perf_counter() - t0
        golds = a["events"]
        pairs: list[tuple[int, int, int]] = []
        for gi, g in enumerate(golds):
            for pi, p in enumerate(preds):
                sc = match_score(g, p)
                if sc:
                    pairs.append((sc, gi, pi))
        pairs.sort(reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _sc, gi, pi in pairs:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = golds[gi], preds[pi]
            matched += 1
            gnames = g["actors"] + g["recipients"]
            pnames = [x.name for x in p.participants()]
            hit = any_match(gnames, pnames)
            p_tp += hit
            p_fn += len(gnames) - hit
            p_fp += len(pnames) - sum(1 for x in pnames if any(name_match(x, y) for y in gnames))
            gl = g.get("location")
            pl = p.location.name if p.location else None
            loc_ok += (gl is None and pl is None) or (gl is not None and pl is not None and name_match(gl, pl))
            gd = g.get("date")
            pd = p.date
            d_ok = pd == gd or (gd is None and p.date_source == "published")
            date_ok += d_ok
            status_ok += p.status == g["status"]
            mode_ok += (p.mode or None) == (g.get("mode") or None)
            if verbose and (not d_ok or p.status != g["status"] or (p.mode or None) != (g.get("mode") or None)
                            or not ((gl is None and pl is None) or (gl and pl and name_match(gl, pl)))):
                print(f"~ {key}: gold {g['status']}/{g.get('mode')}/{gl}/{gd} "
                      f"pred {p.status}/{p.mode}/{pl}/{pd}({p.date_source})", file=sys.stderr)
        tp += len(used_g)
        fn += len(golds) - len(used_g)
        fp += len(preds) - len(used_p)
        if verbose:
            for gi, g in enumerate(golds):
                if gi not in used_g:
                    print(f"- MISS {key}: {g['actors']} -> {g['recipients']} | {g['evidence'][:110]}",
                          file=sys.stderr)
            for pi, p in enumerate(preds):
                if pi not in used_p:
                    print(f"+ FP   {key}: {[x.name for x in p.actors]} -> {[x.name for x in p.recipients]}"
                          f" | {p.evidence.text[:110]}", file=sys.stderr)

    def f1(t: int, f_p: int, f_n: int) -> tuple[float, float, float]:
        pr = t / (t + f_p) if t + f_p else 0.0
        rc = t / (t + f_n) if t + f_n else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    ep, er, ef = f1(tp, fp, fn)
    pp, pr_, pf = f1(p_tp, p_fp, p_fn)
    n_art = len(dev["articles"]) - missing
    return {
        "articles": n_art,
        "missing_articles": missing,
        "gold_events": tp + fn,
        "predicted_events": tp + fp,
        "event": {"precision": round(ep, 3), "recall": round(er, 3), "f1": round(ef, 3)},
        "participant": {"precision": round(pp, 3), "recall": round(pr_, 3), "f1": round(pf, 3)},
        "matched": matched,
        "location_accuracy": round(loc_ok / matched, 3) if matched else 0.0,
        "date_accuracy": round(date_ok / matched, 3) if matched else 0.0,
        "status_accuracy": round(status_ok / matched, 3) if matched else 0.0,
        "mode_accuracy": round(mode_ok / matched, 3) if matched else 0.0,
        "extract_articles_per_s": round(n_art / t_extract, 1) if t_extract else None,
        "tagger": getattr(ex.tagger, "__qualname__", str(ex.tagger)),
    }


def speed(limit: int | None, ner: str | None = None) -> dict[str, Any]:
    """clean + NER (whole article) + events over the Sözcü corpus, one core, loaded once."""
    res = default_resources()
    ex = make_extractor(ner)
    from haberdar.analyse.tokens import tokenize_sentences

    docs = [d for d in iter_documents([str(CORPUS / "sozcu2014.jsonl")]) if isinstance(d, RawDocument)]
    if limit:
        docs = docs[:limit]
    # warm caches the way a long run would have them
    t0 = time.perf_counter()
    n_events = 0
    t_clean = t_ner = t_ev = 0.0
    for d in docs:
        a = time.perf_counter()
        art = clean(d, res)
        b = time.perf_counter()
        sents = tokenize_sentences(art.body)
        ex.tagger([[t.text for t in s] for s in sents]) if sents else None
        c = time.perf_counter()
        n_events += len(ex.extract(art.body, published=art.published, title=art.title))
        e = time.perf_counter()
        t_clean += b - a
        t_ner += c - b
        t_ev += e - c
    total = time.perf_counter() - t0
    return {
        "articles": len(docs),
        "events": n_events,
        "articles_per_s": round(len(docs) / total, 1),
        "seconds": {"clean": round(t_clean, 2), "ner": round(t_ner, 2), "events": round(t_ev, 2)},
        "tagger": getattr(ex.tagger, "__qualname__", str(ex.tagger)),
    }


def evaluate_gold(paths: list[str], system: str, *, rules: bool = False, verbose: bool = False) -> dict[str, Any]:
    """Score blind annotations in the corpus format (docs/annotation/CONSULT_GUIDELINES.md).

    ``system``: "pipeline" — what ``haberdar run`` records (the learned decisions over the rules'
    candidates, when model files are packaged); "grammar" — the grammar's CONSULT events alone.
    """
    from haberdar.analyse import event_mentions
    from haberdar.analyse.events.train import analysed, dedupe, load_rows

    res = default_resources()
    rows = dedupe(load_rows(paths))
    sc = Score()
    t0 = time.perf_counter()
    for row, doc in analysed(rows, CORPUS, res):
        if system == "grammar":
            preds = [e for e in doc.grammar if e.event_type == "CONSULT"]
        else:
            preds = [e for e in event_mentions(doc, res) if e.event_type == "CONSULT"]
        sc.add(row, preds, keep=verbose)
    out: dict[str, Any] = {"system": system, "gold": paths, **sc.report(),
                           "seconds": round(time.perf_counter() - t0, 1)}
    if rules:
        out["rules"] = sc.rules_report()
    if verbose:
        for m in sc.misses:
            print("- MISS", m, file=sys.stderr)
        for m in sc.false:
            print("+ FP  ", m, file=sys.stderr)
    return out


def gate(path: Path, result: dict[str, Any], *, lower: bool) -> int:
    """Compare event F1 with the pinned floor; raise the floor when F1 rose, never lower it silently."""
    floor = json.loads(path.read_text("utf-8")) if path.exists() else {"event_f1": 0.0}
    f1 = result["event"]["f1"]
    print(f"events gate: F1 {f1} on {len(result['gold'])} file(s), floor {floor['event_f1']}", file=sys.stderr)
    if f1 + 1e-9 < floor["event_f1"] and not lower:
        print(f"events gate FAILED: F1 {f1} < pinned floor {floor['event_f1']} ({path}); fix the regression, "
              "or pass --lower-floor and say why in the commit", file=sys.stderr)
        return 1
    if f1 > floor["event_f1"] or lower:
        floor.update({"event_f1": f1, "precision": result["event"]["precision"],
                      "recall": result["event"]["recall"], "gold": result["gold"], "system": result["system"]})
        path.write_text(json.dumps(floor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs="+", help="blind annotations in the corpus format (JSONL rows or "
                    "the fixtures' JSON); scored with haberdar.analyse.events.evaluate")
    ap.add_argument("--system", choices=("pipeline", "grammar"), default="pipeline")
    ap.add_argument("--rules", action="store_true", help="precision of the events each rule took part in")
    ap.add_argument("--gate", metavar="FLOOR.json", help="fail (exit 1) when event F1 on --gold falls below the "
                    "floor pinned in this file (CI's accuracy gate)")
    ap.add_argument("--lower-floor", action="store_true",
                    help="with --gate: accept a lower F1 and pin it as the new floor (say why in the commit)")
    ap.add_argument("--dev", default=str(ROOT / "tests/fixtures/events_dev.json"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--ner", default=None, help="NER model file (.npz) instead of the packaged one")
    args = ap.parse_args()
    if args.gate and not args.gold:
        ap.error("--gate needs --gold")
    if args.gold:
        result = evaluate_gold(args.gold, args.system, rules=args.rules, verbose=args.verbose)
        if args.gate:
            sys.exit(gate(Path(args.gate), result, lower=args.lower_floor))
    else:
        result = speed(args.limit, args.ner) if args.speed else evaluate(Path(args.dev), args.verbose, args.ner)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:24} {v}")


if __name__ == "__main__":
    main()
