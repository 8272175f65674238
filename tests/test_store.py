"""The store: content-hash keys, idempotent re-runs, kill-and-resume, quarantine, nothing lost —
on each back end (``new_db``: a SQLite file, or a fresh PostgreSQL database; see conftest)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import SEEDS, sql_rows

from haberdar.pipeline import run
from haberdar.store import open_store

DUMP_COLUMNS = "id, seq, uri, site, origin, title, lead, body, published_at, date_precision, duplicate_of, removed, flags"


def _dump(db: str) -> list[tuple]:
    rows = sql_rows(db, f"SELECT {DUMP_COLUMNS} FROM articles ORDER BY seq")
    q = sql_rows(db, "SELECT uri, reason FROM quarantine ORDER BY uri, reason")
    src = sql_rows(db, "SELECT article_id, uri FROM article_sources ORDER BY 1, 2")
    return rows + q + src


def test_store_uses_wal_and_creates_schema_on_first_use(tmp_path):
    open_store(tmp_path / "new.db").close()
    con = sqlite3.connect(tmp_path / "new.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "raw_inputs", "quarantine", "article_sources"} <= tables


def test_rerun_on_same_input_adds_nothing(new_db):
    db = new_db()
    store = open_store(db)
    first = run([str(SEEDS)], store)
    assert (first.stored, first.duplicates) == (5, 0)
    before = _dump(db)
    second = run([str(SEEDS)], store)
    assert (second.stored, second.duplicates) == (0, 5)
    assert _dump(db) == before


def test_raw_input_is_kept_byte_for_byte(new_db):
    store = open_store(new_db())
    run([str(SEEDS)], store)
    path = sorted(SEEDS.glob("*.txt"))[2]
    art = next(a for a in store.iter_articles() if a["uri"] == str(path))
    assert store.get_article(art["id"])["raw"] == path.read_bytes()


def test_same_bytes_under_two_paths_is_one_article_with_two_sources(tmp_path, new_db):
    src = sorted(SEEDS.glob("*.txt"))[0]
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(src.read_bytes())
    store = open_store(new_db())
    stats = run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store)
    assert (stats.stored, stats.duplicates) == (1, 1)
    art = store.get_article(next(store.iter_articles())["id"])
    assert len(art["sources"]) == 2


def test_same_body_in_different_inputs_is_linked_as_duplicate(tmp_path, new_db):
    text = sorted(SEEDS.glob("*.txt"))[3].read_text(encoding="utf-8")
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "two.txt").write_text(text + "\n\n#Ekstra\n", encoding="utf-8")  # differs only in chrome
    store = open_store(new_db())
    run([str(tmp_path)], store)
    arts = list(store.iter_articles())
    assert len(arts) == 2
    assert arts[1]["duplicate_of"] == arts[0]["id"]
    assert any(f["kind"] == "duplicate" for f in arts[1]["flags"])


def test_bad_inputs_are_quarantined_and_stored_articles_survive(tmp_path, new_db):
    db = new_db()
    store = open_store(db)
    run([str(SEEDS)], store)
    before = _dump(db)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "broken.jsonl").write_text('{"text": "Ankara\'da toplantı yapıldı ve karar alındı."}\n{not json\n', encoding="utf-8")
    stats = run([str(bad), str(tmp_path / "missing.txt")], store)
    assert stats.quarantined == 4
    assert stats.stored == 1
    reasons = [q["reason"] for q in store.iter_quarantine()]
    assert len(reasons) == 4 and all(reasons)
    assert _dump(db)[:5] == before[:5]  # the seed articles are untouched


def _write_big_jsonl(path: Path, n: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": str(i), "text": texts[i % 5] + f"\n\nHaber numarası {i} için ek paragraf."}, ensure_ascii=False) + "\n")


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (Linux /proc; empty elsewhere)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _running(pid: int) -> bool:
    """The process exists and is no zombie (an orphan's zombie may wait for a reaper)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_killed_run_resumes_to_the_same_state(tmp_path, new_db):
    # 800 inputs: the run commits every 200 articles and is killed at its first commit seen,
    # with at least two batches still to come (was 1,500: the test took 111 s / 187 s)
    n = 800
    data = tmp_path / "many.jsonl"
    _write_big_jsonl(data, n)
    ref_db, db = new_db("ref"), new_db("killed")
    run([str(data)], open_store(ref_db))

    cmd = [sys.executable, "-m", "haberdar.cli", "run", str(data), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if "://" in db:  # PostgreSQL: the tables appear when the run has opened the store
            try:
                stored = sql_rows(db, "SELECT count(*) FROM articles")[0][0]
            except Exception:  # noqa: BLE001 - not created yet
                continue
        elif Path(db).exists():
            try:
                con = sqlite3.connect(db, timeout=0.1)
                stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                continue
        if stored >= 200:
            break
    assert proc.poll() is None, "the run finished before it could be killed; make the input bigger"
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < n
    # the worker processes of the killed run end too (they watch their parent)
    deadline = time.time() + 15
    while time.time() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)], "worker processes outlived the killed run"

    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _dump(db) == _dump(ref_db)
