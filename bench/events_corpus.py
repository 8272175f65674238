"""Build, check and merge the blind CONSULT training corpus (issue 14).

    python bench/events_corpus.py batches --out DIR [--seed 14] [--sozcu 700] [--rss 700]
        [--financial 194] [--chars 200000] [--double 100] [--external FILE.jsonl ...]
    python bench/events_corpus.py validate DIR/out/*.jsonl --batches DIR
    python bench/events_corpus.py agreement A.jsonl B.jsonl --batches DIR
    python bench/events_corpus.py merge DIR --out data/training/consult.jsonl

``batches`` draws articles *at random* (a seeded shuffle, not picked for meeting words: most news
has no meeting and the models must learn that) from ../shared/corpus and writes them as plain text
files an annotator reads (one header line per article: ``### aid | published | site``), plus a
``meta.json`` that maps each ``aid`` back to its corpus and key. The annotators only ever see these
files and docs/annotation/CONSULT_GUIDELINES.md; they never run or read the extractor.

``validate`` checks an annotator's JSONL: every aid of the batch present once, field values in
their vocabularies, and every evidence quote a verbatim substring of the article text shown.

``agreement`` compares two annotations of the same articles: event-level F1 (events matched when
they share a participant surname and their evidence overlaps or both name the same partner set),
and on matched events the agreement of status, mode, place, date and salience.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

STATUS = {"occurred", "planned"}
MODE = {None, "phone", "visit", "multilateral", "third-party"}
ROLE = {"actor", "recipient", "participant", "mediator"}
PRECISION = {"day", "month", "year", "unknown"}
SALIENCE = {"news", "background"}

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"[ \t\u00a0]+")


def _strip_html(text: str) -> str:
    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\s*/?>", "\n", text or "")
    text = html.unescape(_TAG.sub(" ", text))
    lines = [_WS.sub(" ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    lines = [_WS.sub(" ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _date(value: object) -> str:
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value or ""))
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else ""


def read_corpus(name: str) -> Iterator[dict[str, Any]]:
    """Yield {aid, corpus, key, published, site, text} for one file of ../shared/corpus."""
    path = CORPUS / name
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            rec = json.loads(line)
            if name.startswith("sozcu"):
                yield {"aid": f"s:{rec['id']}", "corpus": name, "key": {"id": str(rec["id"])},
                       "published": _date(rec.get("date")), "site": rec.get("site") or "",
                       "text": _norm(rec.get("text") or "")}
            elif name.startswith("rss"):
                title = _norm(html.unescape(rec.get("title") or ""))
                body = _strip_html(rec.get("description_html") or "")
                extra = _norm(rec.get("text") or "")
                if extra and extra not in body:
                    body = (body + "\n" + extra).strip()
                yield {"aid": f"r:{i}", "corpus": name, "key": {"url": rec.get("url")},
                       "published": _date(rec.get("published")),
                       "site": re.sub(r"^https?://([^/]+).*$", r"\1", rec.get("url") or ""),
                       "text": (title + "\n" + body).strip()}
            else:
                title = _norm(rec.get("title") or "")
                yield {"aid": f"f:{rec.get('id', i)}", "corpus": name,
                       "key": {"id": str(rec.get("id", i))},
                       "published": _date(rec.get("date")), "site": rec.get("source") or "",
                       "text": (title + "\n" + _norm(rec.get("content") or "")).strip()}


def read_external(path: Path) -> Iterator[dict[str, Any]]:
    """External news: JSONL with aid, published, site, title, text, source (provenance)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield {"aid": rec["aid"], "corpus": str(path.name), "key": {"aid": rec["aid"]},
                   "published": str(rec.get("published") or "")[:10], "site": rec.get("site") or "",
                   "text": (_norm(rec.get("title") or "") + "\n" + _norm(rec["text"])).strip()}


def render(art: dict[str, Any]) -> str:
    return f"### {art['aid']} | published {art['published'] or 'unknown'} | {art['site']}\n{art['text']}\n\n"


def cmd_batches(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    pools: list[dict[str, Any]] = []
    for name, n in (("sozcu2014.jsonl", args.sozcu), ("rss_2017_2018.jsonl", args.rss),
                    ("tr_financial_news_2025.jsonl", args.financial)):
        arts = [a for a in read_corpus(name) if len(a["text"]) >= 40]
        rng.shuffle(arts)
        pools.extend(arts[:n])
    for ext in args.external or []:
        pools.extend(read_external(Path(ext)))
    rng.shuffle(pools)
    out = Path(args.out)
    (out / "batches").mkdir(parents=True, exist_ok=True)
    (out / "out").mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"seed": args.seed, "articles": {}, "batches": {}}
    batch: list[dict[str, Any]] = []
    size = 0
    n_batch = 0

    def flush() -> None:
        nonlocal batch, size, n_batch
        if not batch:
            return
        name = f"b{n_batch:02d}"
        (out / "batches" / f"{name}.txt").write_text("".join(render(a) for a in batch), encoding="utf-8")
        meta["batches"][name] = [a["aid"] for a in batch]
        n_batch += 1
        batch, size = [], 0

    for art in pools:
        meta["articles"][art["aid"]] = {k: art[k] for k in ("corpus", "key", "published", "site", "text")}
        batch.append(art)
        size += len(art["text"])
        if size >= args.chars:
            flush()
    flush()
    # the double-annotation batch: articles drawn at random from the first batches, so that the
    # agreement is measured on the same kind of articles the corpus holds
    first = [aid for name in sorted(meta["batches"])[:3] for aid in meta["batches"][name]]
    double = rng.sample(first, min(args.double, len(first)))
    (out / "batches" / "double.txt").write_text(
        "".join(render({"aid": a, **meta["articles"][a]}) for a in double), encoding="utf-8")
    meta["batches"]["double"] = double
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    for name, aids in meta["batches"].items():
        chars = sum(len(meta["articles"][a]["text"]) for a in aids)
        print(f"{name}: {len(aids)} articles, {chars} chars")


def load_ann(path: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{n}: not JSON ({exc})") from None
        out[rec["aid"]] = rec
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def validate(path: Path, meta: dict[str, Any], batch: str | None) -> list[str]:
    ann = load_ann(path)
    problems: list[str] = []
    expected = meta["batches"].get(batch or path.name.split(".")[0], [])
    missing = [a for a in expected if a not in ann]
    if missing:
        problems.append(f"{len(missing)} articles missing, e.g. {missing[:3]}")
    for aid, rec in ann.items():
        art = meta["articles"].get(aid)
        if art is None:
            problems.append(f"{aid}: not in the batch")
            continue
        text = _squash(art["text"])
        for i, ev in enumerate(rec.get("events") or []):
            where = f"{aid} event {i}"
            if ev.get("status") not in STATUS:
                problems.append(f"{where}: status {ev.get('status')!r}")
            if ev.get("mode") not in MODE:
                problems.append(f"{where}: mode {ev.get('mode')!r}")
            if ev.get("date_precision") not in PRECISION:
                problems.append(f"{where}: date_precision {ev.get('date_precision')!r}")
            if ev.get("salience") not in SALIENCE:
                problems.append(f"{where}: salience {ev.get('salience')!r}")
            parts = ev.get("participants") or []
            if not parts:
                problems.append(f"{where}: no participants")
            for p in parts:
                if p.get("role") not in ROLE or not (p.get("name") or "").strip():
                    problems.append(f"{where}: participant {p}")
            for q in [ev.get("evidence") or ""] + list(ev.get("more_evidence") or []):
                if not q or _squash(q) not in text:
                    problems.append(f"{where}: evidence not verbatim: {q[:80]!r}")
    return problems


def cmd_validate(args: argparse.Namespace) -> None:
    meta = json.loads((Path(args.batches) / "meta.json").read_text(encoding="utf-8"))
    bad = 0
    for p in args.files:
        problems = validate(Path(p), meta, args.batch)
        print(f"{p}: {len(problems)} problems")
        for pr in problems[:40]:
            print("   ", pr)
        bad += bool(problems)
    sys.exit(1 if bad else 0)


# ---- agreement -------------------------------------------------------------------------------

_SUFFIX = re.compile(r"['’`][^\s]*$")


def _surnames(ev: dict[str, Any]) -> set[str]:
    out = set()
    for p in ev.get("participants") or []:
        words = _SUFFIX.sub("", p.get("name") or "").replace("İ", "i").replace("I", "ı").lower().split()
        if words:
            out.add(words[-1])
    return out


def _overlap(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    return bool(a and b) and (a in b or b in a or len(set(a.split()) & set(b.split())) >= 0.6 * min(len(a.split()), len(b.split())))


def match_events(ga: list[dict[str, Any]], gb: list[dict[str, Any]]) -> list[tuple[int, int]]:
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(ga):
        for j, b in enumerate(gb):
            sa, sb = _surnames(a), _surnames(b)
            shared = len(sa & sb)
            ev_a = [a.get("evidence") or ""] + list(a.get("more_evidence") or [])
            ev_b = [b.get("evidence") or ""] + list(b.get("more_evidence") or [])
            ev = any(_overlap(x, y) for x in ev_a for y in ev_b)
            if shared >= 1 and (ev or shared >= 2 or sa == sb):
                pairs.append((shared + ev, i, j))
    pairs.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def agreement(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]], *, news_only: bool = False,
              clear_only: bool = False) -> dict[str, Any]:
    common = sorted(set(a) & set(b))
    n_a = n_b = n_m = 0
    fields = {"status": [0, 0], "mode": [0, 0], "place": [0, 0], "date": [0, 0], "salience": [0, 0],
              "participants": [0, 0]}
    art_agree = 0
    for aid in common:
        def keep(e: dict[str, Any]) -> bool:
            return (not news_only or e.get("salience") == "news") and not (clear_only and e.get("borderline"))

        ea = [e for e in a[aid].get("events") or [] if keep(e)]
        eb = [e for e in b[aid].get("events") or [] if keep(e)]
        art_agree += bool(ea) == bool(eb)
        m = match_events(ea, eb)
        n_a += len(ea)
        n_b += len(eb)
        n_m += len(m)
        for i, j in m:
            x, y = ea[i], eb[j]
            for f in ("status", "mode", "salience", "date"):
                fields[f][0] += x.get(f) == y.get(f)
                fields[f][1] += 1
            pa = (x.get("place") or "").split("'")[0].lower()
            pb = (y.get("place") or "").split("'")[0].lower()
            fields["place"][0] += pa == pb or bool(pa and pb and (pa in pb or pb in pa))
            fields["place"][1] += 1
            fields["participants"][0] += _surnames(x) == _surnames(y)
            fields["participants"][1] += 1
    p = n_m / n_b if n_b else 0.0
    r = n_m / n_a if n_a else 0.0
    return {
        "articles": len(common),
        "article_has_meeting_agreement": round(art_agree / len(common), 3) if common else None,
        "events_a": n_a, "events_b": n_b, "matched": n_m,
        "event_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        **{f"{k}_agreement": round(v[0] / v[1], 3) if v[1] else None for k, v in fields.items()},
    }


def cmd_agreement(args: argparse.Namespace) -> None:
    a, b = load_ann(Path(args.a)), load_ann(Path(args.b))
    res = {"all": agreement(a, b), "news_only": agreement(a, b, news_only=True),
           "not_borderline": agreement(a, b, clear_only=True)}
    print(json.dumps(res, ensure_ascii=False, indent=2))


def cmd_merge(args: argparse.Namespace) -> None:
    """One JSONL line per annotated article: the article as shown, its provenance, its events."""
    base = Path(args.dir)
    meta = json.loads((base / "meta.json").read_text(encoding="utf-8"))
    rows: dict[str, dict[str, Any]] = {}
    double: dict[str, dict[str, Any]] = {}
    for path in sorted((base / "out").glob("*.jsonl")):
        batch, annotator = path.name.split(".")[:2]
        for aid, rec in load_ann(path).items():
            if aid not in meta["articles"]:
                continue
            art = dict(meta["articles"][aid])
            if (CORPUS / art["corpus"]).exists():
                # ../shared stays the one copy of its articles: the row keeps the key only
                art.pop("text", None)
            entry = {"aid": aid, **art, "annotator": annotator, "batch": batch,
                     "events": rec.get("events") or [], "note": rec.get("note")}
            if batch == "double":
                double[aid] = entry
            else:
                rows[aid] = entry
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for aid in sorted(rows):
            fh.write(json.dumps(rows[aid], ensure_ascii=False) + "\n")
    if double:
        with out.with_name(out.stem + "_double.jsonl").open("w", encoding="utf-8") as fh:
            for aid in sorted(double):
                fh.write(json.dumps(double[aid], ensure_ascii=False) + "\n")
    n_ev = sum(len(r["events"]) for r in rows.values())
    print(f"{len(rows)} articles, {n_ev} events -> {out}; {len(double)} second annotations")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("batches")
    b.add_argument("--out", required=True)
    b.add_argument("--seed", type=int, default=14)
    b.add_argument("--sozcu", type=int, default=700)
    b.add_argument("--rss", type=int, default=700)
    b.add_argument("--financial", type=int, default=194)
    b.add_argument("--chars", type=int, default=200_000)
    b.add_argument("--double", type=int, default=100)
    b.add_argument("--external", nargs="*")
    v = sub.add_parser("validate")
    v.add_argument("files", nargs="+")
    v.add_argument("--batches", required=True)
    v.add_argument("--batch")
    g = sub.add_parser("agreement")
    g.add_argument("a")
    g.add_argument("b")
    g.add_argument("--batches")
    m = sub.add_parser("merge")
    m.add_argument("dir")
    m.add_argument("--out", required=True)
    args = ap.parse_args()
    {"batches": cmd_batches, "validate": cmd_validate, "agreement": cmd_agreement, "merge": cmd_merge}[args.cmd](args)


if __name__ == "__main__":
    main()
