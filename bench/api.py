"""Load benchmark of the HTTP API: concurrent clients against a real ``haberdar serve`` process.

    python bench/api.py [--n 50000] [--db /tmp/haberdar-api-bench.db] [--clients 8] [--seconds 20]

1. **Store** (built once, kept at ``--db``; ``--rebuild`` to redo): ``--n`` articles generated
   from the sentences of the corpora in ``../shared/corpus`` the way ``bench/dedup.py`` does
   (6–18 corpus sentences each, a quarter of the words swapped, 2 % planted near-copies), with
   dates spread over 2013–2025, sites and credited agencies. The slow per-article analysis is
   *not* run: each article gets generated event mentions (a "happening" — two or three people
   of a pool of 3,000, a city, a date, topics — reported by one to several articles, the
   evidence sentence being the article's first) and entity mentions, written through the
   Store API (``Batch.add_article`` / ``Batch.add_analysis``, which also fills the search
   index). Then the real corpus stages run (``update_corpus``: MinHash near-duplicates, story
   groups, same-event clustering, flags), so events, sources and flags are the real ones.
2. **Identity**: the records the API builds for a sample of events (indexed lookups) are
   compared with ``haberdar export events``'s records for the same events.
3. **Load**: ``haberdar serve`` is started on a free loopback port; ``--clients`` concurrent
   httpx clients send requests for ``--seconds`` per endpoint group, and the script reports
   requests/s and latency percentiles. Timeline: ``/api/events`` pages at random offsets,
   and with date-range, place and participant filters. Search: ``/api/search`` for names
   (with suffixes: "Erdoğan'ın"), common words and phrases.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

SITES = ["sozcu.com.tr", "haberturk.com", "hurriyet.com.tr", "sabah.com.tr", "cumhuriyet.com.tr", "aa.com.tr", "ntv.com.tr", "milliyet.com.tr", "yenisafak.com", None]
ORIGINS = ["AA", "DHA", "İHA", "ANKA", None, None, None]
CITIES = [("Ankara", "Türkiye"), ("İstanbul", "Türkiye"), ("İzmir", "Türkiye"), ("Kahire", "Mısır"), ("Doha", "Katar"), ("Bakü", "Azerbaycan"), ("Berlin", "Almanya"), ("Moskova", "Rusya"), ("Washington", "ABD"), ("Tahran", "İran"), ("Brüksel", "Belçika"), ("Londra", "Birleşik Krallık"), (None, None)]
TITLES = ["Dışişleri Bakanı", "Cumhurbaşkanı", "Başbakan", "Ekonomi Bakanı", "Büyükelçi", "Genel Sekreter", "MİT Başkanı", "Milletvekili", "Vali", "Belediye Başkanı", None]
FIRST = ["Ahmet", "Mehmet", "Ayşe", "Fatma", "Mustafa", "Ali", "Hüseyin", "Hasan", "İbrahim", "Zeynep", "Emine", "Murat", "Kemal", "Selim", "Yusuf", "Elif", "Ömer", "Hakan", "Cem", "Deniz", "Serkan", "Gül", "Nihat", "Şükrü", "Özlem", "Çağrı", "İsmail", "Recep", "Tayyip", "Binali"]
LAST = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Kalın", "Fidan", "Erdoğan", "Davutoğlu", "Çavuşoğlu", "Babacan", "Akar", "Soylu", "Gül", "Bahçeli"]
TOPICS = ["ateşkes", "ekonomi", "enerji", "ticaret", "güvenlik", "göç", "insani yardım", "savunma", "turizm", "eğitim", "sağlık", "terörle mücadele"]
# Full-text filters over common words and short prefixes (issue 17): the events timeline's
# ?text= and /api/search with a prefix; their first request per store version is timed apart
# ("cold"), as the server then materialises the match and keeps it for the count and pages.
TEXT_WORDS = ["ve", "bir", "için", "Erdoğan", "ekonomi", "Ankara'da", "seçim", "faiz"]
PREFIXES = ["a*", "ba*", "ek*", "se*", "tür*", "is*"]
SEARCHES = ["Erdoğan'ın", "Kalın’ın", "ekonomi", "enflasyon", "Dışişleri Bakanı", "Ankara'da", "seçim", "\"Merkez Bankası\"", "futbol", "Davutoğlu", "İstanbul", "faiz", "meclis", "Bahçeli'nin", "deprem", "Suriye", "borsa", "CHP", "ihracat", "Kılıçdaroğlu"]


# --- the store ---------------------------------------------------------------------------------


def build_store(db: Path, n: int, corpus: Path, seed: int = 11) -> dict:
    from dedup import generate, sentences

    from haberdar.corpus import update_corpus
    from haberdar.records import Analysis, Article, EntityRef, Mention, PublishedDate, content_hash
    from haberdar.store import open_store

    rng = random.Random(seed)
    t0 = time.perf_counter()
    pool = sentences(corpus)
    texts, _planted = generate(pool, n, seed=seed)
    t_gen = time.perf_counter() - t0

    people = []
    for i in range(3000):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.append((f"per:bench{i:05d}", name, rng.choice(TITLES)))
    day0 = date(2013, 1, 1)
    happenings = []
    for _ in range(max(1, n // 3)):
        who = rng.sample(people, rng.choice((2, 2, 3)))
        when = day0 + timedelta(days=rng.randrange(13 * 365))
        city, country = rng.choice(CITIES)
        happenings.append((who, when, city, country, rng.sample(TOPICS, rng.randint(1, 3))))

    if db.exists():
        db.unlink()
    store = open_store(db)
    t1 = time.perf_counter()
    with store.batch() as batch:
        for i, body in enumerate(texts):
            first_dot = body.find(". ")
            first = body[: first_dot + 1] if 20 < first_dot < 400 else body[:200]
            title = " ".join(first.split()[: rng.randint(6, 11)]).rstrip(".,")
            h = rng.choice(happenings)
            who, when, city, country, topics = h
            pub = when + timedelta(days=rng.choice((0, 0, 1)))
            undated = rng.random() < 0.08
            published = PublishedDate(None, "unknown", None) if undated else PublishedDate(f"{pub.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}", "minute", "bench")
            raw = json.dumps({"i": i, "title": title, "text": body}, ensure_ascii=False).encode()
            aid = content_hash(raw)
            art = Article(
                id=aid, uri=f"bench://generated/{i}", format="jsonl", site=rng.choice(SITES), origin=rng.choice(ORIGINS),
                title=title, lead=None, body=body, published=published, language="tr",
            )
            batch.add_article(art, raw, "utf-8")
            analysis = Analysis()
            if rng.random() < 0.75:
                actor, *recips = who
                ev = {
                    "event_type": "CONSULT",
                    "mode": rng.choice((None, None, "visit", "phone", "multilateral")),
                    "status": "occurred",
                    "date": None if undated and rng.random() < 0.5 else when.isoformat(),
                    "date_precision": "unknown" if undated else "day",
                    "actors": [{"name": actor[1], "entity_id": actor[0], "title": actor[2]}],
                    "recipients": [{"name": p[1], "entity_id": p[0], "title": p[2]} for p in recips],
                    "location": {"name": city, "country": country} if city else None,
                    "topics": topics,
                    "evidence": [{"start": 0, "end": len(first), "text": first}],
                    "detail": {"trigger": "görüştü", "bench": True},
                }
                if ev["date"] is None:
                    ev["date_precision"] = "unknown"
                analysis.events.append(ev)
                for pid, name, ptitle in who:
                    analysis.entities.append(EntityRef(id=pid, name=name, type="PER", roles=[{"title": ptitle, "start": "2010-01-01", "end": None}] if ptitle else []))
                    analysis.mentions.append(Mention(start=0, end=len(name), label="PER", surface=name, canonical=name, entity_id=pid))
            batch.add_analysis(aid, analysis)
            if i % 2000 == 1999:
                batch.commit()
    t_store = time.perf_counter() - t1
    t2 = time.perf_counter()
    stats = update_corpus(store)
    t_corpus = time.perf_counter() - t2
    out = {
        "articles": store.count(),
        "event_mentions": store.count("event_mentions"),
        "seconds_generate": round(t_gen, 1),
        "seconds_store": round(t_store, 1),
        "seconds_corpus_stages": round(t_corpus, 1),
        "corpus": stats.as_dict(),
    }
    store.close()
    return out


def identity_check(db: Path, sample: int = 300, seed: int = 5) -> dict:
    """API records (indexed lookups) == export records, for a sample of events."""
    from haberdar.corpus import corpus_events
    from haberdar.corpus.lookup import event_records
    from haberdar.store import open_store

    store = open_store(db)
    t0 = time.perf_counter()
    export = {}
    n_events = 0
    rng = random.Random(seed)
    for rec in corpus_events(store):
        n_events += 1
        # reservoir sample, multi-article events over-represented
        if len(export) < sample or rng.random() < sample / n_events:
            if len(export) >= sample:
                export.pop(rng.choice(list(export)))
            export[rec["id"]] = rec
    t_export = time.perf_counter() - t0
    t1 = time.perf_counter()
    with store.engine.connect() as conn:
        got = event_records(conn, list(export))
    t_lookup = time.perf_counter() - t1
    bad = [i for i in export if got.get(i) != export[i]]
    store.close()
    return {"events": n_events, "sampled": len(export), "mismatches": len(bad), "seconds_full_export": round(t_export, 1), "seconds_lookup_sample": round(t_lookup, 2), "first_mismatch": bad[:1]}


# --- the load --------------------------------------------------------------------------------


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


async def _load(base: str, make_url, clients: int, seconds: float) -> dict:
    import httpx

    lat: list[float] = []
    errors: dict[str, int] = {}
    stop = time.perf_counter() + seconds
    rng = random.Random(3)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker(k: int) -> None:
            r = random.Random(rng.random() + k)
            while time.perf_counter() < stop:
                url = make_url(r)
                t = time.perf_counter()
                try:
                    resp = await client.get(url)
                    code = resp.status_code
                    _ = resp.content
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                dt = time.perf_counter() - t
                if code == 200:
                    lat.append(dt)
                else:
                    errors[str(code)] = errors.get(str(code), 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(clients)))
        wall = time.perf_counter() - t0
    ms = [x * 1000 for x in lat]
    return {
        "requests": len(lat),
        "errors": errors,
        "req_per_s": round(len(lat) / wall, 1),
        "p50_ms": round(_pct(ms, 50), 1),
        "p95_ms": round(_pct(ms, 95), 1),
        "p99_ms": round(_pct(ms, 99), 1),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/haberdar-api-bench.db"))
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (haberdar serve --workers)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--skip-identity", action="store_true", help="skip the export comparison")
    args = ap.parse_args()

    from haberdar.serve.process import served

    report: dict = {"clients": args.clients, "server_workers": args.workers, "seconds_per_group": args.seconds}
    if args.rebuild or not args.db.exists():
        print(f"building a store of {args.n:,} articles at {args.db} …", flush=True)
        report["build"] = build_store(args.db, args.n, args.corpus)
        print(json.dumps(report["build"], ensure_ascii=False), flush=True)
    if not args.skip_identity:
        report["identity"] = identity_check(args.db)
        print("identity:", json.dumps(report["identity"]), flush=True)

    t0 = time.perf_counter()
    with served(args.db, timeout=900, extra=["--uploads", str(args.db.with_name(args.db.name + ".uploads")), "--workers", str(args.workers)]) as base:
        report["server_start_seconds"] = round(time.perf_counter() - t0, 1)
        import httpx

        stats = httpx.get(base + "/api/stats", timeout=60).json()
        report["store"] = {
            "articles": stats["articles"],
            "events": stats["events"],
            "entities": stats["entities"],
            "db_mb": round(sum(p.stat().st_size for p in args.db.parent.glob(args.db.name + "*") if p.is_file()) / 2**20, 1),
        }
        print("store:", json.dumps(report["store"]), flush=True)
        months = [m["month"] for m in stats["events_by_month"]]
        places = [p["place"] for p in stats["places"]]
        people = [e["id"] for e in httpx.get(base + "/api/entities", params={"type": "PER", "limit": 200}, timeout=60).json()["items"]]
        n_events = stats["events"]

        def timeline_url(r: random.Random) -> str:
            kind = r.random()
            if kind < 0.4:
                return f"/api/events?offset={r.randrange(0, max(1, n_events - 50))}"
            if kind < 0.55:
                return "/api/events" + ("?order=desc" if r.random() < 0.5 else "")
            if kind < 0.75:
                m = r.choice(months)
                return f"/api/events?from={m}&to={m}"
            if kind < 0.9:
                return "/api/events?" + urlencode({"place": r.choice(places), "offset": r.randrange(0, 200)})
            return "/api/events?" + urlencode({"entity": r.choice(people)})

        def search_url(r: random.Random) -> str:
            params = {"q": r.choice(SEARCHES)}
            if r.random() < 0.3:
                params["offset"] = r.choice((50, 100))
            return "/api/search?" + urlencode(params)

        # warm-up (page cache, SQLite caches), not measured
        asyncio.run(_load(base, timeline_url, 2, 3))
        asyncio.run(_load(base, search_url, 2, 3))
        def text_url(r: random.Random) -> str:
            if r.random() < 0.5:
                params = {"text": r.choice(TEXT_WORDS)}
                if r.random() < 0.3:
                    params["offset"] = str(r.choice((50, 100)))
                return "/api/events?" + urlencode(params)
            params = {"q": r.choice(PREFIXES)}
            if r.random() < 0.3:
                params["offset"] = str(r.choice((50, 100)))
            return "/api/search?" + urlencode(params)

        cold = []
        for url in [f"/api/events?{urlencode({'text': w})}" for w in TEXT_WORDS] + [f"/api/search?{urlencode({'q': p})}" for p in PREFIXES]:
            t = time.perf_counter()
            httpx.get(base + url, timeout=60).raise_for_status()
            cold.append((url, round(1000 * (time.perf_counter() - t), 1)))
        report["text_cold_ms"] = dict(cold)
        print("text, first request of each query (ms):", json.dumps(dict(cold), ensure_ascii=False), flush=True)
        for name, fn in (("timeline", timeline_url), ("search", search_url), ("text", text_url)):
            res = asyncio.run(_load(base, fn, args.clients, args.seconds))
            report[name] = res
            print(f"{name}: {json.dumps(res)}", flush=True)
    report["machine"] = f"{os.cpu_count()} cores"
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
