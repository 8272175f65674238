"""Features of the learned CONSULT decisions, computed from the Doc and the rules' outputs.

Three kinds of items, each a list of feature strings (CRFsuite attributes):

* a candidate sentence (does it report a meeting?): the rules that fired, the trigger words and
  their akana readings, the markers present, how many and which kinds of entities it holds and
  in which cases, the words around the trigger;
* a span of a reporting sentence (which role does it play?): its type and title, its case
  suffix or following postposition, its position relative to the trigger, its neighbours, whether
  it sits inside another span's title (the "Rusya" of "Rusya Devlet Başkanı Putin");
* the status and mode of a reporting sentence (from the same candidate features).
"""

from __future__ import annotations

from typing import Any

from haberdar.analyse.doc import Sentence, Span
from haberdar.analyse.events.rules import RuleSet, Trigger, markers_in
from haberdar.tr.suffixes import SuffixTable


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+"


def _trigger_features(sent: Sentence, trig: Trigger, morph: Any) -> list[str]:
    w = sent.lower[trig.tok]
    feats = [f"rule={trig.rule}", f"trig={w[:10]}", f"trig_end={w[-3:]}", f"{trig.rule}|end={w[-3:]}"]
    readings = morph.readings(sent.tokens[trig.tok].text)
    if readings:
        top = readings[0]
        feats.append(f"trig_pos={top.pos}")
        feats.extend(f"trig_m={m}" for m in top.morphemes[1:])
    for rd in readings[1:]:
        if rd.pos.startswith("Verb"):
            feats.extend(f"trig_vm={m}" for m in rd.morphemes[1:])
    return feats


def _window(sent: Sentence, k: int, width: int = 2) -> list[str]:
    out = []
    for d in range(-width, width + 1):
        if d == 0:
            continue
        i = k + d
        w = sent.lower[i] if 0 <= i < len(sent.lower) else ("<s>" if i < 0 else "</s>")
        out.append(f"w[{d}]={w}")
    return out


def span_case(sent: Sentence, sp: Span, suffixes: SuffixTable) -> str:
    """The case the span is in: its apostrophe suffix, or "comitative" before "ile"."""
    if sp.suffix:
        return suffixes.case(sp.suffix) or "other"
    nxt = sp.b + (1 if sp.suffix else 0)
    if nxt < len(sent.lower) and sent.lower[nxt] in suffixes.comitative_words:
        return "comitative"
    return "nom"


def grammar_in(sent: Sentence, grammar: list[Any]) -> list[Any]:
    """The grammar's events whose evidence is this sentence."""
    return [e for e in grammar if getattr(e, "event_type", "") == "CONSULT"
            and e.evidence.source == sent.source and sent.start <= e.evidence.start <= sent.end]


def grammar_role(sp: Span, events: list[Any]) -> str:
    for e in events:
        for side, code in ((e.actors, "ACT"), (e.recipients, "REC")):
            if any(p.start <= sp.start < p.end or sp.start <= p.start < sp.end for p in side):
                return "PAR" if e.symmetric else code
    return "O"


def candidate_features(sent: Sentence, triggers: list[Trigger], rules: RuleSet, morph: Any,
                       suffixes: SuffixTable, grammar: list[Any] | None = None) -> list[str]:
    feats = ["bias", f"src={sent.source}", f"idx={_bucket(sent.index)}",
             f"len={_bucket(len(sent.tokens) // 12)}"]
    for trig in triggers:
        feats.extend(_trigger_features(sent, trig, morph))
    first = triggers[0].tok
    feats.extend(_window(sent, first))
    for name, _ in markers_in(sent, rules):
        feats.append(f"mk={name}")
    labels = [sp.label for sp in sent.spans]
    for lab in ("PER", "ORG", "LOC", "TITLE"):
        feats.append(f"n_{lab}={_bucket(labels.count(lab))}")
    for sp in sent.spans:
        side = "before" if sp.b <= first else "after"
        feats.append(f"span={sp.label}|{span_case(sent, sp, suffixes)}|{side}")
    if any(t.text == '"' for t in sent.tokens):
        feats.append("quote")
    for e in grammar_in(sent, grammar or []):
        feats.extend(["grammar", f"grammar_status={e.status}", f"grammar_mode={e.mode}",
                      f"grammar_conf={round(e.confidence, 1)}"])
    return sorted(set(feats))


def role_features(sent: Sentence, spans: list[Span], triggers: list[Trigger],
                  suffixes: SuffixTable, media: frozenset[str],
                  grammar: list[Any] | None = None) -> list[list[str]]:
    """One feature list per span, in sentence order (the items of the role CRF)."""
    gram = grammar_in(sent, grammar or [])
    trig_toks = [t.tok for t in triggers]
    rules = sorted({t.rule for t in triggers})
    out = []
    for n, sp in enumerate(spans):
        if sp.context:
            feats = ["bias", f"ctx={sp.context}", f"lab={sp.label}", f"title={sp.title is not None}",
                     f"kb={bool(sp.entity_id and sp.entity_id.startswith('kb:'))}"]
            if gram:
                feats.append(f"grammar_role={grammar_role(sp, gram)}")
            feats.extend(f"ctx|rule={r}" for r in rules)
            out.append(feats)
            continue
        case = span_case(sent, sp, suffixes)
        nearest = min(trig_toks, key=lambda k: abs(k - sp.a))
        side = "before" if sp.b <= nearest else "after"
        dist = abs(nearest - (sp.b if side == "before" else sp.a))
        after = sp.b + (1 if sp.suffix else 0)
        nxt = sent.lower[after] if after < len(sent.lower) else "</s>"
        prev = sent.lower[sp.a - 1] if sp.a > 0 else "<s>"
        inside_title = any(o is not sp and o.title_start is not None and o.title_start <= sp.start < o.start
                           for o in spans)
        feats = [
            "bias", f"lab={sp.label}", f"case={case}", f"side={side}", f"dist={_bucket(dist // 3)}",
            f"lab|case={sp.label}|{case}", f"case|side={case}|{side}", f"next={nxt}", f"prev={prev}",
            f"first={n == 0}", f"title={sp.title is not None}", f"inside_title={inside_title}",
            f"next_comma={nxt == ','}", f"nwords={_bucket(sp.b - sp.a)}",
            f"kb={bool(sp.entity_id and sp.entity_id.startswith('kb:'))}",
            f"media={nxt in media or sp.text.split()[-1].lower() in media}",
        ]
        if sp.title:
            feats.append(f"title_head={sp.title.split()[-1].lower()}")
        if gram:
            feats.append(f"grammar_role={grammar_role(sp, gram)}")
        if nxt.startswith("heyet"):
            feats.append("next_heyet")
        feats.extend(f"rule={r}|side={side}" for r in rules)
        out.append(feats)
    return out


def status_mode_features(cand: list[str], n_parties: int) -> list[str]:
    return [*cand, f"parties={_bucket(n_parties)}"]
