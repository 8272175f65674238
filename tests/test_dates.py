"""Publication-date stamps and their resolution (haberdar.clean.dates)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from haberdar.clean.dates import (
    DateStamp,
    find_stamps,
    fold,
    parse_date_value,
    resolve_published,
)
from haberdar.records import PublishedDate
from haberdar.text import normalize_unicode, tr_lower

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
REAL = json.loads((ROOT / "tests" / "fixtures" / "dates_origin_real.json").read_text("utf-8"))

# Excerpts of the seed pages (shared/corpus/seeds, copied in examples/seeds): the head of 002
# (Konya Haberci re-publishing Sabah) and of 003 (Yeni Şafak carrying an AA story).
SEED_002_HEAD = [
    "Konya Haberci | Konya Haber",
    "HV",
    "30 HAZİRAN Pazartesi 07:16",
    "Mit Başkanı Kalın, Hamas Şura Meclisi Başkanı Derviş İle Görüştü!",
    "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın, Hamas Şura Meclisi Başkanı Muhammed "
    "İsmail Derviş ve beraberindeki heyet ile önemli bir görüşme gerçekleştirdi.",
    "GÜNCEL",
    "Giriş Tarihi : 30-06-2025 00:22",
    "Mit Başkanı Kalın, Hamas Şura Meclisi Başkanı Derviş İle Görüştü!",
]
SEED_003_HEAD = [
    "EDISYON:",
    "Ankara'da Gazze için kritik teması: MİT Başkanı Kalın Hamas Siyasi Büro liderleriyle görüştü",
    "21:3413/09/2024, Cuma",
    "G: 13/09/2024, Cuma",
    "AA",
    "İbrahim Kalın",
    "İbrahim Kalın",
    "Gazze için küresel ölçekte diplomasi trafiğini tüm kararlılığıyla yürüten Türkiye, kritik bir "
    "görüşmeye de ev sahipliği yaptı.",
]


def one(line: str) -> DateStamp:
    """The single stamp found on a one-line page."""
    stamps = find_stamps([line])
    assert len(stamps) == 1, stamps
    return stamps[0]


def published(lines: list[str], meta: dict | None = None) -> PublishedDate:
    return resolve_published(find_stamps(lines), meta or {})


# --------------------------------------------------------------------------- forms


def test_giris_tarihi_with_dashed_date_gives_minute() -> None:
    st = one("Giriş Tarihi : 30-06-2025 00:22")
    assert (st.value, st.precision, st.kind, st.label) == (
        "2025-06-30T00:22",
        "minute",
        "labelled",
        "giris",
    )
    assert (st.start, st.end) == (0, len("Giriş Tarihi : 30-06-2025 00:22"))


def test_guncelleme_tarihi_with_dash_before_time() -> None:
    st = one("Güncelleme Tarihi: 30.06.2025 - 10:15")
    assert (st.value, st.precision, st.label) == ("2025-06-30T10:15", "minute", "guncelleme")


def test_yayinlanma_with_month_name_weekday_and_time() -> None:
    st = one("Yayınlanma: 13 Eylül 2024 Cuma 21:34")
    assert (st.value, st.precision, st.label) == ("2024-09-13T21:34", "minute", "yayin")


def test_glued_time_and_date_is_split() -> None:
    st = one("21:3413/09/2024, Cuma")
    assert (st.value, st.precision, st.kind, st.label) == (
        "2024-09-13T21:34",
        "minute",
        "glued-time-date",
        None,
    )


def test_single_letter_g_is_an_update_label() -> None:
    st = one("G: 13/09/2024, Cuma")
    assert (st.value, st.precision, st.kind, st.label) == (
        "2024-09-13",
        "day",
        "labelled",
        "guncelleme",
    )


def test_g_inside_a_line_is_not_a_label() -> None:
    assert all(s.label is None for s in find_stamps(["Grup G: 13/09/2024"]))


def test_render_timestamp_without_year_is_found_as_no_year() -> None:
    st = one("30 HAZİRAN Pazartesi 07:16")
    assert (st.value, st.precision, st.kind, st.label) == (
        "--06-30T07:16",
        "no-year",
        "day-month-name",
        None,
    )


def test_numeric_date_with_time() -> None:
    st = one("13.09.2024 21:34")
    assert (st.value, st.precision, st.kind) == ("2024-09-13T21:34", "minute", "numeric")


def test_time_printed_before_the_date() -> None:
    assert one("21:34 13.09.2024").value == "2024-09-13T21:34"


def test_day_month_name_year_gives_day() -> None:
    st = one("13 Eylül 2024")
    assert (st.value, st.precision, st.kind) == ("2024-09-13", "day", "day-month-name")


def test_iso_with_offset_gives_turkish_wall_clock() -> None:
    st = one("2024-09-13T21:34:00+03:00")
    assert (st.value, st.precision, st.kind) == ("2024-09-13T21:34", "minute", "iso")
    assert one("2024-09-13T18:34:00Z").value == "2024-09-13T21:34"


def test_month_and_year_gives_month() -> None:
    st = one("Eylül 2024")
    assert (st.value, st.precision, st.kind) == ("2024-09", "month", "month-year")


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("13 EYLÜL 2024", "2024-09-13"),
        ("13 eylül 2024", "2024-09-13"),
        ("13 Eylul 2024", "2024-09-13"),
        ("1 Subat 2018", "2018-02-01"),
        ("15 Agustos 2016", "2016-08-15"),
        ("31 Aralik 2019", "2019-12-31"),
        ("3 ŞUBAT 2020", "2020-02-03"),
        ("12 Haziran 2021", "2021-06-12"),
        ("23 NISAN 2022", "2022-04-23"),  # upper-case typed without the dotted İ
        ("13 Eyl 2024", "2024-09-13"),
    ],
)
def test_month_names_match_in_any_case_and_without_diacritics(line: str, value: str) -> None:
    assert one(line).value == value


def test_weekday_before_the_date_is_part_of_the_stamp() -> None:
    st = one("Cumartesi, 14 Eylül 2024 09:05")
    assert (st.start, st.value) == (0, "2024-09-14T09:05")


def test_stamp_next_to_a_site_name_on_a_short_line() -> None:
    st = one("APU – İnadına Haber / 31 Ocak 2018 Çarşamba")
    assert (st.value, st.kind) == ("2018-01-31", "day-month-name")


# --------------------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    "line", ["31/02/2024", "30.02.2023 10:00", "29 Şubat 2023", "00.01.2024", "12.13.2024"]
)
def test_impossible_calendar_dates_are_rejected(line: str) -> None:
    assert find_stamps([line]) == []


def test_leap_day_is_a_real_date() -> None:
    assert one("29 Şubat 2024").value == "2024-02-29"


@pytest.mark.parametrize(
    "line", ["13.09.2024 25:70", "Giriş Tarihi: 13.09.2024 24:10", "25:7013/09/2024"]
)
def test_impossible_times_invalidate_the_stamp(line: str) -> None:
    assert find_stamps([line]) == []


def test_date_with_a_suffix_in_prose_is_not_a_stamp() -> None:
    assert find_stamps(["13 Eylül'de yapılan görüşmede"]) == []
    assert find_stamps(["13 Eylül 2024'te yapılan seçim"]) == []


def test_date_followed_by_gunu_or_tarihinde_is_prose() -> None:
    assert find_stamps(["Davanın görülmesine 1 Şubat 2018 Perşembe günü devam edilecek."]) == []
    assert find_stamps(["13 Mart 2018 tarihli basılı gazetemiz"]) == []


def test_dates_deep_in_long_body_lines_are_not_stamps() -> None:
    body = (
        "MİT Başkanı İbrahim Kalın, 13 Eylül 2024 günü Ankara'da Hamas heyetiyle görüştü ve "
        "görüşmede 14.09.2024 tarihine kadar sürecek ateşkes müzakereleri ele alındı."
    )
    lines = ["Başlık"] + [body] * 40
    assert find_stamps(lines) == []


def test_unlabelled_stamp_in_the_middle_of_a_long_page_is_ignored() -> None:
    lines = [f"Paragraf {i} bir iki üç dört beş altı yedi sekiz dokuz on." for i in range(60)]
    lines[30] = "13.09.2024 21:34"
    assert find_stamps(lines) == []
    lines[30] = "Giriş Tarihi: 13.09.2024 21:34"
    assert [s.line_no for s in find_stamps(lines)] == [30]


def test_bare_day_and_month_without_year_weekday_or_time_is_not_a_stamp() -> None:
    assert find_stamps(["13 Eylül"]) == []


def test_lowercase_aa_or_numbers_like_scores_are_not_dates() -> None:
    assert find_stamps(["Skor 2-1", "10.5 milyon", "Saat 21:34"]) == []


# --------------------------------------------------------------------------- inline labelled


def test_labelled_stamps_glued_to_the_body_are_found_anywhere() -> None:
    case = REAL["dates"][1]
    stamps = find_stamps(case["lines"])
    got = [[s.line_no, s.value, s.precision, s.kind, s.label] for s in stamps]
    assert got == case["stamps"]
    pub = resolve_published(stamps, case["meta"])
    assert [pub.value, pub.precision, pub.source] == case["published"]


def test_offsets_point_into_the_original_line() -> None:
    line = "  İSTANBUL | GİRİŞ TARİHİ: 13.09.2024 21:34"
    st = one(line)
    assert line[st.start : st.end] == "GİRİŞ TARİHİ: 13.09.2024 21:34"


# --------------------------------------------------------------------------- precedence


def test_labelled_entry_stamp_wins_over_render_timestamp_and_meta() -> None:
    pub = published(SEED_002_HEAD, {"published": "2025-07-01"})
    assert pub == PublishedDate("2025-06-30T00:22", "minute", "text:giris-tarihi")


def test_render_timestamp_without_year_is_not_publication() -> None:
    assert published(["30 HAZİRAN Pazartesi 07:16", "Başlık"]) == PublishedDate(
        None, "unknown", None
    )
    pub = published(["30 HAZİRAN Pazartesi 07:16", "Başlık"], {"published": "2025-06-29"})
    assert pub == PublishedDate("2025-06-29", "day", "meta:published")


def test_labelled_stamp_without_year_is_not_publication() -> None:
    assert published(["Giriş: 30 Haziran 07:16"]).precision == "unknown"


def test_timed_glued_stamp_is_kept_over_agreeing_date_only_update() -> None:
    pub = published(SEED_003_HEAD)
    assert pub == PublishedDate("2024-09-13T21:34", "minute", "text:glued-time-date")


def test_timed_stamp_later_in_head_refines_date_only_stamp_of_same_day() -> None:
    pub = published(["13.09.2024", "Başlık burada", "13.09.2024 21:34"])
    assert (pub.value, pub.precision) == ("2024-09-13T21:34", "minute")


def test_update_stamp_alone_is_never_the_publication() -> None:
    assert published(["Güncelleme: 13.09.2024 10:00"]).precision == "unknown"


def test_head_stamp_later_than_the_update_is_not_the_publication() -> None:
    # A top-bar "today" stamp printed after the article was last updated.
    lines = ["17 Kasım 2025 Pazartesi", "Başlık", "Güncelleme: 13.09.2024 10:00"]
    assert published(lines, {"published": "2024-09-12 08:00:00"}).value == "2024-09-12T08:00"


def test_first_labelled_publication_stamp_wins() -> None:
    lines = ["Yayın Tarihi: 12.09.2024", "Başlık", "Eklenme Tarihi: 01.01.2020 10:00"]
    assert published(lines) == PublishedDate("2024-09-12", "day", "text:yayin-tarihi")


def test_eklenme_counts_as_entry() -> None:
    assert published(["Eklenme: 12.09.2024 08:30"]).source == "text:giris-tarihi"


def test_text_date_made_finer_by_agreeing_metadata() -> None:
    case = REAL["dates"][0]
    stamps = find_stamps(case["lines"])
    assert [[s.line_no, s.value, s.precision, s.kind, s.label] for s in stamps] == case["stamps"]
    pub = resolve_published(stamps, case["meta"])
    assert [pub.value, pub.precision, pub.source] == case["published"]


def test_disagreeing_metadata_does_not_change_the_text_date() -> None:
    pub = published(["13 Eylül 2024", "Başlık"], {"published": "2024-09-14 10:00:00"})
    assert pub == PublishedDate("2024-09-13", "day", "text:day-month-name")


def test_meta_source_is_named() -> None:
    pub = published(
        ["Başlık"], {"published": "2017-01-17 12:12:58", "published_source": "rss.published"}
    )
    assert pub == PublishedDate("2017-01-17T12:12", "minute", "meta:rss.published")


def test_nothing_gives_unknown() -> None:
    assert published([]) == PublishedDate(None, "unknown", None)
    assert published(["Başlık"], {"published": "yakında"}) == PublishedDate(None, "unknown", None)


# --------------------------------------------------------------------------- metadata values


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-01-17 12:12:58", ("2017-01-17T12:12", "minute")),
        ("2025-04-30", ("2025-04-30", "day")),
        ("2014-1-17", ("2014-01-17", "day")),
        ("2024-09", ("2024-09", "month")),
        ("2024", ("2024", "year")),
        ("2024-09-13T18:34:00Z", ("2024-09-13T21:34", "minute")),
        ("2024-09-13T21:34:00+03:00", ("2024-09-13T21:34", "minute")),
        ("2024-09-13 00:00:00", ("2024-09-13", "day")),
        ("Tue, 17 Jan 2017 12:12:58 +0300", ("2017-01-17T12:12", "minute")),
        ("13 Eylül 2024 Cuma 21:34", ("2024-09-13T21:34", "minute")),
        (dt.date(2024, 9, 13), ("2024-09-13", "day")),
        (dt.datetime(2024, 9, 13, 21, 34), ("2024-09-13T21:34", "minute")),
        ("2024-02-30", None),
        ("30 Haziran", None),
        ("", None),
        (None, None),
    ],
)
def test_metadata_values_parse_to_their_precision(
    value: object, expected: tuple[str, str] | None
) -> None:
    assert parse_date_value(value) == expected


# --------------------------------------------------------------------------- helpers, seeds


def test_fold_is_tr_lower_without_diacritics_and_keeps_length() -> None:
    s = "İSTANBUL'DA IŞIK, ŞUBAT, Ağustos, EYLÜL, Çarşamba, Iğdır, âlim"
    naive = tr_lower(s).translate(str.maketrans("çğıöşüâîû", "cgiosuaiu"))
    assert fold(s) == naive
    assert len(fold(s)) == len(s)


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000", PublishedDate(None, "unknown", None)),
        ("001", PublishedDate(None, "unknown", None)),
        ("002", PublishedDate("2025-06-30T00:22", "minute", "text:giris-tarihi")),
        ("003", PublishedDate("2024-09-13T21:34", "minute", "text:glued-time-date")),
        ("004", PublishedDate(None, "unknown", None)),
    ],
)
def test_seed_publication_dates(seed: str, expected: PublishedDate) -> None:
    paths = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not paths:
        pytest.skip(f"seed {seed} not in {SEEDS}")
    lines = [t for t in normalize_unicode(paths[0].read_text("utf-8")).split("\n") if t]
    assert published(lines) == expected


def test_seed_002_render_timestamp_is_reported_for_the_chrome_remover() -> None:
    stamps = find_stamps(SEED_002_HEAD)
    assert [(s.line_no, s.precision) for s in stamps] == [(2, "no-year"), (6, "minute")]


@pytest.mark.corpus
def test_corpus_entry_stamps_precede_the_collection_date() -> None:
    """Bloomberg HT pages carry "Giriş: 15 Eylül 2025, Pazartesi 15:33" inside the body.

    Their records' ``date`` is the day they were collected (2025-09-21 for all), so the stamp
    must be found on every such page, at minute precision, and never after that day.
    """
    path = CORPUS / "tr_financial_news_2025.jsonl"
    if not path.exists():
        pytest.skip("needs ../shared/corpus")
    found = []
    for row in map(json.loads, path.read_text("utf-8").splitlines()):
        lines = [t for t in normalize_unicode(row["content"]).split("\n") if t]
        pub = resolve_published(find_stamps(lines), {})
        if pub.value:
            found.append((row["source"], pub.precision, pub.source, pub.value[:10] <= row["date"]))
    assert len(found) >= 40
    assert {f[0] for f in found} == {"bloomberght"}
    assert all(f[1:] == ("minute", "text:giris-tarihi", True) for f in found)


@pytest.mark.corpus
def test_corpus_sozcu_bodies_give_no_false_text_dates() -> None:
    """Sözcü exports are one long line of prose: no stamp may be found in them."""
    path = CORPUS / "sozcu2014.jsonl"
    if not path.exists():
        pytest.skip("needs ../shared/corpus")
    rows = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    found = [r["id"] for r in rows if find_stamps(normalize_unicode(r["text"]).split("\n"))]
    assert found == []
