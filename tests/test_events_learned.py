"""The analysed Doc, the corpus scorer and the learned CONSULT decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from haberdar.analyse.doc import build_doc
from haberdar.analyse.events.evaluate import Score, name_match
from haberdar.analyse.events.learned import ConsultExtractor, Models, merge_mentions
from haberdar.analyse.events.model import EventMention, Evidence, Participant
from haberdar.records import Article, PublishedDate

ROOT = Path(__file__).resolve().parents[1]


def _article(body: str, title: str = "") -> Article:
    return Article(id="t", uri="t", format="txt", site=None, origin=None, title=title, lead=None, body=body,
                   published=PublishedDate("2024-09-13", "day"))


def _event(*names: str, status: str = "occurred", text: str = "x") -> EventMention:
    parts = [Participant(n) for n in names]
    return EventMention("CONSULT", None, status, parts[:1], parts[1:], None, None, "unknown", None, [],
                        Evidence(0, len(text), text), "görüştü", 0.9)


def test_doc_is_built_once_with_every_layer(res) -> None:  # noqa: ANN001
    doc = build_doc(_article("MİT Başkanı İbrahim Kalın, Hamas heyetini Ankara'da kabul etti.",
                             "Kalın Hamas heyetini kabul etti"), res)
    assert {"sentences", "tags", "spans", "titles", "entities", "grammar"} <= doc.layers
    assert [s.source for s in doc.sentences] == ["title", "body"]
    body = doc.sentences[1]
    kalin = next(sp for sp in body.spans if "Kalın" in sp.text)
    assert kalin.title == "MİT Başkanı" and kalin.label == "PER"
    ankara = next(sp for sp in body.spans if sp.text == "Ankara")
    assert ankara.suffix == "'da"


def test_names_match_loosely_but_not_across_people() -> None:
    assert name_match("İbrahim Kalın", "Kalın'ın")
    assert name_match("MİT Başkanı", "Türkiye MİT Başkanı")
    assert not name_match("İbrahim Kalın", "Hakan Fidan")


def test_borderline_gold_is_optional_and_a_second_record_is_a_duplicate() -> None:
    row = {"aid": "a", "events": [
        {"participants": [{"name": "Erdoğan", "role": "actor"}, {"name": "Putin", "role": "recipient"}],
         "status": "occurred", "borderline": False},
        {"participants": [{"name": "Ali Veli", "role": "actor"}, {"name": "Ayşe Fatma", "role": "recipient"}],
         "status": "occurred", "borderline": True},
    ]}
    sc = Score()
    sc.add(row, [_event("Recep Tayyip Erdoğan", "Vladimir Putin"), _event("Erdoğan", "Putin"),
                 _event("Ali Veli", "Ayşe Fatma")])
    rep = sc.report()
    assert rep["gold_events"] == 1 and rep["predicted_events"] == 2  # the borderline match is not counted
    assert rep["duplicates"] == 1 and rep["event"]["recall"] == 1.0


def test_mentions_of_one_meeting_merge_and_other_partners_stay_apart() -> None:
    a = _event("Erdoğan", "Putin", text="Erdoğan, Putin ile görüştü.")
    b = _event("Putin", "Erdoğan", text="İki lider Putin ve Erdoğan görüşmede …")
    c = _event("Erdoğan", "Merkel", text="Erdoğan, Merkel ile de görüştü.")
    d = _event("Erdoğan", "Putin", status="planned", text="Erdoğan, Putin ile görüşecek.")
    out = merge_mentions([a, b, c, d])
    assert len(out) == 3
    assert [e.text for e in out[0].extra_evidence] == [b.evidence.text]


def test_without_model_files_the_learned_step_makes_nothing(tmp_path: Path, res) -> None:  # noqa: ANN001
    assert Models.load(tmp_path) is None
    ex = ConsultExtractor(models=None, load_models=False)
    assert not ex.ready and ex.extract(build_doc(_article("Erdoğan, Putin ile görüştü."), res)) == []


@pytest.mark.corpus
def test_train_on_annotated_articles_then_decide(tmp_path: Path, res) -> None:  # noqa: ANN001
    from haberdar.analyse.events import train

    rows = train.load_rows([ROOT / "tests/fixtures/events_dev.json"])
    pairs = list(train.analysed(rows, ROOT.parent / "shared" / "corpus", res))
    assert len(pairs) >= 50
    items = train.collect(pairs, ConsultExtractor(load_models=False))
    assert sum(ys[0] == "y" for _, ys in items["candidate"]) >= 30
    train.train_models(items, tmp_path)
    ex = ConsultExtractor(models=Models.load(tmp_path))
    sc = Score()
    for row, doc in pairs:
        sc.add(row, ex.extract(doc))
    rep = sc.report()
    # fitted on these articles: the decisions must reproduce most of the annotation
    assert rep["event"]["precision"] >= 0.7 and rep["event"]["recall"] >= 0.4, rep
    assert all(e.rules for row, doc in pairs for e in ex.extract(doc))


def test_a_lowercase_span_the_tagger_calls_an_organisation_is_no_named_party() -> None:
    from haberdar.analyse.doc import Span
    from haberdar.analyse.events.learned import is_named_party
    from haberdar.analyse.events.model import Participant
    from haberdar.tr.morph import shared_morphology

    morph = shared_morphology()
    ner = [Span(0, 1, "ORG", 0, 4, "grup"), Span(2, 4, "ORG", 10, 26, "Bölgeler Partisi")]
    assert not is_named_party(Participant("grup", kind="ORG", start=0, end=4), ner, morph)
    assert is_named_party(Participant("Bölgeler Partisi", kind="ORG", start=10, end=26), ner, morph)
    assert is_named_party(Participant("Adalet Bakanı", title="Adalet Bakanı"), [], morph)
    assert not is_named_party(Participant("öğrenciler", kind="GROUP"), [], morph)


def test_a_genitive_company_before_its_person_is_no_party_and_merged_sentences_stay_evidence() -> None:
    """"Ciner Medya Grubu'nun tepe ismi Fatih Saraç'la": the company qualifies Saraç (his
    affiliation), it did not call; and a meeting told twice in one article is one record whose
    evidence lists both sentences."""
    from datetime import date

    from haberdar.analyse import event_mentions
    from haberdar.analyse.doc import build_doc
    from haberdar.records import Article, PublishedDate
    from haberdar.resources import default_resources

    res = default_resources()
    text = ("Başbakan Erdoğan'ın Ciner Medya Grubu'nun tepe ismi Fatih Saraç'la yaptığı yeni bir telefon "
            "görüşmesinin ses kayıtları gündemi salladı. Kılıçdaroğlu, Ciner Medya Grubu'nun sahibi Turgay "
            "Ciner ile görüştü.")
    art = Article(id="x", uri="x", format="txt", site=None, origin=None, title="", lead=None, body=text,
                  published=PublishedDate("2014-02-09", "day"))
    events = event_mentions(build_doc(art, res, date(2014, 2, 9)), res)
    names = [{p.name for p in e.participants()} for e in events]
    assert not any("Ciner Medya Grubu" in n for n in names), names
    assert {"Kılıçdaroğlu", "Turgay Ciner"} in names
    # the person the company qualifies takes its place when the event did not name him
    text = ("Olayın aslında Başbakan Erdoğan ile Ciner Medya Grubu'nun tepe ismi Mehmet Fatih Saraç arasında "
            "yapılan telefon görüşmesi olduğu ortaya çıktı.")
    art = Article(id="z", uri="z", format="txt", site=None, origin=None, title="", lead=None, body=text,
                  published=PublishedDate("2014-02-09", "day"))
    got = [{p.name for p in e.participants()} for e in event_mentions(build_doc(art, res, date(2014, 2, 9)), res)]
    assert any("Mehmet Fatih Saraç" in n and "Ciner Medya Grubu" not in n for n in got), got
    head = "Kılıçdaroğlu, Erdoğan ile görüştü. Kılıçdaroğlu ile Erdoğan'ın görüşmesinde Suriye ele alındı."
    art = Article(id="y", uri="y", format="txt", site=None, origin=None, title="", lead=None, body=head,
                  published=PublishedDate("2014-02-09", "day"))
    (ev,) = [e for e in event_mentions(build_doc(art, res, date(2014, 2, 9)), res) if e.event_type == "CONSULT"]
    assert [e["text"] for e in ev.to_dict()["evidence"]] == [
        "Kılıçdaroğlu, Erdoğan ile görüştü.", "Kılıçdaroğlu ile Erdoğan'ın görüşmesinde Suriye ele alındı."]
