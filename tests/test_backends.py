"""SQLite and PostgreSQL back ends: the same exports byte for byte, migrations, the single writer,
PostgreSQL's own constraints (NULs, collation) and clear errors. PostgreSQL tests need
HABERDAR_TEST_POSTGRES (see conftest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS, sql_rows
from typer.testing import CliRunner

from haberdar.cli import app
from haberdar.pipeline import run
from haberdar.store import StoreBusy, StoreError, migrations, open_store

runner = CliRunner()


def _export(db: str, kind: str, fmt: str = "jsonl") -> bytes:
    result = runner.invoke(app, ["export", kind, "--db", db, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_seeds_export_byte_identical_on_sqlite_and_postgresql(tmp_path, pg_server, res):
    lite = str(tmp_path / "seeds.db")
    pg = pg_server.new_database()
    try:
        for db in (lite, pg):
            store = open_store(db)
            stats = run([str(SEEDS)], store, res=res)
            assert stats.stored == 5
            store.close()
        for kind in ("events", "articles", "entities"):
            a, b = _export(lite, kind), _export(pg, kind)
            assert a and a == b, kind
        assert _export(lite, "events", "csv") == _export(pg, "events", "csv")
        assert len(_export(pg, "events").splitlines()) >= 5
    finally:
        pg_server.drop(pg)


def test_test_databases_drop_without_superuser_rights(pg_server):
    """CI's role is neither a superuser nor in pg_signal_backend, so ``DROP DATABASE … WITH (FORCE)``
    failed there whenever an autovacuum worker was in the database (a role may only end its own
    sessions). The plain drop ends the caller's own leftover sessions and lets autovacuum leave."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from haberdar.store.sql import drop_pg_database

    url = pg_server.new_database()
    name = make_url(url).database
    lingering = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    conn = lingering.connect()  # a session of our own left open in the database
    conn.execute(text("CREATE TABLE t (x int)"))
    conn.commit()
    drop_pg_database(pg_server.admin, name)
    with pg_server.admin.connect() as admin:
        left = admin.execute(text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
    assert left == 0
    lingering.dispose()
    drop_pg_database(pg_server.admin, name)  # IF EXISTS: dropping again is a no-op


def test_nul_in_article_text(tmp_path, new_db):
    """PostgreSQL text cannot hold U+0000: it is dropped on the way in, and the run goes on."""
    data = tmp_path / "nul.jsonl"
    body = "Dışişleri Bakanı Hakan Fidan, Ankara'da\x00 Hamas heyetiyle görüştü. Görüşmede ateşkes ele alındı."
    data.write_text(json.dumps({"id": "1", "title": "Fidan\x00 Hamas heyetiyle görüştü", "text": body}) + "\n", encoding="utf-8")
    db = new_db()
    store = open_store(db)
    stats = run([str(data)], store)
    assert stats.stored == 1 and stats.quarantined == 0
    art = store.get_article(next(store.iter_articles())["id"])
    assert "Ankara'da" in art["body"] and "heyetiyle" in art["body"]
    if store.is_postgresql:
        assert "\x00" not in art["body"] and "\x00" not in (art["title"] or "")
    assert store.search_articles("heyetiyle")[1] == 1
    store.close()


def test_nul_written_directly_to_the_store(new_db, res):
    """The ingest stages drop NULs already; a caller writing through the store API with a NUL in
    the title, body or a source uri gets it dropped on PostgreSQL and kept on SQLite."""
    from dataclasses import replace

    from haberdar.ingest.text import read_text
    from haberdar.pipeline import process
    from haberdar.records import Quarantined

    src = sorted(SEEDS.glob("*.txt"))[3]
    doc = read_text(str(src), src.read_bytes())
    article, analysis = process(doc, res)
    article = replace(article, title="Kalın\x00 Hamas", body=article.body.replace("Kalın", "Ka\x00lın", 1))
    store = open_store(new_db())
    with store.batch() as batch:
        assert batch.add_article(article, doc.raw, doc.encoding)
        batch.add_analysis(article.id, analysis)
        batch.add_source(article.id, "nul\x00.txt")
        batch.add_quarantine(Quarantined(uri="bad\x00.txt", reason="NUL\x00 in the name", raw=b"\x00"))
    got = store.get_article(article.id)
    nul = "" if store.is_postgresql else "\x00"
    assert got["title"] == f"Kalın{nul} Hamas"
    assert f"Ka{nul}lın" in got["body"]
    assert f"nul{nul}.txt" in got["sources"]
    assert [q["uri"] for q in store.iter_quarantine()] == [f"bad{nul}.txt"]
    assert store.search_articles("Hamas")[1] == 1
    store.close()


def _make_v1(db: str) -> None:
    """A store as written before migrations: the version-1 tables only, with the seeds in."""
    store = open_store(db)
    run([str(SEEDS)], store)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE schema_version")
        conn.exec_driver_sql("DROP TABLE articles_search" if store.is_postgresql else "DROP TABLE articles_fts")
    store.close()


def test_v1_store_is_migrated_on_open(new_db):
    db = new_db()
    _make_v1(db)
    status = runner.invoke(app, ["db", "status", "--db", db])
    assert status.exit_code == 0, status.output
    assert "schema version: 1" in status.output and "pending v2" in status.output
    store = open_store(db)  # auto-migrates
    assert store.schema_version() == migrations.CODE_VERSION == 3
    assert store.search_articles("Kalın’ın")[1] == 5  # the search index was filled from the articles
    with store.engine.connect() as conn:
        rows = migrations.history(conn)
    assert [r["version"] for r in rows] == [1, 2, 3]
    store.close()
    status = runner.invoke(app, ["db", "status", "--db", db])
    assert "schema version: 3" in status.output and "up to date" in status.output


def test_db_migrate_command(new_db):
    db = new_db()
    _make_v1(db)
    out = runner.invoke(app, ["db", "migrate", "--db", db])
    assert out.exit_code == 0, out.output
    assert "applied v2" in out.output
    again = runner.invoke(app, ["db", "migrate", "--db", db])
    assert again.exit_code == 0 and "0 step(s) applied" in again.output
    assert sql_rows(db, "SELECT max(version) FROM schema_version")[0][0] == 3


def test_store_newer_than_the_code_is_refused(new_db):
    db = new_db()
    open_store(db).close()
    sql_rows_exec = open_store(db)
    with sql_rows_exec.engine.begin() as conn:
        conn.execute(migrations.schema_version.insert().values(version=99, name="from the future", applied_at="2099-01-01"))
    sql_rows_exec.close()
    with pytest.raises(migrations.StoreTooNew, match="schema version 99, newer than this haberdar"):
        open_store(db)
    out = runner.invoke(app, ["export", "events", "--db", db])
    assert out.exit_code == 2 and "newer" in out.output
    assert runner.invoke(app, ["db", "migrate", "--db", db]).exit_code == 2


def test_second_writer_is_refused_on_postgresql(pg_server):
    url = pg_server.new_database()
    first, second = open_store(url), open_store(url)
    try:
        with first.writer():
            with pytest.raises(StoreBusy, match="another haberdar run is writing"):
                with second.writer():
                    pass
            with first.writer():  # re-entrant within one store
                pass
        with second.writer():  # free again
            pass
    finally:
        first.close()
        second.close()
        pg_server.drop(url)


def test_postgresql_schema_sorts_like_sqlite(pg_server):
    url = pg_server.new_database()
    try:
        open_store(url).close()
        coll = dict(sql_rows(url, "SELECT column_name, collation_name FROM information_schema.columns WHERE table_name = 'articles'"))
        assert coll["id"] == coll["title"] == coll["body"] == "C"
        assert coll["rowid"] is None and "rowid" in coll  # the insertion order column
        store = open_store(url)
        with store.engine.begin() as conn:
            from haberdar.store.schema import entities

            conn.execute(entities.insert(), [dict(id=i, name=i, type="PER", aliases=[], roles=[], source="text") for i in ("b", "B", "_x", "Ç", "a")])
        assert [e["name"] for e in store.iter_entities()] == sorted(["b", "B", "_x", "Ç", "a"])
        store.close()
    finally:
        pg_server.drop(url)


def test_clear_errors_for_bad_urls_and_servers(tmp_path):
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL store"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("postgresql://x:y@host:port/db")
    with pytest.raises(StoreError, match="SQLite files or PostgreSQL"):
        open_store("mysql://x@y/z")
    out = runner.invoke(app, ["timeline", "--db", "postgresql://nobody:secret@127.0.0.1:1/none"])
    assert out.exit_code == 2 and "Is the server running" in out.output and "secret" not in out.output
    assert not Path("none").exists()


def test_missing_driver_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    with pytest.raises(StoreError, match=r"pip install 'haberdar\[postgresql\]'"):
        open_store("postgresql://user:pw@localhost/db")
