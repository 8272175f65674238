"""Credited agency/source of an article (haberdar.clean.origin)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from haberdar.clean.origin import Origin, canonical_origin, find_origin, site_from_meta
from haberdar.text import normalize_unicode

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
REAL = json.loads((ROOT / "tests" / "fixtures" / "dates_origin_real.json").read_text("utf-8"))

PROSE = (
    "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın, Ankara'da Hamas Siyasi Büro "
    "liderleriyle görüştü."
)


def origin_of(*lines: str, meta: dict | None = None) -> Origin:
    return find_origin(list(lines), meta or {})


# --------------------------------------------------------------------------- credit lines


def test_kaynak_sabah_credits_sabah() -> None:
    o = origin_of(PROSE, "kaynak:sabah", "AdminAdmin")
    assert (o.name, o.line_nos, o.kind, o.evidence) == ("Sabah", [1], "kaynak", "kaynak:sabah")


def test_kaynak_full_agency_name_credits_its_code() -> None:
    assert origin_of(PROSE, "Kaynak: Anadolu Ajansı").name == "AA"
    assert origin_of(PROSE, "KAYNAK: Doğan Haber Ajansı").name == "DHA"
    assert origin_of(PROSE, "Kaynak: İhlas Haber Ajansı").name == "İHA"


@pytest.mark.parametrize(
    ("credit", "name"),
    [
        ("Kaynak: Hürriyet", "Hürriyet"),
        ("kaynak: hurriyet", "Hürriyet"),
        ("Kaynak: YENİ ŞAFAK", "Yeni Şafak"),
        ("Kaynak: yenisafak.com", "Yeni Şafak"),
        ("Kaynak: https://www.sabah.com.tr/gundem/2025/06/30/x", "Sabah"),
        ("Kaynak: Habertürk", "Habertürk"),
        ("Kaynak: CNN Türk", "CNN Türk"),
        ("Kaynak: Türkiye Gazetesi", "Türkiye Gazetesi"),
        ("(Kaynak: Reuters)", "Reuters"),
    ],
)
def test_kaynak_outlet_names_are_canonicalised(credit: str, name: str) -> None:
    o = origin_of(PROSE, credit)
    assert (o.name, o.line_nos) == (name, [1])


def test_unknown_kaynak_is_title_cased() -> None:
    assert origin_of(PROSE, "kaynak: konya postası").name == "Konya Postası"
    assert origin_of(PROSE, "Kaynak: İZMİR GÜNDEM").name == "İzmir Gündem"


def test_kaynak_listing_several_sources_names_them_all() -> None:
    o = origin_of(PROSE, "Kaynak: DHA, Reuters")
    assert (o.name, o.names) == ("DHA", ["DHA", "Reuters"])
    assert origin_of(PROSE, "Kaynak: Al Jazeera ve AA").names == ["Al Jazeera", "AA"]


def test_kaynak_naming_no_news_source_is_removed_but_gives_no_origin() -> None:
    o = origin_of(PROSE, "Kaynak: Ajanslar")
    assert (o.name, o.line_nos) == (None, [1])


@pytest.mark.parametrize(
    "code",
    ["AA", "DHA", "İHA", "ANKA", "AFP", "Reuters", "Sputnik", "Xinhua", "BBC Türkçe", "AP", "DPA"],
)
def test_line_that_is_only_an_agency_code_is_a_credit(code: str) -> None:
    o = origin_of("Başlık", code, PROSE)
    assert (o.name, o.line_nos, o.kind) == (code, [1], "agency-line")


def test_two_agencies_on_one_line() -> None:
    o = origin_of("DHA/AA", PROSE)
    assert (o.name, o.names, o.line_nos) == ("DHA", ["DHA", "AA"], [0])


def test_agency_and_reporter_line() -> None:
    assert origin_of("DHA/Mehmet Candan", PROSE).line_nos == [0]


@pytest.mark.parametrize("line", ["Aa", "aa", "aA", "AAA", "KAAN", "Anka", "Iha"])
def test_agency_codes_are_case_sensitive_whole_words(line: str) -> None:
    o = origin_of("Başlık", line, PROSE)
    assert (o.name, o.line_nos) == (None, [])


def test_aa_inside_words_or_lowercase_in_text_is_not_a_credit() -> None:
    assert origin_of("Kaan AAKAR ve aa harfleri; KAAN uçağı.", PROSE).name is None


def test_place_slash_agency_line() -> None:
    o = origin_of("İstanbul / DHA", PROSE)
    assert (o.name, o.line_nos, o.kind) == ("DHA", [0], "slash-credit")


def test_haber_reporter_slash_agency_line() -> None:
    o = origin_of(PROSE, "Haber: Ahmet Yılmaz / İHA")
    assert (o.name, o.line_nos) == ("İHA", [1])


def test_breadcrumb_is_not_a_credit() -> None:
    assert origin_of("GÜNDEM / DÜNYA", "SON DAKİKA / DÜNYA", PROSE).name is None


# --------------------------------------------------------------------------- inside paragraphs


def test_ankara_aa_dateline_credits_aa_and_keeps_the_line() -> None:
    o = origin_of("Ankara (AA) – " + PROSE)
    assert (o.name, o.line_nos, o.kind) == ("AA", [], "dateline")


def test_aa_in_parentheses_at_start_or_end_of_paragraph() -> None:
    assert (origin_of("(AA) - " + PROSE).name, origin_of("(AA) - " + PROSE).line_nos) == ("AA", [])
    o = origin_of(PROSE + " (AA)")
    assert (o.name, o.line_nos, o.kind) == ("AA", [], "paren")


def test_aa_in_parentheses_mid_sentence_is_not_a_credit() -> None:
    assert origin_of("Ajansın (AA) yeni binası açıldı ve törene çok kişi katıldı.").name is None


def test_expansion_of_an_abbreviation_is_not_a_credit() -> None:
    assert origin_of("İsrail ilk kez insansız hava aracı (İHA)").name is None
    assert origin_of("Haberi ilk veren Anadolu Ajansı (AA)").name is None


def test_photo_credits_are_not_the_origin() -> None:
    assert origin_of("Fotoğraf: AA", "Telif hakkı Reuters", "[Fotoğraf: AA]", PROSE).name is None


def test_agency_reporter_mention_in_wire_copy() -> None:
    o = origin_of("Bakan, AA muhabirine yaptığı açıklamada zammın olmayacağını söyledi.")
    assert (o.name, o.kind, o.line_nos) == ("AA", "reporter", [])


def test_foreign_reporter_mention_is_not_a_credit() -> None:
    assert origin_of("Reuters muhabiri, sıcaklığın eksi 9 derece olduğunu aktardı.").name is None


def test_citing_an_agency_in_prose_is_not_a_credit() -> None:
    assert (
        origin_of(
            "ANKA'nın haberine göre aday istifa etti.", "ANKA'ya konuşan Çetin, açıklama yaptı."
        ).name
        is None
    )


def test_credit_line_beats_weaker_shapes() -> None:
    o = origin_of("Bakan, AA muhabirine açıklama yaptı.", "Kaynak: DHA")
    assert (o.name, o.kind) == ("DHA", "kaynak")


def test_meta_is_used_only_for_known_sources() -> None:
    assert origin_of(PROSE, meta={"author": "Anadolu Ajansı"}).name == "AA"
    assert origin_of(PROSE, meta={"author": "Ahmet Yılmaz"}).name is None
    assert origin_of("Kaynak: DHA", meta={"author": "AA"}).name == "DHA"


# --------------------------------------------------------------------------- names and sites


def test_canonical_origin_aliases() -> None:
    assert canonical_origin("hurriyet") == "Hürriyet"
    assert canonical_origin("Demirören Haber Ajansı") == "DHA"
    assert canonical_origin("Doğan Haber Ajansı") == "DHA"
    assert canonical_origin("AA") == "AA"
    assert canonical_origin("Wikipedia") == ""
    assert canonical_origin("bu bir cümle değil, çok uzun bir metin. Nokta var.") is None


def test_site_from_meta() -> None:
    assert site_from_meta({"site": "sozcu.com.tr"}) == "sozcu.com.tr"
    assert site_from_meta({"url": "https://www.Sabah.com.tr/gundem/x"}) == "sabah.com.tr"
    assert site_from_meta({"url": "www.konyahaberci.com/haber/1"}) == "konyahaberci.com"
    assert site_from_meta({}) is None
    assert site_from_meta({"url": ""}) is None


# --------------------------------------------------------------------------- real cases, seeds


@pytest.mark.parametrize("case", REAL["origin"], ids=lambda c: c["from"][-60:])
def test_real_credits_from_the_corpus(case: dict) -> None:
    o = find_origin(case["lines"], {})
    assert (o.name, o.kind, o.line_nos) == (case["origin"], case["kind"], case["credit_lines"])


@pytest.mark.parametrize(
    ("seed", "name", "line"),
    [
        ("000", None, None),
        ("001", None, None),
        ("002", "Sabah", "kaynak:sabah"),
        ("003", "AA", "AA"),
        ("004", None, None),
    ],
)
def test_seed_origins(seed: str, name: str | None, line: str | None) -> None:
    paths = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not paths:
        pytest.skip(f"seed {seed} not in {SEEDS}")
    lines = [t for t in normalize_unicode(paths[0].read_text("utf-8")).split("\n") if t]
    o = find_origin(lines, {})
    assert o.name == name
    assert [lines[i] for i in o.line_nos] == ([line] if line else [])


def test_seed_003_excerpt_credits_aa_line() -> None:
    lines = [
        "EDISYON:",
        "Ankara'da Gazze için kritik teması",
        "21:3413/09/2024, Cuma",
        "G: 13/09/2024, Cuma",
        "AA",
        "İbrahim Kalın",
    ]
    o = find_origin(lines, {})
    assert (o.name, o.line_nos) == ("AA", [4])


@pytest.mark.corpus
def test_corpus_origin_rates_stay_low_on_unattributed_collections() -> None:
    """Sözcü bodies rarely credit anyone: more than a handful of hits means false positives."""
    path = CORPUS / "sozcu2014.jsonl"
    if not path.exists():
        pytest.skip("needs ../shared/corpus")
    rows = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    names = Counter(find_origin(normalize_unicode(r["text"]).split("\n"), {}).name for r in rows)
    names.pop(None, None)
    assert sum(names.values()) <= 15, names
