"""Planted-error benchmark for the corpus stages: near-duplicates and contradictions.

    python bench/verify.py [--n 600] [--corpus ../shared/corpus] [--db /tmp/verify.db]

Real Sözcü articles are run through the whole pipeline (ingest → analyse → store →
``update_corpus``). Then copies are planted, each of one kind, and added incrementally:

- ``name``: a person written after a title ("Başbakan Recep Tayyip Erdoğan") replaced by another
  person of the corpus → expect ``name_conflict`` or ``kb_conflict`` on the copy;
- ``date``: the publication date moved by 9 days → expect ``date_conflict`` on the event the
  copy joins (the original has a dated event);
- ``place``: the event's place replaced by another city → expect ``location_conflict``;
- ``paraphrase``: words swapped for synonyms, two sentences swapped, the last one dropped;
- ``agency``: the exact text under another site (an agency copy).

Every copy is a near-duplicate of its original (ground truth for near-duplicate recall);
precision counts every reported pair involving a copy. Conflict precision counts flags on
originals (and on events without a planted error of that kind) as false positives.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from haberdar.analyse.roles import find_titles
from haberdar.corpus import corpus_events, near_map, update_corpus
from haberdar.corpus.tables import corpus_flags, near_duplicates
from haberdar.kb import load_default_kb
from haberdar.pipeline import run
from haberdar.store import open_store
from haberdar.store.schema import event_mentions

ROOT = Path(__file__).resolve().parents[1]
SYNONYMS = {
    "dedi": "söyledi", "söyledi": "dedi", "büyük": "önemli", "önemli": "büyük", "ancak": "fakat",
    "fakat": "ancak", "çok": "oldukça", "yeni": "taze", "sonra": "ardından", "ardından": "sonra",
    "açıkladı": "duyurdu", "belirtti": "ifade etti", "ifade": "dile", "olarak": "şeklinde",
    "için": "amacıyla", "ve": "ile", "ile": "ve", "bugün": "bu gün", "tarafından": "eliyle",
    "ayrıca": "bunun yanı sıra", "gibi": "benzeri", "kadar": "dek", "bu": "söz konusu",
}
CITIES = ["Ankara", "İstanbul", "İzmir", "Bursa", "Antalya", "Konya", "Adana", "Trabzon"]
_SENT = re.compile(r"(?<=[.!?])\s+")


def paraphrase(text: str, rng: random.Random) -> str:
    sents = _SENT.split(text)
    if len(sents) > 3:
        i = rng.randrange(1, len(sents) - 2)
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
        sents = sents[:-1]
    out = []
    for s in sents:
        words = s.split()
        words = [SYNONYMS.get(w, w) if rng.random() < 0.8 else w for w in words]
        out.append(" ".join(words))
    return "Özel haber. " + " ".join(out)


def _independent_name_plants(store, kb, records, rec_of_article, people, rng, notes, n=120):  # noqa: ANN001, ANN202
    """Independent reports that name another person for an office the corpus agrees on: an
    unrelated original article (another story) with one sentence added, "TITLE OTHER, konuyla
    ilgili bir açıklama yaptı.", dated the day of a claim that at least two other articles, or
    the KB's holder of that day, back. Expect ``name_conflict`` or ``kb_conflict`` on it."""
    from haberdar.corpus.tables import title_claims
    from haberdar.corpus.verify import WINDOW_DAYS, names_compatible

    with store.engine.connect() as conn:
        claims = [dict(r) for r in conn.execute(select(title_claims)).mappings()]
    by_role: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c["day"] and not c["role_key"].startswith("|") and not kb.is_multi_holder(c["title"]):
            by_role[c["role_key"]].append(c)
    chosen, seen = [], set()
    for key, cs in sorted(by_role.items()):
        for c in cs:
            if len(c["person"].split()) < 2 or (key, c["person"]) in seen:
                continue
            d = date.fromisoformat(c["day"])
            backers = {o["article_id"] for o in cs if names_compatible(o["person"], c["person"], kb)
                       and abs((date.fromisoformat(o["day"]) - d).days) <= WINDOW_DAYS}
            kb_ok = any(names_compatible(c["person"], h.name, kb) for h in kb.holders(c["title"], on=d))
            if len(backers) >= 2 or kb_ok:
                seen.add((key, c["person"]))
                chosen.append((c, backers))
    rng.shuffle(chosen)
    arts = list(rec_of_article)
    out = []
    for k, (c, backers) in enumerate(chosen[:n]):
        others = [p for p in people if not names_compatible(p, c["person"], kb) and p.split()[-1] != c["person"].split()[-1]]
        # a host of the same day: the copy keeps its host's date (no planted date error)
        hosts = [a for a in arts if a not in backers and (rec_of_article[a].get("date") or "")[:10] == c["day"]
                 and c["title"].split()[-1] not in rec_of_article[a]["text"]]
        if not others or not hosts:
            continue
        other, host = rng.choice(others), rng.choice(hosts)
        new = dict(rec_of_article[host])
        new["id"] = f"{new['id']}-indep{k}"
        new["text"] = f"{new['text']}\n\n{c['title']} {other}, konuyla ilgili bir açıklama yaptı."
        notes[new["id"]] = f"{c['day']} {c['title']}: {c['person']} ({len(backers)} articles) -> {other} (independent)"
        out.append(("indep_name", host, new))  # a near-duplicate of its host article
    return out


def _line(uri: str) -> int:
    m = re.search(r"(\d+)\D*$", uri)
    if m is None:
        raise ValueError(f"no line number in {uri!r}")
    return int(m.group(1))


def main() -> int:  # noqa: C901 - a benchmark script, read top to bottom
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--misses", action="store_true", help="list the planted names no flag caught (stderr)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    kb = load_default_kb()
    tmp = Path(tempfile.mkdtemp(prefix="haberdar-verify-"))
    db = args.db or tmp / "verify.db"
    if db.exists():
        db.unlink()
    records = [json.loads(line) for line in (args.corpus / "sozcu2014.jsonl").read_text(encoding="utf-8").splitlines()][: args.n]
    orig_path = tmp / "originals.jsonl"
    orig_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    store = open_store(db)
    t0 = time.perf_counter()
    run([str(orig_path)], store)
    update_corpus(store)
    t_orig = time.perf_counter() - t0

    # what each original offers to plant into (records by line: the uri ends in ":<line>")
    arts = list(store.iter_articles())
    rec_of_article = {a["id"]: records[_line(a["uri"]) - 1] for a in arts}
    mentions = defaultdict(list)
    with store.engine.connect() as conn:
        for m in conn.execute(select(event_mentions)).mappings():
            mentions[m["article_id"]].append(dict(m))
    people = sorted({t.person for a in arts for t in find_titles(a["body"], kb=kb) if t.person and len(t.person.split()) >= 2})

    plants: list[tuple[str, str, dict]] = []  # (kind, original article id, new record)
    notes: dict[str, str] = {}  # planted record id → what was changed (name plants)
    for a in arts:
        r = rec_of_article[a["id"]]
        kinds = ["paraphrase", "agency"]
        titled = [
            t for t in find_titles(r["text"], kb=kb)
            if t.person and len(t.person.split()) >= 2 and not kb.role_key(t.title).startswith("|")
        ]
        if titled:
            kinds.append("name")
        if any(m["date"] and m["date_precision"] == "day" for m in mentions[a["id"]]):
            kinds.append("date")
        located = [m for m in mentions[a["id"]] if m["location"] and m["location"].get("name") in r["text"]]
        if located:
            kinds.append("place")
        # conflicts are rarer chances than copies: take them when the article offers them
        kind = rng.choice([k for k in kinds if k in ("name", "date", "place")] or kinds)
        if rng.random() < 0.25:
            kind = rng.choice(kinds)
        new = dict(r)
        new["id"] = f"{r['id']}-{kind}"
        if kind == "paraphrase":
            new["text"] = paraphrase(r["text"], rng)
        elif kind == "agency":
            new["site"] = "ajans.example"
        elif kind == "name":
            t = rng.choice(titled)
            other = rng.choice([p for p in people if p.split()[-1] != t.person.split()[-1]])
            new["text"] = r["text"].replace(t.person, other)
            notes[new["id"]] = f"{r.get('date', '')[:10]} {t.title}: {t.person} -> {other}"
        elif kind == "date":
            y, m, dd = (int(x) for x in r["date"][:10].split("-"))
            d = date(y, m, dd) + timedelta(days=9)
            new["date"] = d.isoformat()
        elif kind == "place":
            name = located[0]["location"]["name"]
            city = rng.choice([c for c in CITIES if c != name])
            new["text"] = r["text"].replace(name, city)
            ev = located[0]["evidence"]
            ev = json.loads(ev) if isinstance(ev, str) else ev
            notes[new["id"]] = f"{name} -> {city} in: {(ev[0]['text'] if ev else '')[:160]}"
        if new["text"] == r["text"] and kind not in ("agency", "date"):
            continue
        plants.append((kind, a["id"], new))
    plants.extend(_independent_name_plants(store, kb, records, rec_of_article, people, random.Random(args.seed + 1), notes))
    plant_path = tmp / "plants.jsonl"
    plant_path.write_text("".join(json.dumps(p[2], ensure_ascii=False) + "\n" for p in plants), encoding="utf-8")
    t1 = time.perf_counter()
    run([str(plant_path)], store)
    stats = update_corpus(store)
    t_plant = time.perf_counter() - t1
    known = {a["id"] for a in arts}
    copy_of: dict[str, tuple[str, str]] = {}
    plant_of: dict[str, dict] = {}  # copy's article id → the planted record
    for a in store.iter_articles():
        if a["id"] not in known and a["uri"].startswith(str(plant_path)):
            kind, orig, rec = plants[_line(a["uri"]) - 1]
            copy_of[a["id"]] = (kind, orig)
            plant_of[a["id"]] = rec

    # --- near-duplicates
    with store.engine.connect() as conn:
        # the store keeps clusters; the pairs are those of one cluster with similar signatures
        members = [r[0] for r in conn.execute(select(near_duplicates.c.article_id))]
        pairs = {(a, b): s for a, others in near_map(conn, members).items() for b, s in others.items()}
        flags = conn.execute(select(corpus_flags.c.target, corpus_flags.c.kind)).all()
    print(f"{len(arts)} originals ({t_orig:.1f} s with analysis), {len(plants)} planted copies ({t_plant:.1f} s, incremental); {stats.as_dict()}")
    print("\nnear-duplicates (every copy is a near-duplicate of its original):")
    print(f"{'kind':<11} {'n':>4} {'recall':>7}")
    per_kind: dict[str, list[bool]] = defaultdict(list)
    for cid, (kind, orig) in copy_of.items():
        per_kind[kind].append((cid, orig) in pairs)
    tp_all = sum(sum(v) for v in per_kind.values())
    for kind, hits in sorted(per_kind.items()):
        print(f"{kind:<11} {len(hits):>4} {sum(hits) / len(hits):>7.3f}")
    reported = {(min(a, b), max(a, b)) for a, b in pairs if a in copy_of or b in copy_of}

    def true_pair(a: str, b: str) -> bool:
        ra = copy_of[a][1] if a in copy_of else a
        rb = copy_of[b][1] if b in copy_of else b
        return ra == rb

    tp = sum(true_pair(a, b) for a, b in reported)
    natural = {(min(a, b), max(a, b)) for a, b in pairs if a not in copy_of and b not in copy_of}
    n_copies = len(copy_of)
    print(f"all kinds   {n_copies:>4} {tp_all / n_copies:>7.3f}   precision {tp / max(1, len(reported)):.3f} "
          f"({len(reported)} pairs involving a copy); {len(natural)} pairs among the originals themselves")

    # --- conflicts
    flagged = defaultdict(set)
    for target, kind in flags:
        flagged[kind].add(target)
    events = list(corpus_events(store))
    ev_kinds = defaultdict(set)
    for e in events:
        for f in e["flags"]:
            ev_kinds[f["kind"]].add(e["id"])
    print("\nconflicts:")
    print(f"{'kind':<8} {'flag':<28} {'n':>4} {'recall':>7} {'precision':>9}")
    total_tp = total_fp = total_n = 0
    # name: article-level flags
    name_copies = {c for c, (k, _) in copy_of.items() if k == "name"}
    hit = flagged["name_conflict"] | flagged["kb_conflict"]
    tp_n = len(name_copies & hit)
    if args.misses:
        for c in sorted((name_copies | {c for c, (k, _) in copy_of.items() if k == "indep_name"}) - hit):
            print("missed name:", notes.get(plant_of[c]["id"], "?"), file=sys.stderr)
    fp_n = len(hit - name_copies - {c for c, (k, _) in copy_of.items() if k == "indep_name"})
    print(f"{'name':<8} {'name_conflict|kb_conflict':<28} {len(name_copies):>4} {tp_n / max(1, len(name_copies)):>7.3f} {tp_n / max(1, tp_n + fp_n):>9.3f}")
    total_tp += tp_n
    total_fp += fp_n
    total_n += len(name_copies)
    indep = {c for c, (k, _) in copy_of.items() if k == "indep_name"}
    if indep:
        tp_i = len(indep & hit)
        print(f"{'name*':<8} {'name_conflict|kb_conflict':<28} {len(indep):>4} {tp_i / len(indep):>7.3f} "
              f"{tp_i / max(1, tp_i + fp_n):>9.3f}   * in an independent report (another story)")
    for kind, flag in (("date", "date_conflict"), ("place", "location_conflict")):
        copies = {c for c, (k, _) in copy_of.items() if k == kind}
        planted_events = {e["id"] for e in events if {a["id"] for a in e["articles"]} & copies}
        got = ev_kinds[flag]
        caught = {c for e in events if e["id"] in got for a in e["articles"] if (c := a["id"]) in copies}
        tp_k = len(caught)
        fp_k = len(got - planted_events)
        if args.misses:
            for c in sorted(copies - caught):
                rec = plant_of[c]
                print(f"missed {kind}:", notes.get(rec["id"], rec.get("date", "")), file=sys.stderr)
        print(f"{kind:<8} {flag:<28} {len(copies):>4} {tp_k / max(1, len(copies)):>7.3f} {tp_k / max(1, tp_k + fp_k):>9.3f}")
        total_tp += tp_k
        total_fp += fp_k
        total_n += len(copies)
    print(f"{'all':<8} {'':<28} {total_n:>4} {total_tp / max(1, total_n):>7.3f} {total_tp / max(1, total_tp + total_fp):>9.3f}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
