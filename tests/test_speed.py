"""Issue 17 (speed): the batched store writer, its background commits, and pages of stores
written by other tools (the API benchmark's store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, SEEDS

from haberdar.pipeline import RunStats, Writer, process, run
from haberdar.records import EntityRef
from haberdar.store import open_store


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    rows = sorted(line for line in conn.iterdump() if not line.startswith('INSERT INTO "schema_version"'))
    conn.close()
    return rows


def _docs():
    from haberdar.ingest.sources import iter_documents
    from haberdar.records import RawDocument

    return [d for d in iter_documents([str(SEEDS)]) if isinstance(d, RawDocument)]


@pytest.mark.parametrize("batch_size", [1, 3, 200])
def test_background_commits_write_what_foreground_commits_write(tmp_path, res, batch_size):
    """The same results written with commits sent from the writer thread, or in the caller's
    thread, give the same store — whatever the batch size (commits in flight while the
    caller asks has_article and the duplicate look-up of later articles)."""
    docs = _docs()
    results = [(d, *process(d, res)) for d in docs]
    results += [(d, a, an) for d, a, an in results[:3]]  # exact copies: duplicates
    dumps = []
    for background in (False, True):
        db = tmp_path / f"bg{background}.db"
        store = open_store(db)
        stats = RunStats()
        with store.batch(background=background) as batch:
            w = Writer(batch, stats, batch_size=batch_size)
            for d, article, analysis in results:
                if batch.has_article(d.id):
                    w.duplicate(d)
                else:
                    w.store(d, article, analysis)
                w.done(d.uri)
        store.close()
        assert stats.stored == len(docs) and stats.duplicates == 3
        dumps.append(_dump(db))
    assert dumps[0] == dumps[1]


def test_same_body_in_one_batch_is_flagged_duplicate(tmp_path, res):
    """The exact-duplicate link is found for an article whose twin is still in the batch's
    memory (not yet sent to the database)."""
    from dataclasses import replace

    doc = _docs()[0]
    article, analysis = process(doc, res)
    twin = replace(article, id="f" * 16, uri="twin.txt", flags=[])
    store = open_store(tmp_path / "d.db")
    with store.batch() as batch:
        assert batch.add_article(article, doc.raw, doc.encoding)
        assert batch.has_article(article.id)
        assert batch.add_article(twin, b"x", None)
        assert not batch.add_article(article, doc.raw, doc.encoding)  # same id: a source only
    got = store.get_article("f" * 16)
    assert got["duplicate_of"] == article.id
    assert any(f["kind"] == "duplicate" for f in got["flags"])
    assert sorted(store.get_article(article.id)["sources"]) == sorted({article.uri})
    store.close()


def test_entity_written_once_first_version_wins(tmp_path, res):
    doc = _docs()[0]
    article, analysis = process(doc, res)
    e1 = EntityRef(id="per:x", name="Birinci", type="PER", roles=[{"title": "Vali"}])
    e2 = EntityRef(id="per:x", name="İkinci", type="PER")
    store = open_store(tmp_path / "e.db")
    with store.batch() as batch:
        batch.add_article(article, doc.raw, doc.encoding)
        analysis.entities[:] = [e1, e1, e2]
        batch.add_analysis(article.id, analysis)
        batch.commit()
        analysis.entities[:] = [e2]
        batch.add_analysis(article.id, analysis)  # stored before: its rows are replaced
    ents = [e for e in store.iter_entities() if e["id"] == "per:x"]
    assert [e["name"] for e in ents] == ["Birinci"] and ents[0]["roles"] == [{"title": "Vali"}]
    store.close()


def test_entity_page_with_a_role_without_organisation(tmp_path, res):
    """A role as the API benchmark writes it (title, start, end; no organisation) used to make
    the entity page answer 500 (jinja2 UndefinedError)."""
    from fastapi.testclient import TestClient

    from haberdar.serve.app import create_app

    db = tmp_path / "roles.db"
    store = open_store(db)
    run([str(SEEDS)], store)
    doc = _docs()[0]
    article, analysis = process(doc, res)
    analysis.entities[:] = [EntityRef(id="per:bench", name="Ahmet Yılmaz", type="PER", roles=[{"title": "Vali", "start": "2010-01-01", "end": None}])]
    with store.batch() as batch:
        batch.add_analysis(article.id, analysis)
    store.close()
    app = create_app(db, uploads_dir=tmp_path / "up")
    with TestClient(app) as client:
        page = client.get("/entities/per:bench")
    assert page.status_code == 200, page.text[:500]
    assert "Vali" in page.text and "2010-01-01" in page.text


@pytest.mark.corpus
def test_cached_full_text_answers_are_those_of_the_uncached_queries(tmp_path, monkeypatch):
    """/api/events?text= and /api/search answer their count and pages from a per-query cache:
    the same as the queries without a cache, on every page, and new articles are seen."""
    from fastapi.testclient import TestClient

    from haberdar.serve.app import create_app

    if not (CORPUS / "sozcu2014.jsonl").exists():
        pytest.skip("needs ../shared/corpus")
    lines = (CORPUS / "sozcu2014.jsonl").read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[:120]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[120:150]) + "\n", encoding="utf-8")
    db = tmp_path / "q.db"
    store = open_store(db)
    run([str(first)], store)
    store.close()
    urls = [
        f"/api/events?text={w}&limit={n}&offset={o}" for w in ("ve", "Ankara", "bakan*") for n, o in ((5, 0), (5, 5), (50, 0))
    ] + [f"/api/search?q={w}&limit={n}&offset={o}" for w in ("a*", "ve", "Dışişleri") for n, o in ((3, 0), (3, 3), (50, 0))]

    def answers(cache: str) -> list:
        monkeypatch.setenv("HABERDAR_SERVE_QUERY_CACHE", cache)
        with TestClient(create_app(db, uploads_dir=tmp_path / "up")) as client:
            out = []
            for _ in range(2):  # the second round from the cache
                for u in urls:
                    r = client.get(u)
                    assert r.status_code == 200, (u, r.text[:300])
                    out.append(r.json())
            assert out[: len(urls)] == out[len(urls) :]
            return out

    cached, plain = answers("256"), answers("0")
    assert cached == plain
    assert any(a["total"] > 3 for a in plain)  # the pages above do page through something
    with TestClient(create_app(db, uploads_dir=tmp_path / "up")) as client:
        before = client.get("/api/search?q=a*").json()["total"]
        more = open_store(db)
        run([str(second)], more)
        more.close()
        after = client.get("/api/search?q=a*").json()["total"]
    assert after > before
