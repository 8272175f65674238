"""One analysed document per article: built once, read by every later component.

A :class:`Doc` holds the headline and the body as sentences of tokens, each with its NER tags,
its entity spans (the case suffix split off), the titles ("MİT Başkanı") found in it and the
entity each span resolves to. Components are functions ``(doc, resources) -> None`` that fill
one layer; each says what it sets and what it needs (:data:`COMPONENTS`), and :func:`build_doc`
runs them in that declared order. No later component tokenises, tags or finds titles again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from haberdar.analyse.tokens import Token, tokenize_sentences
from haberdar.records import Article, PublishedDate
from haberdar.text import tr_lower

_APOS = ("'", "’")


@dataclass(slots=True)
class Span:
    """An entity or title in a sentence: tokens ``[a, b)``, characters ``[start, end)``.

    ``suffix`` is the apostrophe case suffix after the span ("'la"); ``title`` the office written
    before a name ("MİT Başkanı"), or the whole span for a title-only mention (label "TITLE").
    """

    a: int
    b: int
    label: str  # PER | LOC | ORG | TITLE
    start: int
    end: int
    text: str
    suffix: str = ""
    title: str | None = None
    title_start: int | None = None
    organisation: str | None = None
    canonical: str | None = None
    entity_id: str | None = None
    context: str = ""  # "" for a span of the sentence; "grammar" / "previous" for one from outside


@dataclass(slots=True)
class Sentence:
    index: int
    source: str  # "title" | "body"
    start: int
    end: int
    tokens: list[Token]
    lower: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Doc:
    body: str
    title: str
    published: PublishedDate | None
    day: date | None
    sentences: list[Sentence] = field(default_factory=list)
    titles: list[Any] = field(default_factory=list)  # roles.TitleMention over the body
    mentions: list[Any] = field(default_factory=list)  # resolve.Mention over the body
    # the grammar's events (analyse/events/extract.py), an input of the learned decisions
    grammar: list[Any] = field(default_factory=list)
    layers: set[str] = field(default_factory=set)

    def text_of(self, sent: Sentence) -> str:
        return self.title if sent.source == "title" else self.body


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    run: Callable[[Doc, Any], None]
    needs: tuple[str, ...]
    sets: tuple[str, ...]


def _sentences(doc: Doc, res: Any) -> None:
    out: list[Sentence] = []
    for source, text in (("title", doc.title), ("body", doc.body)):
        for toks in tokenize_sentences(text) if text else []:
            out.append(Sentence(len(out), source, toks[0].start, toks[-1].end, toks,
                                [tr_lower(t.text) for t in toks]))
    doc.sentences = out


def _ner(doc: Doc, res: Any) -> None:
    for source in ("title", "body"):
        sents = [s for s in doc.sentences if s.source == source]
        if not sents:
            continue
        tags = res.ner.tag_sentences([[t.text for t in s.tokens] for s in sents])
        for s, tg in zip(sents, tags, strict=True):
            s.tags = tg
            for a, b, label in res.ner.spans([t.text for t in s.tokens], tg):
                toks = s.tokens
                text = doc.text_of(s)
                suffix = toks[b].text if b < len(toks) and toks[b].text[:1] in _APOS and toks[b].start == toks[b - 1].end else ""
                s.spans.append(Span(a, b, label, toks[a].start, toks[b - 1].end,
                                    text[toks[a].start : toks[b - 1].end], suffix))


def _titles(doc: Doc, res: Any) -> None:
    from haberdar.analyse.roles import find_titles

    for source in ("title", "body"):
        text = doc.title if source == "title" else doc.body
        found = find_titles(text, kb=res.kb) if text else []
        if source == "body":
            doc.titles = found
        sents = [s for s in doc.sentences if s.source == source]
        for t in found:
            s = next((s for s in sents if s.start <= t.start < s.end + 1), None)
            if s is None:
                continue
            if t.person_start is not None:
                span = next((sp for sp in s.spans if sp.start <= t.person_start < sp.end), None)
                if span is not None:
                    span.title, span.title_start, span.organisation = t.text, t.start, t.organisation
                    continue
            a = next((i for i, tok in enumerate(s.tokens) if tok.start >= t.start), None)
            b = next((i for i, tok in enumerate(s.tokens) if tok.end >= t.end), None)
            if a is None or b is None or any(sp.a <= a < sp.b for sp in s.spans if sp.label != "LOC"):
                continue
            b += 1
            suffix = s.tokens[b].text if b < len(s.tokens) and s.tokens[b].text[:1] in _APOS else ""
            s.spans.append(Span(a, b, "TITLE", t.start, t.end, t.text, suffix, title=t.text,
                                title_start=t.start, organisation=t.organisation))
        for s in sents:
            s.spans.sort(key=lambda sp: sp.a)


def _resolve(doc: Doc, res: Any) -> None:
    from haberdar.analyse.resolve import Mention as RawMention

    body = [sp for s in doc.sentences if s.source == "body" for sp in s.spans if sp.label != "TITLE"]
    raw = [RawMention(doc.body[sp.start : sp.end], sp.label, sp.start, sp.end) for sp in body]
    # the titles written before names ("Başbakan" + "Erdoğan") go with them: a title and the
    # article's date tell namesakes apart
    titled = [RawMention(t.text, "TITLE", t.start, t.end) for t in doc.titles if t.person_start is not None]
    resolved = [r for r in res.resolver.resolve_mentions(raw + titled, text=doc.body, on=doc.day)
                if r.label != "TITLE"]
    doc.mentions = resolved
    by_span = {(r.start, r.end): r for r in resolved}
    for sp in body:
        r = by_span.get((sp.start, sp.end))
        if r is not None:
            sp.canonical, sp.entity_id = r.canonical, r.entity_id
    for s in doc.sentences:
        if s.source != "title":
            continue
        for sp in s.spans:
            if sp.label in ("PER", "ORG", "LOC"):
                sp.entity_id, sp.canonical, _ = res.resolver.resolve(sp.text, sp.label, on=doc.day)


def _grammar(doc: Doc, res: Any) -> None:
    res.tagger.prime([[t.text for t in s.tokens] for s in doc.sentences],
                     [s.tags for s in doc.sentences])
    doc.grammar = res.events.extract(doc.body, published=doc.published, title=doc.title)


COMPONENTS: tuple[Component, ...] = (
    Component("sentences", _sentences, needs=(), sets=("sentences", "tokens")),
    Component("ner", _ner, needs=("sentences",), sets=("tags", "spans")),
    Component("titles", _titles, needs=("spans",), sets=("titles",)),
    Component("resolve", _resolve, needs=("spans", "titles"), sets=("entities",)),
    Component("grammar", _grammar, needs=("tags",), sets=("grammar",)),
)


def check_order(components: tuple[Component, ...] = COMPONENTS) -> None:
    """Raise when a component needs a layer no earlier component sets (a wiring mistake)."""
    have: set[str] = set()
    for c in components:
        missing = [n for n in c.needs if n not in have]
        if missing:
            raise ValueError(f"component {c.name!r} needs {missing} before it")
        have.update(c.sets)


check_order()


def build_doc(article: Article, res: Any, day: date | None = None) -> Doc:
    """Run every component once over ``article`` (its clean title and body)."""
    doc = Doc(article.body, article.title or "", article.published, day)
    for c in COMPONENTS:
        c.run(doc, res)
        doc.layers.update(c.sets)
    return doc
