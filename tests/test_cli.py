"""The command contract: run, export, show, quarantine (through the installed entry point)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import SEEDS


def haberdar(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "haberdar.cli", *args], capture_output=True, text=True, check=check
    )


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    out = haberdar("run", str(SEEDS), "--db", str(db))
    assert "stored" in out.stderr
    return db


def _articles(db) -> dict[str, dict]:
    out = haberdar("export", "articles", "--db", str(db)).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    return {r["uri"].rsplit("/", 1)[-1][:3]: r for r in rows}


def test_run_on_seeds_stores_five_articles(seeded_db):
    assert len(_articles(seeded_db)) == 5


def test_export_articles_has_contract_fields_and_seed_metadata(seeded_db):
    arts = _articles(seeded_db)
    for rec in arts.values():
        assert {"id", "uri", "site", "origin", "title", "published_at", "date_precision", "body", "duplicate_of", "flags"} <= rec.keys()
    assert (arts["002"]["published_at"], arts["002"]["origin"]) == ("2025-06-30T00:22", "Sabah")
    assert (arts["003"]["published_at"], arts["003"]["origin"]) == ("2024-09-13T21:34", "AA")
    for key in ("000", "001", "004"):
        assert arts[key]["published_at"] is None and arts[key]["date_precision"] == "unknown"


def test_export_csv_has_a_header_and_one_row_per_article(seeded_db):
    out = haberdar("export", "articles", "--db", str(seeded_db), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and rows[0]["id"]


def test_show_prints_clean_text_and_removed_lines_with_reasons(seeded_db):
    art = _articles(seeded_db)["002"]
    out = haberdar("show", art["id"][:8], "--db", str(seeded_db)).stdout
    assert "Muhammed İsmail Derviş" in out
    assert "author placeholder" in out and "AdminAdmin" in out


def test_show_unknown_id_says_what_to_do(seeded_db):
    res = haberdar("show", "ffffffffff", "--db", str(seeded_db), check=False)
    assert res.returncode == 1 and "no article" in res.stderr


def test_export_without_a_store_is_a_clear_error(tmp_path):
    res = haberdar("export", "articles", "--db", str(tmp_path / "none.db"), check=False)
    assert res.returncode == 2 and "haberdar run" in res.stderr


def test_rerun_reports_duplicates_not_new_articles(seeded_db):
    out = haberdar("run", str(SEEDS), "--db", str(seeded_db)).stderr
    assert "duplicates" in out
    assert len(_articles(seeded_db)) == 5
