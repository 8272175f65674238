"""The analyse stage on the seed articles: entities with suffixes split, roles, KB ids, events."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SEEDS

from haberdar.analyse import analyse
from haberdar.clean import clean
from haberdar.ingest.text import read_text


@pytest.fixture(scope="module")
def seeds(res):
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        art = clean(read_text(str(path), path.read_bytes()), res)
        out[path.name[:3]] = (art, analyse(art, res))
    return out


def _names(analysis, label):
    return {m.surface for m in analysis.mentions if m.label == label}


def test_seed_persons_are_found_with_suffixes_split(seeds):
    per = set().union(*(_names(an, "PER") for _, an in seeds.values()))
    for name in ("İbrahim Kalın", "Muhammed İsmail Derviş", "Hasan Reşat", "Hakan Kalın"):
        assert name in per
    assert any("Al Sani" in n for n in per)
    assert not any("'" in n for n in per)


def test_seed_places_are_found(seeds):
    loc = set().union(*(_names(an, "LOC") | _names(an, "ORG") for _, an in seeds.values()))
    for name in ("Ankara", "Kahire", "Gazze", "Türkiye", "İsrail", "Mısır", "Katar", "ABD"):
        assert name in loc, name


def test_seed_organisations_resolve_to_kb_entities(seeds):
    names = {e.name for _, an in seeds.values() for e in an.entities}
    assert "Milli İstihbarat Teşkilatı" in names  # MİT, expanded
    assert "Hamas" in names
    assert "Birleşmiş Milletler Güvenlik Konseyi" in names  # BMGK
    assert any("Koordinasyon Merkezi" in n for n in names)  # CMCC
    assert "Anadolu Ajansı" in names  # AA, the credited agency of seed 003


def test_surname_resolves_to_the_full_name_on_the_article_date(seeds):
    _, an = seeds["003"]
    kalin = {m.entity_id for m in an.mentions if m.surface in ("Kalın", "İbrahim Kalın")}
    assert len(kalin) == 1


def test_wrong_name_for_a_role_gets_its_own_entity(seeds):
    _, an1 = seeds["001"]
    _, an3 = seeds["003"]
    hakan = {m.entity_id for m in an1.mentions if m.surface == "Hakan Kalın"}
    ibrahim = {m.entity_id for m in an3.mentions if m.surface == "İbrahim Kalın"}
    assert hakan and ibrahim and hakan.isdisjoint(ibrahim)


def test_roles_are_title_mentions(seeds):
    _, an = seeds["004"]
    titles = {m.canonical for m in an.mentions if m.label == "TITLE"}
    assert "MİT Başkanı" in titles
    assert any(t.startswith("Katar Başbakanı") for t in titles)


def test_run_then_export_events_and_timeline(tmp_path):
    db = tmp_path / "s.db"
    run = [sys.executable, "-m", "haberdar.cli"]
    subprocess.run([*run, "run", str(SEEDS), "--db", str(db)], check=True, capture_output=True)
    out = subprocess.run([*run, "export", "events", "--db", str(db)], check=True, capture_output=True, text=True).stdout
    events = [json.loads(line) for line in out.splitlines()]
    consult = [e for e in events if e["event_type"] == "CONSULT"]
    assert len(consult) == 5
    for e in events:
        assert {"id", "event_type", "mode", "status", "date", "date_precision", "actors", "recipients", "location", "topics", "articles", "independent_sources", "evidence", "flags"} <= e.keys()
        assert e["articles"][0]["uri"].endswith(".txt")
    by_seed = {e["articles"][0]["uri"].rsplit("/", 1)[-1][:3]: e for e in consult}
    assert by_seed["003"]["date"] == "2024-09-13" and by_seed["003"]["location"]["name"] == "Ankara"
    assert by_seed["004"]["mode"] == "multilateral" and by_seed["004"]["date"] is None
    ents = subprocess.run([*run, "export", "entities", "--db", str(db)], check=True, capture_output=True, text=True).stdout
    assert "İbrahim Kalın" in ents
    tl = subprocess.run([*run, "timeline", "--db", str(db)], check=True, capture_output=True, text=True).stdout
    assert tl.index("2024-09-13") < tl.index("2025-06")


def test_show_lists_entities_with_their_canonical_names(tmp_path):
    db = tmp_path / "s.db"
    run = [sys.executable, "-m", "haberdar.cli"]
    subprocess.run([*run, "run", str(SEEDS), "--db", str(db)], check=True, capture_output=True)
    arts = subprocess.run([*run, "export", "articles", "--db", str(db)], check=True, capture_output=True, text=True).stdout
    a3 = next(json.loads(line) for line in arts.splitlines() if "/003_" in line)
    out = subprocess.run([*run, "show", a3["id"], "--db", str(db)], check=True, capture_output=True, text=True).stdout
    assert "entities and roles" in out
    mit = next(line for line in out.splitlines() if line.startswith("ORG") and "Milli İstihbarat Teşkilatı" in line)
    assert "written:" in mit and "MİT" in mit.split("written:")[1]
    assert "İbrahim Kalın" in out
    assert "TITLE" in out and "MİT Başkanı" in out


@pytest.mark.corpus
def test_a_lower_case_word_is_no_entity(tmp_path, res):  # noqa: ANN001
    """The tagger can take a common noun for a name ("internet" as an organisation, in this
    RSS item); a name is written with a capital letter, so such a span is no entity."""
    from conftest import CORPUS

    from haberdar.ingest.sources import iter_documents
    from haberdar.pipeline import process

    with (CORPUS / "rss_2017_2018.jsonl").open(encoding="utf-8") as fh:
        line = [x for _, x in zip(range(28), fh, strict=False)][-1]
    src = tmp_path / "item.jsonl"
    src.write_text(line, encoding="utf-8")
    (doc,) = list(iter_documents([str(src)]))
    article, analysis = process(doc, res, analyse=True)
    assert "internet" in article.body
    assert analysis.entities, "the item names entities"
    for m in analysis.mentions:
        if m.label != "TITLE":
            assert any(ch.isupper() or ch.isdigit() for ch in m.canonical), m
    assert all(any(ch.isupper() or ch.isdigit() for ch in e.name) for e in analysis.entities)
