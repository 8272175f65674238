"""Entity resolution: suffixes, surnames, acronyms, transliterations, and stable ids."""

from __future__ import annotations

from datetime import date

import pytest

from haberdar.analyse.resolve import (
    MATCH_THRESHOLD,
    Mention,
    Resolver,
    canonical_name,
    find_acronym_definitions,
    resolve_in_document,
    same_entity,
    split_suffix,
    translit_key,
    unknown_entity_id,
)
from haberdar.kb import load_default_kb


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_default_kb())


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Kalın'ın", ("Kalın", "'ın")),
        ("Kalın’ın", ("Kalın", "’ın")),
        ("MİT’ten", ("MİT", "’ten")),
        ("KALIN'IN", ("KALIN", "'IN")),
        ("Hamas heyetiyle", ("Hamas heyetiyle", "")),  # a common-noun suffix has no apostrophe
        ("O'Brien", ("O'Brien", "")),  # a capital after the apostrophe is part of the name
        ("İbrahim Kalın", ("İbrahim Kalın", "")),
    ],
)
def test_split_suffix_cuts_only_apostrophe_case_suffixes(
    surface: str, expected: tuple[str, str]
) -> None:
    assert split_suffix(surface) == expected


def test_canonical_name_drops_suffix_honorific_and_shouting() -> None:
    assert (
        canonical_name("Şeyh Muhammed bin Abdurrahman Al Sani'nin")
        == "Muhammed bin Abdurrahman Al Sani"
    )
    assert canonical_name("İBRAHİM KALIN") == "İbrahim Kalın"
    assert canonical_name("MİT’in") == "MİT"
    assert canonical_name("Prof. Dr. Ahmet Yılmaz") == "Ahmet Yılmaz"


def test_honorific_that_is_also_a_given_name_stays_when_it_is_the_given_name() -> None:
    assert canonical_name("Emir Kusturica") == "Emir Kusturica"
    assert canonical_name("Emir Temim bin Hamed Al Sani") == "Temim bin Hamed Al Sani"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al Sani", "Al Thani"),
        ("Şi Cinping", "Xi Jinping"),
        ("Hasan Reşat", "Hassan Rashad"),
        ("Muhammed", "Mohammed"),
        ("Muhammed", "Muhammad"),
        ("Abdurrahman", "Abdulrahman"),
        ("Abdulfettah es-Sisi", "Abdel Fattah el-Sisi"),
        ("Yahya Sinvar", "Yahya Sinwar"),
    ],
)
def test_translit_key_equates_turkish_and_foreign_spellings(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al Sani", "Al Thani"),
        ("Şi Cinping", "Xi Jinping"),
        ("Hasan Reşat", "Hassan Rashad"),
        ("Netanyahu", "Netanyahu"),
        ("Vladimir Putin", "Putin"),
        ("Şeyh Muhammed bin Abdurrahman Al Sani", "Mohammed bin Abdulrahman Al Thani"),
        ("Şeyh Muhammed bin Abdurrahman Al Sani", "Muhammed bin Abdurrahman Al Sani"),
        ("Mesud Pezeşkiyan", "Masoud Pezeshkian"),
        ("Recep Erdoğan", "Recep Tayyip Erdoğan"),
        ("MİT", "Milli İstihbarat Teşkilatı"),
        ("BMGK", "Birleşmiş Milletler Güvenlik Konseyi"),
        ("ABD", "Amerika Birleşik Devletleri"),
    ],
)
def test_same_entity_matches_spellings_of_one_name(a: str, b: str) -> None:
    assert same_entity(a, b) >= MATCH_THRESHOLD
    assert same_entity(b, a) == same_entity(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hakan Kalın", "İbrahim Kalın"),  # same surname, different person
        ("Ali Yılmaz", "Ali Yıldız"),  # same given name, different surname
        ("Ahmet Yılmaz", "Mehmet Yılmaz"),  # close given names stay apart
        ("Muhammed bin Abdurrahman Al Sani", "Temim bin Hamed Al Sani"),
        ("Ali", "Ahmet Liman İnan"),  # a title-cased word is not an acronym
        ("Muhammed İsmail", "Muhammed İsmail Derviş"),  # given names alone are not the person
    ],
)
def test_same_entity_keeps_different_people_apart(a: str, b: str) -> None:
    assert same_entity(a, b) < MATCH_THRESHOLD


def test_full_match_scores_above_a_surname_match() -> None:
    assert same_entity("İbrahim Kalın", "İBRAHİM KALIN'IN") == 1.0
    assert same_entity("Kalın", "İbrahim Kalın") < same_entity("Al Sani", "Al Thani")


# ---------------------------------------------------------------- within one article


def test_surname_takes_the_full_name_given_earlier_in_the_article() -> None:
    text = "MİT Başkanı İbrahim Kalın, Ankara'da görüştü. Kalın’ın açıklamasına göre …"
    mentions = [Mention("İbrahim Kalın", "PER", 12, 25), Mention("Kalın’ın", "PER", 47, 55)]
    first, second = resolve_in_document(mentions, text=text)
    assert first.canonical == "İbrahim Kalın" and first.antecedent is None
    assert (second.stem, second.suffix, second.canonical, second.antecedent) == (
        "Kalın",
        "’ın",
        "İbrahim Kalın",
        0,
    )


def test_headline_surname_takes_the_full_name_that_follows_in_the_body() -> None:
    mentions = [
        ("Kalın", "PER", 12, 17),
        ("Derviş", "PER", 40, 46),
        ("İbrahim Kalın", "PER", 120, 133),
        ("Muhammed İsmail Derviş", "PER", 170, 192),
    ]
    out = resolve_in_document(mentions)
    assert [m.canonical for m in out[:2]] == ["İbrahim Kalın", "Muhammed İsmail Derviş"]


def test_surname_takes_the_nearest_preceding_of_two_namesakes() -> None:
    mentions = [
        ("Hakan Kalın", "PER", 0, 11),
        ("Kalın", "PER", 50, 55),
        ("İbrahim Kalın", "PER", 100, 113),
        ("Kalın", "PER", 150, 155),
    ]
    out = resolve_in_document(mentions)
    assert [m.canonical for m in out] == [
        "Hakan Kalın",
        "Hakan Kalın",
        "İbrahim Kalın",
        "İbrahim Kalın",
    ]


def test_different_full_names_with_one_surname_stay_apart_in_an_article() -> None:
    out = resolve_in_document([("Hakan Kalın", "PER", 0, 11), ("İbrahim Kalın", "PER", 50, 63)])
    assert [m.canonical for m in out] == ["Hakan Kalın", "İbrahim Kalın"]


def test_acronym_defined_in_brackets_takes_its_expansion() -> None:
    text = "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın konuştu. MİT’in açıklaması …"
    mentions = [
        ("Milli İstihbarat Teşkilatı", "ORG", 0, 26),
        ("MİT", "ORG", 28, 31),
        ("MİT’in", "ORG", 64, 70),
    ]
    out = resolve_in_document(mentions, text=text)
    assert [m.canonical for m in out] == ["Milli İstihbarat Teşkilatı"] * 3


def test_title_cased_acronym_in_a_headline_takes_the_body_expansion() -> None:
    mentions = [("Mit", "ORG", 0, 3), ("Milli İstihbarat Teşkilatı", "ORG", 80, 106)]
    assert resolve_in_document(mentions)[0].canonical == "Milli İstihbarat Teşkilatı"


def test_acronym_matches_the_initials_of_an_expansion_mentioned_elsewhere() -> None:
    mentions = [("Birleşmiş Milletler Güvenlik Konseyi", "ORG", 0, 36), ("BMGK", "ORG", 200, 204)]
    assert resolve_in_document(mentions)[1].canonical == "Birleşmiş Milletler Güvenlik Konseyi"


def test_acronym_definitions_are_read_from_text() -> None:
    text = (
        "İsrail'in Birleşmiş Milletler Güvenlik Konseyi (BMGK) kararlarıyla … sahada etkinliği bulunan "
        "Sivil Askeri Koordinasyon Merkezi (CMCC) ile … Amerika Birleşik Devletleri (ABD) ile"
    )
    assert find_acronym_definitions(text) == {
        "BMGK": "Birleşmiş Milletler Güvenlik Konseyi",
        "CMCC": "Sivil Askeri Koordinasyon Merkezi",
        "ABD": "Amerika Birleşik Devletleri",
    }


# ---------------------------------------------------------------- across articles


def test_surname_resolves_through_the_kb_with_title_and_date(resolver: Resolver) -> None:
    entity_id, name, score = resolver.resolve(
        "Kalın", "PER", date(2024, 9, 13), title="MİT Başkanı"
    )
    assert name == "İbrahim Kalın" and entity_id == load_default_kb().find("İbrahim Kalın")[0].id
    assert score >= 0.9


def test_ambiguous_surname_is_chosen_by_the_office_held_that_day(resolver: Resolver) -> None:
    assert resolver.resolve("Al Sani", "PER", date(2025, 1, 1), title="Katar Başbakanı")[1] == (
        "Muhammed bin Abdurrahman Al Sani"
    )
    assert (
        resolver.resolve("Al Sani", "PER", date(2025, 1, 1), title="Katar Emiri")[1]
        == "Temim bin Hamed Al Sani"
    )
    # without context it stays unresolved rather than guessing
    assert resolver.resolve("Al Sani", "PER")[2] == 0.0


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("Mohammed bin Abdulrahman Al Thani", "PER", "Muhammed bin Abdurrahman Al Sani"),
        ("Şeyh Muhammed bin Abdurrahman Al Sani", "PER", "Muhammed bin Abdurrahman Al Sani"),
        ("Hassan Rashad", "PER", "Hasan Reşat"),
        ("Xi Jinping", "PER", "Şi Cinping"),
        ("Mit", "ORG", "Milli İstihbarat Teşkilatı"),
        ("Birleşmiş Milletler Güvenlik Konseyi", "ORG", "Birleşmiş Milletler Güvenlik Konseyi"),
        ("ABD", "ORG", "Amerika Birleşik Devletleri"),  # NER may label a country ORG
        ("Kahire'de", "LOC", "Kahire"),
    ],
)
def test_resolver_finds_kb_entities_across_spellings(
    resolver: Resolver, name: str, label: str, expected: str
) -> None:
    entity_id, canonical, score = resolver.resolve(name, label)
    assert canonical == expected and score >= MATCH_THRESHOLD and entity_id is not None


def test_wrong_first_name_is_not_merged_into_the_kb_person(resolver: Resolver) -> None:
    entity_id, name, score = resolver.resolve(
        "Hakan Kalın", "PER", date(2025, 1, 1), title="MİT Başkanı"
    )
    assert name == "Hakan Kalın" and score == 0.0
    assert entity_id is not None and entity_id.startswith("per:")


def test_unknown_person_gets_one_stable_id_across_articles_and_spellings(
    resolver: Resolver,
) -> None:
    a = resolver.resolve("Ayşe Fatma Örnekoğlu", "PER")[0]
    b = Resolver(load_default_kb()).resolve("AYŞE FATMA ÖRNEKOĞLU'NUN", "PER")[0]
    assert a == b == unknown_entity_id("Ayşe Fatma Örnekoğlu", "PER")
    assert unknown_entity_id("Mahmud Haddat", "PER") == unknown_entity_id("Mahmoud Haddad", "PER")
    assert unknown_entity_id("Mahmud Haddat", "PER") != unknown_entity_id("Mahmud Haddat", "ORG")


def test_empty_name_resolves_to_nothing(resolver: Resolver) -> None:
    assert resolver.resolve("  ", "PER") == (None, "", 0.0)


def test_resolve_mentions_uses_the_title_written_before_a_surname(resolver: Resolver) -> None:
    text = "Mit Başkanı Kalın, Hamas Şura Meclisi Başkanı Derviş İle Görüştü!"
    mentions = [
        ("Mit Başkanı", "TITLE", 0, 11),
        ("Kalın", "PER", 12, 17),
        ("Hamas Şura Meclisi Başkanı", "TITLE", 19, 45),
        ("Derviş", "PER", 46, 52),
    ]
    out = resolver.resolve_mentions(mentions, text=text, on=date(2025, 6, 30))
    kb = load_default_kb()
    assert out[1].entity_id == kb.find("İbrahim Kalın")[0].id
    assert out[3].entity_id == kb.find("Muhammed İsmail Derviş")[0].id
    assert out[0].entity_id is None  # titles are not entities


def test_a_title_and_the_date_pick_the_holder_not_a_namesake_of_the_article() -> None:
    from datetime import date

    from haberdar.analyse.doc import build_doc
    from haberdar.records import Article, PublishedDate
    from haberdar.resources import default_resources

    res = default_resources()
    text = ("Bilal Erdoğan ile ilgili iddialar gündemde. Kılıçdaroğlu, Başbakan Erdoğan'la görüşmesinin "
            "ardından konuştu. Erdoğan yanıt verdi. İçişleri Bakanı Güler de konuştu. Trump da açıklama yaptı.")
    art = Article(id="x", uri="x", format="txt", site=None, origin=None, title="", lead=None, body=text,
                  published=PublishedDate("2014-01-10", "day"))
    got = [(m.surface, m.canonical) for m in build_doc(art, res, date(2014, 1, 10)).mentions]
    erdogan = [c for s, c in got if s.startswith("Erdoğan")]
    assert erdogan == ["Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"]  # titled, then the bare one after it
    assert ("Güler", "Güler") in got  # the KB's Yaşar Güler held another office: left unresolved
    trump = next(m for m in build_doc(art, res, date(2014, 1, 10)).mentions if m.surface == "Trump")
    assert trump.canonical == "Donald Trump"  # the KB's type and name, whatever the tagger said


def test_a_bare_surname_of_a_table_only_person_needs_a_title_and_names_must_be_whole() -> None:
    """The packaged Wikidata tables bring hundreds of officials into the KB: a bare word that is
    one's surname ("Şahin", "Bilal", "Muhammed") is no evidence that the article means that
    official, unless a title held that day ties it; a shorter name ("Ali Şahin") is no match
    for the table's "Mehmet Ali Şahin". Curated actors keep their bare surname ("Putin")."""
    r = Resolver(load_default_kb())
    on = date(2014, 1, 10)
    assert r.resolve("Bilal", "PER", on=on)[0].startswith("per:")  # not Mauritania's Mohamed Ould Bilal
    assert r.resolve("Muhammed", "PER", on=on)[0].startswith("per:")
    assert r.resolve("Ali Şahin", "PER", on=on)[0].startswith("per:")
    assert r.resolve("Mehmet Ali Şahin", "PER", on=on)[0] == "Q1396517"
    assert r.resolve("Putin", "PER", on=on)[0] == "Q7747"
    # one word that only sounds like a table's name: the sultan, not Bangladesh's president
    assert r.resolve("Abdülhamit", "PER", on=on)[0].startswith("per:")
    assert r.resolve("Esad", "PER", on=on)[0] == "Q44329"  # a curated actor, named by surname
    # a title held that day is the evidence
    assert r.resolve("Güler", "PER", on=date(2013, 12, 20), title="İçişleri Bakanı")[0] == "Q6930701"
