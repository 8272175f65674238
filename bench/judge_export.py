"""Export what a blind judge needs to rate conflict flags and person resolution — no code, no
scores, only the text, the dates, the sites and what haberdar concluded.

    python bench/judge_export.py X.db OUTDIR [--sample 240] [--seed 15] [--blind]

From a store made by ``haberdar run ../shared/corpus/*.jsonl --db X.db`` it writes

* ``OUTDIR/flags.jsonl``: every ``name_conflict``, ``kb_conflict``, ``location_conflict`` and
  ``date_conflict`` flag of every event, with the sentences on both sides (the flag's own
  evidence, else the evidence sentence of every report of the event), each with its article's
  date, site and origin;
* ``OUTDIR/resolution_sample.jsonl``: a seeded random sample of person mentions, each with its
  sentence, the article's date and site, the title written before it, and the entity it was
  resolved to (name, KB id, KB roles) — or ``unresolved``;
* with ``--blind``, ``OUTDIR/resolution_blind.jsonl``: person mentions that have at least one
  KB candidate, with their context and the candidates but *not* haberdar's answer (a judge picks
  the referent or "none"), and ``OUTDIR/resolution_answers.jsonl`` with haberdar's answers, kept
  from the judge, to score against.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from haberdar.corpus import corpus_events
from haberdar.store import open_store
from haberdar.store.schema import articles, entities, mentions

CONFLICT_KINDS = ("name_conflict", "kb_conflict", "location_conflict", "date_conflict")
MAX_CANDIDATES = 12
CONTEXT = 1200  # characters of the article before the mention shown to the judge
_SENT_END = re.compile(r"[.!?…]\s|\n")


def _sentence(body: str, start: int, end: int) -> str:
    left = 0
    for m in _SENT_END.finditer(body, 0, start):
        left = m.end()
    m = _SENT_END.search(body, end)
    right = m.start() + 1 if m else len(body)
    return body[left:right].strip()


def _article_info(conn: Any) -> dict[str, dict[str, Any]]:
    rows = conn.execute(select(articles.c.id, articles.c.site, articles.c.origin, articles.c.published_at, articles.c.date_precision, articles.c.title, articles.c.uri))
    return {r.id: {"article": r.id, "site": r.site, "origin": r.origin, "published_at": r.published_at, "date_precision": r.date_precision, "title": r.title, "uri": r.uri} for r in rows}


def export_flags(store: Any, out: Path) -> int:
    with store.engine.connect() as conn:
        info = _article_info(conn)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for ev in corpus_events(store):
            for f in ev.get("flags") or []:
                if f.get("kind") not in CONFLICT_KINDS:
                    continue
                sides = []
                for e in f.get("evidence") or []:
                    sides.append({**info.get(e.get("article"), {"article": e.get("article")}), "sentence": e.get("text")})
                reports = []
                for m in ev.get("evidence") or []:
                    a = m.get("article") if isinstance(m, dict) else None
                    reports.append({**info.get(a, {"article": a}), "sentence": m.get("text") if isinstance(m, dict) else m})
                rec = {
                    "flag_id": f"{ev['id']}:{n}",
                    "kind": f["kind"],
                    "detail": f.get("detail"),
                    "event": {"id": ev["id"], "type": ev.get("event_type") or ev.get("type"), "date": ev.get("date"), "location": ev.get("location"), "independent_sources": ev.get("independent_sources")},
                    "sides": sides,
                    "reports": reports,
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def export_article_flags(store: Any, out: Path) -> int:
    """Every conflict flag the corpus stages wrote on an article (``corpus_flags``; a flag on
    an event above repeats one of these), with the sentences of both sides and their articles."""
    from haberdar.corpus.tables import corpus_flags

    with store.engine.connect() as conn:
        info = _article_info(conn)
        rows = conn.execute(
            select(corpus_flags).where(corpus_flags.c.kind.in_(CONFLICT_KINDS)).order_by(corpus_flags.c.target, corpus_flags.c.key)
        ).mappings().all()
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            evidence = r["evidence"] if isinstance(r["evidence"], list) else json.loads(r["evidence"] or "[]")
            sides = [{**info.get(e.get("article"), {"article": e.get("article")}), "sentence": e.get("text")} for e in evidence]
            rec = {"flag_id": f"{r['target']}:{r['kind']}:{r['key']}", "kind": r["kind"], "detail": r["detail"],
                   "article": info.get(r["target"], {"article": r["target"]}), "sides": sides}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(rows)


def export_resolution(store: Any, out: Path, *, sample: int, seed: int) -> int:
    with store.engine.connect() as conn:
        info = _article_info(conn)
        ents = {r.id: r for r in conn.execute(select(entities.c.id, entities.c.name, entities.c.type, entities.c.qid, entities.c.roles, entities.c.source))}
        rows = conn.execute(select(mentions.c.article_id, mentions.c.start, mentions.c.end, mentions.c.label, mentions.c.surface, mentions.c.entity_id).order_by(mentions.c.article_id, mentions.c.start)).all()
        by_article: dict[str, list[Any]] = {}
        for r in rows:
            by_article.setdefault(r.article_id, []).append(r)
        persons = [r for r in rows if r.label == "PER"]
        rng = random.Random(seed)
        picked = rng.sample(persons, min(sample, len(persons)))
        bodies = {aid: conn.execute(select(articles.c.body).where(articles.c.id == aid)).scalar_one() for aid in {p.article_id for p in picked}}
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for p in picked:
            body = bodies[p.article_id]
            title = None
            for o in by_article[p.article_id]:
                if o.label == "TITLE" and 0 <= p.start - o.end <= 2:
                    title = o.surface
            e = ents.get(p.entity_id) if p.entity_id else None
            resolved: dict[str, Any]
            if e is None or e.source != "kb":
                resolved = {"status": "unresolved", "name": e.name if e is not None else None, "kb_id": None}
            else:
                resolved = {"status": "resolved", "name": e.name, "kb_id": e.qid or e.id, "type": e.type, "roles": e.roles}
            a = info.get(p.article_id, {})
            rec = {
                "sample_id": f"{p.article_id}:{p.start}",
                "mention": p.surface,
                "title_before": title,
                "sentence": _sentence(body, p.start, p.end),
                # what a reader has seen by then: an earlier full name or title decides a surname
                "context_before": body[max(0, p.start - CONTEXT):p.start],
                "article_date": a.get("published_at"),
                "site": a.get("site"),
                "article_title": a.get("title"),
                "resolved": resolved,
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def _candidates(kb: Any, surface: str, name: str) -> list[dict[str, Any]]:
    """KB persons the mention could be: exact/alias/surname matches and phonetic neighbours."""
    found: dict[str, Any] = {}
    for text in (surface, name):
        for e in kb.find(text, type="PER", partial=True) + kb.candidates(text, type="PER"):
            found.setdefault(e.id, e)
    out = []
    for e in sorted(found.values(), key=lambda e: e.id)[:MAX_CANDIDATES]:
        roles = [f"{r.title}{' (' + r.organisation + ')' if r.organisation else ''} "
                 f"{r.start.isoformat() if r.start else '?'}–{r.end.isoformat() if r.end else ''}"
                 for r in kb.roles_of(e.id)]
        out.append({"id": e.id, "name": e.name, "roles": roles[:8]})
    return out


def export_blind_resolution(store: Any, out: Path, answers: Path, *, sample: int, seed: int) -> int:
    """A sample for a judge who picks the referent *without* seeing haberdar's answer: each
    person mention with its context and the KB persons it could be (the answers go to a
    separate file the judge never reads). Mentions with at least one KB candidate — where the
    resolver can go wrong — make up the sample; the share of all person mentions that have none
    is reported beside it."""
    from haberdar.resources import default_resources

    kb = default_resources().kb
    with store.engine.connect() as conn:
        info = _article_info(conn)
        ents = {r.id: r for r in conn.execute(select(entities.c.id, entities.c.name, entities.c.source))}
        rows = conn.execute(select(mentions.c.article_id, mentions.c.start, mentions.c.end, mentions.c.label,
                                   mentions.c.surface, mentions.c.canonical, mentions.c.entity_id)
                            .where(mentions.c.label == "PER")
                            .order_by(mentions.c.article_id, mentions.c.start)).all()
        rng = random.Random(seed)
        order = list(rows)
        rng.shuffle(order)
        picked: list[tuple[Any, list[dict[str, Any]]]] = []
        with_candidates = seen = 0
        for r in order:
            cands = _candidates(kb, r.surface, r.canonical)
            seen += 1
            if cands:
                with_candidates += 1
                if len(picked) < sample:
                    picked.append((r, cands))
            if len(picked) >= sample and seen >= 2000:
                break
        bodies = {aid: conn.execute(select(articles.c.body).where(articles.c.id == aid)).scalar_one()
                  for aid in {p.article_id for p, _ in picked}}
    with out.open("w", encoding="utf-8") as fh, answers.open("w", encoding="utf-8") as ah:
        for p, cands in picked:
            body = bodies[p.article_id]
            a = info.get(p.article_id, {})
            sid = f"{p.article_id}:{p.start}"
            fh.write(json.dumps({
                "sample_id": sid, "mention": p.surface, "sentence": _sentence(body, p.start, p.end),
                "context_before": body[max(0, p.start - CONTEXT):p.start],
                "article_title": a.get("title"), "article_date": a.get("published_at"), "site": a.get("site"),
                "candidates": cands,
            }, ensure_ascii=False) + "\n")
            e = ents.get(p.entity_id) if p.entity_id else None
            ah.write(json.dumps({"sample_id": sid, "system": e.id if e is not None and e.source == "kb" else None},
                                ensure_ascii=False) + "\n")
    print(f"person mentions looked at: {seen}, with a KB candidate: {with_candidates}", file=sys.stderr)
    return len(picked)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("outdir")
    ap.add_argument("--sample", type=int, default=240)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--blind", action="store_true", help="write resolution_blind.jsonl (mentions with "
                    "their KB candidates, no answer) and resolution_answers.jsonl (haberdar's answers)")
    args = ap.parse_args(argv)
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    store = open_store(args.db, migrate=False)
    try:
        nf = export_flags(store, out / "flags.jsonl")
        na = export_article_flags(store, out / "article_flags.jsonl")
        print(f"{na} conflict flags on articles → {out / 'article_flags.jsonl'}", file=sys.stderr)
        nr = export_resolution(store, out / "resolution_sample.jsonl", sample=args.sample, seed=args.seed)
        if args.blind:
            nb = export_blind_resolution(store, out / "resolution_blind.jsonl", out / "resolution_answers.jsonl",
                                         sample=args.sample, seed=args.seed)
            print(f"{nb} person mentions with KB candidates → {out / 'resolution_blind.jsonl'}", file=sys.stderr)
    finally:
        store.close()
    print(f"{nf} conflict flags → {out / 'flags.jsonl'}; {nr} person mentions → {out / 'resolution_sample.jsonl'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
