"""Train the CONSULT models from the blind-annotated corpus (``haberdar train-events``).

Each annotated article is read the way production reads it (the corpus file through the
pipeline's readers and :func:`~haberdar.clean.clean`; an external article from the text the
annotator saw), analysed into a :class:`~haberdar.analyse.doc.Doc`, and its candidate sentences
labelled from the annotation: a candidate reports a meeting when its sentence overlaps the
evidence (or a further evidence quote) of an annotated event; its spans take the role of the
annotated party they name. CRFsuite (L-BFGS, L1+L2) trains the four models in seconds.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from haberdar.analyse.doc import Doc, Sentence, Span, build_doc
from haberdar.analyse.events.evaluate import gold_events, name_match
from haberdar.analyse.events.features import status_mode_features
from haberdar.analyse.events.learned import MODEL_NAMES, ConsultExtractor, Models
from haberdar.records import Article

_WORD = re.compile(r"\w+")
ROLE_CODE = {"actor": "ACT", "recipient": "REC", "participant": "PAR"}
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


def load_rows(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Corpus rows from JSONL files and from the older fixture JSON files (``{"articles": […]}``)."""
    rows: list[dict[str, Any]] = []
    for p in map(Path, paths):
        if p.suffix == ".json":
            data = json.loads(p.read_text(encoding="utf-8"))
            for a in data["articles"]:
                key = a["key"]
                rows.append({**a, "aid": f"{a['corpus']}:{key.get('id') or key.get('url')}"})
        else:
            rows.extend(json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def read_articles(rows: list[dict[str, Any]], corpus_dir: Path, res: Any) -> dict[str, Article]:
    """aid → clean Article, read as production reads it."""
    from haberdar.clean import clean
    from haberdar.ingest.sources import iter_documents
    from haberdar.records import RawDocument

    wanted: dict[str, dict[str, str]] = {}
    out: dict[str, Article] = {}
    for r in rows:
        path = corpus_dir / r["corpus"]
        key = r["key"].get("id") or r["key"].get("url")
        if path.exists() and key:
            wanted.setdefault(str(path), {})[str(key)] = r["aid"]
        elif r.get("text"):
            out[r["aid"]] = clean(_external_document(r), res)
    for path, keys in wanted.items():
        for d in iter_documents([path]):
            if not isinstance(d, RawDocument):
                continue
            for k in (d.meta.get("id"), d.meta.get("url")):
                aid = keys.get(str(k)) if k else None
                if aid and aid not in out:
                    out[aid] = clean(d, res)
    return out


def _external_document(row: dict[str, Any]) -> Any:
    from haberdar.ingest.jsonl import FieldMap, record_to_document

    title, _, body = row["text"].partition("\n")
    rec = {"title": title, "text": body or title, "published": row.get("published"), "site": row.get("site")}
    raw = json.dumps(rec, ensure_ascii=False).encode("utf-8")
    fmap = FieldMap(text="text", title="title", date="published", site="site")
    return record_to_document(f"external:{row['aid']}", "line 1", raw, rec, fmap, "utf-8")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def sentence_event(doc: Doc, sent: Sentence, golds: list[dict[str, Any]]) -> int | None:
    """Index of the annotated event whose evidence this sentence states, if any."""
    words = _words(doc.text_of(sent)[sent.start : sent.end])
    if len(words) < 3:
        return None
    best, best_ov = None, 0.0
    for gi, g in enumerate(golds):
        for q in [g.get("evidence") or "", *(g.get("more_evidence") or [])]:
            qw = _words(q)
            if len(qw) < 3:
                continue
            ov = len(words & qw) / min(len(words), len(qw))
            if ov > best_ov:
                best, best_ov = gi, ov
    return best if best_ov >= 0.6 else None


def span_role(sp: Span, gold: dict[str, Any]) -> str:
    names = [x for x in (sp.canonical, sp.text) if x]
    for p in gold.get("participants") or []:
        hit = any(name_match(p["name"], n) for n in names)
        if not hit and sp.label == "TITLE" and sp.title:
            hit = name_match(p["name"], sp.title) or bool(p.get("title") and name_match(p["title"], sp.title))
        if hit:
            return ROLE_CODE.get(p.get("role", ""), "O")
    return "O"


Item = tuple[list[list[str]], list[str]]


def doc_items(doc: Doc, row: dict[str, Any], ex: ConsultExtractor) -> dict[str, list[Item]]:
    golds = gold_events(row)
    out: dict[str, list[Item]] = {n: [] for n in MODEL_NAMES}
    for cand in ex.candidates(doc):
        gi = sentence_event(doc, cand.sent, golds)
        if gi is not None and golds[gi].get("borderline"):
            continue  # the annotator hesitated: teach neither answer
        out["candidate"].append(([cand.features], ["y" if gi is not None else "n"]))
        if gi is None:
            continue
        g = golds[gi]
        spans = ex.parties(cand.sent, doc)
        labels = [span_role(sp, g) for sp in spans]
        if spans:
            out["roles"].append((ex.role_items(cand, doc), labels))
        sm = status_mode_features(cand.features, sum(lab != "O" for lab in labels))
        out["status"].append(([sm], [g.get("status") or "occurred"]))
        out["mode"].append(([sm], [g.get("mode") or "none"]))
    return out


def analysed(rows: list[dict[str, Any]], corpus_dir: Path, res: Any) -> Iterator[tuple[dict[str, Any], Doc]]:
    from haberdar.analyse import article_date

    arts = read_articles(rows, corpus_dir, res)
    for r in rows:
        art = arts.get(r["aid"])
        if art is not None:
            yield r, build_doc(art, res, article_date(art))


def train_models(items: dict[str, list[Item]], out_dir: Path, params: dict[str, Any] | None = None) -> None:
    import pycrfsuite

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in MODEL_NAMES:
        trainer = pycrfsuite.Trainer(verbose=False)
        for xs, ys in items[name]:
            trainer.append(xs, ys)
        trainer.set_params(params or PARAMS)
        trainer.train(str(out_dir / f"{name}.crfsuite"))


def collect(pairs: Iterable[tuple[dict[str, Any], Doc]], ex: ConsultExtractor) -> dict[str, list[Item]]:
    items: dict[str, list[Item]] = {n: [] for n in MODEL_NAMES}
    for row, doc in pairs:
        for name, got in doc_items(doc, row, ex).items():
            items[name].extend(got)
    return items


def folds(rows: list[dict[str, Any]], k: int, seed: int = 14) -> list[list[dict[str, Any]]]:
    order = sorted(rows, key=lambda r: r["aid"])
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(pairs: list[tuple[dict[str, Any], Doc]], k: int, tmp: Path, *, keep: bool = False,
                   config: dict[str, Any] | None = None) -> Any:
    """k-fold by article: train on k-1 folds, score the held fold; the scores are pooled."""
    from haberdar.analyse.events.evaluate import Score

    ex0 = ConsultExtractor(load_models=False)
    by_aid = {r["aid"]: (r, d) for r, d in pairs}
    total = Score()
    for i, fold in enumerate(folds([r for r, _ in pairs], k)):
        held = {r["aid"] for r in fold}
        if not (tmp / f"fold{i}" / "roles.crfsuite").exists():
            items = collect((p for a, p in by_aid.items() if a not in held), ex0)
            train_models(items, tmp / f"fold{i}")
        models = Models.load(tmp / f"fold{i}")
        assert models is not None
        if config:
            models.threshold, models.min_parties = config["threshold"], config["min_parties"]
            models.keep = config.get("keep", 0.0)
        ex = ConsultExtractor(models=models, rules=ex0.rules, morph=ex0.morph)
        for aid in held:
            row, doc = by_aid[aid]
            total.add(row, ex.extract(doc), keep=keep)
    return total


def dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per article (corpus file + key); the first one given wins."""
    seen: set[tuple[str, str]] = set()
    out = []
    for r in rows:
        k = (r.get("corpus", ""), str(r["key"].get("id") or r["key"].get("url") or r["aid"]))
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def choose_config(pairs: list[tuple[dict[str, Any], Doc]], k: int, tmp: Path) -> dict[str, Any]:
    """The decision thresholds with the best cross-validated event F1: ``threshold`` for a
    candidate the grammar did not read (above 1: the learned step adds none), ``keep`` for the
    grammar's reading of a sentence, ``min_parties`` for an event to be recorded."""
    best: dict[str, Any] = {}
    grid = [(m, keep, th) for m in (1, 2) for keep in (0.0, 0.2) for th in (0.5, 0.7, 0.9, 1.01)]
    for min_parties, keep, threshold in grid:
        config = {"threshold": threshold, "min_parties": min_parties, "keep": keep}
        rep = cross_validate(pairs, k, tmp, config=config).report()
        if not best or rep["event"]["f1"] > best["cv"]["event"]["f1"]:
            best = {**config, "cv": rep}
    return best


def main(argv: list[str] | None = None) -> int:
    import argparse
    import shutil
    import sys
    import tempfile
    import time

    from haberdar.resources import default_resources

    root = Path(__file__).resolve().parents[4]
    ap = argparse.ArgumentParser(prog="haberdar train-events", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", default=None,
                    help="annotated JSONL/JSON files (default: training/events/consult.jsonl and the "
                         "events fixtures of tests/fixtures)")
    ap.add_argument("--corpus-dir", default=str(root.parent / "shared" / "corpus"),
                    help="where the corpus files named by the rows are (default: ../shared/corpus)")
    ap.add_argument("--out", required=True, help="directory to write the models to "
                    "(src/haberdar/data/events/models to replace the packaged ones)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds to choose the threshold")
    args = ap.parse_args(argv)
    paths = args.corpus or [str(root / "training/events/consult.jsonl"),
                            *sorted(str(p) for p in (root / "tests/fixtures").glob("events_*.json")
                                    if "audit" not in p.name)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"error: no such corpus file: {missing[0]}", file=sys.stderr)
        return 2
    t0 = time.time()
    res = default_resources()
    rows = dedupe(load_rows(paths))
    pairs = list(analysed(rows, Path(args.corpus_dir), res))
    print(f"{len(pairs)} of {len(rows)} annotated articles read and analysed ({time.time() - t0:.0f} s)",
          file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        config = choose_config(pairs, args.folds, Path(tmp))
        print(f"cross-validated ({args.folds} folds): {json.dumps(config['cv']['event'])} at threshold "
              f"{config['threshold']}, keep {config['keep']}, min parties {config['min_parties']}",
              file=sys.stderr)
        final = Path(tmp) / "final"
        train_models(collect(pairs, ConsultExtractor(load_models=False)), final)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name in MODEL_NAMES:
            shutil.copy(final / f"{name}.crfsuite", out / f"{name}.crfsuite")
    stats = {
        "articles": len(pairs), "events": sum(len(gold_events(r)) for r, _ in pairs),
        "corpus": [str(Path(p).relative_to(root)) if Path(p).is_relative_to(root) else p for p in paths],
        "params": PARAMS, **config,
    }
    (Path(args.out) / "config.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    print(f"models written to {args.out} ({time.time() - t0:.0f} s)", file=sys.stderr)
    return 0
