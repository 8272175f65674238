"""NER: CoNLL I/O, the scorer, features, the fast decoder, and the packaged model."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from haberdar.analyse.ner import conll
from haberdar.analyse.ner.conll import (
    clean_training_tags,
    get_spans,
    iter_conll,
    ner_conll,
    read_conll,
    score,
    write_conll,
)
from haberdar.analyse.ner.features import FeatureExtractor, is_apostrophe_suffix, shape
from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, NerModel
from haberdar.analyse.tokens import tokenize_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CONLL = SHARED / "ner" / "milliyet_train.conll"
SEEDS = SHARED / "corpus" / "seeds"

KALIN = "Milli İstihbarat Teşkilatı ( MİT ) Başkanı İbrahim Kalın , Ankara 'da Hamas heyetiyle görüştü ."


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel.load()


# --------------------------------------------------------------------------- CoNLL I/O


def test_conll_round_trip_ignores_extra_columns(tmp_path: Path) -> None:
    src = tmp_path / "in.conll"
    src.write_text(
        "İbrahim\tNoun\tB-PER\nKalın\tNoun\tI-PER\n'ın\tSuffix\tO\n\n\n"
        "Ankara B-LOC\n'da O\n\nyalnız\n",
        encoding="utf-8",
    )
    sents = read_conll(src)
    assert sents == [
        [("İbrahim", "B-PER"), ("Kalın", "I-PER"), ("'ın", "O")],
        [("Ankara", "B-LOC"), ("'da", "O")],
        [("yalnız", None)],
    ]
    out = io.StringIO()
    write_conll((([t for t, _ in s], [g or "O" for _, g in s]) for s in sents), out)
    assert out.getvalue() == (
        "İbrahim\tB-PER\nKalın\tI-PER\n'ın\tO\n\nAnkara\tB-LOC\n'da\tO\n\nyalnız\tO\n\n"
    )
    assert list(iter_conll(io.StringIO(out.getvalue()))) == [
        [(t, g or "O") for t, g in s] for s in sents
    ]


def test_ner_conll_cli_contract(tmp_path: Path, model: NerModel) -> None:
    src = tmp_path / "in.conll"
    src.write_text("\n".join(f"{t}\tX\tO" for t in KALIN.split()) + "\n\nAnkara\n'da\n", "utf-8")
    out = io.StringIO()
    assert ner_conll(src, out, model) == 2
    blocks = out.getvalue().split("\n\n")
    assert blocks[-1] == ""
    first = [line.split("\t") for line in blocks[0].split("\n")]
    assert [t for t, _ in first] == KALIN.split()
    assert dict(first)["Ankara"] == "B-LOC"
    assert blocks[1].split("\n")[0] == "Ankara\tB-LOC"
    assert all(len(line.split("\t")) == 2 for b in blocks[:2] for line in b.split("\n"))


def test_clean_training_tags_drops_digit_only_spans() -> None:
    toks = ["10", "-", "1", "2", "puan", "2", "No", "'lu", "DGM"]
    tags = ["O", "O", "O", "B-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"]
    assert clean_training_tags(toks, tags) == ["O"] * 5 + tags[5:]


# --------------------------------------------------------------------------- scorer


def test_get_spans_iob2_and_ill_formed() -> None:
    assert get_spans(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 7, "ORG"),
    ]
    assert get_spans(["O", "I-PER", "I-LOC"]) == [(1, 2, "PER"), (2, 3, "LOC")]


def test_score_exact_spans() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    r = score(gold, pred)
    o = r["overall"]
    assert (o["tp"], o["pred"], o["gold"]) == (1, 3, 3)
    assert o["precision"] == pytest.approx(1 / 3) and o["f1"] == pytest.approx(1 / 3)
    assert r["per_type"]["PER"]["f1"] == 1.0
    assert r["per_type"]["LOC"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 1}
    )
    assert r["per_type"]["ORG"]["precision"] == 0.0 and r["per_type"]["ORG"]["pred"] == 2
    assert r["token_accuracy"] == pytest.approx(5 / 7)
    assert "overall" in conll.format_score(r)
    with pytest.raises(ValueError):
        score([["O"]], [["O", "O"]])


# --------------------------------------------------------------------------- features


def test_shape_and_suffix() -> None:
    assert shape("Ankara") == "Xx"
    assert shape("MİT") == "X"
    assert shape("1.5") == "d.d"
    assert shape("'da") == "'x"
    assert is_apostrophe_suffix("'da") and not is_apostrophe_suffix("'")


def test_features_use_turkish_lower_case() -> None:
    ext = FeatureExtractor()
    feats = ext.offset_features("İSTANBUL")[2]
    assert "0:w=istanbul" in feats and "0:sh=X" in feats
    assert "0:w=ığdır" in ext.offset_features("IĞDIR")[2]
    attrs = ext.sentence_attributes(["Ankara", "'da"])
    assert "+1:w='da" in attrs[0] and "-1:w=ankara" in attrs[1]
    assert "-1:w=<PAD>" in attrs[0]


# --------------------------------------------------------------------------- decoder


def test_fast_decoder_matches_crfsuite(tmp_path: Path) -> None:
    """Our numpy scorer + Viterbi must reproduce CRFsuite's own tagging exactly."""
    import pycrfsuite

    from haberdar.analyse.ner.features import FeatureConfig, Resources
    from haberdar.analyse.ner.model import CrfLayer
    from haberdar.analyse.ner.train import _train_crf

    sents = [
        ("Ahmet Yılmaz Ankara 'ya gitti .".split(), ["B-PER", "I-PER", "B-LOC", "O", "O", "O"]),
        ("Hamas heyeti İstanbul 'da .".split(), ["B-ORG", "O", "B-LOC", "O", "O"]),
        ("MİT Başkanı Kalın konuştu .".split(), ["B-ORG", "O", "B-PER", "O", "O"]),
        ("Türkiye ile Mısır görüştü .".split(), ["B-LOC", "O", "B-LOC", "O", "O"]),
    ] * 3
    cfg = FeatureConfig(morphology=False, clusters=False, gazetteer=False)
    ext = FeatureExtractor(Resources(), cfg)
    xs = [ext.sentence_attributes(t) for t, _ in sents]
    path = tmp_path / "tiny.crfsuite"
    _train_crf(xs, [y for _, y in sents], path, {"c1": 0.0, "c2": 0.1, "max_iterations": 30})
    m = NerModel([CrfLayer.from_crfsuite(path)], Resources(), cfg)
    m.save(tmp_path / "tiny.npz")
    m = NerModel.load(tmp_path / "tiny.npz")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    test = [
        "Mehmet Yılmaz İzmir 'e gitti .".split(),
        "Kalın Ankara 'da Hamas ile görüştü".split(),
        ["Ankara"],
        [],
    ]
    got = m.tag_sentences(test)
    for toks, tags in zip(test, got, strict=True):
        assert tags == (tagger.tag(ext.sentence_attributes(toks)) if toks else [])


# --------------------------------------------------------------------------- packaged model


def test_packaged_model_is_small_and_loads(model: NerModel) -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size < 50_000_000
    assert set(model.labels) == {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"}


def test_packaged_model_tags_kalin_sentence(model: NerModel) -> None:
    toks = KALIN.split()
    tags = model.tag(toks)
    found = {" ".join(toks[a:b]): lab for a, b, lab in model.spans(toks, tags)}
    assert found["İbrahim Kalın"] == "PER"
    assert found["Ankara"] == "LOC"
    assert found["MİT"] == "ORG"
    assert found.get("Hamas") == "ORG"


def test_packaged_model_on_raw_text(model: NerModel) -> None:
    text = "MİT Başkanı İbrahim Kalın’ın Kahire’de Mısır Genel İstihbarat Başkanı Hasan Reşat ile görüştüğü öğrenildi."
    sents = tokenize_sentences(text)
    tags = model.tag_sentences([[t.text for t in s] for s in sents])
    toks = sents[0]
    found = {
        text[toks[a].start : toks[b - 1].end]: lab
        for a, b, lab in model.spans([t.text for t in toks], tags[0])
    }
    assert found["İbrahim Kalın"] == "PER"
    assert found["Kahire"] == "LOC"
    assert found["Hasan Reşat"] == "PER"


def test_tag_edge_cases(model: NerModel) -> None:
    assert model.tag([]) == []
    assert model.tag_sentences([]) == []
    assert model.tag_sentences([[], ["Ankara"]])[0] == []
    with pytest.raises(ValueError):
        model.spans(["a"], [])


# --------------------------------------------------------------------------- shared data


@pytest.mark.corpus
@pytest.mark.skipif(not CONLL.exists(), reason="../shared/ner not available")
def test_dev_split_f1(model: NerModel) -> None:
    from haberdar.analyse.ner.train import load_tagged, split_dev

    meta = model.meta
    _, dev = split_dev(load_tagged(CONLL), meta.get("dev_every", 0), meta.get("dev_tail", 0.0))
    r = score([y for _, y in dev], model.tag_sentences([x for x, _ in dev]))
    assert r["overall"]["f1"] > 0.90


@pytest.mark.corpus
@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds not available")
def test_seed_article_entities(model: NerModel) -> None:
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    found: set[tuple[str, str]] = set()
    sents = tokenize_sentences(text)
    tags = model.tag_sentences([[t.text for t in s] for s in sents])
    for toks, tg in zip(sents, tags, strict=True):
        for a, b, lab in model.spans([t.text for t in toks], tg):
            found.add((text[toks[a].start : toks[b - 1].end], lab))
    assert {("İbrahim Kalın", "PER"), ("Ankara", "LOC"), ("Hamas", "ORG")} <= found
