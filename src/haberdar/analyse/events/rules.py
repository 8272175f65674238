"""CONSULT rules as data (``data/events/consult.yaml``) and the generic matcher over a Doc.

A rule says which tokens can trigger a candidate; markers are word lists whose presence is a
feature. Neither decides anything: the learned models in :mod:`.learned` do.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from haberdar.analyse.doc import Doc, Sentence
from haberdar.resources import load_yaml
from haberdar.text import tr_lower


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    prefixes: tuple[str, ...] = ()
    lemmas: tuple[tuple[str, str | None], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    markers: dict[str, tuple[tuple[str, ...], ...]]  # name -> word sequences (prefix match)
    by_first: dict[str, list[tuple[Rule, str]]]  # first three letters -> (rule, prefix or "")
    lemma_starts: frozenset[str]  # first two letters a word with a lemma rule's lemma begins with
    marker_index: tuple[dict[str, list[tuple[str, tuple[str, ...]]]], list[tuple[str, str]]]


@functools.cache
def default_rules() -> RuleSet:
    return rules_from(load_yaml("events/consult.yaml"))


def rules_from(raw: dict[str, Any]) -> RuleSet:
    rules = []
    for r in raw.get("triggers") or []:
        rules.append(Rule(
            id=r["id"],
            prefixes=tuple(tr_lower(p) for p in r.get("prefix") or []),
            lemmas=tuple((x["lemma"], x.get("pos")) for x in r.get("lemma") or []),
            phrases=tuple(tuple(tr_lower(w) for w in ph) for ph in r.get("phrase") or []),
            examples=tuple(r.get("examples") or []),
        ))
    markers = {
        name: tuple(tuple(tr_lower(w).split()) for w in words)
        for name, words in (raw.get("markers") or {}).items()
    }
    by_first: dict[str, list[tuple[Rule, str]]] = {}
    for rule in rules:
        for p in rule.prefixes:
            by_first.setdefault(p[:3], []).append((rule, p))
        for ph in rule.phrases:
            by_first.setdefault(ph[0][:3], []).append((rule, ""))
    starts = frozenset(tr_lower(lem)[:2] for rule in rules for lem, _ in rule.lemmas)
    return RuleSet(tuple(rules), markers, by_first, starts, _marker_index(markers))


@dataclass(slots=True)
class Trigger:
    tok: int
    rule: str


def find_triggers(sent: Sentence, rules: RuleSet, morph: Any) -> list[Trigger]:
    """Every (token, rule) of the sentence a rule fires on, in token order."""
    out: list[Trigger] = []
    low = sent.lower
    lemma_rules = [r for r in rules.rules if r.lemmas]
    for i, w in enumerate(low):
        for rule, prefix in rules.by_first.get(w[:3], ()):
            if prefix and w.startswith(prefix):
                out.append(Trigger(i, rule.id))
            elif not prefix and any(_phrase_at(low, i, ph) for ph in rule.phrases):
                out.append(Trigger(i, rule.id))
        if lemma_rules and w[:2] in rules.lemma_starts:
            readings = morph.readings(sent.tokens[i].text)
            for rule in lemma_rules:
                if any(rd.lemma == lem and (pos is None or rd.pos.startswith(pos))
                       for lem, pos in rule.lemmas for rd in readings):
                    out.append(Trigger(i, rule.id))
    return out


def _phrase_at(low: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return i + len(phrase) <= len(low) and all(low[i + k].startswith(p) for k, p in enumerate(phrase))


def _marker_index(markers: dict[str, tuple[tuple[str, ...], ...]]) -> tuple[dict[str, list[tuple[str, tuple[str, ...]]]], list[tuple[str, str]]]:
    """Markers by the first three letters of their first word; suffix markers ("-mıştı") apart."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    suffixes: list[tuple[str, str]] = []
    for name, seqs in markers.items():
        for seq in seqs:
            if seq[0].startswith("-"):
                suffixes.append((name, seq[0][1:]))
            else:
                index.setdefault(seq[0][:3], []).append((name, seq))
    return index, suffixes


def markers_in(sent: Sentence, rules: RuleSet) -> list[tuple[str, int]]:
    """(marker name, token index) of every marker word sequence found in the sentence.

    A word of four letters or fewer must be the whole token ("mi" is not in "milletvekili");
    a longer one matches as a prefix (a stem and its inflections)."""
    index, suffixes = rules.marker_index
    out = []
    low = sent.lower
    for i, w in enumerate(low):
        for name, seq in index.get(w[:3], ()):
            if _phrase_at(low, i, seq) and (len(seq) > 1 or w == seq[0] or len(seq[0]) > 4):
                out.append((name, i))
        for name, suf in suffixes:
            if w.endswith(suf):
                out.append((name, i))
    return out


def doc_triggers(doc: Doc, rules: RuleSet, morph: Any) -> dict[int, list[Trigger]]:
    return {s.index: t for s in doc.sentences if (t := find_triggers(s, rules, morph))}
