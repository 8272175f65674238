"""Corpus stages: duplicates, origin groups, same-event clusters, corroboration, flags."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from haberdar.corpus import corpus_events, update_corpus
from haberdar.corpus.cluster import MentionFeatures, date_interval, relate
from haberdar.corpus.dedup import BandIndex, MinHasher, estimate_similarity, fast_tr_lower
from haberdar.corpus.verify import names_compatible, role_conflicts
from haberdar.kb import load_default_kb
from haberdar.pipeline import run
from haberdar.store import open_store
from haberdar.text import tr_lower

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples" / "seeds").glob("*.txt"))
SEED_003 = next(p for p in SEEDS if p.name.startswith("003"))


def _events(store) -> list[dict]:  # noqa: ANN001
    return list(corpus_events(store))


def _by_seed(events: list[dict]) -> dict[str, dict]:
    out = {}
    for e in events:
        for a in e["articles"]:
            out[Path(a["uri"]).name[:3]] = e
    return out


def _flags(event: dict) -> set[str]:
    return {f["kind"] for f in event["flags"]}


def _clusters(store) -> set[frozenset[str]]:  # noqa: ANN001
    return {frozenset(e["mentions"]) for e in corpus_events(store)}


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):  # noqa: ANN001, ANN201
    store = open_store(tmp_path_factory.mktemp("seeds") / "h.db")
    run([str(p) for p in SEEDS], store)
    update_corpus(store)
    yield store
    store.close()


# --- acceptance on the seeds -----------------------------------------------------------------


def test_seed_events_are_distinct(seed_store) -> None:  # noqa: ANN001
    by = _by_seed(_events(seed_store))
    assert set(by) == {"000", "001", "002", "003", "004"}
    # 002, 003, 004 are three different meetings; 000 and 001 are merged into none of them
    assert len({by[s]["id"] for s in by}) == 5
    assert by["003"]["date"] == "2024-09-13" and by["003"]["location"]["name"] == "Ankara"
    assert by["002"]["date"] == "2025-06-30"
    assert by["004"]["location"]["name"] == "Kahire"
    # 000 is linked to the dated Ankara meeting only as "possibly the same", with a score
    links = {p["event"]: p["score"] for p in by["000"]["possibly_same"]}
    assert by["003"]["id"] in links and 0 < links[by["003"]["id"]] < 1


def test_seed_flags(seed_store) -> None:  # noqa: ANN001
    by = _by_seed(_events(seed_store))
    for s in ("000", "001"):
        assert {"undated", "unattributed"} <= _flags(by[s])
    assert "low_specificity" in _flags(by["000"])
    assert {"name_conflict", "kb_conflict"} <= _flags(by["001"])
    for s in ("000", "002", "003", "004"):
        assert not {"name_conflict", "kb_conflict"} & _flags(by[s])
    for s in ("002", "003"):
        assert not {"undated", "unattributed", "low_specificity"} & _flags(by[s])


def test_name_conflict_evidence_sentence(seed_store) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from haberdar.corpus.tables import corpus_flags

    with seed_store.engine.connect() as conn:
        rows = conn.execute(select(corpus_flags).where(corpus_flags.c.kind.in_(("name_conflict", "kb_conflict")))).mappings().all()
    kinds = {r["kind"] for r in rows}
    assert kinds == {"name_conflict", "kb_conflict"}
    for r in rows:
        assert "Hakan Kalın" in r["detail"]
        assert any("Hakan Kalın" in e["text"] for e in r["evidence"])
        assert all(e["text"] for e in r["evidence"])
    kb = next(r for r in rows if r["kind"] == "kb_conflict")
    assert "undated" in kb["detail"] and "İbrahim Kalın" in kb["detail"]


def test_export_shape(seed_store) -> None:  # noqa: ANN001
    keys = ["id", "event_type", "mode", "status", "date", "date_precision", "actors", "recipients", "location",
            "topics", "articles", "independent_sources", "evidence", "flags"]
    for e in _events(seed_store):
        assert list(e)[: len(keys)] == keys
        json.dumps(e, ensure_ascii=False)
        assert all({"id", "uri", "site", "origin"} <= set(a) for a in e["articles"])
        assert all({"article", "start", "end", "text"} <= set(x) for x in e["evidence"])
        assert all({"kind", "detail"} <= set(f) for f in e["flags"])


def test_update_is_idempotent(seed_store) -> None:  # noqa: ANN001
    before = _clusters(seed_store)
    stats = update_corpus(seed_store)
    assert stats.new_articles == 0
    assert _clusters(seed_store) == before


# --- incremental clustering --------------------------------------------------------------------


def _variants(tmp: Path) -> list[Path]:
    """Seed 003 and copies of it: a syndicated copy, a changed date, a changed place."""
    text = SEED_003.read_text(encoding="utf-8")
    out = []
    copy = text.replace("#Ankara", "#Ankara\nBu haber ajans kaynaklıdır.")
    date = text.replace("13/09/2024", "20/09/2024")
    place = text.replace("Ankara'da, Hamas", "İstanbul'da, Hamas").replace("Ankara'da Gazze", "İstanbul'da Gazze")
    for name, body in (("copy", copy), ("date", date), ("place", place)):
        p = tmp / f"v_{name}.txt"
        p.write_text(body, encoding="utf-8")
        out.append(p)
    return out


def test_incremental_equals_batch(tmp_path: Path) -> None:
    paths = [*SEEDS, *_variants(tmp_path)]
    one = open_store(tmp_path / "one.db")
    for p in paths:
        run([str(p)], one)
        update_corpus(one)
    batch = open_store(tmp_path / "batch.db")
    run([str(p) for p in paths], batch)
    update_corpus(batch)
    rev = open_store(tmp_path / "rev.db")
    for p in reversed(paths):
        run([str(p)], rev)
        update_corpus(rev)
    assert _clusters(one) == _clusters(batch) == _clusters(rev)
    assert {e["id"] for e in corpus_events(one)} == {e["id"] for e in corpus_events(rev)}


def test_syndicated_copies_and_conflicts(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    run([str(p) for p in [*SEEDS, *_variants(tmp_path)]], store)
    update_corpus(store)
    events = _events(store)
    ankara = [e for e in events if any(Path(a["uri"]).name.startswith(("003", "v_")) for a in e["articles"])]
    assert len(ankara) == 1, "the copies carry one story: one event"
    ev = ankara[0]
    assert len(ev["articles"]) == 4
    assert ev["independent_sources"] == 1, "syndicated copies of one AA story are one source"
    kinds = _flags(ev)
    assert {"near_duplicate", "syndicated_copy", "date_conflict", "location_conflict"} <= kinds
    # the other seeds stay apart
    assert len(events) == 5


# --- units ------------------------------------------------------------------------------------


def test_fast_lower_is_tr_lower() -> None:
    for s in ("İSTANBUL IĞDIR", "MİT Başkanı İbrahim Kalın", "Iİıi ÇŞĞÜÖ", SEED_003.read_text(encoding="utf-8")):
        assert fast_tr_lower(s) == tr_lower(s)


def test_minhash_estimates_jaccard() -> None:
    mh = MinHasher()
    words = [f"w{i}" for i in range(400)]
    a = " ".join(words)
    b = " ".join(words[:360] + [f"x{i}" for i in range(40)])
    sig = mh.signatures([a, b, "", a.upper()])
    sa, sb = set(mh.shingles(a).tolist()), set(mh.shingles(b).tolist())
    true = len(sa & sb) / len(sa | sb)
    assert abs(float(estimate_similarity(sig[0], sig[1])) - true) < 0.1
    assert float(estimate_similarity(sig[0], sig[3])) == 1.0  # casing does not hide a copy
    index = BandIndex.build(["a", "b", "empty", "A"], sig)
    pairs, sims = index.near_pairs(np.arange(4))
    found = {(index.ids[i], index.ids[j]) for i, j in pairs.tolist()}
    assert ("a", "A") in found and ("a", "b") in found
    assert not any("empty" in p for p in found)


def _feat(mid: str, art: str, parts: tuple[str, ...], day: str | None, loc: str | None = None) -> MentionFeatures:
    return MentionFeatures(mid, art, "CONSULT", frozenset(parts), date_interval(day, "day"), loc, frozenset({"ateşkes"}))


def test_relate_rules() -> None:
    a = _feat("m1", "a1", ("kalin", "hamas"), "2024-09-13", "ankara")
    same = _feat("m2", "a2", ("kalin", "hamas"), "2024-09-14", "ankara")
    later = _feat("m3", "a3", ("kalin", "hamas"), "2024-10-20", "ankara")
    undated = _feat("m4", "a4", ("kalin", "hamas"), None)
    elsewhere = _feat("m5", "a5", ("kalin", "hamas"), "2024-09-13", "kahire")
    other = _feat("m6", "a6", ("kalin", "katar"), "2024-09-13", "ankara")
    assert relate(a, same)[0] == "merge"
    assert relate(a, same) == relate(same, a)
    assert relate(a, later) is None
    assert relate(a, undated)[0] == "possible"
    assert relate(a, elsewhere) is None
    assert relate(a, other) is None
    # near-duplicate texts are one story: merged, the disagreement flagged later
    assert relate(a, later, 0.9)[0] == "merge"
    assert relate(a, elsewhere, 0.9)[0] == "merge"


def test_names_and_kb_conflicts() -> None:
    kb = load_default_kb()
    assert names_compatible("Kalın", "İbrahim Kalın", kb)
    assert not names_compatible("Hakan Kalın", "İbrahim Kalın", kb)
    # one name transliterated two ways is one person; a different given name is not
    assert names_compatible("Ban Ki-moon", "Ban Ki-mun", kb)
    assert names_compatible("Xi Jinping", "Şi Cinping", kb)
    assert not names_compatible("Ahmet Yılmaz", "Mehmet Yılmaz", kb)
    claim = {"role_key": kb.role_key("MİT Başkanı"), "title": "MİT Başkanı", "organisation": "MİT", "sentence_start": 0}
    claims = [
        {**claim, "article_id": "a", "start": 0, "person": "İbrahim Kalın", "day": "2024-09-13", "sentence": "MİT Başkanı İbrahim Kalın görüştü."},
        {**claim, "article_id": "b", "start": 0, "person": "İbrahim Kalın", "day": "2024-09-14", "sentence": "MİT Başkanı İbrahim Kalın görüştü."},
        {**claim, "article_id": "c", "start": 0, "person": "Ahmet Yılmaz", "day": "2024-09-13", "sentence": "MİT Başkanı Ahmet Yılmaz görüştü."},
        {**claim, "article_id": "d", "start": 0, "person": "Hakan Fidan", "day": "2014-01-10", "sentence": "MİT Başkanı Hakan Fidan görüştü."},
    ]
    flags = role_conflicts(claims, kb)
    got = {(f["target"], f["kind"]) for f in flags}
    assert got == {("c", "name_conflict"), ("c", "kb_conflict")}


@pytest.mark.corpus
def test_corpus_near_duplicates_of_real_articles(tmp_path: Path) -> None:
    """Planted copies of real Sözcü articles are found; unrelated articles are not paired."""
    src = ROOT.parent / "shared" / "corpus" / "sozcu2014.jsonl"
    texts = [json.loads(line)["text"] for line in src.read_text(encoding="utf-8").splitlines()[:400]]
    copies = [t.replace("Başbakan", "Başbakan Yardımcısı", 1) + " Kaynak: AA" for t in texts[:50]]
    mh = MinHasher()
    sig = mh.signatures(texts + copies)
    index = BandIndex.build([str(i) for i in range(len(texts) + len(copies))], sig)
    pairs, _ = index.near_pairs(np.arange(len(texts), len(texts) + len(copies)))
    found = {(int(index.ids[i]), int(index.ids[j])) for i, j in pairs.tolist()}
    assert all((i, len(texts) + i) in found for i in range(50))


def _claim(kb, title: str, aid: str, person: str, day: str = "2024-09-13") -> dict:  # noqa: ANN001
    sentence = f"{title} {person} açıklama yaptı."
    return {"role_key": kb.role_key(title), "title": title, "organisation": None, "sentence_start": 0,
            "article_id": aid, "start": 0, "person": person, "day": day, "sentence": sentence}


def test_twin_name_conflict_flags_one_side() -> None:
    """Two near-duplicates naming two holders: only the loser is flagged — the side the KB
    contradicts, else the side fewer other sources back, else the later-seen copy."""
    kb = load_default_kb()
    near = {"a": {"b"}, "b": {"a"}}
    # the KB knows the office: the earlier copy is the wrong one here
    claims = [_claim(kb, "MİT Başkanı", "a", "Ahmet Yılmaz"), _claim(kb, "MİT Başkanı", "b", "İbrahim Kalın")]
    got = {(f["target"], f["kind"]) for f in role_conflicts(claims, kb, near=near, seq={"a": 1, "b": 2})}
    assert got == {("a", "name_conflict"), ("a", "kb_conflict")}
    # unknown to the KB: the later copy loses; without near-duplicates it is one against one
    title = "Galatasaray Kulübü Başkanı"
    claims = [_claim(kb, title, "a", "Ahmet Yılmaz"), _claim(kb, title, "b", "Mehmet Demir")]
    got = {(f["target"], f["kind"]) for f in role_conflicts(claims, kb, near=near, seq={"a": 1, "b": 2})}
    assert got == {("b", "name_conflict")}
    assert role_conflicts(claims, kb) == []
    # ... unless other sources back the later one
    claims.append(_claim(kb, title, "c", "Mehmet Demir"))
    got = {(f["target"], f["kind"]) for f in role_conflicts(claims, kb, near=near, seq={"a": 1, "b": 2, "c": 3})}
    assert got == {("a", "name_conflict")}
    # an office with many holders: only the same sentence of one story with two names counts
    title = "CHP Tunceli Milletvekili"
    claims = [_claim(kb, title, "a", "Ahmet Yılmaz"), _claim(kb, title, "b", "Mehmet Demir")]
    got = {(f["target"], f["kind"]) for f in role_conflicts(claims, kb, near=near, seq={"a": 1, "b": 2})}
    assert got == {("b", "name_conflict")}
    assert role_conflicts(claims, kb, seq={"a": 1, "b": 2}) == []


def test_bucket_join_equals_key_search() -> None:
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**31, size=(300, 128), dtype=np.uint32) * 2
    sigs = np.concatenate([base, base[:40]])  # 40 exact copies
    sigs[300:, ::7] += 2  # ... with some bins changed
    index = BandIndex.build([str(i) for i in range(len(sigs))], sigs)
    n = np.int64(len(sigs))
    for rows in (np.arange(len(sigs)), np.arange(0, len(sigs), 3)):
        joined = index._bucket_pair_codes(rows, n)
        searched = np.unique(np.concatenate([index._pair_codes(rows[i : i + 64], n) for i in range(0, len(rows), 64)]))
        assert np.array_equal(joined, searched)
    assert {(i, 300 + i) for i in range(40)} <= {tuple(p) for p in index.candidates(np.arange(len(sigs))).tolist()}


# --- slices ------------------------------------------------------------------------------------


def _mixed_articles(path: Path, n: int = 300) -> Path:
    """Articles of real Sözcü sentences shuffled across four months: three sentences that give
    an office to a person and four others each, so that offices get several names and the
    45-day windows of the name conflicts overlap in part; near and exact copies whose dates
    differ from their originals'."""
    import random
    import re

    from haberdar.corpus.verify import extract_claims

    kb = load_default_kb()
    src = ROOT.parent / "shared" / "corpus" / "sozcu2014.jsonl"
    titled, other = [], []
    for line in src.read_text(encoding="utf-8").splitlines()[:300]:
        for s in re.split(r"(?<=[.!?])\s+", json.loads(line).get("text") or ""):
            if 5 <= len(s.split()) <= 50:
                claims = extract_claims({"id": "x", "body": s}, kb)
                (titled if any(not c["role_key"].startswith("|") for c in claims) else other).append(s)
    rng = random.Random(7)
    recs, bodies = [], []
    for i in range(n):
        if bodies and rng.random() < 0.1:
            body = list(rng.choice(bodies))
            body[rng.randrange(len(body))] = rng.choice(other)
        else:
            body = rng.sample(titled, 3) + rng.sample(other, 4)
        bodies.append(body)
        day = f"2014-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
        recs.append(json.dumps({"id": f"m{i}", "title": body[0][:60], "date": day, "site": "sozcu.com.tr",
                                "url": f"https://sozcu.com.tr/m/{i}", "text": "\n\n".join(body)}, ensure_ascii=False))
    recs.extend(recs[5:8])  # exact copies
    path.write_text("\n".join(recs) + "\n", encoding="utf-8")
    return path


def _tables(db: Path) -> dict[str, list[str]]:
    import sqlite3

    con = sqlite3.connect(db)
    tables = ("near_duplicates", "origin_groups", "event_links", "event_blocks", "possible_links", "corpus_flags",
              "title_claims", "corpus_signatures", "corpus_seen")
    out = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables}  # noqa: S608
    con.close()
    return out


@pytest.mark.corpus
def test_slices_give_the_tables_of_one_pass(tmp_path: Path) -> None:
    """The corpus stages taken a few new articles at a time (a transaction each) write what one
    pass over all of them writes: duplicates, origin groups, title claims and the name and KB
    conflicts of their offices, flags, events, and the export. (The export lists an article's
    flags in the order they were written, which slices change, as separate runs do: the events
    are compared with their flags sorted.)"""
    import shutil

    base = tmp_path / "base.db"
    store = open_store(base)
    run([str(p) for p in [*SEEDS, *_variants(tmp_path)]], store, corpus=False)  # events to cluster
    run([str(_mixed_articles(tmp_path / "mixed.jsonl"))], store, corpus=False, analyse=False)
    store.close()
    got = {}
    for size in (10**9, 13, 1):
        db = tmp_path / f"s{size}.db"
        shutil.copyfile(base, db)
        store = open_store(db)
        stats = update_corpus(store, slice_size=size)
        assert stats.new_articles > 300
        events = [{**e, "flags": sorted(e["flags"], key=lambda f: (f["kind"], f["detail"]))} for e in corpus_events(store)]
        got[size] = (_tables(db), [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in events])
        store.close()
    one = got[10**9]
    kinds = {r.split(",")[1].strip(" '") for r in one[0]["corpus_flags"]}
    assert {"near_duplicate", "syndicated_copy", "name_conflict", "kb_conflict"} <= kinds, kinds
    assert one[0]["near_duplicates"] and one[0]["event_links"] and one[1]
    for size in (13, 1):
        for t, rows in one[0].items():
            assert got[size][0][t] == rows, (size, t)
        assert got[size][1] == one[1], size


def test_a_change_of_holder_a_dead_leader_and_a_foreign_spelling_are_no_conflicts() -> None:
    """Issue 15's false flags on the corpora, by mechanism: names of one office that follow each
    other in time are a handover; a person the KB knows died is looked back on; the KB's holder
    spelt the way another language writes him is still the holder."""
    from haberdar.corpus.verify import extract_claims

    kb = load_default_kb()
    title = "Galatasaray Kulübü Başkanı"
    before = [_claim(kb, title, a, "Ahmet Yılmaz", d) for a, d in (("a", "2024-01-02"), ("b", "2024-01-05"), ("c", "2024-01-09"))]
    after = [_claim(kb, title, a, "Mehmet Demir", d) for a, d in (("d", "2024-01-20"), ("e", "2024-01-26"))]
    assert role_conflicts(before + after, kb) == []
    # a report of the old name after the new one interleaves them: the out-of-date side is flagged
    late = _claim(kb, title, "f", "Ahmet Yılmaz", "2024-01-28")
    got = {(f["target"], f["kind"]) for f in role_conflicts(before + after + [late], kb)}
    assert got == {("d", "name_conflict"), ("e", "name_conflict")}

    article = {"id": "x", "published_at": "2014-03-09", "date_precision": "day",
               "body": "CHP lideri İsmet İnönü, damadını ziyaret için Ulucanlar Cezaevi'ne gitti."}
    assert extract_claims(article, kb) == []
    article["body"] = "CHP lideri Kemal Kılıçdaroğlu, Rize'de miting yaptı."
    assert [c["person"] for c in extract_claims(article, kb)] == ["Kemal Kılıçdaroğlu"]

    title = "Ukrayna Cumhurbaşkanı"
    spelt = [_claim(kb, title, "u", "Vladimir Zelenksiy", "2021-10-03")]
    assert role_conflicts(spelt, kb) == []
    wrong = [_claim(kb, title, "w", "Petro Poroşenko", "2021-10-03")]
    assert {f["kind"] for f in role_conflicts(wrong, kb)} == {"kb_conflict"}


def test_a_report_naming_one_party_is_not_pinned_to_that_partys_meeting_with_another() -> None:
    from datetime import date as _date

    from haberdar.corpus.cluster import MentionFeatures, relate

    def m(i: str, parts: set[str], day: int, loc: str | None = None) -> MentionFeatures:
        d = _date(2014, 1, day)
        return MentionFeatures(i, f"art-{i}", "CONSULT", frozenset(parts), (d, d), loc, frozenset())

    with_zidan = m("a", {"Q39259", "per:zidan"}, 3, "istanbul")
    journalists = m("b", {"Q39259"}, 4, "istanbul")  # "Erdoğan met journalists and writers"
    got = relate(with_zidan, journalists)
    assert got is not None and got[0] == "possible"
    assert relate(journalists, with_zidan) == got  # symmetric
    # two reports naming the same single party, or the same two, still merge
    assert relate(journalists, m("c", {"Q39259"}, 4, "istanbul"))[0] == "merge"  # type: ignore[index]
    assert relate(with_zidan, m("d", {"Q39259", "per:zidan"}, 3))[0] == "merge"  # type: ignore[index]
    # ... and copies of one story always do
    assert relate(with_zidan, journalists, near_score=0.8)[0] == "merge"  # type: ignore[index]


def test_a_claim_dated_to_a_year_or_month_is_judged_against_that_period() -> None:
    """An article dated only "2004" names the holder of 2004, not an undated one: it is
    compared with the KB's holders of that whole year, and only where the KB knows them on
    every day of it, and with other claims within the window of that year."""
    kb = load_default_kb()
    chirac = _claim(kb, "Fransa Cumhurbaşkanı", "a", "Jacques Chirac", "2004")
    macron = [_claim(kb, "Fransa Cumhurbaşkanı", x, "Emmanuel Macron", "2025-06-0" + x[-1]) for x in ("b1", "b2", "b3")]
    assert role_conflicts([chirac, *macron], kb) == []  # the KB knows no French president of 2004
    sara = _claim(kb, "Suriye Cumhurbaşkanı", "s", "Ahmed Şara", "2025-05")
    assert role_conflicts([sara], kb) == []  # the 2021 table's Assad is not known to hold it in 2025
    # the tables know every chief of the general staff of 2016: another name that year conflicts
    wrong = _claim(kb, "Genelkurmay Başkanı", "g", "Ahmet Yılmaz", "2016")
    assert {f["kind"] for f in role_conflicts([wrong], kb)} == {"kb_conflict"}
    assert role_conflicts([_claim(kb, "Genelkurmay Başkanı", "h", "Hulusi Akar", "2016")], kb) == []
