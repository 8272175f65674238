"""Knowledge base: curated data, Wikidata table and dump imports, and the queries on them."""

from __future__ import annotations

import gzip
import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED

from haberdar.kb import Entity, KnowledgeBase, Role, load_default_kb, parse_partial_date
from haberdar.kb.default import _load, curated_kb, packaged_tables

TABLES = FIXTURES / "kb"


def names(entities: list[Entity]) -> list[str]:
    return [e.name for e in entities]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_default_kb()


@pytest.fixture()
def tables_kb() -> KnowledgeBase:
    """The curated KB plus the fixture excerpts of every table layout."""
    kb = curated_kb()
    for path in sorted(TABLES.glob("*.csv")):
        kb.load_wikidata_csv(path)
    return kb


# ---------------------------------------------------------------- curated KB


def test_curated_kb_names_the_mit_chief_of_each_date(kb: KnowledgeBase) -> None:
    assert names(kb.holders("MİT Başkanı", on=date(2022, 1, 1))) == ["Hakan Fidan"]
    assert names(kb.holders("MİT Başkanı", on=date(2024, 9, 13))) == ["İbrahim Kalın"]


def test_handover_day_belongs_to_the_outgoing_chief(kb: KnowledgeBase) -> None:
    assert names(kb.holders("MİT Başkanı", on=date(2023, 6, 4))) == ["Hakan Fidan"]
    assert names(kb.holders("MİT Başkanı", on=date(2023, 6, 5))) == ["İbrahim Kalın"]


@pytest.mark.parametrize(
    ("title", "organisation"),
    [
        ("Milli İstihbarat Teşkilatı Başkanı", None),
        ("Milli İstihbarat Teşkilatı (MİT) Başkanı", None),
        ("Mit Başkanı", None),
        ("MİT BAŞKANI", None),
        ("Türkiye Cumhuriyeti MİT Başkanı", None),
        ("Başkanı", "MİT"),
    ],
)
def test_every_spelling_of_an_office_finds_its_holder(
    kb: KnowledgeBase, title: str, organisation: str | None
) -> None:
    assert names(kb.holders(title, organisation, on=date(2024, 9, 13))) == ["İbrahim Kalın"]


def test_office_of_a_foreign_state_is_told_apart_by_its_country(kb: KnowledgeBase) -> None:
    on = date(2025, 2, 1)
    assert names(kb.holders("Katar Başbakanı", on=on)) == ["Muhammed bin Abdurrahman Al Sani"]
    assert names(kb.holders("Dışişleri Bakanı", "Katar", on=on)) == [
        "Muhammed bin Abdurrahman Al Sani"
    ]
    assert names(kb.holders("Türkiye Dışişleri Bakanı", on=on)) == ["Hakan Fidan"]
    # no country named: every state's foreign minister
    assert {"Hakan Fidan", "Muhammed bin Abdurrahman Al Sani", "Marco Rubio"} <= set(
        names(kb.holders("Dışişleri Bakanı", on=on))
    )


def test_egyptian_intelligence_chief_under_short_and_long_office_names(kb: KnowledgeBase) -> None:
    on = date(2025, 3, 1)
    assert names(kb.holders("Mısır Genel İstihbarat Servisi Başkanı", on=on)) == ["Hasan Reşat"]
    assert names(kb.holders("Mısır Genel İstihbarat Başkanı", on=on)) == ["Hasan Reşat"]


def test_role_with_unknown_start_is_held_on_any_date(kb: KnowledgeBase) -> None:
    assert names(kb.holders("Hamas Şura Meclisi Başkanı", on=date(2025, 6, 30))) == [
        "Muhammed İsmail Derviş"
    ]


def test_roles_of_a_person_come_in_date_order_and_filter_by_day(kb: KnowledgeBase) -> None:
    fidan = kb.find("Hakan Fidan")[0]
    assert [r.title for r in kb.roles_of(fidan.id)] == ["MİT Başkanı", "Dışişleri Bakanı"]
    assert [r.title for r in kb.roles_of(fidan.id, on=date(2024, 1, 1))] == ["Dışişleri Bakanı"]


def test_month_precision_date_keeps_its_precision(kb: KnowledgeBase) -> None:
    resat = kb.find("Hasan Reşat")[0]
    (role,) = kb.roles_of(resat.id)
    assert (role.start, role.start_precision) == (date(2024, 10, 1), "month")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kalın'ın", None),  # a surname alone is not a name match …
        ("İBRAHİM KALIN", "İbrahim Kalın"),
        ("Ibrahim Kalin", "İbrahim Kalın"),
        ("İbrahim Kalın’ın", "İbrahim Kalın"),
        ("Mohammed bin Abdulrahman Al Thani", "Muhammed bin Abdurrahman Al Sani"),
        ("Şeyh Muhammed bin Abdurrahman Al Sani", "Muhammed bin Abdurrahman Al Sani"),
        ("Xi Jinping", "Şi Cinping"),
        ("Hassan Rashad", "Hasan Reşat"),
        ("MİT’ten", "Milli İstihbarat Teşkilatı"),
        ("Mit", "Milli İstihbarat Teşkilatı"),
        ("BMGK", "Birleşmiş Milletler Güvenlik Konseyi"),
        ("CMCC", "Sivil-Askeri Koordinasyon Merkezi"),
        ("Kahire'de", "Kahire"),
        ("Qatar", "Katar"),
    ],
)
def test_find_ignores_case_suffix_diacritics_and_transliteration(
    kb: KnowledgeBase, query: str, expected: str | None
) -> None:
    found = names(kb.find(query))
    assert found == ([expected] if expected else [])


def test_find_by_surname_only_when_asked(kb: KnowledgeBase) -> None:
    assert names(kb.find("Kalın", partial=True)) == ["İbrahim Kalın"]
    assert set(names(kb.find("Al Sani", partial=True))) >= {
        "Muhammed bin Abdurrahman Al Sani",
        "Temim bin Hamed Al Sani",
    }


def test_role_key_is_shared_by_spellings_and_distinct_across_offices(kb: KnowledgeBase) -> None:
    mit = kb.role_key("MİT Başkanı")
    assert kb.role_key("Mit Başkanı") == mit
    assert kb.role_key("Milli İstihbarat Teşkilatı Başkanı") == mit
    assert kb.role_key("Başkanı", "MİT") == mit
    assert kb.role_key("Hamas Şura Meclisi Başkanı") != mit
    assert kb.role_key("Katar Başbakanı") != kb.role_key("İsrail Başbakanı")


def test_default_kb_is_loaded_once_and_fast() -> None:
    t0 = time.perf_counter()
    fresh = _load(None)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0
    assert len(fresh) > 200  # curated entries + countries
    assert load_default_kb() is load_default_kb()


def test_partial_dates_take_the_first_or_last_day_of_their_period() -> None:
    assert parse_partial_date("2024-10") == (date(2024, 10, 1), "month")
    assert parse_partial_date("2024-02", end=True) == (date(2024, 2, 29), "month")
    assert parse_partial_date("2017", end=True) == (date(2017, 12, 31), "year")
    assert parse_partial_date("+2023-06-05T00:00:00Z") == (date(2023, 6, 5), "day")
    assert parse_partial_date("") == (None, "day")


def test_curated_yaml_from_a_stream_merges_into_existing_entities() -> None:
    kb = KnowledgeBase(countries=False)
    kb.load_yaml(io.StringIO("entities:\n  - {name: Ali Veli, type: PER, aliases: [A. Veli]}\n"))
    kb.load_yaml(
        io.StringIO(
            "entities:\n  - {name: Ali Veli, type: PER, aliases: [Ali Veli Bey], sources: [x]}\n"
        )
    )
    (entity,) = kb.entities.values()
    assert entity.aliases == ["A. Veli", "Ali Veli Bey"] and entity.sources == ["x"]


# ---------------------------------------------------------------- Wikidata tables


def test_item_table_is_titled_by_its_file_name(tables_kb: KnowledgeBase) -> None:
    assert names(tables_kb.holders("Dışişleri Bakanı", "Türkiye", on=date(2010, 6, 1))) == [
        "Ahmet Davutoğlu"
    ]
    davutoglu = tables_kb.get("Q58198")
    assert davutoglu is not None and davutoglu.country == "Türkiye"
    role = tables_kb.roles_of("Q58198")[0]
    assert role.aliases == ["Minister of Foreign Affairs"]
    assert role.source.startswith("turkey_foreign-trwiki_wikidata.csv#Q58198-")


def test_cabinet_table_maps_english_positions_to_turkish_titles(tables_kb: KnowledgeBase) -> None:
    assert names(tables_kb.holders("Merkez Bankası Başkanı", on=date(2020, 1, 1))) == [
        "Murat Uysal"
    ]
    assert names(tables_kb.holders("Cumhurbaşkanı", "Türkiye", on=date(2010, 1, 1))) == [
        "Abdullah Gül"
    ]
    selcuk = tables_kb.get("Q55456168")
    assert selcuk is not None
    assert tables_kb.roles_of(selcuk.id)[0].title == "Aile, Çalışma ve Sosyal Hizmetler Bakanı"


def test_year_only_table_dates_are_kept_at_year_precision(tables_kb: KnowledgeBase) -> None:
    (role,) = tables_kb.roles_of("Q19612046")  # Mustafa Tuna, mayor of Ankara "2017"–"2019"
    assert role.title == "Ankara Belediye Başkanı"
    assert (role.start, role.start_precision, role.end, role.end_precision) == (
        date(2017, 1, 1),
        "year",
        date(2019, 12, 31),
        "year",
    )


def test_world_leaders_table_names_the_office_with_its_country(tables_kb: KnowledgeBase) -> None:
    assert names(tables_kb.holders("Katar Başbakanı", on=date(2021, 6, 1))) == [
        "Khalid bin Khalifa bin Abdul Aziz Al Thani"
    ]
    assert names(tables_kb.holders("Mısır Cumhurbaşkanı", on=date(2021, 6, 1))) == [
        "Abdulfettah es-Sisi"
    ]
    assert names(tables_kb.holders("ABD Başkanı", on=date(2021, 6, 1))) == ["Joe Biden"]
    assert names(tables_kb.holders("Lihtenştayn Prensi", on=date(2021, 6, 1))) == [
        "Hans-Adam II, Prince of Liechtenstein"
    ]


def test_curated_holding_supersedes_an_open_ended_table_holding(tables_kb: KnowledgeBase) -> None:
    # the tables end in 2022 with Khalid still prime minister; the curated KB knows his successor
    assert names(tables_kb.holders("Katar Başbakanı", on=date(2024, 1, 1))) == [
        "Muhammed bin Abdurrahman Al Sani"
    ]
    assert names(tables_kb.holders("Dışişleri Bakanı", "Türkiye", on=date(2024, 1, 1))) == [
        "Hakan Fidan"
    ]


def test_one_statement_in_several_tables_is_one_role(tables_kb: KnowledgeBase) -> None:
    roles = [r for r in tables_kb.roles_of("Q249206") if r.title == "Dışişleri Bakanı"]
    assert [(r.start, r.end) for r in roles] == [
        (date(2014, 8, 29), date(2015, 8, 30)),
        (date(2015, 11, 24), date(2023, 6, 4)),  # end from the curated KB
    ]
    assert "Minister of Foreign Affairs, Turkey" in roles[1].aliases


def test_year_and_day_precision_records_of_one_holding_merge(tables_kb: KnowledgeBase) -> None:
    presidencies = [r for r in tables_kb.roles_of("Q39259") if r.title == "Cumhurbaşkanı"]
    assert [(r.start, r.start_precision) for r in presidencies] == [(date(2014, 8, 28), "day")]


def test_tables_attach_their_qids_to_curated_people(tables_kb: KnowledgeBase) -> None:
    (sisi,) = tables_kb.find("Abdel Fattah el-Sisi")
    assert sisi.qid == "Q307871" and sisi.name == "Abdulfettah es-Sisi"


def test_import_reports_what_it_added(tmp_path: Path) -> None:
    kb = KnowledgeBase()
    stats = kb.load_wikidata_csv(TABLES / "turkey_foreign-trwiki_wikidata.csv")
    assert (stats.rows, stats.entities_added, stats.roles_added) == (7, 5, 7)
    again = kb.load_wikidata_csv(TABLES / "turkey_foreign-trwiki_wikidata.csv")
    assert (again.entities_added, again.roles_added, again.roles_merged) == (0, 0, 7)


def test_unknown_table_layout_is_rejected_with_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("who,when\nX,2020\n", encoding="utf-8")
    with pytest.raises(ValueError, match="who"):
        KnowledgeBase().load_wikidata_csv(path)


@pytest.mark.corpus
def test_all_shipped_tables_import() -> None:
    kb_dir = SHARED / "kb"
    if not kb_dir.is_dir():
        pytest.skip(f"needs {kb_dir}")
    kb = KnowledgeBase(countries=False)
    total = 0
    for path in sorted(kb_dir.glob("*.csv")):
        stats = kb.load_wikidata_csv(path)
        assert stats.skipped == 0, path.name
        total += stats.roles_added
    assert len(kb.roles) == total > 650
    assert names(kb.holders("Genelkurmay Başkanı", on=date(2010, 1, 1))) == ["İlker Başbuğ"]
    assert names(kb.holders("Ankara Valisi", on=date(2015, 6, 1))) == ["Mehmet Kılıçlar"]


# ---------------------------------------------------------------- Wikidata dump


def _entity(qid: str, tr: str | None, en: str | None, **extra: object) -> dict[str, object]:
    labels = {}
    if tr:
        labels["tr"] = {"language": "tr", "value": tr}
    if en:
        labels["en"] = {"language": "en", "value": en}
    return {"type": "item", "id": qid, "labels": labels, **extra}


def _claim(
    prop: str,
    value_id: str,
    *,
    start: str | None = None,
    end: str | None = None,
    precision: int = 11,
    rank: str = "normal",
) -> dict[str, object]:
    qualifiers: dict[str, list[dict[str, object]]] = {}
    for qprop, time_value in (("P580", start), ("P582", end)):
        if time_value:
            qualifiers[qprop] = [
                {"datavalue": {"value": {"time": time_value, "precision": precision}}}
            ]
    return {
        "mainsnak": {
            "snaktype": "value",
            "property": prop,
            "datavalue": {"value": {"entity-type": "item", "id": value_id}},
        },
        "rank": rank,
        "qualifiers": qualifiers,
        "id": f"{value_id}$1",
    }


def _write_dump(path: Path, entities: list[dict[str, object]], extra_lines: list[str] = ()) -> None:
    lines = ["["] + [json.dumps(e, ensure_ascii=False) + "," for e in entities] + list(extra_lines)
    lines[-1] = lines[-1].rstrip(",")
    lines.append("]")
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    """Four entities in the latest-all.json.gz format: two people, an office, a city."""
    kalin = _entity(
        "Q900001",
        "İbrahim Kalın",
        "Ibrahim Kalin",
        aliases={"en": [{"language": "en", "value": "Kalin"}]},
        claims={
            "P31": [_claim("P31", "Q5")],
            "P27": [_claim("P27", "Q43")],
            "P39": [
                _claim("P39", "Q900100", start="+2023-06-05T00:00:00Z"),
                _claim(
                    "P39",
                    "Q900200",
                    start="+2014-12-00T00:00:00Z",
                    end="+2023-06-00T00:00:00Z",
                    precision=10,
                ),
                _claim("P39", "Q900300", start="+2000-01-01T00:00:00Z", rank="deprecated"),
            ],
        },
    )
    fidan = _entity(
        "Q900002",
        "Hakan Fidan",
        "Hakan Fidan",
        claims={
            "P31": [_claim("P31", "Q5")],
            "P39": [
                _claim("P39", "Q900100", start="+2010-05-27T00:00:00Z", end="+2023-06-04T00:00:00Z")
            ],
        },
    )
    office = _entity(
        "Q900100",
        "Millî İstihbarat Teşkilatı Başkanı",
        "Director of the National Intelligence Organization",
    )
    city = _entity(
        "Q3640",
        "Ankara",
        "Ankara",
        claims={"P31": [_claim("P31", "Q515")], "P17": [_claim("P17", "Q43")]},
    )
    path = tmp_path / "latest-all.json.gz"
    # a line that is not JSON: the reader must skip it unparsed when no filter wants it
    _write_dump(
        path, [kalin, fidan, office, city], extra_lines=['{"type":"item","id":"Q999999", BROKEN,']
    )
    return path


def test_dump_import_filtered_by_position_keeps_its_holders_and_titles(dump: Path) -> None:
    kb = KnowledgeBase()
    stats = kb.load_wikidata_dump(dump, positions={"Q900100"})
    assert stats.roles_added == 2
    assert names(kb.holders("Millî İstihbarat Teşkilatı Başkanı", on=date(2024, 9, 13))) == [
        "İbrahim Kalın"
    ]
    assert names(kb.holders("Millî İstihbarat Teşkilatı Başkanı", on=date(2022, 1, 1))) == [
        "Hakan Fidan"
    ]
    kalin = kb.get("Q900001")
    assert kalin is not None
    # the English label folds to the Turkish one and is not kept twice
    assert (kalin.type, kalin.country, kalin.aliases) == ("PER", "Türkiye", ["Kalin"])
    # only the filtered position's claim is kept
    assert [r.position_qid for r in kb.roles_of("Q900001")] == ["Q900100"]
    assert kb.get("Q3640") is None


def test_dump_import_filtered_by_entity_keeps_all_live_claims_at_their_precision(
    dump: Path,
) -> None:
    kb = KnowledgeBase()
    kb.load_wikidata_dump(dump, qids={"Q900001", "Q3640"})
    roles = kb.roles_of("Q900001")
    assert [r.position_qid for r in roles] == ["Q900200", "Q900100"]  # deprecated claim dropped
    spokesman = roles[0]
    assert (spokesman.start, spokesman.start_precision) == (date(2014, 12, 1), "month")
    assert (spokesman.end, spokesman.end_precision) == (date(2023, 6, 30), "month")
    city = kb.get("Q3640")
    assert city is not None and city.type == "LOC"


def test_dump_reader_accepts_a_binary_stream(dump: Path) -> None:
    kb = KnowledgeBase(countries=False)
    with open(dump, "rb") as fh:
        kb.load_wikidata_dump(fh, qids={"Q900002"})
        assert not fh.closed  # the caller's stream stays open
    assert names(kb.find("Hakan Fidan")) == ["Hakan Fidan"]


def test_role_record_says_whether_it_was_held_on_a_day() -> None:
    role = Role(entity_id="x", title="Başbakan", start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert role.active_on(date(2020, 6, 1)) and not role.active_on(date(2021, 1, 1))


def test_dump_reader_accepts_an_uncompressed_file(dump: Path, tmp_path: Path) -> None:
    plain = tmp_path / "latest-all.json"
    plain.write_bytes(gzip.decompress(dump.read_bytes()))
    kb = KnowledgeBase(countries=False)
    kb.load_wikidata_dump(plain, qids={"Q900002"})
    assert names(kb.find("Hakan Fidan")) == ["Hakan Fidan"]


def test_places_inside_places_do_not_disagree() -> None:
    from haberdar.corpus import _places_disagree
    from haberdar.kb.places import chain, compatible

    assert chain("Dolmabahçe")[:4] == ["dolmabahce", "besiktas", "istanbul", "turkiye"]
    assert compatible("Dolmabahçe", "İstanbul") and compatible("İstanbul", "Türkiye")
    assert compatible("Çankaya Köşkü", "Ankara") and compatible("Beyaz Saray", "Washington")
    assert not compatible("İstanbul", "Ankara") and not compatible("Dolmabahçe", "Ankara")
    assert not _places_disagree(["Dolmabahçe", "İstanbul"])
    assert _places_disagree(["Dolmabahçe", "Ankara"])


@pytest.mark.parametrize(("title", "many"), [
    ("TBMM Başkanvekili", True), ("CHP Grup Başkanvekili", True), ("CHP İl Başkanı", True),
    ("CHP Genel Başkan Yardımcıları", True), ("ABD Büyükelçisi", True),
    ("Başbakan", False), ("MİT Başkanı", False), ("İçişleri Bakanı", False), ("CHP Genel Başkanı", False),
    # spelt apart, co-chairs, candidates; an office of one body per town or club without its body
    ("CHP Grup Başkan Vekili", True), ("HDP Eş Genel Başkanı", True), ("İstanbul Büyükşehir Belediye Başkan adayı", True),
    ("Belediye Başkanı", True), ("Teknik Direktörü", True), ("Türkiye Direktörü", True),
    ("İstanbul Büyükşehir Belediye Başkanı", False), ("Fenerbahçe Teknik Direktörü", False),
])
def test_offices_with_many_holders_come_from_the_data(title: str, many: bool) -> None:
    from haberdar.resources import default_resources

    assert default_resources().kb.is_multi_holder(title) is many


def test_a_former_holder_is_not_a_claim_about_the_present() -> None:
    from haberdar.corpus.verify import extract_claims
    from haberdar.resources import default_resources

    kb = default_resources().kb

    def claims(body: str) -> list[tuple[str, str]]:
        return [(c["title"], c["person"]) for c in extract_claims({"id": "a", "body": body}, kb)]

    assert claims("Eski İstanbul Büyükşehir Belediye Başkanı Recep Tayyip Erdoğan konuştu.") == []
    assert claims("Dönemin Başbakanı Bülent Ecevit açıkladı.") == []
    assert claims("Başbakan Bülent Ecevit döneminde yapıldı.") == []
    assert claims("MİT Başkanı İbrahim Kalın görüştü.") == [("MİT Başkanı", "İbrahim Kalın")]


def test_a_known_person_in_another_office_or_a_past_one_claims_nothing() -> None:
    """The KB's record of a person settles "TITLE PERSON" on a day: a holder of another
    one-holder office then (Erdoğan was Başbakan in 2014), or of this office only before, is
    named in a look back or a misread title, not as its present holder."""
    from haberdar.corpus.verify import extract_claims
    from haberdar.resources import default_resources

    kb = default_resources().kb

    def claims(body: str, day: str) -> list[tuple[str, str]]:
        art = {"id": "a", "body": body, "published_at": day, "date_precision": "day"}
        return [(c["title"], c["person"]) for c in extract_claims(art, kb)]

    assert claims("Salona İstanbul Büyükşehir Belediye Başkanı Recep Tayyip Erdoğan giriyor.", "2014-01-26") == []
    assert claims("Başbakan Recep Tayyip Erdoğan konuştu.", "2014-01-26") == [("Başbakan", "Recep Tayyip Erdoğan")]
    assert claims("MİT Başkanı Hakan Fidan görüştü.", "2014-03-05") == [("MİT Başkanı", "Hakan Fidan")]
    assert claims("MİT Başkanı Hakan Fidan görüştü.", "2024-03-05") == []  # Dışişleri Bakanı since 2023
    # someone the KB does not know is left to the sources
    assert claims("MİT Başkanı Ahmet Yılmaz görüştü.", "2024-03-05") == [("MİT Başkanı", "Ahmet Yılmaz")]


def test_a_foreign_countrys_body_is_not_turkeys() -> None:
    kb = load_default_kb()
    assert kb.role_key("ABD Genelkurmay Başkanı") == kb.role_key("Amerika Birleşik Devletleri Genelkurmay Başkanı")
    assert kb.role_key("ABD Genelkurmay Başkanı") != kb.role_key("Genelkurmay Başkanı")
    assert kb.role_key("Letonya Merkez Bankası Başkanı") != kb.role_key("Merkez Bankası Başkanı")
    assert kb.role_key("Türkiye Genelkurmay Başkanı") == kb.role_key("Genelkurmay Başkanı")


def test_an_open_end_in_a_table_holds_only_up_to_the_tables_last_year(tmp_path: Path) -> None:
    """A Wikidata table is a snapshot: an open-ended row of a 2021 table says nothing of 2025
    (no stale holder for later days), and a change it dates to the year settles no day of
    that year (no kb_conflict then)."""
    from haberdar.corpus.verify import _change_near

    table = tmp_path / "world_leaders_2021_wikidata.csv"
    table.write_text(
        "countryid,country,position,positionLabel,officeholder,officeholderLabel,start_year,end_year\n"
        "Q213,Czech Republic,Q11084446,Prime Minister of the Czech Republic,Q57336,Andrej Babiš,2017,2021\n"
        "Q213,Czech Republic,Q11084446,Prime Minister of the Czech Republic,Q10853413,Petr Fiala,2021,\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase()
    kb.load_wikidata_csv(table)
    title = "Çekya Başbakanı"
    assert [h.name for h in kb.holders(title, on=date(2019, 5, 1))] == ["Andrej Babiš"]
    assert [h.name for h in kb.holders(title, on=date(2021, 12, 20))]  # within the table's years
    assert kb.holders(title, on=date(2025, 5, 1)) == []  # after the snapshot: unknown
    assert _change_near(kb, title, date(2021, 10, 3)) and not _change_near(kb, title, date(2019, 10, 3))


def test_a_term_of_address_is_no_part_of_a_name() -> None:
    from haberdar.corpus.verify import names_compatible

    assert names_compatible("Necdet Bey", "Necdet Özel")
    assert names_compatible("Milo Đukanović", "Milo Djukanoviç")
    assert not names_compatible("Necdet Bey", "Ahmet Özel")


def test_default_kb_knows_the_packaged_tables_and_historic_leaders(kb: KnowledgeBase) -> None:
    # the Wikidata tables ship with the package: no ../shared needed for 2014's chief of staff
    assert {p.name for p in packaged_tables()} >= {"turkey_cogs-trwiki_wikidata.csv", "world_leaders_2021_wikidata.csv"}
    assert names(kb.holders("Genelkurmay Başkanı", on=date(2018, 3, 1))) == ["Hulusi Akar"]
    assert "İlker Başbuğ" in names(kb.holders("Genelkurmay Başkanı", on=date(2009, 1, 1)))
    # historic.yaml: a date of death ends every office; the QID comes from the tables
    inonu = [e for e in kb.find("İsmet İnönü", type="PER")]
    assert len(inonu) == 1 and inonu[0].died == date(1973, 12, 25) and inonu[0].qid == "Q183297"
