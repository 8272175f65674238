"""Engines: worker processes and Spark give the store the one-process run gives.

The reference is :func:`haberdar.pipeline.run` with one worker. Every other engine runs the same
inputs, in the same two runs (a first batch, then more articles plus copies of the first), into
its own store, and the full exports (articles, events, entities, in export order) and the
corpus tables (near-duplicates, origin groups, event links, possible links, flags) must be equal.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, SEEDS

from haberdar.engine import CommonAt, VersionedLineCounter
from haberdar.outputs import export as ex
from haberdar.pipeline import run
from haberdar.store import open_store

CORPUS_TABLES = ("near_duplicates", "origin_groups", "event_links", "possible_links", "corpus_flags", "title_claims", "corpus_signatures")
# The corpus sample: 2,594 articles of the three shared corpora (issue 7 asks for a few thousand;
# with the copies below, each engine stores ~2,700 records, and CI time stays sane).
SAMPLE = {"sozcu2014.jsonl": 1200, "rss_2017_2018.jsonl": 1200, "tr_financial_news_2025.jsonl": 194}


def _dump(db: Path) -> dict[str, list[str]]:
    store = open_store(db)
    try:
        out = {
            kind: [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records(store)]
            for kind, records in (("articles", ex.article_records), ("events", ex.event_records), ("entities", ex.entity_records))
        }
    finally:
        store.close()
    con = sqlite3.connect(db)
    for t in CORPUS_TABLES:
        out[t] = sorted(map(repr, con.execute(f"SELECT * FROM {t}")))
    con.close()
    return out


def _assert_same(got: dict[str, list[str]], want: dict[str, list[str]]) -> None:
    assert want["articles"], "the reference stored nothing"
    for kind in want:
        assert len(got[kind]) == len(want[kind]), kind
        for i, (a, b) in enumerate(zip(got[kind], want[kind], strict=True)):
            assert a == b, f"{kind}[{i}] differs"


def _two_runs(db: Path, first: list[str], second: list[str], **kw) -> list:  # noqa: ANN003
    stats = []
    for paths in (first, second):
        store = open_store(db)
        stats.append(run(paths, store, **kw))
        store.close()
    return stats


# --- inputs and reference runs ------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_runs() -> tuple[list[str], list[str]]:
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    return seeds[:3], [*seeds[3:], *seeds]  # the second run meets three stored articles again


@pytest.fixture(scope="session")
def seed_reference(tmp_path_factory, seed_runs) -> dict[str, list[str]]:  # noqa: ANN001
    db = tmp_path_factory.mktemp("ref") / "seeds.db"
    _two_runs(db, *seed_runs, workers=1)
    return _dump(db)


@pytest.fixture(scope="session")
def corpus_runs(tmp_path_factory, seed_runs) -> tuple[list[str], list[str]]:  # noqa: ANN001
    d = tmp_path_factory.mktemp("sample")
    paths = []
    for name, n in SAMPLE.items():
        with (CORPUS / name).open(encoding="utf-8") as src:
            lines = [line for _, line in zip(range(n), src, strict=False)]
        out = d / name
        out.write_text("".join(lines), encoding="utf-8")
        paths.append(str(out))
    # a second copy of some Sözcü records: exact duplicates inside one run
    sozcu = Path(paths[0]).read_text(encoding="utf-8").splitlines(keepends=True)
    (d / "again.jsonl").write_text("".join(sozcu[:40]), encoding="utf-8")
    # updated versions of others (a new id, one line added): near-duplicates whose events the
    # corpus stages flag, so the engines' flags are compared on real meetings
    updated = []
    for line in sozcu[40:100]:
        rec = json.loads(line)
        rec["id"], rec["text"] = f"{rec['id']}-update", rec["text"] + "\nHaberin ayrıntıları güncelleniyor."
        updated.append(json.dumps(rec, ensure_ascii=False) + "\n")
    (d / "updated.jsonl").write_text("".join(updated), encoding="utf-8")
    return [*seed_runs[0], paths[0]], [*paths[1:], str(d / "again.jsonl"), str(d / "updated.jsonl"), *seed_runs[1]]


@pytest.fixture(scope="session")
def corpus_reference(tmp_path_factory, corpus_runs) -> dict[str, list[str]]:  # noqa: ANN001
    db = tmp_path_factory.mktemp("ref") / "corpus.db"
    _two_runs(db, *corpus_runs, workers=1)
    return _dump(db)


def _need_spark() -> None:
    """PySpark and a Java runtime; in CI (which installs both) their absence is a failure."""
    import os
    import shutil

    if os.environ.get("CI"):
        import pyspark  # noqa: F401

        assert shutil.which("java") or os.environ.get("JAVA_HOME"), "CI must have Java for the Spark tests"
        return
    pytest.importorskip("pyspark")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("no Java runtime for PySpark")


@pytest.fixture(scope="session")
def spark():
    _need_spark()
    from haberdar.engine.spark import get_spark

    session = get_spark("local[2]", app_name="haberdar-tests")
    yield session
    session.stop()


# --- units ----------------------------------------------------------------------------------------


def test_common_lines_at_a_version_are_those_common_before_it() -> None:
    lines = VersionedLineCounter()
    versions = []
    for text in ["a\nmenü", "b\nmenü", "c\nmenü\nabone ol", "d\nabone ol", "e\nabone ol", "f"]:
        versions.append(lines.version)
        lines.add_article(text.split("\n"))
    rank = {k: i for i, k in enumerate(lines.common.order)}
    assert lines.common.order == ["menü", "aboneol"]
    assert [("menü" in CommonAt(rank, v), "aboneol" in CommonAt(rank, v)) for v in versions] == [
        (False, False), (False, False), (False, False), (True, False), (True, False), (True, True)
    ]


# --- local workers --------------------------------------------------------------------------------


def test_two_workers_store_what_one_worker_stores_on_the_seeds(tmp_path, seed_runs, seed_reference) -> None:  # noqa: ANN001
    db = tmp_path / "w2.db"
    stats = _two_runs(db, *seed_runs, workers=2, chunk_size=2)
    assert [s.as_dict() for s in stats] == [
        {"read": 3, "stored": 3, "duplicates": 0, "quarantined": 0},
        {"read": 7, "stored": 2, "duplicates": 5, "quarantined": 0},
    ]
    _assert_same(_dump(db), seed_reference)


@pytest.mark.corpus
def test_two_workers_store_what_one_worker_stores_on_the_corpora(tmp_path, corpus_runs, corpus_reference) -> None:  # noqa: ANN001
    db = tmp_path / "w2.db"
    stats = _two_runs(db, *corpus_runs, workers=2, chunk_size=32)
    assert stats[1].duplicates >= 40 and stats[0].quarantined + stats[1].quarantined >= 1
    _assert_same(_dump(db), corpus_reference)


def test_the_common_lines_version_decides_what_is_cleaned(res) -> None:  # noqa: ANN001
    """The equalities above can fail: a line common before an article is removed from it, the
    same line common only from later on is kept."""
    from haberdar.pipeline import process
    from haberdar.records import RawDocument
    from haberdar.text import fold_key

    p1 = ("Dışişleri Bakanı bugün Ankara'da mevkidaşı ile bir araya gelerek iki ülke arasındaki ilişkileri "
          "ve bölgesel gelişmeleri ele aldı. Görüşmede ticaret, enerji ve güvenlik alanlarında işbirliği konuşuldu.")
    p2 = ("Bakan görüşmenin ardından yaptığı açıklamada, iki ülkenin önümüzdeki dönemde ortak projeler "
          "üzerinde çalışacağını ve yeni bir eylem planı hazırlanacağını söyledi.")
    text = "\n".join([p1, "Son dakika gelişmeleri", p2])
    doc = RawDocument(uri="t.txt", raw=text.encode(), format="txt", text=text)
    rank = {fold_key("Son dakika gelişmeleri"): 0}
    before, _ = process(doc, res, common_lines=CommonAt(rank, 0), analyse=False)
    after, _ = process(doc, res, common_lines=CommonAt(rank, 1), analyse=False)
    assert "Son dakika" in before.body and not before.removed
    assert "Son dakika" not in after.body and [r.reason for r in after.removed] == ["repeated across the corpus"]


# --- Spark local[2] -------------------------------------------------------------------------------


def test_spark_stores_what_the_local_engine_stores_on_the_seeds(tmp_path, spark, seed_runs, seed_reference) -> None:  # noqa: ANN001
    db = tmp_path / "spark.db"
    stats = _two_runs(db, *seed_runs, engine="spark", spark=spark, chunk_size=2)
    assert stats[1].duplicates == 5 and stats[1].corpus.new_articles == 2
    _assert_same(_dump(db), seed_reference)


@pytest.mark.corpus
def test_spark_stores_what_the_local_engine_stores_on_the_corpora(tmp_path, spark, corpus_runs, corpus_reference) -> None:  # noqa: ANN001
    db = tmp_path / "spark.db"
    stats = _two_runs(db, *corpus_runs, engine="spark", spark=spark, chunk_size=128)
    assert stats[1].corpus.near_duplicate_pairs + stats[1].corpus.exact_duplicate_pairs > 0
    got = _dump(db)
    assert len(got["events"]) > 100 and any('"near_duplicate"' in e or '"syndicated_copy"' in e for e in got["events"])
    _assert_same(got, corpus_reference)


def test_spark_lsh_finds_the_pairs_of_the_local_index(spark) -> None:  # noqa: ANN001
    """Old and new rows, copies among both, empty texts and an oversized bucket."""
    import numpy as np

    from haberdar.corpus import LocalCorpusEngine
    from haberdar.engine.spark import SparkCorpusEngine

    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(3000)]
    base = [" ".join(rng.choice(words, 80)) for _ in range(60)]
    texts = []
    for i in range(300):
        t = base[i % 60].split()
        t[rng.integers(0, 80)] = "değişti"  # near copies of 60 stories
        texts.append(" ".join(t) if i % 7 else "")
    texts += ["aynı metin burada"] * 5  # identical short texts
    local, remote = LocalCorpusEngine(), SparkCorpusEngine(spark)
    sigs = local.signatures(iter([texts[:150], texts[150:]]))
    assert np.array_equal(sigs, remote.signatures(iter([texts[:100], texts[100:]])))
    ids = [f"a{i:04d}" for i in range(len(texts))]
    for n_old in (0, 120, len(texts) - 3):
        lp, ls = local.near_pairs(ids, sigs, n_old)
        sp, ss = remote.near_pairs(ids, sigs, n_old)
        assert len(lp) > 0
        assert np.array_equal(lp, sp) and np.array_equal(ls, ss)


def test_cli_run_engine_spark_and_workers_and_parquet_export(tmp_path) -> None:  # noqa: ANN001
    import subprocess
    import sys

    _need_spark()
    pq = pytest.importorskip("pyarrow.parquet")
    cli = [sys.executable, "-m", "haberdar.cli"]
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    subprocess.run([*cli, "run", str(SEEDS), "--db", str(a), "--workers", "2", "-q"], check=True, capture_output=True)
    subprocess.run([*cli, "run", str(SEEDS), "--db", str(b), "--engine", "spark", "--spark-master", "local[1]", "-q"], check=True, capture_output=True)
    outs = []
    for db in (a, b):
        out = tmp_path / f"{db.stem}.parquet"
        subprocess.run([*cli, "export", "events", "--db", str(db), "--format", "parquet", "--output", str(out)], check=True, capture_output=True)
        outs.append(pq.read_table(out).to_pylist())
    jsonl = subprocess.run([*cli, "export", "events", "--db", str(a)], check=True, capture_output=True, text=True).stdout
    events = [json.loads(line) for line in jsonl.splitlines()]
    assert outs[0] == outs[1] and len(outs[0]) == len(events) == 5
    for row, ev in zip(outs[0], events, strict=True):
        assert row["id"] == ev["id"] and row["topics"] == ev["topics"]
        assert json.loads(row["actors"]) == ev["actors"] and row["independent_sources"] == ev["independent_sources"]
    res = subprocess.run([*cli, "export", "events", "--db", str(a), "--format", "parquet"], capture_output=True, text=True)
    assert res.returncode == 2 and "--output" in res.stderr
