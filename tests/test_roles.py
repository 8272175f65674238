"""TITLE mentions in the forms the seed articles use, and role keys."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from haberdar.analyse.roles import TitleMention, find_titles, role_key
from haberdar.kb import load_default_kb

MIT_ID = "kb:milli-istihbarat-teskilati"


def one(text: str) -> TitleMention:
    (mention,) = find_titles(text)
    return mention


def test_title_with_bracketed_acronym_and_full_name() -> None:
    text = "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın, Ankara'da görüştü."
    m = one(text)
    assert (m.text, m.head, m.organisation, m.acronym) == (
        "Milli İstihbarat Teşkilatı (MİT) Başkanı",
        "Başkanı",
        "Milli İstihbarat Teşkilatı",
        "MİT",
    )
    assert m.organisation_id == MIT_ID
    assert m.person == "İbrahim Kalın" and text[m.person_start : m.person_end] == "İbrahim Kalın"
    assert (m.start, m.end) == (0, len("Milli İstihbarat Teşkilatı (MİT) Başkanı"))


def test_coordinated_titles_share_their_holder_and_country() -> None:
    text = (
        "Kalın, Katar Başbakanı ve Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani ve "
        "Mısır Genel İstihbarat Servisi Başkanı Hasan Reşat ile Kahire'de bir araya geldi."
    )
    pm, fm, gis = find_titles(text)
    assert (pm.text, pm.country, pm.organisation) == ("Katar Başbakanı", "Katar", None)
    assert (fm.text, fm.head, fm.country) == ("Dışişleri Bakanı", "Dışişleri Bakanı", "Katar")
    # the honorific "Şeyh" is not part of the name
    assert pm.person == fm.person == "Muhammed bin Abdurrahman Al Sani"
    assert (gis.country, gis.organisation, gis.person) == (
        "Mısır",
        "Genel İstihbarat Servisi",
        "Hasan Reşat",
    )
    assert gis.text == "Mısır Genel İstihbarat Servisi Başkanı"


def test_coordinated_titles_of_different_countries_do_not_share() -> None:
    pm, gis = find_titles(
        "MİT Başkanı İbrahim Kalın, Katar Başbakanı ve Mısır Genel İstihbarat Başkanı ile Kahire'de"
    )[1:]
    assert (pm.country, pm.person) == ("Katar", None)
    assert (gis.country, gis.person) == ("Mısır", None)


def test_hamas_body_title_with_three_word_name() -> None:
    m = one("Hamas Şura Meclisi Başkanı Muhammed İsmail Derviş ve beraberindeki heyet ile görüştü.")
    assert (m.organisation, m.person) == ("Hamas Şura Meclisi", "Muhammed İsmail Derviş")


def test_genitive_organisation_after_its_lowercase_expansion() -> None:
    text = "Türkiye’nin milli istihbarat teşkilatı MİT’in Başkanı Hakan Kalın, geçtiğimiz günlerde Hamas heyetiyle bir araya geldi."
    m = one(text)
    assert (m.organisation, m.country, m.person) == ("MİT", "Türkiye", "Hakan Kalın")
    assert m.text == "Türkiye’nin milli istihbarat teşkilatı MİT’in Başkanı"


def test_surname_holder_stops_at_the_apostrophe_suffix() -> None:
    text = "MİT Başkanı Kalın’ın başkanlık yaptığı toplantıda"
    m = one(text)
    assert m.person == "Kalın" and text[m.person_end :].startswith("’ın")


def test_title_cased_headline_acronym_is_the_known_organisation() -> None:
    first, second = find_titles("Mit Başkanı Kalın, Hamas Şura Meclisi Başkanı Derviş İle Görüştü!")
    assert (first.organisation, first.organisation_id, first.person) == ("Mit", MIT_ID, "Kalın")
    assert (second.organisation, second.person) == (
        "Hamas Şura Meclisi",
        "Derviş",
    )  # "İle" ends the name


def test_holder_name_stops_before_a_known_organisation() -> None:
    m = one(
        "Ankara'da Gazze için kritik teması: MİT Başkanı Kalın Hamas Siyasi Büro liderleriyle görüştü"
    )
    assert (m.text, m.person) == ("MİT Başkanı", "Kalın")


def test_country_prefix_before_organisation_is_split_off() -> None:
    m = one("Türkiye Cumhuriyeti MİT Başkanı İbrahim Kalın ve Hamas heyeti arasındaki görüşmeler")
    assert (m.text, m.country, m.organisation, m.person) == (
        "Türkiye Cumhuriyeti MİT Başkanı",
        "Türkiye",
        "MİT",
        "İbrahim Kalın",
    )


@pytest.mark.parametrize(
    ("text", "head", "person"),
    [
        (
            "BM Genel Sekreteri Antonio Guterres açıklama yaptı.",
            "Genel Sekreteri",
            "Antonio Guterres",
        ),
        (
            "Cumhurbaşkanı Yardımcısı Cevdet Yılmaz konuştu.",
            "Cumhurbaşkanı Yardımcısı",
            "Cevdet Yılmaz",
        ),
        ("Toplantıya Dışişleri Bakanı Hakan Fidan da katıldı.", "Dışişleri Bakanı", "Hakan Fidan"),
        ("Açıklamayı Başbakan Netanyahu yaptı.", "Başbakan", "Netanyahu"),
        ("Görüşmeye Cumhurbaşkanı Erdoğan başkanlık etti.", "Cumhurbaşkanı", "Erdoğan"),
        (
            "Mısır Cumhurbaşkanı Abdulfettah es-Sisi ile görüştü.",
            "Cumhurbaşkanı",
            "Abdulfettah es-Sisi",
        ),
        ("ABD Başkanı Donald J. Trump dedi ki", "Başkanı", "Donald J. Trump"),
    ],
)
def test_common_titles_and_their_holders(text: str, head: str, person: str) -> None:
    m = one(text)
    assert (m.head, m.person) == (head, person)


def test_bare_title_without_a_name_or_a_lowercase_noun_is_not_a_title() -> None:
    assert find_titles("Başkan dedi ki toplantı ertelendi.") == []
    assert find_titles("kulübün başkanı olarak konuştu") == []


def test_sentence_initial_word_is_not_taken_for_an_organisation() -> None:
    m = one("Görüşmede MİT Başkanı Kalın konuştu.")
    assert (m.text, m.organisation) == ("MİT Başkanı", "MİT")


def test_title_does_not_reach_across_a_line_break() -> None:
    m = one(
        "Türkiye'nin Filistin Halkına Desteği Vurgulandı\nMİT Başkanı İbrahim Kalın görüşme sırasında"
    )
    assert (m.text, m.organisation) == ("MİT Başkanı", "MİT")


def test_candidate_is_another_office_than_the_office() -> None:
    m = one("Çankaya Belediye Başkanı Adayı Mehmet Yılmaz dedi")
    assert m.head == "Başkanı Adayı" and m.person == "Mehmet Yılmaz"
    assert role_key("Belediye Başkanı Adayı") != role_key("Belediye Başkanı")


@pytest.mark.parametrize(
    "title",
    [
        "MİT Başkanı",
        "Mit Başkanı",
        "MİT BAŞKANI",
        "Milli İstihbarat Teşkilatı Başkanı",
        "Millî İstihbarat Teşkilatı (MİT) Başkanı",
        "Türkiye MİT Başkanı",
    ],
)
def test_role_key_is_one_for_every_spelling_of_the_mit_chief(title: str) -> None:
    assert role_key(title) == role_key("Başkanı", "MİT") == f"{MIT_ID}|baskani"


def test_role_key_tells_offices_and_bodies_apart() -> None:
    keys = {
        role_key(t)
        for t in (
            "MİT Başkanı",
            "MİT Başkan Yardımcısı",
            "Hamas Şura Meclisi Başkanı",
            "Hamas Siyasi Büro Başkanı",
            "Katar Başbakanı",
            "İsrail Başbakanı",
        )
    }
    assert len(keys) == 6


def test_title_mentions_of_one_office_share_a_role_key_across_seed_forms() -> None:
    texts = [
        "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın görüştü.",
        "Türkiye’nin milli istihbarat teşkilatı MİT’in Başkanı Hakan Kalın görüştü.",
        "Mit Başkanı Kalın, Hamas ile görüştü!",
    ]
    keys = {role_key(one(t).title) for t in texts}
    assert keys == {f"{MIT_ID}|baskani"}


def test_a_title_found_in_text_queries_the_kb() -> None:
    from datetime import date

    m = one("Mısır Genel İstihbarat Başkanı ile görüştü.")
    assert [e.name for e in load_default_kb().holders(m.title, on=date(2025, 2, 1))] == [
        "Hasan Reşat"
    ]


def test_all_seed_titles_name_the_mit_chief_with_a_person() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        mit = [
            m for m in find_titles(path.read_text(encoding="utf-8")) if m.organisation_id == MIT_ID
        ]
        assert mit, path.name
        assert all(m.person and m.person.endswith("Kalın") for m in mit), path.name


@pytest.mark.parametrize(
    ("text", "title", "organisation", "person"),
    [
        # sentence-initial: the coordination itself vouches for its first word
        (
            "Orman ve Su İşleri Bakanı Eroğlu, açıklama yaptı.",
            "Orman ve Su İşleri Bakanı",
            "Orman ve Su İşleri",
            "Eroğlu",
        ),
        (
            "AB Dışişleri ve Güvenlik Politikaları Yüksek Temsilcisi Mogherini konuştu.",
            "AB Dışişleri ve Güvenlik Politikaları Yüksek Temsilcisi",
            "AB Dışişleri ve Güvenlik Politikaları",
            "Mogherini",
        ),
        # a sentence-initial run that opens with a name the KB knows keeps it
        (
            "Avrupa Birliği Dışişleri ve Güvenlik Politikaları Yüksek Temsilcisi Mogherini konuştu.",
            "Avrupa Birliği Dışişleri ve Güvenlik Politikaları Yüksek Temsilcisi",
            "Avrupa Birliği Dışişleri ve Güvenlik Politikaları",
            "Mogherini",
        ),
        # mid-sentence, the same office
        (
            "Dün Orman ve Su İşleri Bakanı Eroğlu konuştu.",
            "Orman ve Su İşleri Bakanı",
            "Orman ve Su İşleri",
            "Eroğlu",
        ),
    ],
)
def test_a_sentence_initial_office_keeps_its_first_words(
    text: str, title: str, organisation: str, person: str
) -> None:
    m = one(text)
    assert (m.text, m.organisation, m.person) == (title, organisation, person)


def test_a_plural_office_names_no_one_holder() -> None:
    """"Genel Başkan(ı) Yardımcıları A, B": several holders; "Yardımcıları Erdoğan Toprak" is
    no name of the party's chair."""
    got = [(m.title, m.person) for m in find_titles("Törene CHP Genel Başkanı Yardımcıları Erdoğan Toprak, Bülent Tezcan katıldı.")]
    assert all(p is None or not p.startswith("Yardımcı") for _, p in got)
    assert [(m.title, m.person) for m in find_titles("CHP Genel Başkan Yardımcısı Erdoğan Toprak geldi.")] == [
        ("CHP Genel Başkan Yardımcısı", "Erdoğan Toprak")
    ]


def test_stacked_titles_possessed_nouns_and_country_adjectives() -> None:
    kb = load_default_kb()
    got = find_titles("BAE Devlet Başkanı Abu Dabi Emiri Şeyh Halife Bin Zayed El Nahyan'ın geçirdiği felç.", kb=kb)
    # the words between two heads are the second title's body, not the first one's holder
    assert [(m.head, m.person) for m in got] == [("Devlet Başkanı", None), ("Emiri", "Halife Bin Zayed El Nahyan")]
    # a common noun in the possessive after a title is a thing of the office, not its holder
    got = find_titles("CHP Genel Başkanı PM Toplantısı'nda Kadıköy adaylarının dosyasını ayırdı.", kb=kb)
    assert [m.person for m in got] == [None]
    got = find_titles("Dışişleri Bakanı Mevlüt Çavuşoğlu ve Kocabaşı açıklama yaptı.", kb=kb)
    assert got[0].person == "Mevlüt Çavuşoğlu"
    # a country's adjective scopes the body: the Fed is no office of Türkiye
    got = find_titles("Amerikan Merkez Bankası (FED) Başkanı Janet Yellen konuştu.", kb=kb)
    assert got[0].country == "Amerika Birleşik Devletleri" and got[0].person == "Janet Yellen"
    assert kb.role_key(got[0].title) != kb.role_key("Merkez Bankası Başkanı")


def test_a_sentence_initial_bare_noun_opens_the_body_an_adverb_or_inflected_word_does_not() -> None:
    kb = load_default_kb()

    def titles(text: str) -> list[tuple[str, str | None]]:
        return [(m.title, m.person) for m in find_titles(text, kb=kb)]

    assert titles("Halk Bankası Genel Müdürü Süleyman Aslan, açıklama yaptı.") == [("Halk Bankası Genel Müdürü", "Süleyman Aslan")]
    assert titles("Fatih Belediye Başkanı Mustafa Demir konuştu.") == [("Fatih Belediye Başkanı", "Mustafa Demir")]
    assert titles("Görüşmede MİT Başkanı Kalın konuştu.") == [("MİT Başkanı", "Kalın")]
    assert titles("Ancak Dışişleri Bakanı Fidan konuştu.") == [("Dışişleri Bakanı", "Fidan")]
    assert titles("Eski MİT Başkanı Fidan konuştu.") == [("MİT Başkanı", "Fidan")]
