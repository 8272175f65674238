"""Event extraction: the traps of issue 4, date expressions, coordination, phone calls, visits.

Sentences are real ones from the seeds and the corpora (sozcu2014, rss_2017_2018,
tr_financial_news_2025) or close variants. The grammar is tested with the capitalisation tagger
so these tests do not depend on the NER model file; one test runs the packaged model when it
is installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from haberdar.analyse.events import EventExtractor, EventMention
from haberdar.analyse.events.fallback import capitalisation_tagger
from haberdar.analyse.tokens import tokenize_sentences
from haberdar.records import PublishedDate

# 2014-01-06 was a Monday, 2025-09-16 a Tuesday.
MONDAY = PublishedDate("2014-01-06", "day", "test")
TUESDAY = PublishedDate("2025-09-16T10:00", "minute", "test")


@pytest.fixture(scope="module")
def ex() -> EventExtractor:
    return EventExtractor(tagger=capitalisation_tagger)


def consult(ex: EventExtractor, text: str, published: PublishedDate | None = MONDAY,
            title: str | None = None) -> list[EventMention]:
    return [e for e in ex.extract(text, published=published, title=title) if e.event_type == "CONSULT"]


def names(parts: list) -> list[str]:
    return [p.name for p in parts]


# ---------------------------------------------------------------- traps: not meetings


def test_law_accepted_is_not_a_meeting(ex: EventExtractor) -> None:
    assert consult(ex, "TBMM Genel Kurulu yasayı kabul etti.") == []
    assert consult(ex, "Komisyon, kanun tasarısını kabul etti.") == []
    assert consult(ex, "Rusya da bu talebi kabul etti.") == []


def test_agree_to_act_is_not_a_meeting(ex: EventExtractor) -> None:
    assert consult(ex, "Hükümet, bir komisyon kurmayı kabul etti.") == []
    assert consult(ex, "ABD'nin de arama uçağı göndermeyi kabul ettiğini açıkladı.") == []


def test_person_object_of_kabul_is_a_visit(ex: EventExtractor) -> None:
    evs = consult(ex, "Gül, eski CHP lideri Deniz Baykal'ı saat 16.30'da kabul edecek.")
    assert len(evs) == 1
    e = evs[0]
    # the received guest is the actor, the host the recipient (dev set guidelines)
    assert names(e.actors) == ["Deniz Baykal"] and names(e.recipients) == ["Gül"]
    assert e.mode == "visit" and e.status == "planned"
    assert e.date == "2014-01-06"  # a bare clock time pins a planned meeting to the day


def test_court_that_will_consider_requests_is_not_a_meeting(ex: EventExtractor) -> None:
    text = "İstanbul 2. Ağır Ceza Mahkemesi, tahliye taleplerini yarın görüşecek."
    assert consult(ex, text) == []


def test_negated_and_cancelled_meetings(ex: EventExtractor) -> None:
    assert consult(ex, "Obama, Putin ile tekrar görüşmediğini söyledi.") == []
    assert consult(ex, "Türk ve ABD'li diplomatların görüşmesi iptal edildi.") == []


# ---------------------------------------------------------------- status


def test_future_is_planned(ex: EventExtractor) -> None:
    evs = consult(ex, "CHP'liler HSYK teklifi için TBMM Başkanı Cemil Çiçek ile görüşecek.")
    assert len(evs) == 1 and evs[0].status == "planned"
    assert names(evs[0].recipients) == ["Cemil Çiçek"]
    assert evs[0].recipients[0].title == "TBMM Başkanı"


def test_expected_meeting_is_planned(ex: EventExtractor) -> None:
    text = "Erdoğan'ın yarın Avrupa Komisyonu Başkanı Jose Manuel Barroso ile görüşmesi bekleniyor."
    (e,) = consult(ex, text, published=PublishedDate("2014-01-20", "day"))
    assert e.status == "planned"
    assert names(e.actors) == ["Erdoğan"] and names(e.recipients) == ["Jose Manuel Barroso"]
    assert e.date == "2014-01-21" and e.date_precision == "day"


def test_tomorrow_with_partner_is_planned(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Feyzioğlu'nun yarın Adalet Bakanı ile bir araya geleceği açıklandı.")
    assert e.status == "planned" and e.date == "2014-01-07"
    assert names(e.recipients) == ["Adalet Bakanı"]


def test_background_meeting_is_not_a_new_event(ex: EventExtractor) -> None:
    text = (
        "ABD Başkanı Donald Trump'ın geçen hafta Rusya Devlet Başkanı Vladimir Putin ile Alaska'da "
        "bir araya gelmesinin ardından piyasalar yatay seyretti."
    )
    assert consult(ex, text) == []
    text = "Stefan Füle, geçtiğimiz hafta Türk makamlarıyla yaptığı bir görüşmede endişelerini iletti."
    assert consult(ex, text) == []


def test_embedded_meeting_of_the_day_is_an_event(ex: EventExtractor) -> None:
    text = (
        "Türkiye Barolar Birliği Başkanı Metin Feyzioğlu, Silivri Cezaevi'nde İlker Başbuğ, "
        "Bilgin Balanlı ve Tuncay Özkan'la görüştükten sonra açıklama yaptı."
    )
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Metin Feyzioğlu"]
    assert names(e.recipients) == ["İlker Başbuğ", "Bilgin Balanlı", "Tuncay Özkan"]
    assert e.location is not None and e.location.name == "Silivri Cezaevi"


def test_one_meeting_in_several_sentences_is_one_event(ex: EventExtractor) -> None:
    text = (
        "Milli İstihbarat Teşkilatı (MİT) Başkanı İbrahim Kalın, Ankara'da, Hamas Siyasi Büro "
        "liderleriyle görüştü. Görüşmede, ateşkes müzakerelerinde gelinen son nokta ve esir takası "
        "gibi konular ele alındı.\n"
        "Güvenlik kaynaklarından edinilen bilgiye göre, MİT Başkanı Kalın'ın başkentte Hamas Siyasi "
        "Büro liderleriyle yaptığı görüşmede, kalıcı ateşkesin sağlanması ele alındı."
    )
    (e,) = consult(ex, text, published=PublishedDate("2024-09-13T21:34", "minute"))
    assert names(e.actors) == ["İbrahim Kalın"]
    assert names(e.recipients) == ["Hamas Siyasi Büro liderleri"]
    assert e.location is not None and e.location.name == "Ankara"
    assert {"ateşkes", "esir takası", "kalıcı ateşkes"} <= set(e.topics)
    assert e.evidence.text.startswith("Milli İstihbarat")
    assert text[e.evidence.start : e.evidence.end] == e.evidence.text


# ---------------------------------------------------------------- coordination, modes


def test_coordination_gives_multilateral_with_three_parties(ex: EventExtractor) -> None:
    text = (
        "Kalın, Gazze'deki insani durum ve ateşkes müzakerelerini görüşmek üzere Katar Başbakanı ve "
        "Dışişleri Bakanı Şeyh Muhammed bin Abdurrahman Al Sani ve Mısır Genel İstihbarat Servisi "
        "Başkanı Hasan Reşat ile Mısır'ın başkenti Kahire'de bir araya geldi."
    )
    (e,) = consult(ex, text, published=None)
    assert names(e.actors) == ["Kalın"]
    assert names(e.recipients) == ["Muhammed bin Abdurrahman Al Sani", "Hasan Reşat"]
    assert e.mode == "multilateral"
    assert e.location is not None and (e.location.name, e.location.country) == ("Kahire", "Mısır")
    assert e.date is None and e.date_precision == "unknown"


def test_phone_call_with_two_recipients(ex: EventExtractor) -> None:
    (e,) = consult(ex, "May, Trump ve Merkel ile telefonda görüştü")
    assert e.mode == "phone" and e.location is None
    assert names(e.actors) == ["May"] and names(e.recipients) == ["Trump", "Merkel"]


def test_phone_call_with_titles(ex: EventExtractor) -> None:
    text = (
        "ABD Genelkurmay Başkanı Orgeneral Joseph Dunford, Rusya Genelkurmay Başkanı Orgeneral "
        "Valery Gerasimov ile telefonda görüştü."
    )
    (e,) = consult(ex, text)
    assert e.mode == "phone"
    assert names(e.actors) == ["Joseph Dunford"] and names(e.recipients) == ["Valery Gerasimov"]


def test_visit(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Kılıçdaroğlu, Silivri'de Fatih Hilmioğlu'nu ziyaret etti.")
    assert e.mode == "visit" and e.status == "occurred"
    assert names(e.actors) == ["Kılıçdaroğlu"] and names(e.recipients) == ["Fatih Hilmioğlu"]
    assert e.location is not None and e.location.name == "Silivri"


def test_visit_in_a_participle(ex: EventExtractor) -> None:
    text = "Bu siyah araçtaki kişinin oğlu Barış Güler'i ziyarete gelen Eski Bakan Muammer Güler olduğu öğrenildi."
    (e,) = consult(ex, text)
    assert e.mode == "visit"
    assert "Muammer Güler" in names(e.actors) and names(e.recipients) == ["Barış Güler"]


def test_symmetric_between(ex: EventExtractor) -> None:
    text = "MİT Başkanı İbrahim Kalın ve Hamas heyeti arasındaki görüşmeler, Gazze'deki insani durumu ele aldı."
    (e,) = consult(ex, text, published=None)
    assert e.symmetric
    assert names(e.actors) == ["İbrahim Kalın"] and names(e.recipients) == ["Hamas heyeti"]


def test_title_only_event_and_export_fields(ex: EventExtractor) -> None:
    title = "Mit Başkanı Kalın, Hamas Şura Meclisi Başkanı Derviş İle Görüştü!"
    (e,) = consult(ex, "Gazze'de ateşkes için temaslar sürüyor.", title=title)
    assert e.evidence.source == "title"
    d = e.to_dict()
    assert set(d) >= {"event_type", "mode", "status", "date", "date_precision", "actors",
                      "recipients", "location", "topics", "evidence"}
    assert d["actors"][0]["name"].endswith("Kalın")


# ---------------------------------------------------------------- dates


def _date(ex: EventExtractor, text: str, published: PublishedDate | None = MONDAY) -> tuple:
    (e,) = consult(ex, text, published=published)
    return e.date, e.date_precision, e.date_text


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("dün", "2014-01-05"),
        ("bugün", "2014-01-06"),
        ("bu akşam", "2014-01-06"),
        ("bu sabah", "2014-01-06"),
        ("önceki gün", "2014-01-04"),
        ("evvelsi gün", "2014-01-04"),
        ("geçen Salı", "2013-12-31"),
        ("Cuma günü", "2014-01-03"),
        ("13 Aralık'ta", "2013-12-13"),  # an occurred meeting is not in the future: last year's
        ("13 Aralık 2013'te", "2013-12-13"),
        ("03.01.2014 tarihinde", "2014-01-03"),
    ],
)
def test_dates_past(ex: EventExtractor, phrase: str, expected: str) -> None:
    date, precision, text = _date(ex, f"Bakan Ahmet Yılmaz, {phrase} Ali Demir ile görüştü.")
    assert (date, precision) == (expected, "day")
    assert text is not None


def test_weekday_in_the_future(ex: EventExtractor) -> None:
    text = "Cuma günü Şi Cinping ile görüşeceğini ifade eden Trump, ilişkilerin güçlü olduğunu söyledi."
    (e,) = consult(ex, text, published=TUESDAY)
    assert e.status == "planned" and e.date == "2025-09-19"
    assert names(e.actors) == ["Trump"] and names(e.recipients) == ["Şi Cinping"]


def test_tomorrow(ex: EventExtractor) -> None:
    assert _date(ex, "Bakan Ahmet Yılmaz, yarın Ali Demir ile görüşecek.")[:2] == ("2014-01-07", "day")


def test_month_precision(ex: EventExtractor) -> None:
    date, precision, _ = _date(ex, "Bakan Ahmet Yılmaz, Nisan ayında Ali Demir ile görüşecek.")
    assert (date, precision) == ("2014-04", "month")


def test_imprecise_dates_keep_the_phrase(ex: EventExtractor) -> None:
    text = "MİT'in Başkanı Hakan Kalın, geçtiğimiz günlerde Hamas heyetiyle bir araya geldi."
    date, precision, phrase = _date(ex, text)
    assert (date, precision, phrase) == (None, "unknown", "geçtiğimiz günlerde")


def test_no_publication_date_gives_unknown(ex: EventExtractor) -> None:
    assert _date(ex, "Bakan Ahmet Yılmaz, dün Ali Demir ile görüştü.", None)[:2] == (None, "unknown")
    assert _date(ex, "Bakan Ahmet Yılmaz, Ali Demir ile görüştü.", None)[:2] == (None, "unknown")


def test_no_expression_takes_the_publication_day(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Bakan Ahmet Yılmaz, Ali Demir ile görüştü.")
    assert (e.date, e.date_source) == ("2014-01-06", "published")
    (p,) = consult(ex, "Bakan Ahmet Yılmaz, Ali Demir ile görüşecek.")
    assert p.date is None and p.date_precision == "unknown"


# ---------------------------------------------------------------- other PLOVER types


def test_other_plover_types(ex: EventExtractor) -> None:
    evs = ex.extract("Dışişleri Bakanı Ahmet Davutoğlu, İsrail'i sert bir dille kınadı.", published=MONDAY)
    assert [e.event_type for e in evs] == ["DISAPPROVE"]


# ---------------------------------------------------------------- with the NER model


def test_with_packaged_ner_model() -> None:
    from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, NerModel

    if not Path(DEFAULT_MODEL_PATH).exists():
        pytest.skip(f"NER model not trained yet: {DEFAULT_MODEL_PATH} is missing")
    ex = EventExtractor(tagger=NerModel.load().tag_sentences)
    (e,) = consult(ex, "Kılıçdaroğlu, Silivri'de Fatih Hilmioğlu'nu ziyaret etti.")
    assert names(e.recipients) == ["Fatih Hilmioğlu"]


def test_sentences_are_pure_per_article(ex: EventExtractor) -> None:
    text = "Bakan Ahmet Yılmaz, dün Ali Demir ile görüştü."
    a = [e.to_dict() for e in ex.extract(text, published=MONDAY)]
    b = [e.to_dict() for e in ex.extract(text, published=MONDAY)]
    assert a == b and tokenize_sentences(text)


# ---------------------------------------------------------------- seeds (need /work/shared)

SEEDS = Path("/work/shared/corpus/seeds")


@pytest.mark.corpus
@pytest.mark.skipif(not SEEDS.exists(), reason="shared corpus not available")
def test_seed_acceptance() -> None:
    from haberdar.clean import clean
    from haberdar.ingest.sources import iter_documents
    from haberdar.resources import default_resources

    ex = EventExtractor()
    res = default_resources()
    got = {}
    for d in iter_documents([str(SEEDS)]):
        art = clean(d, res)
        got[Path(d.uri).name[:3]] = consult(ex, art.body, art.published, art.title)
    assert all(len(v) == 1 for v in got.values()), got
    e2 = got["002"][0]
    assert e2.status == "occurred" and e2.date in ("2025-06-29", "2025-06-30")
    assert names(e2.actors) == ["İbrahim Kalın"] and "Muhammed İsmail Derviş" in names(e2.recipients)
    assert {"kalıcı ateşkes", "insani yardım"} <= set(e2.topics)
    e3 = got["003"][0]
    assert e3.date == "2024-09-13" and e3.location and e3.location.name == "Ankara"
    assert "esir takası" in e3.topics and names(e3.recipients) == ["Hamas Siyasi Büro liderleri"]
    e4 = got["004"][0]
    assert e4.mode == "multilateral" and e4.location and e4.location.name == "Kahire"
    assert e4.date is None and len(e4.recipients) == 2
    for k in ("000", "001"):
        e = got[k][0]
        assert e.date is None and any("Hamas" in n for n in names(e.recipients))
    assert got["001"][0].location and got["001"][0].location.name == "Ankara"


# ---------------------------------------------------------------- groups, relatives, named meetings


def test_plural_head_distributes_over_coordinated_parties(ex: EventExtractor) -> None:
    text = ("Cenevre'deki görüşmelerde Suriye muhalefeti ve rejim heyetleri, BM Temsilcisi Lahdar "
            "İbrahimi'nin arabuluculuğunda bir araya geldi.")
    (e,) = consult(ex, text)
    assert names(e.participants()) == ["Suriye muhalefeti heyeti", "rejim heyeti"]
    assert e.symmetric and e.mode == "third-party"
    assert e.location is not None and e.location.name == "Cenevre"  # "X'deki görüşmeler"


def test_plural_head_is_not_given_to_a_person(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Trump, Zelenskiy ve Avrupalı liderlerle görüşecek.")
    assert names(e.recipients) == ["Zelenskiy", "Avrupalı liderler"]


def test_subject_relative_takes_the_head_on_its_right(ex: EventExtractor) -> None:
    text = ("Timoşenko'yu Kharkiv kentindeki hastanede ziyaret eden Parti Lideri Arseniy Yatsenyuk ile "
            "Başkan Yardımcısı Aleksandr Turçinov'a boya atıldı.")
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Arseniy Yatsenyuk", "Aleksandr Turçinov"]
    assert names(e.recipients) == ["Timoşenko"]
    assert e.location is not None and e.location.name == "Kharkiv"


def test_agent_noun_and_unknown_plural_are_group_parties(ex: EventExtractor) -> None:
    (e,) = consult(ex, "İHA yöneticilerini yemekte ağırlayan Başkan Orhan Gümrükçüoğlu konuştu.")
    assert names(e.actors) == ["İHA yöneticileri"] and e.mode == "visit"
    (e,) = consult(ex, "Başbakan Erdoğan, dün kahvaltıda bir araya geldiği milletvekillerine bilgi verdi.")
    assert names(e.actors) == ["Erdoğan"] and names(e.recipients) == ["milletvekilleri"]


def test_background_marker_covers_only_its_own_meeting(ex: EventExtractor) -> None:
    text = ("ABD Başkanı Donald Trump'ın geçen hafta Vladimir Putin ile Alaska'da bir araya gelmesinin "
            "ardından bugün Beyaz Saray'da Zelenskiy ile görüşmesi öncesi piyasalar yatay seyretti.")
    (e,) = consult(ex, text, published=TUESDAY)
    assert names(e.recipients) == ["Zelenskiy"] and e.status == "planned"


def test_participle_before_meeting_noun_gives_its_tense(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Dışişleri Bakanı Laurent Fabius, Alman yetkililerle yapacağı toplantı öncesinde konuştu.")
    assert names(e.actors) == ["Laurent Fabius"] and e.status == "planned"


def test_while_converb_closes_the_clause_before_it(ex: EventExtractor) -> None:
    text = ("Cumhurbaşkanı François Hollande, büyük bir öfke duyduğunu söylerken, Dışişleri Bakanı "
            "Laurent Fabius, Alman yetkililerle görüştü.")
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Laurent Fabius"] and names(e.recipients) == ["Alman yetkililer"]


def test_plural_group_meeting_among_themselves_is_multilateral(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Dünya liderleri Pazartesi günü Nice kentinde bir araya gelecek.")
    assert names(e.actors) == ["Dünya liderleri"] and e.recipients == []
    assert e.mode == "multilateral" and e.status == "planned" and e.date == "2014-01-13"
    # habitual, ongoing talk is no event; nor a pair the text leaves unnamed
    assert consult(ex, "İçişleri bakanlarımız da bu konuda görüşüyorlar.") == []


def test_named_meeting_is_a_multilateral_event_of_its_organiser(ex: EventExtractor) -> None:
    (e,) = consult(ex, "UAEA 69. Genel Konferansı, kurumun Viyana'da bulunan genel merkezinde başladı.")
    assert names(e.actors) == ["UAEA"] and e.mode == "multilateral" and e.status == "occurred"
    assert e.location is not None and e.location.name == "Viyana"
    text = ("Kararların nisan ayında Brüksel'de yapılacak NATO Dışişleri Bakanları Toplantısı'nda alınması "
            "öngörülüyor. Rasmussen, Eylül'de Galler'de yapılacak NATO Zirvesi hazırlıklarını anlattı.")
    evs = consult(ex, text)
    assert sorted(e.location.name for e in evs if e.location) == ["Brüksel", "Galler"]
    assert all(e.status == "planned" for e in evs)


def test_ordinal_before_a_name_does_not_end_the_sentence(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Galatasaray Başkanı Mustafa Cengiz, 1. Ordu Komutanı Orgeneral Musa Avsever'i ziyaret etti.")
    assert names(e.actors) == ["Mustafa Cengiz"] and names(e.recipients) == ["Musa Avsever"]


def test_capitals_heading_and_postposition_genitive_are_no_subject(ex: EventExtractor) -> None:
    text = ("ÖZKAN'LA DA GÖRÜŞECEK Feyzioğlu'nun Başbuğ'un ardından gazeteci Tuncay Özkan'la da "
            "görüşeceği bildirildi.")
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Feyzioğlu"] and names(e.recipients) == ["Tuncay Özkan"]


# ---------------------------------------------------------------- round 3 mechanisms


def test_departure_for_a_country_is_a_planned_visit(ex: EventExtractor) -> None:
    evs = consult(ex, "Dışişleri Bakanı Ahmet Yılmaz, Fransa'ya hareketi öncesinde Esenboğa Havalimanı'nda açıklama yaptı.")
    assert len(evs) == 1
    e = evs[0]
    assert names(e.actors) == ["Ahmet Yılmaz"] and names(e.recipients) == ["Fransa"]
    assert e.status == "planned" and e.mode == "visit" and e.location is not None and e.location.name == "Fransa"


def test_separate_bilateral_meetings_are_separate_events(ex: EventExtractor) -> None:
    evs = consult(ex, "Mısır heyeti, Ürdün ve Katar heyetleriyle ayrı ayrı ikili görüşmeler gerçekleştirdi.")
    assert sorted(names(e.recipients)[0] for e in evs) == ["Katar heyeti", "Ürdün heyeti"]
    assert all(names(e.actors) == ["Mısır heyeti"] and e.mode is None for e in evs)


def test_plural_head_is_shared_across_ile_before_arasinda(ex: EventExtractor) -> None:
    evs = consult(ex, "Ayrıca Almanya ile Avrupa Birliği heyetleri arasında da görüşme yapıldı.")
    assert len(evs) == 1
    assert sorted(names(evs[0].participants())) == ["Almanya heyeti", "Avrupa Birliği heyeti"]


def test_group_heads_are_not_surnames_when_merging(ex: EventExtractor) -> None:
    text = ("Mısır heyeti, Ürdün ve Katar heyetleriyle ayrı ayrı ikili görüşmeler gerçekleştirdi. "
            "Lübnan heyeti de Katar heyetiyle bir araya geldi.")
    assert len(consult(ex, text)) == 3


def test_calendar_words_are_neither_parties_nor_places(ex: EventExtractor) -> None:
    evs = consult(ex, "Bakan Ahmet Yılmaz, Salı günü Mart'ta imzalanan anlaşma için Ali Demir ile görüştü.")
    assert len(evs) == 1
    assert "Salı" not in names(evs[0].participants())
    assert evs[0].location is None or evs[0].location.name != "Mart"


def test_claimed_visit_is_not_an_event(ex: EventExtractor) -> None:
    assert consult(ex, "Ahmet Yılmaz'ın Bakan Ali Demir'i ziyaret ettiği iddiaları basına yansıdı.") == []


def test_meeting_dated_long_before_publication_is_background(ex: EventExtractor) -> None:
    # published 2014-01-06: an embedded meeting of 14 Kasım is recalled, not reported
    assert consult(ex, "Ahmet Yılmaz, 14 Kasım'da Ali Demir ile bir araya gelirken ateşkes çağrısı yaptı.") == []
    assert len(consult(ex, "Ahmet Yılmaz, 5 Ocak'ta Ali Demir ile bir araya gelirken ateşkes çağrısı yaptı.")) == 1


def test_two_standalone_titles_are_two_people(ex: EventExtractor) -> None:
    evs = consult(ex, "Akşam saatlerinde Köşk'e çıkan Başbakan Cumhurbaşkanı ile bütçeyi görüştü.")
    assert len(evs) == 1
    e = evs[0]
    assert names(e.actors) == ["Başbakan"] and names(e.recipients) == ["Cumhurbaşkanı"]
    # going to the place ("Köşk'e çıkan") makes it a visit there
    assert e.mode == "visit" and e.location is not None and e.location.name == "Köşk"


# ---------------------------------------------------------------- more traps and mechanisms (issue 4, round 2)


def test_unacceptable_and_without_waiting_are_no_meetings(ex: EventExtractor) -> None:
    # "kabul edilemez" (Pass + NegAbil) is a judgement; "görüşmesini beklemeden": it did not happen
    assert consult(ex, "Wright, Tahran'ın tutumunun kabul edilemez olduğunu vurguladı.") == []
    assert consult(ex, "Feyzioğlu, TBB'nin neden CHP ile görüşmesini beklemeden taslağı sunduğunu anlattı.") == []


def test_bare_infinitive_is_an_activity_not_an_event(ex: EventExtractor) -> None:
    text = "ABD ile Türkiye arasında, krizler üzerine bir araya gelmek, ilişkinin bir özelliği haline gelmişti."
    assert consult(ex, text) == []


def test_complement_clause_of_a_relative_is_planned(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Yarın Ukrayna Başbakanı Arseniy Yatsenyuk ile bir araya geleceğine değinen Rasmussen, "
                       "görüşmede desteğini dile getireceğini kaydetti.")
    assert names(e.actors) == ["Rasmussen"] and names(e.recipients) == ["Arseniy Yatsenyuk"]
    assert e.status == "planned" and e.date == "2014-01-07"


def test_meeting_in_the_locative_with_an_agenda_predicate(ex: EventExtractor) -> None:
    (e,) = consult(ex, "NATO Genel Sekreteri Anders Fogh Rasmussen ile AB Konseyi Başkanı Herman Van Rompuy "
                       "da ayrı bir ikili toplantıda Ukrayna krizini ele aldı.")
    assert sorted(names(e.participants())) == ["Anders Fogh Rasmussen", "Herman Van Rompuy"]
    assert e.status == "occurred" and e.mode is None  # "ikili": bilateral


def test_time_and_place_of_another_named_meeting_are_not_this_ones(ex: EventExtractor) -> None:
    evs = consult(ex, "Rasmussen ile Van Rompuy ayrı bir toplantıda 4-5 Eylül'de Galler'de yapılacak "
                      "NATO Zirvesi hazırlıklarını ele aldı.")
    meeting = next(e for e in evs if e.recipients)
    assert meeting.location is None and meeting.date == "2014-01-06"
    summit = next(e for e in evs if not e.recipients)
    assert summit.status == "planned" and summit.location and summit.location.name == "Galler"


def test_joint_body_meeting_is_a_meeting_of_its_two_sides(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Büyükelçiler düzeyinde toplanan NATO-Rusya Konseyi'nin ardından Rasmussen açıklama yaptı.")
    assert sorted(names(e.participants())) == ["NATO", "Rusya"] and e.symmetric and e.status == "occurred"


def test_joining_a_meeting_adds_a_party_and_a_refusal_does_not(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Rusya Dışişleri Bakanı Sergey Lavrov ve ABD Dışişleri Bakanı John Kerry, Paris'te bir araya "
                       "gelirken, görüşmelere daha sonradan SMDK lideri Ahmed Carba da katıldı.")
    assert "Ahmed Carba" in names(e.participants())
    (e,) = consult(ex, "Türkiye heyeti, Rusya heyetiyle görüştü. Suriye askeri muhalefeti görüşmelere katılmadı.")
    assert names(e.participants()) == ["Türkiye heyeti", "Rusya heyeti"]


def test_visit_to_a_facility_is_at_it_and_a_bare_facility_noun_refers_back(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Gül, saat 11.00'de, Kara Harp Okulu'na ziyarette bulunacak.")
    assert e.location is not None and e.location.name == "Kara Harp Okulu"
    text = ("Kazanın ardından Özel TOBB ETÜ Hastanesi'nde kontrolden geçirilen Genç, hastaneden ayrılmadı. "
            "Bu arada, CHP Grup Başkanvekili Engin Altay, Genç'i hastanede ziyaret etti.")
    (e,) = consult(ex, text)
    assert e.location is not None and e.location.name == "Özel TOBB ETÜ Hastanesi"


def test_article_meeting_place_and_city_country(ex: EventExtractor) -> None:
    text = ("Kazakistan'ın başkenti Astana'da düzenlenen Suriye görüşmeleri başladı. "
            "Türkiye heyeti, Rusya heyetiyle ikili görüşme gerçekleştirdi.")
    (e,) = consult(ex, text)
    assert e.location is not None and e.location.name == "Astana" and e.location.country == "Kazakistan"
    (e,) = consult(ex, "MİT Başkanı İbrahim Kalın, Ankara'da Hamas heyetiyle görüştü.")
    assert e.location is not None and e.location.country == "Türkiye"


def test_a_place_visit_and_the_meeting_on_it_are_one_event(ex: EventExtractor) -> None:
    text = ("Başbakan Recep Tayyip Erdoğan, yarın Brüksel'e resmi bir ziyaret gerçekleştirecek. "
            "Erdoğan'ın yarın Avrupa Komisyonu Başkanı Jose Manuel Barroso ile görüşmesi bekleniyor.")
    (e,) = consult(ex, text)
    assert names(e.recipients) == ["Jose Manuel Barroso"] and e.location and e.location.name == "Brüksel"
    assert e.location.country == "Belçika" and e.status == "planned" and e.date == "2014-01-07"


def test_a_party_visited_before_another_is_a_visit_of_its_own(ex: EventExtractor) -> None:
    evs = consult(ex, "Adalet Bakanı Bekir Bozdağ, HSYK teklifi ile ilgili CHP'nin ardından MHP'yi ziyaret etti.")
    assert sorted(names(e.recipients)[0] for e in evs) == ["CHP", "MHP"]
    assert all(names(e.actors) == ["Bekir Bozdağ"] for e in evs)  # "HSYK teklifi" is no party


def test_dropped_subject_is_the_titled_person_the_stretch_opens_with(ex: EventExtractor) -> None:
    text = ("Başbakan Yardımcısı Bülent Arınç, kararı olumlu karşıladığını belirtti. "
            "Mitinge seslenecek olan , ilk olarak Bolu Valiliği'ni ziyaret etti.")
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Bülent Arınç"] and names(e.recipients) == ["Bolu Valiliği"]


def test_first_person_quote_takes_its_speaker(ex: EventExtractor) -> None:
    text = ('Tillerson, "31 Mart dışişlerinde son günüm. Görevden alındıktan sonra Trump ile telefonda '
            'görüştüm" dedi.')
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Tillerson"] and names(e.recipients) == ["Trump"] and e.mode == "phone"
    (e,) = consult(ex, "Feyzioğlu, \"Sayın Başbuğ, Balanlı ve Özkan'la görüştüm\" dedi.")
    assert names(e.actors) == ["Feyzioğlu"] and names(e.recipients) == ["Başbuğ", "Balanlı", "Özkan"]


def test_an_office_takes_the_name_its_one_holder_has_in_the_article(ex: EventExtractor) -> None:
    text = ("Rusya, İngiltere ve Almanya liderleri Ukrayna krizini görüşmek için telefonda acil görüşme yaptı. "
            "Rusya Devlet Başkanı Vladimir Putin'in sitesinde açıklama yapıldı.")
    (e,) = consult(ex, text)
    assert "Vladimir Putin" in names(e.participants()) and e.mode == "phone"


def test_hyphenated_names_and_bracketed_short_forms(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Şaban, sözcü Luey Safi ve BM-Arap Birliği Özel Temsilcisi El Ahdar el-İbrahimi ile "
                       "gerçekleştirdiği görüşmenin ardından açıklama yaptı.")
    assert "El Ahdar el-İbrahimi" in names(e.recipients) and "Luey Safi" in names(e.recipients)
    (e,) = consult(ex, "Kuzey Atlantik Konseyi (NAC) ile AB heyeti, toplantıda gelişmeleri ele aldı.")
    assert "Kuzey Atlantik Konseyi" in names(e.participants())


def test_announced_meeting_that_was_held_is_one_event(ex: EventExtractor) -> None:
    text = ("Feyzioğlu'nun gazeteci Tuncay Özkan'la da görüşeceği bildirildi. "
            "Türkiye Barolar Birliği Başkanı Metin Feyzioğlu, Silivri'de İlker Başbuğ ve Tuncay Özkan'la görüştü.")
    evs = consult(ex, text)
    assert len(evs) == 1 and evs[0].status == "occurred"


def test_an_office_named_without_its_holder_is_a_party(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Müsteşar, İzmir Başsavcısını telefonla aradı.")
    assert names(e.actors) == ["Müsteşar"] and names(e.recipients) == ["İzmir Başsavcısı"] and e.mode == "phone"
    # a bare title before another office is a person of its own
    (e,) = consult(ex, "Müsteşar İzmir Başsavcısını aramış ve konuşmuştur.")
    assert names(e.actors) == ["Müsteşar"] and names(e.recipients) == ["İzmir Başsavcısı"]
    # "Başkanımızla": the office in the third person
    (e,) = consult(ex, "Feyzioğlu, Meclis Başkanımızla Çarşamba günü görüşecek.")
    assert names(e.recipients) == ["Meclis Başkanı"] and e.status == "planned"
    # but a searched-for thing is no call
    assert consult(ex, "Polis, kayıp çocuğu aradı.") == []


def test_a_possessed_office_in_the_genitive_is_the_subject_of_its_clause(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Adalet Bakanı Bekir Bozdağ, müsteşarının İzmir Cumhuriyet Başsavcısını aradığını "
                       "belirterek konuştu.")
    assert names(e.actors) == ["müsteşarı"] and names(e.recipients) == ["İzmir Cumhuriyet Başsavcısı"]


def test_a_quotation_opens_a_clause_and_one_office_in_other_words_is_one_party(ex: EventExtractor) -> None:
    text = ('Adalet Bakanı Bekir Bozdağ, müsteşarının İzmir Cumhuriyet Başsavcısını aradığını belirterek, '
            '"Müsteşar İzmir Başsavcısını aramış ve konuşmuştur" dedi.')
    (e,) = consult(ex, text)  # the quote's call is the call the clause before reports
    assert "Bekir Bozdağ" not in names(e.participants())


def test_an_office_takes_its_holder_under_the_institution_s_other_name(ex: EventExtractor) -> None:
    text = ("Feyzioğlu görüşme trafiğini TBMM Başkanı Cemil Çiçek ile de sürdürecek. "
            "Feyzioğlu, \"Meclis Başkanımızla Çarşamba günü görüşeceğiz\" dedi.")
    evs = consult(ex, text)
    assert any("Cemil Çiçek" in names(e.recipients) for e in evs)
    assert not any("Meclis Başkanı" in names(e.recipients) for e in evs)


def test_pronouns_are_not_names(ex: EventExtractor) -> None:
    for e in consult(ex, 'Bakan Bozdağ, "Ben Müsteşar ile görüştüm" dedi.'):
        assert not any(n.startswith("Ben ") for n in names(e.participants()))


def test_the_possessor_of_an_office_is_not_its_holder(ex: EventExtractor) -> None:
    (e,) = consult(ex, "AKP Meclis Grup Başkanvekili Nurettin Canikli ile Başbakan Erdoğan'ın Özel Kalem Müdürü "
                       "Hasan Doğan arasında geçen telefon görüşmesinin kaydı internete düştü.")
    assert names(e.participants()) == ["Nurettin Canikli", "Hasan Doğan"] and e.mode == "phone"


def test_an_adjective_of_origin_is_no_party(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Dışişleri Bakanı Davutoğlu, ABD'li mevkidaşı Kerry ile yaptığı görüşmede Suriye'yi ele "
                       "aldığını söyledi.")
    assert names(e.actors) == ["Davutoğlu"] and names(e.recipients) == ["Kerry"] and e.mode != "multilateral"


def test_agreeing_to_act_on_a_person_is_not_receiving_them(ex: EventExtractor) -> None:
    assert consult(ex, "Varılan anlaşmaya göre Başbakan Nikolay Azarov'u görevden almayı kabul eden "
                       "Cumhurbaşkanı Yanukoviç, onun yerine yeni bir isim atayacak.") == []


def test_the_members_of_an_alliance_convening_is_a_multilateral_meeting(ex: EventExtractor) -> None:
    (e,) = consult(ex, "NATO üyeleri, Polonya'nın talebi üzerine yarın olağanüstü toplanarak Ukrayna'daki "
                       "gelişmeleri görüşecek.")
    assert names(e.actors) == ["NATO üyeleri"] and e.mode == "multilateral" and e.status == "planned"
    assert e.date == "2014-01-07"
    # a board's own members sitting is no meeting between actors
    assert consult(ex, "Şirketin yönetim kurulu üyeleri dün toplandı.") == []


def test_an_office_holder_s_trip_abroad_is_a_visit(ex: EventExtractor) -> None:
    (e,) = consult(ex, "ABD’nin Avrupa ve Avrasya İşlerinden Sorumlu Dışişleri Bakan Yardımcısı A. Wess Mitchell "
                       "Cuma günü Kıbrıs’a gelecek.")
    assert names(e.actors) == ["A. Wess Mitchell"] and names(e.recipients) == ["Kıbrıs"]
    assert e.mode == "visit" and e.status == "planned" and e.date == "2014-01-10"
    (e,) = consult(ex, "Cumhurbaşkanı Gül, dün Brüksel'e gitti.")
    assert names(e.recipients) == ["Brüksel"] and e.status == "occurred" and e.date == "2014-01-05"
    # a trip at home, or people without an office arriving, is no visit
    assert consult(ex, "Başbakan Erdoğan yarın Rize'ye gidecek.") == []
    assert consult(ex, "Suriyeli sığınmacılar Türkiye'ye geldi.") == []


def test_a_visit_to_a_site_is_no_meeting(ex: EventExtractor) -> None:
    assert consult(ex, "Bakan Kurum, Altınyayla ilçesini ziyaret etti.") == []
    assert consult(ex, "Tarihi Kapalı Çarşı'yı ziyaret eden Bakan Zeybekci, esnafla sohbet etti.") == []
    # a people at the site still is a party: the subject after an opening adverbial visits them
    (e,) = consult(ex, "Ziyaretine ilişkin açıklamaya göre, Bakan Kurum, bölgedeki çalışmaları inceledi, "
                       "esnafı ziyaret edip sorunlarını dinledi.")
    assert names(e.actors) == ["Kurum"] and e.mode == "visit" and len(e.recipients) == 1
    assert e.recipients[0].name.startswith("esnaf")


def test_a_closed_quotation_does_not_open_the_clause(ex: EventExtractor) -> None:
    (e,) = consult(ex, 'Davutoğlu, "Bu bir fırsattır" diyerek Kerry ile görüştü.')
    assert names(e.actors) == ["Davutoğlu"] and names(e.recipients) == ["Kerry"]


def test_people_by_occupation_are_a_group_party(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Başbakan Erdoğan, Dolmabahçe'de gazeteci ve yazarlarla buluştu.")
    assert names(e.actors) == ["Erdoğan"] and e.recipients and e.recipients[0].name.endswith("yazarlar")
    (e,) = consult(ex, "Fikret Orman, Benfica yönetimi ile bizzat görüşerek oyuncunun opsiyonunu düşürmeye çalışacak.")
    assert names(e.recipients) == ["Benfica yönetimi"]


def test_together_with_is_no_partner_and_contacts_abroad_are_a_visit(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Ekonomi Bakanı Zeybekci, Türk müteahhitlik sektörünün önde gelen firmalarıyla birlikte "
                       "Japonya'da temaslarda bulundu.")
    assert names(e.actors) == ["Zeybekci"] and names(e.recipients) == ["Japonya"] and e.mode == "visit"
    # at home, or without an office, no visit
    assert consult(ex, "Ekonomi Bakanı Zeybekci, Ankara'da temaslarda bulundu.") == []
    assert consult(ex, "Zeybekci, Japonya'da temaslarda bulundu.") == []


def test_a_participle_of_a_light_verb_before_its_noun_gives_the_tense(ex: EventExtractor) -> None:
    (e,) = consult(ex, "ABD Başkanı Donald Trump'ın İngiltere'ye yapacağı devlet ziyareti öncesinde sterlin yükseldi.")
    assert names(e.actors) == ["Donald Trump"] and names(e.recipients) == ["İngiltere"]
    assert e.mode == "visit" and e.status == "planned"
    (e,) = consult(ex, "Davutoğlu'nun Kerry ile yapacağı görüşme öncesinde açıklama yapıldı.")
    assert e.status == "planned"  # "ziyaret/görüşme öncesinde açıklama yapıldı": the noun is governed
    (e,) = consult(ex, "Erdoğan'ın Obama ile yaptığı telefon görüşmesinde Suriye ele alındı.")
    assert e.mode == "phone" and e.status == "occurred"


def test_the_nominative_a_comma_sets_off_is_the_subject(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Haberler Trump İngiltere ziyaretinde anlaşmaları açıklayacak ABD Başkanı Donald Trump, "
                       "bu hafta İngiltere'ye yapacağı ziyarette anlaşmaları açıklamayı planlıyor.")
    assert names(e.actors) == ["Donald Trump"]


def test_an_office_with_a_coordinated_organisation_is_one_title(ex: EventExtractor) -> None:
    text = ("Avrupa Birliği Dışişleri ve Güvenlik Politikaları Yüksek Temsilcisi Federica Mogherini, Ukrayna "
            "Başbakanı Viladimir Groysman'la görüşerek Ukrayna'ya destek mesajı verdi.")
    (e,) = consult(ex, text)
    assert names(e.actors) == ["Federica Mogherini"] and names(e.recipients) == ["Viladimir Groysman"]
    assert e.mode is None  # one person on each side, not a multilateral meeting


def test_a_question_reports_no_meeting(ex: EventExtractor) -> None:
    assert consult(ex, "Hakan Şükür, Gülen'i ziyaret edecek mi?") == []
    assert consult(ex, "Erdoğan Putin ile görüşecek mi?") == []
    # the clitic carries person and tense: "misiniz", "mıydı" (sozcu2014)
    assert consult(ex, "Pensilvanya'ya gidecek misiniz, Hocaefendi ile görüşecek misiniz?") == []
    assert consult(ex, "Bakan, Gülen ile görüşmüş müydü?") == []


def test_an_adjective_of_origin_without_apostrophe_is_no_party(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Galatasaray, Arjantinli genç oyuncu Lucas Ontivero için kulübü Felix ile görüşmelere "
                       "başlandığını borsaya bildirdi.")
    assert names(e.actors) == ["Galatasaray"]


def test_a_sentence_opening_coordination_of_names_is_the_subject(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Erdoğan ve Davutoğlu, Kerry ile görüştü.")
    assert names(e.actors) == ["Erdoğan", "Davutoğlu"] and names(e.recipients) == ["Kerry"]


def test_a_press_conference_is_no_meeting(ex: EventExtractor) -> None:
    assert consult(ex, "Malezya Havayolları yetkililerinin Kuala Lumpur'da düzenlediği basın toplantısında "
                       "gerginlik yaşandı.") == []


def test_coordination_across_a_relative_clause_and_separate_receptions(ex: EventExtractor) -> None:
    evs = consult(ex, "Cumhurbaşkanı Abdullah Gül, Çankaya Köşkü'nde Çankaya Belediye Başkanı Bülent Tanık ve güven "
                      "mektubunu sunacak olan Avustralya Büyükelçisi James Martin Larsen'i ayrı ayrı kabul ediyor.")
    assert sorted(names(e.actors)[0] for e in evs) == ["Bülent Tanık", "James Martin Larsen"]
    assert all(names(e.recipients) == ["Abdullah Gül"] and e.mode == "visit" for e in evs)


def test_talking_is_a_call_only_on_the_phone(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Enerji devi Aksa'nın patronu Şaban Cemil Kazancı ile telefonda konuşan Mehmet Cengiz, "
                       "Başbakan'ın kendisine attığı mesajı anlattı.")
    assert names(e.actors) == ["Mehmet Cengiz"] and names(e.recipients) == ["Şaban Cemil Kazancı"] and e.mode == "phone"
    (e,) = consult(ex, "Murat Gezer'in nişanlısı Mina Başaran'la son telefon konuşması ortaya çıktı.")
    assert names(e.recipients) == ["Mina Başaran"] and e.mode == "phone"
    assert consult(ex, "Erdoğan, gençlerle konuştu.") == []
    assert consult(ex, "Erdoğan, telefonla bağlandığı mitingde vatandaşlarla konuştu.") == []


def test_a_meeting_noun_as_subject_takes_the_sides_between_which_it_took_place(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Bir diğer görüşme ise Ethem Sancak ile Mehmet Fatih Saraç arasında geçiyor.")
    assert sorted(names(e.participants())) == ["Ethem Sancak", "Mehmet Fatih Saraç"]


def test_a_participle_noun_is_no_governor_and_a_possessor_is_no_subject(ex: EventExtractor) -> None:
    # "görüşmeden" after "yaptığı" is the meeting noun, not "without meeting"
    (e,) = consult(ex, "Kliçko, Yanukoviç ile yaptığı görüşmeden sonra açıklama yaptı.")
    assert names(e.actors) == ["Kliçko"] and names(e.recipients) == ["Yanukoviç"] and e.status == "occurred"
    (e,) = consult(ex, "AB yanlısı Udar Hareketi'nin lideri Vitali Kliçko, Yurt Partisi lideri Arnesiy Yatsenyuk, "
                       "gece geç saatlerde Yanukoviç ile yaptıkları görüşmeden sonra açıklama yaptı.")
    assert names(e.actors) == ["Vitali Kliçko", "Arnesiy Yatsenyuk"] and names(e.recipients) == ["Yanukoviç"]


def test_a_lower_case_head_before_a_name_is_its_title(ex: EventExtractor) -> None:
    (e,) = consult(ex, "CHP lideri Kılıçdaroğlu, Bahçeli ile görüştü.")
    assert names(e.actors) == ["Kılıçdaroğlu"] and names(e.recipients) == ["Bahçeli"] and e.mode is None
    assert e.actors[0].title == "CHP lideri"


def test_the_pair_before_a_participle_meeting_is_its_parties(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Bakan Çavuşoğlu, Soçi'de Cumhurbaşkanı Recep Tayyip Erdoğan ile Rusya Devlet Başkanı "
                       "Vladimir Putin yarın gerçekleştirilecek görüşmeye de işaret etti.")
    assert names(e.participants()) == ["Recep Tayyip Erdoğan", "Vladimir Putin"]
    assert e.status == "planned" and e.date == "2014-01-07" and e.location and e.location.name == "Soçi"


def test_what_a_pluperfect_sentence_embeds_is_background(ex: EventExtractor) -> None:
    assert consult(ex, "Genel Sekreter Ban Ki-mun, dün gazetecilere yaptığı açıklamada, İran Dışişleri Bakanı Cevad "
                       "Zarif ile yaptığı görüşmeler sonucunda İran'a davetiye gönderdiğini açıklamıştı.") == []


def test_habitual_meetings_are_not_events_and_a_visit_to_a_country_is_in_it(ex: EventExtractor) -> None:
    (e,) = consult(ex, "İran'da yeni hükümetin göreve gelmesinden bu yana iki ülkenin dışişleri bakanlarının hemen "
                       "hemen her ay karşılıklı ziyaretlerde bulunduklarını anımsatan Erdoğan, İran Cumhurbaşkanı "
                       "Hasan Ruhani'nin de en kısa zamanda Türkiye'yi ziyaret edeceğini söyledi.")
    assert names(e.actors) == ["Hasan Ruhani"] and names(e.recipients) == ["Türkiye"] and e.status == "planned"
    assert e.location and e.location.name == "Türkiye"
    assert consult(ex, "Ali Ağaoğlu, Bilal Erdoğan ile sık sık görüşüyor.") == []


def test_seeking_is_not_calling(ex: EventExtractor) -> None:
    assert consult(ex, "Çavuşoğlu, Suriye'de tutunacak dal arayanların örgütlere bel bağladığını vurguladı.") == []
    assert consult(ex, "Hükümet, Rusya ile çözüm arıyor.") == []
    (e,) = consult(ex, "Erdoğan, Putin'i dün aradı.")
    assert e.mode == "phone" and e.date == "2014-01-05"


def test_a_country_owning_a_place_is_no_subject(ex: EventExtractor) -> None:
    (e,) = consult(ex, "Davutoğlu'nun Almanya'nın Köln kentinde Steinmeier ile yaptığı görüşme sona erdi.")
    assert names(e.actors) == ["Davutoğlu"] and names(e.recipients) == ["Steinmeier"]
    assert e.location and e.location.name == "Köln"



def test_a_common_word_opening_the_sentence_is_no_party(ex: EventExtractor) -> None:
    """A first word capitalised only because it opens the sentence (sozcu2014): a case suffix
    without an apostrophe ("Tapede", "Kamuoyuna") marks a common noun, not a name, whatever the
    tagger says."""
    (e,) = consult(ex, "Tapede, Başbakan Erdoğan, Mehmet Fatih Saraç'ı arayarak sitemini dile getiriyor.")
    assert names(e.actors) == ["Erdoğan"] and names(e.recipients) == ["Mehmet Fatih Saraç"]
    (e,) = consult(ex, "Kamuoyuna hükümet cemaat kavgası diye yansıyan olay, iktidarın PKK ile yapılan "
                       "görüşmelerdeki taahhüdüydü.")
    assert "Kamuoyuna" not in " ".join(names(e.participants()))
    # names and offices that open a sentence are kept
    (e,) = consult(ex, "İçişleri Bakanı Efkan Ala, Adalet Bakanı Bekir Bozdağ ile görüştü.")
    assert names(e.actors) == ["Efkan Ala"] and names(e.recipients) == ["Bekir Bozdağ"]


def test_an_untagged_verb_form_opening_the_sentence_is_no_party() -> None:
    """With the NER model: a first word the model leaves untagged that reads only as a verb form
    ("Konuşmada", "Eğer") is no name; a tagged one ("Korkmaz", also a verb form) is."""
    from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, NerModel

    if not Path(DEFAULT_MODEL_PATH).exists():
        pytest.skip(f"NER model not trained yet: {DEFAULT_MODEL_PATH} is missing")
    ex = EventExtractor(tagger=NerModel.load().tag_sentences)
    (e,) = consult(ex, "Konuşmada Fatih Saraç, bakanla görüşeceğini belirtiyor.")
    assert names(e.actors) == ["Fatih Saraç"] and e.status == "planned"
    assert consult(ex, "Eğer, gebe kalmaya çalışıyorsanız hekiminizle görüşüp tedaviyi seçebilirsiniz.") == []
    (e,) = consult(ex, "Korkmaz, dün Ankara'da Bozdağ ile görüştü.")
    assert names(e.actors) == ["Korkmaz"] and names(e.recipients) == ["Bozdağ"]


def test_coordinated_places_are_no_sides_of_a_meeting(ex: EventExtractor) -> None:
    """"X, Y ve Z'de toplandı" (sozcu2014): towns where people gathered, not sides that met; a
    side named after a country still is one."""
    assert consult(ex, "Ankara, Kocaeli ve Antalya'da toplanan asker yakınları açıklama yaptı.") == []
    (e,) = consult(ex, "Türkiye ve Rusya, dün Ankara'da bir araya geldi.")
    assert sorted(names(e.participants())) == ["Rusya", "Türkiye"]


def test_coordinated_districts_are_no_sides_with_the_ner_model() -> None:
    """Districts the gazetteer lacks are places by the NER model's tag."""
    from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, NerModel

    if not Path(DEFAULT_MODEL_PATH).exists():
        pytest.skip(f"NER model not trained yet: {DEFAULT_MODEL_PATH} is missing")
    ex = EventExtractor(tagger=NerModel.load().tag_sentences)
    assert consult(ex, "Berkin Elvan'ın ölümünü protesto eden yüzlerce kişi Taksim, Kadıköy ve Beşiktaş'ta toplandı.") == []


def test_a_first_person_predicate_takes_its_speaker_not_a_nominative(ex: EventExtractor) -> None:
    """"… Kurt Seyit ve Şura dizisinin … dönen Nermin Bezmen'le … buluştuk" (sozcu2014): the
    reporter's own interview, no event; a quoted speaker or the article's subject still speaks."""
    assert consult(ex, "Kurt Seyit ve Şura dizisinin çekildiği St. Petersburg'dan dönen Nermin Bezmen'le "
                       "Bebek'teki evinde buluştuk.") == []
    assert consult(ex, "Gazeteci-yazar Ece Vahapoğlu ile Akatlar'da buluştuk.") == []
    (e,) = consult(ex, "Kılıçdaroğlu, \"Bahçeli ile görüştüm\" dedi.")
    assert names(e.actors) == ["Kılıçdaroğlu"] and names(e.recipients) == ["Bahçeli"]
    evs = consult(ex, "Türkiye Barolar Birliği Başkanı Metin Feyzioğlu, Silivri'de açıklama yaptı. "
                      "Meclis Başkanımızla Çarşamba günü görüşeceğiz.")
    assert [(names(e.actors), names(e.recipients)) for e in evs] == [(["Metin Feyzioğlu"], ["Meclis Başkanı"])]
    assert evs[0].status == "planned"


def test_a_coordinated_subject_that_gathers_is_one_side(ex: EventExtractor) -> None:
    """"X ve Y toplandı" (sozcu2014) is one body's organs or one crowd gathering, not X meeting Y;
    "toplandı" meets a partner in the comitative, and "X ve Y görüştü" still makes two sides."""
    assert consult(ex, "CHP Merkez Yönetim Kurulu (MYK) ve Parti Meclisi (PM) bugün Genel Başkan Kemal "
                       "Kılıçdaroğlu başkanlığında toplandı.") == []
    assert consult(ex, "Hakimler ve Savcılar Yüksek Kurulu (HSYK) Genel Kurulu, Adalet Bakanı Bekir Bozdağ "
                       "başkanlığında toplandı.") == []
    (e,) = consult(ex, "Bozdağ, dün Ankara'da Türkiye Barolar Birliği Başkanı Metin Feyzioğlu ile toplandı.")
    assert names(e.actors) == ["Bozdağ"] and names(e.recipients) == ["Metin Feyzioğlu"]
    (e,) = consult(ex, "Kılıçdaroğlu ve Bahçeli dün Ankara'da görüştü.")
    assert sorted(names(e.participants())) == ["Bahçeli", "Kılıçdaroğlu"]


def test_a_derived_verb_is_no_form_of_a_shorter_trigger(ex: EventExtractor) -> None:
    """"ağırlaştırılmış müebbet" (ağır+laş+tır, rss_2017_2018) is no form of "ağırlamak"."""
    assert consult(ex, "Orouba Barakat ile kızı Halla Barakat'ı öldürdüğü iddiasıyla yargılanan Ahmet Bereket, "
                       "ağırlaştırılmış müebbet hapis cezasına çarptırıldı.") == []
    (e,) = consult(ex, "Erdoğan, dün Ankara'da Putin ile bir görüşme gerçekleştirdi.")
    assert names(e.actors) == ["Erdoğan"] and names(e.recipients) == ["Putin"]


def test_a_press_conference_is_no_meeting_unless_held_jointly(ex: EventExtractor) -> None:
    """"X ve Y basın toplantısı düzenledi" (rss_2017_2018) meets the press; "ortak basın
    toplantısı" is two sides together."""
    assert consult(ex, "Beşiktaş Teknik Direktörü Şenol Güneş ve Quaresma, Bayern Münih mücadelesi öncesi "
                       "basın toplantısı düzenledi.") == []
    assert consult(ex, "Milletvekili Utku Çakırözer, üreticilerle Mecliste basın toplantısı düzenledi.") == []
    (e,) = consult(ex, "Rusya'nın Soçi kentinde Almanya Başbakanı Angela Merkel ve Rusya Devlet Başkanı Vladimir "
                       "Putin ortak basın toplantısı düzenledi.")
    assert sorted(names(e.participants())) == ["Angela Merkel", "Vladimir Putin"]


def test_a_meeting_named_after_its_subject_or_a_venue_names_no_organiser(ex: EventExtractor) -> None:
    """"Eğitim Teknolojileri Zirvesi … başladı", "Haliç Kongre Merkezi'nde" (rss_2017_2018):
    common words and buildings are no organiser; "NATO Zirvesi" keeps NATO."""
    assert consult(ex, "Eğitim Teknolojileri Zirvesi, açılış konuşmalarıyla başladı.") == []
    assert consult(ex, "Fuar, 15-18 Mayıs'ta Haliç Kongre Merkezi'nde düzenlenecek.") == []
    (e,) = consult(ex, "Gelecek hafta Brüksel'de yapılacak NATO Zirvesi'nde Ukrayna ele alınacak.")
    assert names(e.actors) == ["NATO"] and e.mode == "multilateral" and e.status == "planned"


def test_a_bills_reading_and_a_match_are_no_meetings(ex: EventExtractor) -> None:
    """"teklifi görüşmelerinde" is a bill read in parliament; a club hosting a club plays a match
    (rss_2017_2018, sozcu2014); a head of state hosting a guest still is a visit."""
    assert consult(ex, "MHP Grup Başkanvekili Erkan Akçay, seçim ittifakı teklifi görüşmelerinde CHP ve MHP "
                       "milletvekilleri arasında yaşanan kavgaya ilişkin açıklama yaptı.") == []
    assert consult(ex, "Antalyaspor ise evinde Rizespor'u ağırlayacak.") == []
    assert consult(ex, "Bu akşam Beşiktaş'ın Vodafone Park'ta Bayern Münih'i ağırlayacağı karşılaşmayla ilgili "
                       "bir yazı yayınlandı.") == []
    (e,) = consult(ex, "Cumhurbaşkanı Erdoğan, yarın Beştepe'de Almanya Başbakanı Merkel'i ağırlayacak.")
    assert names(e.actors) == ["Merkel"] and names(e.recipients) == ["Erdoğan"] and e.mode == "visit"
    (e,) = consult(ex, "Ticaret Bakanı, dün ABD'li mevkidaşı ile serbest ticaret anlaşması görüşmelerine başladı.")
    assert e.status == "occurred"


def test_a_relative_clause_head_follows_its_participle_without_a_comma(ex: EventExtractor) -> None:
    """"Gülen'i arayan isim, ABD'nin …" (sozcu2014): the caller is the unnamed "isim", not the ABD
    after the comma; "Yanukoviç'i arayan ABD Başkan Yardımcısı Joe Biden" is Biden."""
    evs = consult(ex, "Gülen'e ait olduğu iddia edilen konuşmalarda, Gülen'i arayan isim, ABD'nin Almanya Devlet "
                      "Başkanı'nı dinlediğini söylüyor.")
    assert not any("ABD" in names(e.participants()) for e in evs)
    (e,) = consult(ex, "Devlet Başkanı Viktor Yanukoviç'i arayan ABD Başkan Yardımcısı Joe Biden uyarı yaptı.")
    assert names(e.actors) == ["Joe Biden"] and names(e.recipients) == ["Viktor Yanukoviç"] and e.mode == "phone"


def test_a_meeting_said_to_be_possible_or_impossible_has_not_happened(ex: EventExtractor) -> None:
    """"bakanlarının bir araya gelmesinin … mümkün gözükmediğini" (sozcu2014): a possibility."""
    assert consult(ex, "Rasmussen, NATO dışişleri bakanlarının bir araya gelmesinin ise bu aşamada lojistik "
                       "nedenlerden dolayı mümkün gözükmediğini kaydetti.") == []
    assert consult(ex, "Erdoğan'ın Putin ile görüşmesi mümkün değil.") == []
    (e,) = consult(ex, "Erdoğan'ın Putin ile yaptığı görüşme olumlu geçti.")
    assert sorted(names(e.participants())) == ["Erdoğan", "Putin"]
    # a possibility in a later clause is not the meeting's
    (e,) = consult(ex, "Bakan, Kerry ile görüşmesinin ardından mümkün olan tüm adımların atılacağını söyledi.")
    assert names(e.recipients) == ["Kerry"]


def test_a_trip_to_a_town_at_home_is_no_visit(ex: EventExtractor) -> None:
    """"Denizli'ye 7. ziyaretini yaptı" (sozcu2014): no one is met; a country, or a city abroad,
    stands for its government ("Afganistan'a sürpriz ziyaret", rss_2017_2018)."""
    assert consult(ex, "Erdoğan, 5 yıl içinde Denizli'ye 7. ziyaretini yaptığını söyledi.") == []
    (e,) = consult(ex, "Afganistan'a sürpriz ziyaret gerçekleştiren ABD Savunma Bakanı Jim Mattis açıklama yaptı.")
    assert names(e.actors) == ["Jim Mattis"] and names(e.recipients) == ["Afganistan"] and e.mode == "visit"
    (e,) = consult(ex, "Dışişleri Bakanı Çavuşoğlu, dün Atina'yı ziyaret etti.")
    assert names(e.recipients) == ["Atina"]
