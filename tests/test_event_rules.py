"""The CONSULT rules as data: every rule fires on the example sentences it lists.

One parametrised test over ``data/events/consult.yaml`` — a new rule is a data entry with its
examples, and this test covers it without a new test function.
"""

from __future__ import annotations

import pytest

from haberdar.analyse.doc import COMPONENTS, Component, Doc, Sentence, check_order
from haberdar.analyse.events.rules import default_rules, find_triggers, markers_in
from haberdar.analyse.tokens import tokenize_sentences
from haberdar.text import tr_lower
from haberdar.tr.morph import Morphology

RULES = default_rules()
MORPH = Morphology()
CASES = [(r.id, ex) for r in RULES.rules for ex in r.examples]


def _sentence(text: str) -> Sentence:
    (toks,) = tokenize_sentences(text)
    return Sentence(0, "body", toks[0].start, toks[-1].end, toks, [tr_lower(t.text) for t in toks])


def test_every_rule_has_an_example() -> None:
    assert RULES.rules and all(r.examples for r in RULES.rules)
    assert len({r.id for r in RULES.rules}) == len(RULES.rules)


@pytest.mark.parametrize(("rule", "sentence"), CASES, ids=[f"{r}:{i}" for i, (r, _) in enumerate(CASES)])
def test_rule_fires_on_its_examples(rule: str, sentence: str) -> None:
    fired = {t.rule for t in find_triggers(_sentence(sentence), RULES, MORPH)}
    assert rule in fired, (rule, sentence, fired)


def test_a_sentence_without_trigger_words_makes_no_candidate() -> None:
    assert find_triggers(_sentence("Borsa güne yükselişle başladı."), RULES, MORPH) == []


def test_markers_are_found_as_words_not_inside_words() -> None:
    names = {n for n, _ in markers_in(_sentence("Liderler yarın telefonda görüşecek mi?"), RULES)}
    assert {"planned", "phone", "question"} <= names
    # "mi" must not be found inside "milletvekili"
    assert "question" not in {n for n, _ in markers_in(_sentence("Milletvekili konuştu."), RULES)}


def test_components_declare_what_they_need() -> None:
    check_order()
    broken = (Component("b", lambda d, r: None, needs=("spans",), sets=()),) + COMPONENTS
    with pytest.raises(ValueError, match="needs"):
        check_order(broken)
    assert isinstance(Doc("", "", None, None).sentences, list)
