"""timeline / export / show take the API's event filters and ids, through the same query code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from haberdar.serve.app import create_app  # noqa: E402

EXE = Path(sys.executable).with_name("haberdar")


def haberdar(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "seeds.db"
    assert haberdar("-q", "run", str(SEEDS), "--db", str(path)).returncode == 0
    return path


def _export(db: Path, *filters: str) -> list[dict]:
    p = haberdar("export", "events", "--db", str(db), *filters)
    assert p.returncode == 0, p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()]


def _api(db: Path, tmp_path: Path, query: str) -> list[str]:
    with TestClient(create_app(str(db), uploads_dir=str(tmp_path / "up"))) as client:
        r = client.get(f"/api/events?{query}&limit=100")
        assert r.status_code == 200, r.text
        return sorted(e["id"] for e in r.json()["items"])


def test_timeline_from_to_shows_the_two_dated_seed_meetings_with_ids(db: Path) -> None:
    p = haberdar("timeline", "--db", str(db), "--from", "2024-01", "--to", "2025-12")
    assert p.returncode == 0 and "2 event(s)" in p.stdout
    assert "2024-09-13" in p.stdout and "2025-06-30" in p.stdout
    ids = {e["id"] for e in _export(db, "--from", "2024-01", "--to", "2025-12")}
    assert len(ids) == 2 and all(i in p.stdout for i in ids)


def test_export_flag_name_conflict_gives_seed_001_alone(db: Path) -> None:
    (ev,) = _export(db, "--flag", "name_conflict")
    assert any("001_" in a["uri"] for a in ev["articles"]) and len(ev["articles"]) == 1


@pytest.mark.parametrize(("cli", "query"), [
    (("--from", "2024-01", "--to", "2025-12"), "from=2024-01&to=2025-12"),
    (("--flag", "name_conflict"), "flag=name_conflict"),
    (("--type", "CONSULT", "--place", "Ankara"), "type=CONSULT&place=Ankara"),
    (("--text", "Kahire"), "text=Kahire"),
])
def test_the_same_filters_on_the_api_give_the_same_events(db: Path, tmp_path: Path, cli: tuple, query: str) -> None:
    assert sorted(e["id"] for e in _export(db, *cli)) == _api(db, tmp_path, query)


def test_a_bad_filter_is_a_usage_error(db: Path) -> None:
    p = haberdar("timeline", "--db", str(db), "--from", "last week")
    assert p.returncode == 2 and "expected a date" in p.stderr and "Traceback" not in p.stderr
    p = haberdar("export", "articles", "--db", str(db), "--flag", "name_conflict")
    assert p.returncode == 2


def test_show_takes_an_event_id(db: Path) -> None:
    (ev,) = _export(db, "--flag", "name_conflict")
    p = haberdar("show", ev["id"][:10], "--db", str(db))
    assert p.returncode == 0 and "name_conflict" in p.stdout and "evidence" in p.stdout


def test_csv_cells_are_plain_text_not_json(db: Path) -> None:
    import csv
    import io

    for kind in ("events", "articles", "entities"):
        p = haberdar("export", kind, "--db", str(db), "--format", "csv")
        assert p.returncode == 0, p.stderr
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
        assert rows
        for row in rows:
            for key, cell in row.items():
                assert not (cell or "").lstrip().startswith(("[", "{")), (kind, key, cell)


def test_gdelt_csv_is_one_flat_row_per_event(db: Path) -> None:
    import csv
    import io

    events = _export(db)
    p = haberdar("export", "events", "--db", str(db), "--format", "gdelt-csv")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert len(rows) == len(events)
    by_id = {r["event_id"]: r for r in rows}
    dated = next(e for e in events if e["date"] == "2024-09-13")
    row = by_id[dated["id"]]
    assert row["plover_type"] == "CONSULT" and row["cameo_code"].startswith("04")
    assert row["actor1_name"] == dated["actors"][0]["name"] and row["place_name"] == "Ankara"
    assert row["num_sources"] == "1" and row["first_source_url"].endswith(".txt")
    assert haberdar("export", "articles", "--db", str(db), "--format", "gdelt-csv").returncode == 2
