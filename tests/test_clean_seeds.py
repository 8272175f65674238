"""Boilerplate removal on the five seed pages, against clean output written by hand."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, SEEDS

from haberdar.clean import clean
from haberdar.ingest.text import read_text
from haberdar.records import RawDocument

SEED_KEYS = ["000", "001", "002", "003", "004"]


def _clean_seed(key: str, res):  # noqa: ANN001
    path = next(SEEDS.glob(f"{key}_*.txt"))
    doc = read_text(str(path), path.read_bytes())
    assert isinstance(doc, RawDocument)
    return clean(doc, res)


@pytest.mark.parametrize("key", SEED_KEYS)
def test_seed_clean_body_matches_hand_written_fixture(key, res):
    expected = json.loads((FIXTURES / "seeds_clean" / f"{key}.json").read_text(encoding="utf-8"))
    art = _clean_seed(key, res)
    assert art.title == expected["title"]
    assert art.body == expected["body"]
    assert art.lead == expected["lead"]


@pytest.mark.parametrize("key", SEED_KEYS)
def test_seed_bodies_carry_no_page_chrome(key, res):
    body = _clean_seed(key, res).body
    for chrome in ("YORUMLAR", "AdminAdmin", "EDISYON", "#Gazze", "Üye olarak", "Konya Haberci | Konya Haber", "kaynak:sabah", "Giriş Tarihi"):
        assert chrome not in body


def test_repeated_headline_and_lead_appear_once(res):
    art = _clean_seed("002", res)
    lead = "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın, Hamas Şura Meclisi Başkanı Muhammed İsmail Derviş"
    assert art.body.count(lead) == 1
    assert art.title not in art.body
    reasons = {r.reason for r in art.removed}
    assert "repeated block" in reasons


def test_every_removed_line_has_a_reason(res):
    for key in SEED_KEYS:
        for r in _clean_seed(key, res).removed:
            assert r.reason and r.text


def test_seed_chrome_reasons_name_what_was_removed(res):
    by_text = {r.text: r.reason for r in _clean_seed("002", res).removed}
    assert by_text["Konya Haberci | Konya Haber"] == "site header"
    assert by_text["30 HAZİRAN Pazartesi 07:16"].startswith("render timestamp")
    assert by_text["kaynak:sabah"] == "source credit"
    assert by_text["AdminAdmin"] == "author placeholder"
    by_text = {r.text: r.reason for r in _clean_seed("003", res).removed}
    assert by_text["#Gazze"] == "hashtags"
    assert by_text["İbrahim Kalın"] == "photo caption or byline"
    assert by_text["AA"] == "source credit"


def test_seed_dates_and_origins(res):
    a2, a3 = _clean_seed("002", res), _clean_seed("003", res)
    assert (a2.published.value, a2.published.precision, a2.origin) == ("2025-06-30T00:22", "minute", "Sabah")
    assert (a3.published.value, a3.published.precision, a3.origin) == ("2024-09-13T21:34", "minute", "AA")
    for key in ("000", "001", "004"):
        art = _clean_seed(key, res)
        assert art.published.value is None and art.published.precision == "unknown"
        assert art.origin is None


def test_seeds_are_identified_as_turkish(res):
    assert {_clean_seed(k, res).language for k in SEED_KEYS} == {"tr"}
