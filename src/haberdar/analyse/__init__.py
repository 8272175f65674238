"""Analyse stage: a clean Article → entity mentions, canonical entities, roles and event mentions.

The cascade, per article (pure given the loaded Resources):

1. sentences and tokens, with the case suffix split off ("Kalın'ın" → "Kalın" + "'ın");
2. PER/LOC/ORG spans from the project's CRF tagger (``haberdar train-ner`` rebuilds it);
3. TITLE mentions — roles such as "MİT Başkanı" with the person they describe;
4. resolution within the article (surnames to full names, acronyms to expansions) and against
   the knowledge base on the article's date (namesakes told apart by role and date);
5. event mentions (PLOVER), whose participants get the entity ids of step 4.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from haberdar.analyse.doc import Doc, build_doc
from haberdar.analyse.resolve import unknown_entity_id
from haberdar.records import Analysis, Article, EntityRef, Mention
from haberdar.resources import Resources

__all__ = ["analyse", "article_date", "event_mentions"]


def article_date(article: Article) -> date | None:
    """The publication day, when known to the day: the date roles are checked against."""
    pub = article.published
    if pub.value and pub.precision in ("minute", "day"):
        try:
            return date.fromisoformat(pub.value[:10])
        except ValueError:
            return None
    return None


def analyse(article: Article, res: Resources) -> Analysis:
    on = article_date(article)
    doc = build_doc(article, res, on)
    resolved = doc.mentions
    titles = doc.titles

    mentions: list[Mention] = []
    entities: dict[str, EntityRef] = {}
    for r in resolved:
        if not any(ch.isupper() or ch.isdigit() for ch in r.canonical):
            continue  # a name is written with a capital ("internet", "bakanlık" are no entities)
        entity_id = r.entity_id or unknown_entity_id(r.canonical, r.label)
        mentions.append(Mention(r.start, r.end, r.label, r.stem, r.canonical, entity_id))
        if entity_id not in entities:
            entities[entity_id] = _entity_ref(entity_id, r.canonical, r.label, res)
    for t in titles:
        mentions.append(Mention(t.start, t.end, "TITLE", t.text, t.title, t.organisation_id))

    if article.origin:
        # The credited agency or source is an organisation of the article even when its credit
        # line was removed from the body as chrome.
        entity_id, name, _ = res.resolver.resolve(article.origin, "ORG", on=on)
        entity_id = entity_id or unknown_entity_id(name, "ORG")
        entities.setdefault(entity_id, _entity_ref(entity_id, name or article.origin, "ORG", res))
    events = _events(article, res, mentions, titles, doc)
    return Analysis(mentions=mentions, entities=list(entities.values()), events=events)


def event_mentions(doc: Doc, res: Resources) -> list[Any]:
    """The article's events: CONSULT decided by the learned models over the rules' candidates
    (the grammar's CONSULT events are among their features), other types from the grammar with
    their parties named (no bare common noun: :meth:`ConsultExtractor.named_only`).
    Without model files the grammar's CONSULT events are kept as they are."""
    consult = res.consult
    if not consult.ready:
        return list(doc.grammar)
    others = [consult.named_only(doc, e) for e in doc.grammar if e.event_type != "CONSULT"]
    return [e for e in others if e is not None] + consult.extract(doc)


def _entity_ref(entity_id: str, name: str, label: str, res: Resources) -> EntityRef:
    ent = res.kb.get(entity_id)
    if ent is None:
        return EntityRef(id=entity_id, name=name, type=label, source="text")
    roles = [
        {
            "title": r.title,
            "organisation": r.organisation,
            "start": r.start.isoformat() if r.start else None,
            "end": r.end.isoformat() if r.end else None,
            "source": r.source,
        }
        for r in res.kb.roles_of(ent.id)
    ]
    return EntityRef(id=ent.id, name=ent.name, type=ent.type, aliases=list(ent.aliases), qid=ent.qid, roles=roles, source="kb")


def _events(article: Article, res: Resources, mentions: list[Mention], titles: list[Any],
            doc: Doc) -> list[dict[str, Any]]:
    out = []
    for ev in event_mentions(doc, res):
        rec = ev.to_dict()
        from_body = getattr(ev.evidence, "source", "body") == "body"
        for side in ("actors", "recipients"):
            for p, obj in zip(rec[side], getattr(ev, side), strict=True):
                m = _mention_for(mentions, obj.start, obj.end, obj.kind, p["name"]) if from_body else None
                t = next((t for t in titles if t.person_start is not None and obj.start <= t.person_start < obj.end), None) if from_body else None
                if t is not None:
                    p["title"] = t.title  # "MİT'in Başkanı" → "MİT Başkanı"
                if m is not None:
                    p["entity_id"] = m.entity_id
                    if m.label == "PER":
                        p["name"] = m.canonical
                else:
                    p["entity_id"] = res.resolver.resolve(p["name"], _label(obj.kind), on=article_date(article))[0]
        out.append(rec)
    return out


def _mention_for(mentions: list[Mention], start: int, end: int, kind: str, name: str) -> Mention | None:
    """The entity mention a participant span stands for: same type and named in it, last first.

    A participant span often carries a title before the name ("Türkiye Cumhuriyeti MİT Başkanı
    İbrahim Kalın"): the organisation and country inside the title are not the participant.
    """
    best, best_score = None, -1.0
    for m in mentions:
        if m.label == "TITLE" or m.end <= start or m.start >= end:
            continue
        named = m.surface in name or name in m.surface or m.canonical == name
        score = 3 * named + (m.label == kind) + (m.start >= start) * 0.5
        if score >= best_score:
            best, best_score = m, score
    return best


def _label(kind: str) -> str:
    return kind if kind in ("PER", "ORG", "LOC") else "ORG"
