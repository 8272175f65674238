"""Cleaner behaviours beyond the seeds: teaser exports, corpus repetition, language, tags."""

from __future__ import annotations

from haberdar.clean import clean
from haberdar.clean.repeats import LineCounter, split_teaser
from haberdar.records import RawDocument
from haberdar.text import fold_key, normalize_unicode, tr_lower, tr_upper

# A real record of the Sözcü collection (id 2561342): "title. teaser ...   full text".
SOZCU = (
    "Yeni kabine Köşk'e sunuluyor. Meclis'de 11 gün süren ve bugün saat 23.00'da bitmesi beklenen "
    "bütçe görüşmelerine Başbakan Erdoğan'ın katılması bekleniyor. TBMM Genel Kurulu'na katılacak olan "
    "Başbakan Erdoğan'ın yeni bakanlar kurulu listesini Cumhurbaşkanı Abdullah Gül'e bu gece sunması "
    "bekleniyor. Başbakan Recep Tayyip Erdoğan'ın 10 ...   Meclis'de 11 gün süren ve bugün saat 23.00'da "
    "bitmesi beklenen bütçe görüşmelerine Başbakan Erdoğan'ın katılması bekleniyor. TBMM Genel Kurulu'na "
    "katılacak olan Başbakan Erdoğan'ın yeni bakanlar kurulu listesini Cumhurbaşkanı Abdullah Gül'e bu gece "
    "sunması bekleniyor. Başbakan Recep Tayyip Erdoğan'ın 10 yıllık başbakanlık döneminin en kapsam kabine "
    "değişikliğini yapacağı tahmin ediliyor."
)


def _doc(text: str, **meta) -> RawDocument:  # noqa: ANN003
    return RawDocument(uri="mem://x", raw=text.encode(), format="txt", text=text, meta=meta)


def test_title_teaser_and_full_text_export_is_split():
    t = split_teaser(normalize_unicode(SOZCU))
    assert t is not None
    assert t.title == "Yeni kabine Köşk'e sunuluyor"
    assert t.body.startswith("Meclis'de 11 gün süren")
    assert t.teaser.endswith("Erdoğan'ın 10")


def test_sozcu_export_keeps_the_lead_once(res):
    art = clean(_doc(SOZCU), res)
    assert art.title == "Yeni kabine Köşk'e sunuluyor"
    assert art.body.count("Meclis'de 11 gün süren") == 1
    # The teaser was cut inside the fourth sentence: the lead runs to that sentence's end.
    assert art.lead.startswith("Meclis'de 11 gün süren") and art.lead.endswith("tahmin ediliyor.")
    assert any(r.reason.startswith("repeated block") for r in art.removed)


def test_text_without_teaser_is_not_split():
    assert split_teaser("Bir cümle ... ve başka bir cümle burada devam ediyor, hiçbir şey tekrar etmiyor.") is None


def test_metadata_title_printed_in_text_is_not_kept_in_body(res):
    body = "Dolar rekor kırdı\n\nPiyasalarda dolar bugün de yükselişini sürdürdü ve yeni bir rekor seviyeye ulaştı, uzmanlar bunun nedenini açıkladı."
    art = clean(_doc(body, title="Dolar rekor kırdı"), res)
    assert art.title == "Dolar rekor kırdı"
    assert not art.body.startswith("Dolar rekor kırdı")


def test_line_common_to_many_articles_is_removed(res):
    counter = LineCounter(threshold=3)
    footer = "Haber Sitesi Dijital Yayın Hizmetleri"
    for i in range(3):
        counter.add_article([footer, f"makale {i}"])
    text = (
        "Belediye meclisi bugün toplandı ve yeni bütçeyi oy birliğiyle kabul etti, toplantı uzun sürdü.\n\n"
        + footer
    )
    art = clean(_doc(text), res, common_lines=counter.common)
    assert footer not in art.body
    assert fold_key(footer) in counter.common


def test_line_counter_memory_is_bounded():
    counter = LineCounter(threshold=3, max_entries=1000)
    for i in range(5000):
        counter.add_article([f"satır {i}"])
    assert len(counter.counts) <= 1001


def test_english_article_is_kept_and_marked(res):
    text = (
        "The central bank raised interest rates again on Thursday, surprising markets that had expected a pause. "
        "Analysts said the decision reflects persistent inflation pressures across the economy."
    )
    art = clean(_doc(text), res)
    assert art.language == "en"
    assert art.body
    assert any(f["kind"] == "non_turkish" for f in art.flags)


def test_listing_tag_sentence_is_cut_from_a_summary(res):
    text = (
        "Bakan Yılmaz, Almanya'daki mevkidaşı ile Berlin'de bir araya geldi ve iki ülke arasındaki ticaret ele alındı. "
        "Son dakika ekonomi haberleri.\n\nGörüşmede enerji ve göç konularında iş birliğinin artırılması kararlaştırıldı ve ortak bildiri yayımlandı."
    )
    art = clean(_doc(text), res)
    assert "Son dakika" not in art.body
    assert any(r.reason == "listing tag sentence" for r in art.removed)


def test_turkish_casing_maps_dotted_and_dotless_i():
    assert tr_lower("İSTANBUL IĞDIR") == "istanbul ığdır"
    assert tr_upper("istanbul ığdır") == "İSTANBUL IĞDIR"


def test_typographic_apostrophe_before_suffix_is_normalised():
    assert normalize_unicode("Kalın’ın ve Ankara‘da “dedi”") == "Kalın'ın ve Ankara'da \"dedi\""


def test_call_to_action_glued_to_a_feed_description_is_cut(res):
    # A real description from the RSS corpus (yeniasir.com.tr, 2018-01-10).
    text = "Denizli'de, uyuşturucu tacirlerine yönelik drone destekli operasyonda 14 kişi gözaltına alındı Devamı için tıklayınız"
    art = clean(_doc(text, title="Denizli polisinden drone destekli uyuşturucu operasyonu"), res)
    assert art.body == "Denizli'de, uyuşturucu tacirlerine yönelik drone destekli operasyonda 14 kişi gözaltına alındı"
    assert [(r.text, r.reason) for r in art.removed] == [("Devamı için tıklayınız", "call to action")]


def test_call_to_action_after_an_ellipsis_is_cut(res):
    text = "Özdemir'in ailesi polis ve jandarmaya müracaat ederek yardım is... Devamı için tıklayınız"
    art = clean(_doc(text, title="Ünlü işletmeciden haber alınamıyor"), res)
    assert art.body == "Özdemir'in ailesi polis ve jandarmaya müracaat ederek yardım is..."


def test_turkish_sentence_full_of_foreign_names_stays_turkish(res):
    # A real RSS item that lingua alone calls English.
    art = clean(_doc("NBA'de Ersan İlyasova'lı Philadelphia 76ers Brooklyn Nets'i 120-97 mağlup etti."), res)
    assert art.language == "tr"
    assert not art.flags


def test_azerbaijani_needs_its_schwa(res):
    assert clean(_doc("Futbolda zaman çalmalar ve hakemlerin tavrı yine tartışma yarattı"), res).language == "tr"
    az = clean(_doc("Azərbaycan Respublikasının Prezidenti İlham Əliyev bu gün Bakıda xarici qonaqları qəbul edib."), res)
    assert az.language == "az"
