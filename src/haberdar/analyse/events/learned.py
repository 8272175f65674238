"""CONSULT events decided by learned models over the rules' candidates (issue 14's design).

1. The rules (:mod:`.rules`, data in ``data/events/consult.yaml``) make a candidate of every
   sentence a trigger fires in — high recall, no vetoes.
2. A CRFsuite classifier (one-item sequences) decides whether the candidate reports a meeting.
3. A linear-chain CRF over the sentence's spans labels each one actor / recipient / participant
   / none — the sequence model sees its neighbours' labels (one host, one guest).
4. Two more classifiers give status (occurred / planned) and mode.
5. Place and date: a location span in a place case that plays no role; the date from the
   sentence's temporal expression (:func:`~haberdar.analyse.events.when.resolve_when`).
6. Mentions of one meeting in one article (headline, lead, body) merge into one record.

The models are files under ``data/events/models/`` built by ``haberdar train-events`` from the
blind-annotated corpus; their provenance is in ``data/events/models/MODEL.md``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from haberdar.analyse.doc import Doc, Sentence, Span
from haberdar.analyse.events.features import (
    candidate_features,
    grammar_in,
    role_features,
    span_case,
    status_mode_features,
)
from haberdar.analyse.events.model import EventMention, Evidence, Participant, Place
from haberdar.analyse.events.rules import RuleSet, Trigger, default_rules, find_triggers
from haberdar.analyse.events.when import resolve_when
from haberdar.tr.morph import Morphology, shared_morphology
from haberdar.tr.suffixes import SuffixTable, default_suffixes

# between a genitive organisation and the person it qualifies: its suffix (when the party's span
# left it out) and one to three words ("tepe ismi", "sahibi", "genel müdürü")
_GENITIVE_GAP = re.compile(r"^(?:['’](?P<suffix>\w+))?\s+(?P<words>\w+(?:\s+\w+){0,2})\s+$")
MODEL_DIR = Path(__file__).resolve().parents[2] / "data" / "events" / "models"
MODEL_NAMES = ("candidate", "roles", "status", "mode")
ROLE_LABELS = {"ACT": "actor", "REC": "recipient", "PAR": "participant"}
_PLACE_CASES = frozenset({"locative"})


@dataclass(slots=True)
class Models:
    taggers: dict[str, Any]
    threshold: float = 0.5  # a candidate the grammar did not read reports a meeting above this
    min_parties: int = 2
    keep: float = 0.0  # the grammar's events of a sentence stand when its score is at least this

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> Models | None:
        import pycrfsuite

        if not all((directory / f"{n}.crfsuite").exists() for n in MODEL_NAMES):
            return None
        taggers = {}
        for n in MODEL_NAMES:
            t = pycrfsuite.Tagger()
            t.open(str(directory / f"{n}.crfsuite"))
            taggers[n] = t
        config = directory / "config.json"
        conf = json.loads(config.read_text(encoding="utf-8")) if config.exists() else {}
        return cls(taggers, float(conf.get("threshold", 0.5)), int(conf.get("min_parties", 2)),
                   float(conf.get("keep", 0.0)))

    def prob(self, name: str, feats: list[str], label: str) -> float:
        t = self.taggers[name]
        t.set([feats])
        return float(t.marginal(label, 0))

    def label(self, name: str, feats: list[str]) -> str:
        return str(self.taggers[name].tag([feats])[0])

    def roles(self, items: list[list[str]]) -> list[str]:
        return list(self.taggers["roles"].tag(items)) if items else []


@dataclass(slots=True)
class Candidate:
    sent: Sentence
    triggers: list[Trigger]
    features: list[str]
    score: float = 0.0
    roles: list[str] = field(default_factory=list)


class ConsultExtractor:
    """Load the rules and models once; :meth:`extract` a Doc's CONSULT events."""

    def __init__(self, models: Models | None = None, rules: RuleSet | None = None,
                 morph: Morphology | None = None, suffixes: SuffixTable | None = None,
                 *, load_models: bool = True) -> None:
        self.models = models if models is not None or not load_models else Models.load()
        self.rules = rules or default_rules()
        self.morph = morph or shared_morphology()
        self.suffixes = suffixes or default_suffixes()
        self.media = frozenset(w[0] for w in self.rules.markers.get("media", ()) if len(w) == 1)

    @property
    def ready(self) -> bool:
        return self.models is not None

    def candidates(self, doc: Doc) -> list[Candidate]:
        out = []
        for s in doc.sentences:
            trig = find_triggers(s, self.rules, self.morph)
            if not trig and grammar_in(s, doc.grammar):
                trig = [Trigger(_grammar_token(s, grammar_in(s, doc.grammar)[0]), "grammar")]
            if trig:
                out.append(Candidate(s, trig, candidate_features(s, trig, self.rules, self.morph, self.suffixes,
                                                                  doc.grammar)))
        return out

    def parties(self, sent: Sentence, doc: Doc) -> list[Span]:
        """The spans that may fill a role: the sentence's own (a group phrase the grammar found,
        "ABD heyeti", in place of the spans inside it), those from outside the sentence that
        the grammar gives the event (a subject carried over), or, when the sentence names nobody
        before its trigger, the first person of the sentence before."""
        own = [sp for sp in sent.spans if sp.label in ("PER", "ORG", "LOC", "TITLE")]
        outside: list[Span] = []
        for ev in grammar_in(sent, doc.grammar):
            for p in ev.participants():
                if p.start < 0:
                    continue
                span = Span(0, 0, "PER" if p.kind in ("PER", "GROUP") else p.kind, p.start, p.end,
                            p.name, title=p.title, canonical=p.name, context="grammar")
                inside = [sp for sp in own if p.start <= sp.start < p.end or sp.start <= p.start < sp.end]
                if sent.start <= p.start < sent.end and sent.source == ev.evidence.source:
                    toks = [i for i, t in enumerate(sent.tokens) if p.start <= t.start < p.end]
                    if toks and not any(sp.label == "PER" and sp.text == p.name for sp in inside):
                        span.a, span.b, span.context = toks[0], toks[-1] + 1, ""
                        span.entity_id = next((sp.entity_id for sp in inside), None)
                        own = [sp for sp in own if sp not in inside] + [span]
                elif not inside:
                    outside.append(span)
        own.sort(key=lambda sp: sp.a)
        if not outside and not any(sp.label in ("PER", "TITLE") for sp in own):
            prev = _previous_person(doc, sent)
            if prev is not None:
                outside.append(Span(0, 0, prev.label, prev.start, prev.end, prev.text, title=prev.title,
                                    canonical=prev.canonical, entity_id=prev.entity_id, context="previous"))
        seen: set[str] = set()
        extra = [sp for sp in outside if not (sp.text in seen or seen.add(sp.text))]  # type: ignore[func-returns-value]
        return [*extra, *own]

    def role_items(self, cand: Candidate, doc: Doc) -> list[list[str]]:
        return role_features(cand.sent, self.parties(cand.sent, doc), cand.triggers, self.suffixes, self.media,
                             doc.grammar)

    def extract(self, doc: Doc) -> list[EventMention]:
        if self.models is None:
            return []
        events: list[EventMention] = []
        if self.models.threshold > 1.0 and self.models.keep <= 0.0:
            # the configuration the corpus chose adds no learned candidate and keeps every
            # reading of the grammar: nothing to score (the named-party rule still applies)
            for g in doc.grammar:
                if g.event_type == "CONSULT" and (ev := self._named_only(doc, g)) is not None:
                    ev.rules = ["grammar"]
                    events.append(ev)
            return merge_mentions(events)
        for cand in self.candidates(doc):
            cand.score = self.models.prob("candidate", cand.features, "y")
            gram = grammar_in(cand.sent, doc.grammar)
            if gram:
                # the grammar's reading of the sentence stands when the classifier does not
                # reject it; its rules are recorded with the triggers that fired
                if cand.score >= self.models.keep:
                    for ev in (e for e in (self._named_only(doc, g) for g in gram) if e is not None):
                        ev.rules = sorted({"grammar", *(t.rule for t in cand.triggers)})
                        ev.confidence = round(cand.score, 3)
                        events.append(ev)
                continue
            if cand.score < self.models.threshold:
                continue
            ev = self._event(doc, cand)
            if ev is not None:
                events.append(ev)
        return merge_mentions(events)

    def named_only(self, doc: Doc, ev: EventMention, min_parties: int = 1) -> EventMention | None:
        """An event of any type with its bare common nouns taken out of the parties ("grup",
        "öğrenciler", "hükümeti") and an organisation that only qualifies a person replaced by
        that person (:meth:`_modifier`); None when it had fewer than ``min_parties`` or none
        named remains."""
        ner = _ner_spans(doc, ev.evidence.source)
        before = len(ev.actors) + len(ev.recipients)
        text = doc.title if ev.evidence.source == "title" else doc.body
        people = [q for q in ev.participants() if q.kind == "PER" and q.start >= 0]
        ner_people: list[Participant] = []
        if any(q.kind in ("ORG", "LOC") for q in ev.participants()):
            # the person an organisation qualifies, when the event does not name him already
            named = {(q.start, q.end) for q in ev.participants()}
            ner_people = [_participant(sp) for sp in ner if sp.label in ("PER", "TITLE") and (sp.start, sp.end) not in named]
        ev.actors = self._without_modifiers(ev.actors, people, ner_people, text, ner)
        ev.recipients = self._without_modifiers(ev.recipients, people, ner_people, text, ner)
        if not ev.actors and ev.recipients:
            ev.actors, ev.recipients = ev.recipients[:1], ev.recipients[1:]
        return ev if before >= min_parties and ev.actors else None

    def _without_modifiers(self, parties: list[Participant], people: list[Participant], ner_people: list[Participant],
                           text: str, ner: list[Span]) -> list[Participant]:
        """The named parties, an organisation that qualifies a person replaced by that person
        (or dropped when the event names him already)."""
        out: list[Participant] = []
        for p in parties:
            if not is_named_party(p, ner, self.morph):
                continue
            if self._modifier(p, people, text) is not None:
                continue
            person = self._modifier(p, ner_people, text)
            out.append(person if person is not None and person not in out else p)
        return out

    def _modifier(self, p: Participant, people: list[Participant], text: str) -> Participant | None:
        """The person of ``people`` that party ``p`` only qualifies: an organisation in the
        genitive, a possessed common noun, then the person ("Ciner Medya Grubu'nun tepe ismi
        Fatih Saraç'la görüştü": Saraç is the party, the company his affiliation)."""
        if p.kind not in ("ORG", "LOC") or p.start < 0:
            return None
        written = text[p.start:p.end]
        for q in people:
            if not 0 < q.start - p.end <= 40:
                continue
            m = _GENITIVE_GAP.match(text[p.end:q.start])
            if m is None:
                continue
            suffix = m.group("suffix") or (written[written.rfind("'") + 1:] if "'" in written else "")
            words = m.group("words").split()
            if (self.suffixes.case("'" + suffix) == "genitive" and all(w.islower() for w in words)
                    and any("P3sg" in r.morphemes for r in self.morph.readings(words[-1]))):
                return q
        return None

    def _named_only(self, doc: Doc, ev: EventMention) -> EventMention | None:
        """:meth:`named_only` with the models' minimum of parties: a meeting with an unnamed
        group ("bakanlarla görüştü") keeps its named party alone."""
        assert self.models is not None
        return self.named_only(doc, ev, self.models.min_parties)

    def _event(self, doc: Doc, cand: Candidate) -> EventMention | None:
        spans = self.parties(cand.sent, doc)
        labels = self.models.roles(self.role_items(cand, doc)) if self.models else []
        chosen = [(_participant(sp), lab) for sp, lab in zip(spans, labels, strict=True) if lab != "O"]
        ner = _ner_spans(doc, cand.sent.source)
        before = len(chosen)
        chosen = [(p, lab) for p, lab in chosen if is_named_party(p, ner, self.morph)]
        actors = [p for p, lab in chosen if lab == "ACT"]
        recipients = [p for p, lab in chosen if lab == "REC"]
        shared = [p for p, lab in chosen if lab == "PAR"]
        symmetric = bool(shared) and not (actors and recipients)
        if symmetric:
            actors, recipients = [*actors, *shared[:1]], [*recipients, *shared[1:]]
        else:
            recipients.extend(shared)
        if not actors and not recipients:
            return None
        if not actors:
            actors, recipients = recipients[:1], recipients[1:]
        if self.models is None or before < self.models.min_parties:
            return None
        sm = status_mode_features(cand.features, len(actors) + len(recipients))
        status = self.models.label("status", sm) if self.models else "occurred"
        mode = self.models.label("mode", sm) if self.models else "none"
        used = {(p.start, p.end) for p in [*actors, *recipients]}
        gram = grammar_in(cand.sent, doc.grammar)
        place = next((sp for sp in cand.sent.spans if sp.label in ("LOC", "ORG") and (sp.start, sp.end) not in used
                      and span_case(cand.sent, sp, self.suffixes) in _PLACE_CASES), None)
        location = (gram[0].location if gram and gram[0].location is not None
                    else Place(place.canonical or place.text) if place is not None else None)
        text = doc.text_of(cand.sent)
        when = resolve_when(cand.sent.tokens, text, doc.published, future=status == "planned",
                            anchor=cand.triggers[0].tok)
        s = cand.sent
        trig_tok = s.tokens[cand.triggers[0].tok]
        return EventMention(
            event_type="CONSULT", mode=None if mode == "none" else mode, status=status,
            actors=actors, recipients=recipients,
            location=location if mode != "phone" else None,
            date=when.date, date_precision=when.precision, date_text=when.text, topics=[],
            evidence=Evidence(s.start, s.end, text[s.start : s.end], s.source),
            trigger=trig_tok.text, confidence=round(cand.score, 3), symmetric=symmetric,
            date_source=when.source, rules=sorted({t.rule for t in cand.triggers}),
        )


def is_named_party(p: Participant, ner: list[Span], morph: Morphology) -> bool:
    """A party is a named entity, a titled person or a named group ("Hamas heyeti", "Çinli
    yetkililer", "Başbakan"), never a bare common noun ("bakanlar", "heyeti", "grup"): it carries
    a title, or has a capitalised word and overlaps an entity the NER found, or one of its words
    is capitalised and is a
    proper noun or an acronym by akana's lexicon (or is not the phrase's first word, which may be
    capitalised only because it starts the sentence)."""
    if p.title:
        return True
    words = (p.surface or p.name).split()
    if not any(w[:1].isupper() for w in words):
        return False  # "grup", "askeri", "taraftarları": the tagger's span makes no name of them
    if p.start >= 0 and any(sp.start < p.end and p.start < sp.end for sp in ner):
        return True
    for i, w in enumerate(words):
        if not w[:1].isupper():
            continue
        if i > 0 or (len(w) > 1 and w.isupper()):
            return True
        if any(r.pos.endswith(("Prop", "Abbrv")) for r in morph.readings(w.split("'")[0])):
            return True
    return False


def _ner_spans(doc: Doc, source: str) -> list[Span]:
    """The entities the NER found in the headline or the body (offsets differ between them)."""
    return [sp for s in doc.sentences if s.source == source for sp in s.spans if sp.label != "TITLE"]


def _previous_person(doc: Doc, sent: Sentence) -> Span | None:
    """The first person (or titled person) of the nearest earlier sentence that names one."""
    for s in reversed(doc.sentences[: sent.index]):
        for sp in s.spans:
            if sp.label in ("PER", "TITLE"):
                return sp
    return None


def _grammar_token(sent: Sentence, ev: Any) -> int:
    """The token of the sentence where the grammar's trigger starts (0 when not found)."""
    return next((i for i, t in enumerate(sent.tokens) if t.text and ev.trigger.startswith(t.text)), 0)


def _participant(sp: Span) -> Participant:
    name = sp.canonical or sp.text
    kind = "PER" if sp.label in ("PER", "TITLE") else sp.label
    return Participant(name=name, title=sp.title, organisation=sp.organisation, kind=kind,
                       start=sp.start, end=sp.end, surface=sp.text)


def _keys(ev: EventMention) -> set[str]:
    return {p.name.split()[-1].lower() for p in ev.participants() if p.name}


def merge_mentions(events: list[EventMention]) -> list[EventMention]:
    """One record per meeting: a mention whose parties are a subset of another's (same status)
    is the same meeting told again (headline, lead, "görüşmede …"); its evidence is kept."""
    out: list[EventMention] = []
    for ev in sorted(events, key=lambda e: -len(e.participants())):
        keys = _keys(ev)
        host = next((o for o in out if o.status == ev.status and keys and keys <= _keys(o)), None)
        if host is None:
            out.append(ev)
            continue
        host.extra_evidence.append(ev.evidence)
        host.rules = sorted(set(host.rules) | set(ev.rules))
        host.confidence = max(host.confidence, ev.confidence)
        if host.location is None and ev.location is not None:
            host.location = ev.location
        if host.date_source != "text" and ev.date_source == "text":
            host.date, host.date_precision, host.date_text, host.date_source = (
                ev.date, ev.date_precision, ev.date_text, ev.date_source)
    order = {id(e): i for i, e in enumerate(events)}
    return sorted(out, key=lambda e: order[id(e)])


@functools.cache
def default_consult_extractor() -> ConsultExtractor:
    return ConsultExtractor()
