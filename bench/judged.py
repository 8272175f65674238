"""Score haberdar against blind judgments of its own outputs (issue 15).

    python bench/judged.py resolution   # person mentions: is the resolved entity the right one?
    python bench/judged.py flags        # conflict flags: does each point at a real disagreement?
    python bench/judged.py pairs        # cross-article merging: same event or not?
    python bench/judged.py pairs --db X.db   # ... as a new run of the corpora merges them

Data in training/judged/ (see its README): what was shown to the judges (no system answer in
it), the system's answers kept apart, and one file per judge. Judges were helper sessions that
saw only the item file and the guidelines (the prompt files there), never the code or the
system's answers. Items judged by two judges give the agreement; the first judge's answer is
the one scored (an "unclear" falls back to the other judge, and is left out when both say so).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "judged"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _judgments(pattern: str, key: str, field: str) -> tuple[dict[str, str], dict[str, Any]]:
    """item → the scored answer, and agreement on items with two answers."""
    per_item: dict[str, list[str]] = {}
    for path in sorted(DATA.glob(pattern)):
        for row in _jsonl(path):
            per_item.setdefault(row[key], []).append(str(row[field]))
    scored: dict[str, str] = {}
    for item, answers in per_item.items():
        decided = [a for a in answers if a != "unclear"]
        scored[item] = decided[0] if decided else "unclear"
    doubles = [a for a in per_item.values() if len(a) >= 2]
    agree = sum(a[0] == a[1] for a in doubles)
    return scored, {"doubly_judged": len(doubles), "agreeing": agree,
                    "agreement": round(agree / len(doubles), 3) if doubles else None}


def _store_resolution(db: Path) -> dict[str, str | None]:
    """The judged mentions as a store resolves them now: the KB id of the mention at that
    offset, or None (an entity of the text's own, ``per:…``)."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out: dict[str, str | None] = {}
    for r in _jsonl(DATA / "resolution_items.jsonl"):
        article, start = r["sample_id"].rsplit(":", 1)
        row = con.execute("SELECT entity_id FROM mentions WHERE article_id = ? AND start = ?", (article, int(start))).fetchone()
        eid = row[0] if row else None
        out[r["sample_id"]] = None if not eid or eid.split(":", 1)[0] in ("per", "org", "loc") else eid
    return out


def resolution(db: Path | None = None) -> dict[str, Any]:
    system = {r["sample_id"]: r["system"] for r in _jsonl(DATA / "resolution_system.jsonl")}
    candidates = {r["sample_id"]: {c["id"] for c in r["candidates"]} for r in _jsonl(DATA / "resolution_items.jsonl")}
    if db is not None:
        system = _store_resolution(db)
    gold, agreement = _judgments("resolution.J*.jsonl", "sample_id", "answer")
    c: Counter[str] = Counter()
    for sid, g in gold.items():
        s = system[sid]
        if g == "unclear":
            c["unclear"] += 1
        elif s is None:
            c["unresolved, rightly (another person)" if g == "none" else "unresolved, a candidate was right"] += 1
        elif s not in candidates[sid]:
            # a KB entity the judges were not offered: see their note (who they say it is)
            c["resolved to another KB person (judge's note decides)"] += 1
        else:
            c["resolved right" if g == s else "resolved wrong"] += 1
    resolved = c["resolved right"] + c["resolved wrong"]
    judged = sum(v for k, v in c.items() if k != "unclear")
    return {
        "mentions": len(gold), **dict(c), **agreement,
        "accuracy_of_resolved": round(c["resolved right"] / resolved, 3) if resolved else None,
        "share_unresolved": round((c["unresolved, rightly (another person)"] + c["unresolved, a candidate was right"]) / judged, 3)
        if judged else None,
        "accuracy_all_decisions": round((c["resolved right"] + c["unresolved, rightly (another person)"]) / judged, 3)
        if judged else None,
    }


def flags() -> dict[str, Any]:
    system = {r["item"]: r for r in _jsonl(DATA / "flags_system.jsonl")}
    gold, agreement = _judgments("flags.J*.jsonl", "item", "verdict")
    out: dict[str, Any] = {**agreement}
    for store in sorted({s for r in system.values() for s in r["stores"]}):
        items = [i for i, r in system.items() if store in r["stores"]]
        verdicts = Counter(gold.get(i, "missing") for i in items)
        decided = verdicts["true"] + verdicts["false"]
        out[store] = {"flags": len(items), **dict(verdicts),
                      "precision": round(verdicts["true"] / decided, 3) if decided else None}
    return out


def _store_answers(system: dict[str, dict[str, Any]], db: Path) -> dict[str, dict[str, Any]]:
    """The same pairs answered by a store's event clusters: each side is the store's mention of
    that type whose evidence is the side's sentence (ids are positional, so a new run may number
    them otherwise), "same" when one event holds a mention of each side, "gone" when the
    extractor no longer reports one side."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    event = dict(con.execute("SELECT mention_id, event_id FROM event_links").fetchall())
    by_sentence: dict[tuple[str, str], set[str]] = {}
    for mid, etype, evidence in con.execute("SELECT id, event_type, evidence FROM event_mentions"):
        for ev in json.loads(evidence or "[]"):
            by_sentence.setdefault((etype, " ".join(str(ev.get("text", "")).split())), set()).add(mid)
    items = {r["pair"]: r for r in _jsonl(DATA / "pairs_items.jsonl")}
    out = {}
    for pid, r in system.items():
        sides = [by_sentence.get((r["type"], " ".join(items[pid][k]["sentence"].split())), set()) for k in ("a", "b")]
        if not sides[0] or not sides[1]:
            out[pid] = {**r, "system": "gone"}  # a mention the extractor no longer gives
            continue
        same = {event.get(m) for m in sides[0]} & {event.get(m) for m in sides[1]}
        out[pid] = {**r, "system": "same" if same else "different"}
    return out


def pairs(db: Path | None = None) -> dict[str, Any]:
    system = {r["pair"]: r for r in json.loads((DATA / "pairs_system.json").read_text(encoding="utf-8"))}
    if db is not None:
        system = _store_answers(system, db)
    gold, agreement = _judgments("pairs.A*.jsonl", "pair", "answer")
    tp = fp = fn = tn = 0
    by_group: dict[str, Counter[str]] = {}
    gone = Counter()
    for pid, g in gold.items():
        if g == "unclear":
            continue
        if system[pid]["system"] == "gone":
            gone[g] += 1
            continue
        merged = system[pid]["system"] == "same"
        by_group.setdefault(system[pid]["group"], Counter())[g] += 1
        if merged and g == "same":
            tp += 1
        elif merged:
            fp += 1
        elif g == "same":
            fn += 1
        else:
            tn += 1
    return {
        "pairs_judged": len(gold), "unclear": sum(g == "unclear" for g in gold.values()), **agreement,
        "merged_same": tp, "merged_different": fp, "apart_same": fn, "apart_different": tn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "gold_by_sample_group": {k: dict(v) for k, v in sorted(by_group.items())},
        "mention_gone_by_gold": dict(gone),  # pairs left out: a mention no longer extracted
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("resolution", "flags", "pairs"))
    ap.add_argument("--db", type=Path, help="pairs, resolution: score this store (a run of ../shared/corpus/*.jsonl) "
                    "instead of the answers recorded when the items were drawn")
    args = ap.parse_args(argv)
    if args.what == "pairs":
        result = pairs(args.db)
    elif args.what == "resolution":
        result = resolution(args.db)
    else:
        result = flags()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
