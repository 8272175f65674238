"""Precision of the CONSULT extractor on random news, against a hand-judged audit of its output.

    python bench/events_audit.py [--audit tests/fixtures/events_audit.json] [--system pipeline|grammar]
                                 [--json] [--verbose] [--unjudged-out FILE]

The dev and test sets (``bench/events.py``) were built from articles chosen for their meeting
words, and the grammar was tuned on the dev set: their precision says little about what an
analyst gets from a random feed. The audit fixture holds a random sample of articles (1,500
from sozcu2014, all 1,615 of rss_2017_2018, none of them in a dev or test set) and a hand
judgment of every CONSULT event that two versions of the extractor found there (see the
fixture's ``how``): ``correct``, ``wrong_parties`` (a real meeting, a named party wrong) or
``not_event``.

This script runs the extractor as it is now on the same articles (read through the pipeline's
readers and ``clean``, as in production) and reports:

* strict precision = correct / judged outputs, lenient = (correct + wrong_parties) / judged;
* ``unjudged``: outputs no judgment covers (a new version finds something new). They are listed
  with ``--verbose``; judge them and add them to the fixture before quoting the precision;
* ``correct_lost``: judged-correct events the extractor no longer outputs (a recall warning; the
  audit does not annotate the meetings no version found, so it measures no recall).

An output matches a judgment when the corpus, article, evidence sentence, actors and recipients
are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from haberdar.analyse.events import EventExtractor
from haberdar.clean import clean
from haberdar.ingest.sources import iter_documents
from haberdar.records import RawDocument
from haberdar.resources import default_resources

CORPUS = Path("/work/shared/corpus")
ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "tests" / "fixtures" / "events_audit.json"


def _key(corpus: str, key: str, sentence: str, actors: list[str], recipients: list[str]) -> tuple[Any, ...]:
    return corpus, str(key), sentence, tuple(actors), tuple(recipients)


def outputs(audit: dict[str, Any], system: str = "pipeline") -> list[dict[str, Any]]:
    """The CONSULT events found now on the audit's articles: by the pipeline (what ``haberdar
    run`` records: the grammar's readings with named parties, the learned decisions where the
    models choose) or by the grammar alone."""
    from haberdar.analyse import article_date, event_mentions
    from haberdar.analyse.doc import build_doc

    res = default_resources()
    ex = EventExtractor()
    found: list[dict[str, Any]] = []
    for sample in audit["samples"]:
        wanted = {str(k) for k in sample["articles"]}
        seen: set[str] = set()
        for doc in iter_documents([str(CORPUS / sample["corpus"])]):
            if not isinstance(doc, RawDocument):
                continue
            key = str(doc.meta.get("id") or doc.meta.get("url"))
            if key not in wanted or key in seen:
                continue
            seen.add(key)
            art = clean(doc, res)
            events = (ex.extract(art.body, published=art.published, title=art.title) if system == "grammar"
                      else event_mentions(build_doc(art, res, article_date(art)), res))
            for e in events:
                if e.event_type == "CONSULT":
                    found.append({"corpus": sample["corpus"], "key": key, "sentence": e.evidence.text,
                                  "actors": [p.name for p in e.actors], "recipients": [p.name for p in e.recipients],
                                  "trigger": e.trigger})
        if len(seen) != len(wanted):
            sys.exit(f"{sample['corpus']}: {len(wanted) - len(seen)} audit articles not found in {CORPUS}")
    return found


def evaluate(audit_path: Path, verbose: bool, system: str = "pipeline") -> dict[str, Any]:
    audit = json.loads(audit_path.read_text("utf-8"))
    judged = {_key(j["corpus"], j["key"], j["sentence"], j["actors"], j["recipients"]): j for j in audit["judgments"]}
    t0 = time.perf_counter()
    found = outputs(audit, system)
    seconds = time.perf_counter() - t0
    labels: Counter[str] = Counter()
    unjudged: list[dict[str, Any]] = []
    hit: set[tuple[Any, ...]] = set()
    for e in found:
        k = _key(e["corpus"], e["key"], e["sentence"], e["actors"], e["recipients"])
        j = judged.get(k)
        if j is None:
            unjudged.append(e)
            continue
        hit.add(k)
        labels[j["label"]] += 1
    lost = [j for k, j in judged.items() if j["label"] == "correct" and k not in hit]
    n = sum(labels.values())
    if verbose:
        for e in unjudged:
            print(f"? UNJUDGED {e['corpus']} {e['key']}: {e['actors']} -> {e['recipients']} | {e['sentence'][:120]}",
                  file=sys.stderr)
        for j in lost:
            print(f"- LOST     {j['corpus']} {j['key']}: {j['actors']} -> {j['recipients']} | {j['sentence'][:120]}",
                  file=sys.stderr)
        for e in found:
            j = judged.get(_key(e["corpus"], e["key"], e["sentence"], e["actors"], e["recipients"]))
            if j is not None and j["label"] != "correct":
                print(f"x {j['label']:13} {e['actors']} -> {e['recipients']} | {j['reason']}", file=sys.stderr)
    return {
        "system": system,
        "articles": sum(len(s["articles"]) for s in audit["samples"]),
        "outputs": len(found),
        "judged_outputs": n,
        "labels": dict(sorted(labels.items())),
        "strict_precision": round(labels["correct"] / n, 3) if n else None,
        "lenient_precision": round((labels["correct"] + labels["wrong_parties"]) / n, 3) if n else None,
        "unjudged": len(unjudged),
        "correct_lost": len(lost),
        "seconds": round(seconds, 1),
        "_unjudged": unjudged,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--audit", type=Path, default=AUDIT)
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--verbose", action="store_true", help="list unjudged, lost and wrong outputs on stderr")
    ap.add_argument("--system", choices=("pipeline", "grammar"), default="pipeline")
    ap.add_argument("--unjudged-out", type=Path, help="write the unjudged outputs here (JSONL) for blind judges")
    args = ap.parse_args()
    report = evaluate(args.audit, args.verbose, args.system)
    if args.unjudged_out:
        args.unjudged_out.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in report.pop("_unjudged")),
                                     encoding="utf-8")
    else:
        report.pop("_unjudged")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for k, v in report.items():
        print(f"{k:22} {v}")
    if report["unjudged"]:
        print(f"note: {report['unjudged']} outputs are not judged yet: run with --verbose, judge them and add them "
              f"to {args.audit.name} before quoting the precision")


if __name__ == "__main__":
    main()
