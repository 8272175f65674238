"""Tokeniser and sentence splitter: the conventions the NER model was trained on."""

from __future__ import annotations

import pytest

from haberdar.analyse.tokens import (
    Token,
    load_abbreviations,
    split_sentences,
    tokenize,
    tokenize_sentences,
)
from haberdar.text import tr_lower, tr_upper


def texts(s: str) -> list[str]:
    return [t.text for t in tokenize(s)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kalın'ın", ["Kalın", "'ın"]),
        ("Kalın’ın", ["Kalın", "’ın"]),
        ("Ankara'da", ["Ankara", "'da"]),
        ("ABD'nin 2024'te", ["ABD", "'nin", "2024", "'te"]),
        ("F-16'lar", ["F-16", "'lar"]),
        ("23.00'da", ["23.00", "'da"]),
    ],
)
def test_apostrophe_suffix_is_its_own_token(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_point_into_the_text() -> None:
    s = "MİT Başkanı Kalın’ın Ankara'da, 1.5 saat görüştüğü öğrenildi."
    toks = tokenize(s)
    assert all(s[t.start : t.end] == t.text for t in toks)
    assert toks[2] == Token("Kalın", 12, 17)
    assert toks[3] == Token("’ın", 17, 20)
    shifted = tokenize(s[12:], start=12)
    assert shifted[0] == Token("Kalın", 12, 17)


def test_punctuation_numbers_and_abbreviations() -> None:
    s = 'Prof. Dr. M. Ali Birand, T.C. ve A.Ş. (1.5 milyon) "evet" dedi; No. 5 vb. 21. yüzyıl...'
    assert texts(s) == [
        "Prof.", "Dr.", "M.", "Ali", "Birand", ",", "T.C.", "ve", "A.Ş.", "(", "1.5", "milyon",
        ")", '"', "evet", '"', "dedi", ";", "No.", "5", "vb.", "21.", "yüzyıl", "...",
    ]  # fmt: skip


def test_urls_and_emails_stay_whole() -> None:
    assert texts("bkz. https://www.aa.com.tr/tr/gundem, haber@aa.com.tr.") == [
        "bkz.", "https://www.aa.com.tr/tr/gundem", ",", "haber@aa.com.tr", ".",
    ]  # fmt: skip


def test_split_sentences_survives_abbreviations_and_numbers() -> None:
    s = (
        "Dr. Ahmet Yılmaz ve Prof. Dr. M. Ali Kaya toplantıya katıldı. "
        "T.C. Merkez Bankası faizi yüzde 1.5 artırdı. "
        "Türk Telekom A.Ş. Genel Müdürü açıklama yaptı. "
        "Kalem, defter vb. Ürünler zamlandı."
    )
    got = [s[a:b] for a, b in split_sentences(s)]
    assert got == [
        "Dr. Ahmet Yılmaz ve Prof. Dr. M. Ali Kaya toplantıya katıldı.",
        "T.C. Merkez Bankası faizi yüzde 1.5 artırdı.",
        "Türk Telekom A.Ş. Genel Müdürü açıklama yaptı.",
        "Kalem, defter vb.",
        "Ürünler zamlandı.",
    ]


def test_split_sentences_quotes_and_lines() -> None:
    s = '"Geliyoruz." dedi. "Ne zaman?" diye sordu. Hayır!\nBaşlık satırı\nİkinci paragraf 21. yüzyılda.'
    got = [s[a:b] for a, b in split_sentences(s)]
    assert got == [
        '"Geliyoruz." dedi.',
        '"Ne zaman?" diye sordu.',
        "Hayır!",
        "Başlık satırı",
        "İkinci paragraf 21. yüzyılda.",
    ]
    wrapped = "Bir satır\nsürüyor."
    assert [wrapped[a:b] for a, b in split_sentences(wrapped, newline_is_boundary=False)] == [
        wrapped
    ]


def test_tokenize_sentences_and_empty_text() -> None:
    assert split_sentences("") == []
    assert tokenize("   ") == []
    sents = tokenize_sentences("Ali geldi. Veli gitti.")
    assert [[t.text for t in s] for s in sents] == [["Ali", "geldi", "."], ["Veli", "gitti", "."]]


def test_abbreviation_list_is_loaded() -> None:
    allv, enders = load_abbreviations()
    assert {"dr.", "prof.", "no."} <= allv
    assert "vb." in enders and "dr." not in enders


def test_turkish_casing() -> None:
    assert tr_lower("İSTANBUL IĞDIR") == "istanbul ığdır"
    assert tr_upper("istanbul ığdır") == "İSTANBUL IĞDIR"
    assert tr_lower("MİT") == "mit"
    assert "İ".lower() != "i"  # why tr_lower exists
