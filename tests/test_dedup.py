"""Near-duplicate clusters: union-find against a representative, rows and flags per article.

k copies of a story are one cluster of k membership rows and k − 1 ``near_duplicate`` flags
(not k·(k−1) pair rows and k·(k−1)/2 flags); a later run's copy joins the cluster of its
original's representative; an article that bridges two clusters merges them into the earlier
one; runs one at a time give the tables one run over everything gives; re-runs change nothing;
a store of the pair schema is migrated to clusters.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import CORPUS

from haberdar.corpus import near_map, update_corpus
from haberdar.corpus.dedup import BandIndex, UnionFind, components, estimate_similarity
from haberdar.pipeline import run
from haberdar.store import open_store

SITES = ("a.com.tr", "b.com.tr", "c.com.tr", "d.com.tr", "e.com.tr", "f.com.tr")


# --- units ------------------------------------------------------------------------------------


def test_components_equal_union_find() -> None:
    rng = np.random.default_rng(11)
    for n, m in ((50, 30), (400, 600), (2000, 1500)):
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        nodes, roots = components(a, b)
        uf = UnionFind({str(i): i for i in range(n)})
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            uf.union(str(x), str(y))
        assert nodes.tolist() == sorted(set(a.tolist()) | set(b.tolist()))
        assert [int(uf.find(str(x))) for x in nodes.tolist()] == roots.tolist()
    # a long chain, in the worst order for hooking
    chain = np.arange(1000, 0, -1)
    nodes, roots = components(chain[1:], chain[:-1])
    assert set(roots.tolist()) == {1}
    assert components(np.empty(0), np.empty(0))[0].size == 0


def test_band_index_extend_equals_build() -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**31, size=(200, 128), dtype=np.uint32) * 2
    sigs = np.concatenate([base, base[:50]])
    sigs[200:, ::9] += 2
    ids = [str(i) for i in range(len(sigs))]
    whole = BandIndex.build(ids, sigs)
    grown = BandIndex.build(ids[:120], sigs[:120])
    grown.extend(ids[120:180], sigs[:180])
    grown.extend(ids[180:], sigs)
    assert grown.sigs is sigs and grown.ids == whole.ids
    assert np.array_equal(grown.keys, whole.keys)
    q = np.arange(150, len(sigs))
    for got, want in zip(grown.near_pairs(q), whole.near_pairs(q), strict=True):
        assert np.array_equal(got, want)
    with pytest.raises(ValueError):
        grown.extend(["x"], sigs)


def test_story_pairs_keep_the_components_of_all_pairs() -> None:
    """Pairs inside a story already joined are not enumerated again; the near-duplicate and
    one-story components stay those of every pair."""
    rng = np.random.default_rng(8)
    base = rng.integers(0, 2**31, size=(120, 128), dtype=np.uint32) * 2
    rows, origin = [], []
    for s in range(120):
        for c in range(int(rng.integers(1, 12))):
            sig = base[s].copy()
            # close copies (one story), looser ones (near-duplicates only), some other origins
            frac = 0.05 if c % 3 else 0.4
            k = rng.random(128) < frac
            sig[k] = rng.integers(0, 2**31, size=int(k.sum()), dtype=np.uint32) * 2
            rows.append(sig)
            origin.append(int(rng.integers(0, 3)) if c % 4 == 0 else 0)
    sigs = np.stack(rows)
    origins = np.array(origin, dtype=np.int64)
    ids = [str(i) for i in range(len(sigs))]
    index = BandIndex.build(ids, sigs)
    for q in (np.arange(len(sigs)), np.arange(len(sigs) // 2, len(sigs))):
        full, fs = index.near_pairs(q)
        got, gs = index.story_pairs(q, origins, max_pairs=500)
        assert 0 < len(got) < len(full)
        fset = {tuple(p): x for p, x in zip(full.tolist(), fs.tolist(), strict=True)}
        assert all(fset[tuple(p)] == x for p, x in zip(got.tolist(), gs.tolist(), strict=True))

        def comps(pairs, sims, story, q=q):  # noqa: ANN001, ANN202
            keep = np.ones(len(pairs), dtype=bool)
            if story:
                oa, ob = origins[pairs[:, 0]], origins[pairs[:, 1]]
                keep = (sims >= 0.8) & ((oa == 0) | (ob == 0) | (oa == ob))
            p = pairs[keep]
            # every queried row is a node, so that components compare as partitions
            nodes, roots = components(np.concatenate([p[:, 0], q]), np.concatenate([p[:, 1], q]))
            return dict(zip(nodes.tolist(), roots.tolist(), strict=True))

        for story in (False, True):
            assert comps(got, gs, story) == comps(full, fs, story)


# --- real articles and their copies -----------------------------------------------------------


def _stories(n: int, skip: int = 0) -> list[dict]:
    """``n`` distinct Sözcü stories of 150+ words (no two sharing a body)."""
    out, seen = [], set()
    for line in (CORPUS / "sozcu2014.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = rec.get("text") or ""
        key = text[:200]
        if len(text.split()) >= 150 and key not in seen:
            seen.add(key)
            out.append(rec)
    return out[skip : skip + n]


def _copy(rec: dict, c: int, text: str | None = None) -> dict:
    """Copy ``c`` of a story on another site: 1 % of its words replaced (copy 0: the story)."""
    text = rec["text"] if text is None else text
    if c:
        rng = random.Random(f"{rec['id']}/{c}")
        words = text.split(" ")
        for i in rng.sample(range(len(words)), max(1, len(words) // 100)):
            words[i] = rng.choice(("ve", "ile", "bu", "bir"))
        text = " ".join(words)
    site = SITES[c % len(SITES)]
    return {**rec, "id": f"{rec['id']}-c{c}", "site": site, "url": f"https://{site}/h/{rec['id']}-{c}", "text": text}


def _write(path: Path, recs: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return str(path)


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return sorted(con.execute(sql).fetchall())
    finally:
        con.close()


def _by_url(db: Path) -> dict[str, str]:
    return dict(_rows(db, "SELECT id, uri FROM articles"))


def _clusters(db: Path) -> set[frozenset[str]]:
    """Clusters as sets of input locations (``file#Lline``: the same in every store)."""
    uri = _by_url(db)
    out: dict[str, set[str]] = {}
    for a, c in _rows(db, "SELECT article_id, cluster_id FROM near_duplicates"):
        out.setdefault(c, set()).add(uri[a])
    return {frozenset(v) for v in out.values()}


def _corpus_tables(db: Path) -> dict[str, list[tuple]]:
    return {
        "near_duplicates": _rows(db, "SELECT * FROM near_duplicates"),
        "flags": _rows(db, "SELECT target, kind, key, detail FROM corpus_flags WHERE kind IN ('near_duplicate', 'syndicated_copy')"),
        "origin_groups": _rows(db, "SELECT * FROM origin_groups"),
    }


@pytest.mark.corpus
def test_copies_are_one_cluster_with_rows_and_flags_per_article(tmp_path: Path) -> None:
    stories, k = _stories(12), 6
    db = tmp_path / "h.db"
    store = open_store(db)
    run([_write(tmp_path / "c.jsonl", [_copy(s, c) for s in stories for c in range(k)])], store, analyse=False)
    clusters = _clusters(db)
    assert len(clusters) == len(stories)
    assert all(len(c) == k for c in clusters)
    rows = _rows(db, "SELECT article_id, cluster_id, score, kind FROM near_duplicates")
    assert len(rows) == len(stories) * k  # one row per article, not two per pair
    uri = _by_url(db)
    for a, rep, score, kind in rows:
        # the representative is the story itself, the earliest article of its cluster
        assert (int(uri[rep].rsplit("#L", 1)[1]) - 1) % k == 0 and (kind == "representative") == (a == rep)
        assert kind == "representative" or 0.8 <= score < 1.0
    flags = _rows(db, "SELECT target, kind, evidence FROM corpus_flags WHERE kind IN ('near_duplicate', 'syndicated_copy')")
    near = [f for f in flags if f[1] == "near_duplicate"]
    assert len(near) == len(stories) * (k - 1) == len({f[0] for f in near})  # one flag per copy
    assert sum(f[1] == "syndicated_copy" for f in flags) == len(stories) * (k - 1)
    rep_of = {a: c for a, c, _, _ in rows}
    assert all(json.loads(e)[0]["article"] == rep_of[t] for t, _, e in near)
    # the pairs are still there for whoever needs them: every pair of copies, its similarity
    # that of the two signatures
    with store.engine.connect() as conn:
        pairs = near_map(conn, set(rep_of))
    assert sum(len(v) for v in pairs.values()) == len(stories) * k * (k - 1)
    sig = dict(_rows(db, "SELECT article_id, sig FROM corpus_signatures"))
    a, others = next(iter(pairs.items()))
    for b, s in others.items():
        assert rep_of[a] == rep_of[b]
        want = estimate_similarity(np.frombuffer(sig[a], dtype="<u4"), np.frombuffer(sig[b], dtype="<u4"))
        assert s == pytest.approx(float(want))
    store.close()


def _bridge_inputs(tmp_path: Path) -> tuple[list[str], str]:
    """Two stories with two copies each, and an article carrying both stories (near to each)."""
    stories = _stories(80, skip=40)
    # two stories of about the same length, so that the article carrying both is near each
    s1, s2 = next((a, b) for a, b in zip(stories, stories[1:], strict=False) if abs(len(a["text"]) - len(b["text"])) < 0.1 * len(a["text"]))
    bridge = {**s1, "id": "bridge", "text": s1["text"] + "\n\n" + s2["text"]}
    first = [_write(tmp_path / "s1.jsonl", [_copy(s1, c) for c in range(3)]), _write(tmp_path / "s2.jsonl", [_copy(s2, c) for c in range(3)])]
    return first, _write(tmp_path / "bridge.jsonl", [_copy(bridge, 5)])


@pytest.mark.corpus
def test_later_runs_join_and_merge_clusters_as_one_run_does(tmp_path: Path) -> None:
    first, bridge = _bridge_inputs(tmp_path)
    # one run at a time: two clusters, then the bridging article merges them
    one = tmp_path / "one.db"
    store = open_store(one)
    for p in first:
        run([p], store, analyse=False)
    two = _clusters(one)
    assert len(two) == 2 and all(len(c) == 3 for c in two)
    run([bridge], store, analyse=False)
    bridge_uri = next(u for u in _by_url(one).values() if "bridge" in u)
    assert _clusters(one) == {frozenset({bridge_uri, *(u for c in two for u in c)})}
    rep = {c for _, c in _rows(one, "SELECT article_id, cluster_id FROM near_duplicates")}
    assert len(rep) == 1
    # the earliest article is the representative; the second story's flags moved to it
    first_id = _rows(one, "SELECT id FROM articles ORDER BY seq LIMIT 1")[0][0]
    assert rep == {first_id}
    targets = _rows(one, "SELECT evidence FROM corpus_flags WHERE kind = 'near_duplicate'")
    assert len(targets) == 6 and all(json.loads(e)[0]["article"] == first_id for (e,) in targets)
    # ... the tables one run over the same inputs writes
    batch = tmp_path / "batch.db"
    bstore = open_store(batch)
    run([*first, bridge], bstore, analyse=False)
    assert _corpus_tables(one) == _corpus_tables(batch)
    # re-runs change nothing
    before = _corpus_tables(one)
    run([*first, bridge], store, analyse=False)
    assert update_corpus(store).new_articles == 0
    assert _corpus_tables(one) == before
    store.close()
    bstore.close()


@pytest.mark.corpus
def test_a_store_of_pairs_is_migrated_to_clusters(tmp_path: Path) -> None:
    """A store written before clusters (version 2: pairs in both directions, a flag per pair)
    opens with the clusters and flags the corpus stages write today."""
    from haberdar.store import migrations

    first, bridge = _bridge_inputs(tmp_path)
    db = tmp_path / "h.db"
    store = open_store(db)
    run([*first, bridge], store, analyse=False)
    with store.engine.connect() as conn:
        pairs = near_map(conn, {a for (a,) in _rows(db, "SELECT article_id FROM near_duplicates")})
    store.close()
    want = _corpus_tables(db)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE near_duplicates")
    con.execute("CREATE TABLE near_duplicates (article_id VARCHAR(16), other_id VARCHAR(16), score FLOAT NOT NULL, "
                "kind VARCHAR(16) NOT NULL, PRIMARY KEY (article_id, other_id))")
    con.executemany("INSERT INTO near_duplicates VALUES (?, ?, ?, 'near')", [(a, b, s) for a, v in pairs.items() for b, s in v.items()])
    con.execute("DELETE FROM corpus_flags WHERE kind = 'near_duplicate'")
    con.execute("INSERT INTO corpus_flags SELECT article_id, 'near_duplicate', substr(other_id, 1, 16), 'article', "
                "'near-duplicate of article ' || other_id, '[]' FROM near_duplicates WHERE article_id > other_id")
    con.execute("DELETE FROM schema_version WHERE version = 3")
    con.commit()
    con.close()
    assert len(_rows(db, "SELECT * FROM near_duplicates")) == sum(len(v) for v in pairs.values())
    store = open_store(db)  # migrates
    assert store.schema_version() == migrations.CODE_VERSION
    store.close()
    assert _corpus_tables(db) == want


@pytest.mark.corpus
def test_article_api_and_page_show_the_cluster(tmp_path: Path) -> None:
    """What the pairs gave the article view, the cluster gives: the article's near-duplicates
    (with similarity), its cluster's first article, the flag with its evidence."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from haberdar.serve.app import create_app

    stories, k = _stories(3, skip=10), 4
    db = tmp_path / "h.db"
    store = open_store(db)
    run([_write(tmp_path / "c.jsonl", [_copy(s, c) for s in stories for c in range(k)])], store, analyse=False)
    store.close()
    rows = _rows(db, "SELECT article_id, cluster_id, kind FROM near_duplicates")
    rep = rows[0][1]
    copy = next(a for a, c, kind in rows if c == rep and kind == "near")
    with TestClient(create_app(str(db), uploads_dir=tmp_path / "up")) as client:
        art = client.get(f"/api/articles/{copy}").json()
        cl = art["near_duplicates"]
        assert cl["cluster"] == rep and cl["size"] == k and len(cl["members"]) == k - 1
        assert copy not in {m["id"] for m in cl["members"]} and rep in {m["id"] for m in cl["members"]}
        assert all(m["kind"] == "representative" or 0.8 <= m["score"] < 1 for m in cl["members"])
        flag = next(f for f in art["corpus_flags"] if f["kind"] == "near_duplicate")
        assert flag["evidence"][0]["article"] == rep and rep in flag["detail"]
        first = client.get(f"/api/articles/{rep}").json()
        assert first["near_duplicates"]["cluster"] == rep
        assert not [f for f in first["corpus_flags"] if f["kind"] == "near_duplicate"]
        page = client.get(f"/articles/{copy}").text
        assert 'id="near-duplicates"' in page and f"/articles/{rep}" in page
        lonely = _rows(db, "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM near_duplicates)")
        if lonely:
            assert client.get(f"/api/articles/{lonely[0][0]}").json()["near_duplicates"] is None
