"""The event grammar's vocabulary, loaded once from ``data/plover_tr.yaml``.

Kept apart from the grammar so that adding a trigger or a group noun is a data change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from haberdar.resources import load_yaml
from haberdar.text import tr_lower
from haberdar.tr.harmony import infinitive, verb_root

__all__ = ["EventLexicon", "Trigger", "default_event_lexicon", "infinitive", "verb_root"]

@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger entry; see the header of ``plover_tr.yaml``."""

    type: str
    verb: str | None = None  # infinitive of the predicate verb (verb triggers)
    light: frozenset[str] = frozenset()  # infinitives of light verbs (light triggers)
    noun: str | None = None
    noun_case: str = "Nom"
    before: tuple[str, ...] = ()
    object: str | None = None
    object_kind: str | None = None
    swap: bool = False
    mode: str | None = None
    needs_partner: bool = False
    needs_phone: bool = False  # "konuşmak" is a meeting only on the phone ("telefonda konuşan")
    # "X ve Y görüştü": coordinated subjects are the two sides; not for "toplanmak", whose
    # coordinated subject is one crowd or body ("işçiler ve aileleri … toplandı")
    coordinated_sides: bool = True


@dataclass
class EventLexicon:
    triggers: list[Trigger]
    light_verbs: frozenset[str]
    consult_nouns: frozenset[str]
    planned_governors: frozenset[str]
    unreal_governors: frozenset[str]
    before_words: frozenset[str]
    after_words: frozenset[str]
    cancel_lemmas: frozenset[str]
    background_markers: tuple[tuple[str, ...], ...]
    mediator_lemmas: frozenset[str]
    phone_lemmas: frozenset[str]
    multilateral_lemmas: frozenset[str]
    ile_not_partner: frozenset[str]
    group_heads: frozenset[str]
    group_modifiers: frozenset[str]
    not_person_heads: frozenset[str]
    non_participants: frozenset[str]
    honorifics: frozenset[str]
    not_names: frozenset[str]
    place_after_words: frozenset[str]
    prefilter: tuple[str, ...] = ()
    companion_modifiers: frozenset[str] = frozenset()
    multilateral_heads: frozenset[str] = frozenset()
    meeting_name_heads: frozenset[str] = frozenset()
    meeting_name_verbs: frozenset[str] = frozenset()
    verb_roots: tuple[str, ...] = ()  # every known verb root, longest first
    claim_nouns: frozenset[str] = frozenset()  # "ziyaret ettiği iddiaları": a claim, no event
    departure_nouns: frozenset[str] = frozenset()  # "Almanya'ya hareketi öncesi": a planned visit
    separately_words: frozenset[str] = frozenset()  # "ayrı ayrı": one bilateral event per partner
    standalone_titles: frozenset[str] = frozenset()  # "Başbakan Cumhurbaşkanı ile": two people
    facility_heads: dict[str, str] = field(default_factory=dict)  # "hastane" → "Hastanesi"
    visit_sites: frozenset[str] = frozenset()
    internal_meeting_modifiers: frozenset[str] = frozenset()  # "basın toplantısı", "kabine toplantısı"
    possibility_words: frozenset[str] = frozenset()  # "görüşmesi mümkün (değil)": not happened
    deliberated_nouns: frozenset[str] = frozenset()  # "teklif görüşmeleri": a bill is read
    sports_lemmas: frozenset[str] = frozenset()  # "karşılaşmada ağırlayacak": a match
    venue_heads: frozenset[str] = frozenset()  # "Kongre Merkezi", "Zirve Salonu": a building
    joint_meeting_modifiers: frozenset[str] = frozenset()  # "ortak basın toplantısı": two sides together
    joint_body_heads: tuple[str, ...] = ()  # "NATO-Rusya Konseyi": a body of two sides
    joint_body_verbs: frozenset[str] = frozenset()
    agenda_nouns: frozenset[str] = frozenset()  # "toplantıda … ele aldı": the meeting noun
    agenda_verbs: frozenset[str] = frozenset()  # … and the predicate ("ele almak")
    by_verb: dict[str, list[Trigger]] = field(default_factory=dict)
    by_light: dict[str, list[Trigger]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        roots: set[str] = set()
        for t in self.triggers:
            if t.verb:
                self.by_verb.setdefault(t.verb, []).append(t)
                roots.add(verb_root(t.verb))
            for lv in t.light:
                self.by_light.setdefault(lv, []).append(t)
                roots.add(verb_root(lv))
        for v in (*self.light_verbs, *self.planned_governors, *self.unreal_governors):
            roots.add(verb_root(v))
        self.verb_roots = tuple(sorted(roots, key=len, reverse=True))


def _set(values: Any) -> frozenset[str]:
    return frozenset(tr_lower(str(v)) for v in values or ())


def _trigger(entry: dict[str, Any], default_type: str) -> Trigger:
    light = entry.get("light")
    if isinstance(light, str):
        light = [light]
    verb = entry.get("verb")
    noun = entry.get("noun")
    if verb and " " in verb:  # "müzakere etmek": a noun + light verb written as one verb
        noun, _, lv = verb.rpartition(" ")
        verb, light = None, [lv]
    return Trigger(
        type=entry.get("type", default_type),
        verb=verb,
        light=frozenset(light or ()),
        noun=noun,
        noun_case=entry.get("noun_case", "Nom"),
        before=tuple(entry.get("before") or ()),
        object=entry.get("object"),
        object_kind=entry.get("object_kind"),
        swap=bool(entry.get("swap", False)),
        mode=entry.get("mode"),
        needs_partner=bool(entry.get("needs_partner", False)),
        needs_phone=bool(entry.get("needs_phone", False)),
        coordinated_sides=bool(entry.get("coordinated_sides", True)),
    )


@lru_cache(maxsize=1)
def default_event_lexicon() -> EventLexicon:
    data = load_yaml("plover_tr.yaml")
    triggers = [_trigger(e, "CONSULT") for e in data["consult"]]
    triggers += [_trigger(e, "OTHER") for e in data.get("other") or ()]
    return EventLexicon(
        triggers=triggers,
        light_verbs=_set(data["light_verbs"]),
        consult_nouns=_set(data["consult_nouns"]),
        planned_governors=_set(data["planned_governors"]),
        unreal_governors=_set(data["unreal_governors"]),
        before_words=_set(data["before_words"]),
        after_words=_set(data["after_words"]),
        cancel_lemmas=_set(data["cancel_lemmas"]),
        background_markers=tuple(tuple(m) for m in data["background_markers"]),
        mediator_lemmas=_set(data["mediator_lemmas"]),
        phone_lemmas=_set(data["phone_lemmas"]),
        multilateral_lemmas=_set(data["multilateral_lemmas"]),
        ile_not_partner=_set(data["ile_not_partner"]),
        group_heads=_set(data["group_heads"]),
        group_modifiers=_set(data["group_modifiers"]),
        not_person_heads=_set(data["not_person_heads"]),
        non_participants=_set(data["non_participants"]),
        honorifics=frozenset(data["honorifics"]),
        not_names=frozenset(data["not_names"]),
        place_after_words=_set(data["place_after_words"]),
        prefilter=tuple(sorted(_set(data["prefilter"]))),
        companion_modifiers=_set(data.get("companion_modifiers")),
        multilateral_heads=_set(data.get("multilateral_heads")),
        meeting_name_heads=_set(data.get("meeting_name_heads")),
        meeting_name_verbs=_set(data.get("meeting_name_verbs")),
        claim_nouns=_set(data.get("claim_nouns")),
        departure_nouns=_set(data.get("departure_nouns")),
        separately_words=_set(data.get("separately_words")),
        standalone_titles=_set(data.get("standalone_titles")),
        joint_body_heads=tuple(sorted(_set(data.get("joint_body_heads")))),
        joint_body_verbs=_set(data.get("joint_body_verbs")),
        agenda_nouns=_set((data.get("agenda_meetings") or {}).get("nouns")),
        agenda_verbs=_set((data.get("agenda_meetings") or {}).get("verbs")),
        facility_heads={tr_lower(k): str(v) for k, v in (data.get("facility_heads") or {}).items()},
        visit_sites=_set(data.get("visit_sites")),
        internal_meeting_modifiers=_set(data.get("internal_meeting_modifiers")),
        joint_meeting_modifiers=_set(data.get("joint_meeting_modifiers")),
        venue_heads=_set(data.get("venue_heads")),
        deliberated_nouns=_set(data.get("deliberated_nouns")),
        possibility_words=_set(data.get("possibility_words")),
        sports_lemmas=_set(data.get("sports_lemmas")),
    )
