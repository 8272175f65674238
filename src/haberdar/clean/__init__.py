"""Clean stage: RawDocument → Article.

The cascade, in order:

1. Unicode NFC, suffix apostrophes and quotes unified, spaces collapsed (:mod:`haberdar.text`).
2. One-line "title. teaser ... full text" exports are split (:mod:`.repeats`).
3. Every line is described (length, stopword density, capitalisation, punctuation, cue words)
   and date stamps (:mod:`.dates`) and source credits (:mod:`.origin`) are located.
4. The content span — first to last prose line — is found; chrome is peeled off the head and
   tail and removed inside the span only where unambiguous (:mod:`.chrome`).
5. The title is the metadata title, else the first headline-like line before the prose, else a
   headline-like line among the first lines of the text; repeated lines are dropped.
6. Lead = first paragraph; language identified; publication date and origin resolved.

Every removed line is kept with its reason (``Article.removed``), so ``haberdar show`` can
explain what was dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from haberdar.clean.chrome import (
    NOTICE_MAX_WORDS,
    Line,
    analyse_line,
    chrome_reason,
    content_span,
    cue_kinds,
    is_hashtags,
    looks_like_headline,
    split_cta_tail,
    split_seo_tail,
)
from haberdar.clean.dates import find_stamps, resolve_published
from haberdar.clean.language import detect_language
from haberdar.clean.origin import find_origin, site_from_meta
from haberdar.clean.repeats import split_teaser
from haberdar.records import Article, RawDocument, RemovedLine
from haberdar.resources import Resources
from haberdar.text import fold_key, normalize_unicode

__all__ = ["clean"]

_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+(?=[\"'(«]?[A-ZÇĞİÖŞÜ0-9])")
# A stamp that leaves at most this many other words on its line makes the line a stamp line.
_STAMP_LINE_MAX_OTHER_WORDS = 3
# Reasons that rest on the shape of a line alone, given back when nothing else is left.
SOFT_REASONS = frozenset({"photo caption or byline", "menu word", "page label", "page footer", "site header"})


def clean(doc: RawDocument, res: Resources, *, common_lines: Collection[str] = ()) -> Article:
    """Turn one raw document into a clean article. Pure: depends only on its arguments."""
    meta = doc.meta
    text = normalize_unicode(doc.text)
    removed: list[RemovedLine] = []

    raw_lines = text.split("\n")
    title: str | None = _clean_meta_text(meta.get("title"))
    lead: str | None = None

    # 2. "title. teaser ... full text" on one line.
    expanded: list[tuple[int, str]] = []
    for no, t in enumerate(raw_lines, start=1):
        if not t:
            continue
        t, prompt = split_cta_tail(t)
        if prompt:
            removed.append(RemovedLine(no, prompt, "call to action"))
        teaser = split_teaser(t) if len(t) > 200 else None
        if teaser is None:
            expanded.append((no, t))
            continue
        removed.append(RemovedLine(no, teaser.teaser + " ...", "repeated block (truncated lead printed before the text)"))
        if teaser.title:
            if title is None:
                title = teaser.title
            else:
                removed.append(RemovedLine(no, teaser.title, "title repeated in the text"))
        lead = lead or teaser.lead
        expanded.append((no, teaser.body))

    lines = [analyse_line(no, t, res.stopwords) for no, t in expanded]
    texts = [ln.text for ln in lines]

    # 3. Stamps and credits.
    stamps = find_stamps(texts)
    published = resolve_published(stamps, meta)
    stamp_kind: dict[int, str] = {}
    for st in stamps:
        ln = lines[st.line_no]
        other = ln.text[: st.start] + " " + ln.text[st.end :]
        if len(re.findall(r"[^\W\d_]{2,}", other)) <= _STAMP_LINE_MAX_OTHER_WORDS or st.label:
            if ln.n_words <= 12:
                stamp_kind[st.line_no] = "no-year" if st.precision == "no-year" else st.kind
    origin = find_origin(texts, meta)
    credit_lines = set(origin.line_nos)
    cues = [cue_kinds(t, res) for t in texts]

    # 4. Content span, ignoring lines that are chrome whatever their shape.
    pre_blocked = set(stamp_kind) | credit_lines
    pre_blocked |= {i for i, ln in enumerate(lines) if is_hashtags(ln)}
    pre_blocked |= {
        i for i, c in enumerate(cues) if c & {"consent", "newsletter"} and lines[i].n_words <= NOTICE_MAX_WORDS
    }
    span = content_span(lines, pre_blocked)
    first, last = span if span else (len(lines), -1)

    keep: list[int] = []
    for i, ln in enumerate(lines):
        region = "head" if i < first else "tail" if i > last else "body"
        reason = chrome_reason(
            ln,
            cues[i],
            region=region,
            stamp_kind=stamp_kind.get(i),
            credit=i in credit_lines,
            common=fold_key(ln.text) in common_lines,
        )
        if reason:
            removed.append(RemovedLine(ln.no, ln.text, reason))
        else:
            keep.append(i)

    if not any(lines[i].n_words for i in keep):
        # Nothing reads as text: the shape rules are guesses, so give back what they took rather
        # than store an article without a body (a two-word item is still an input to keep).
        soft = {r.line_no for r in removed if r.reason in SOFT_REASONS}
        keep = sorted(set(keep) | {i for i, ln in enumerate(lines) if ln.no in soft})
        removed = [r for r in removed if r.line_no not in soft]

    # 5. Title: metadata, else a headline before the prose, else one among the first lines.
    if title is None:
        title_idx = _find_title(lines, keep, first)
        if title_idx is not None and any(lines[i].n_words for i in keep if i != title_idx):
            title = lines[title_idx].text
            keep.remove(title_idx)
    if title is None and len(keep) == 1:
        split = _title_from_first_sentence(lines[keep[0]])
        if split:
            title, rest = split
            lines[keep[0]] = analyse_line(lines[keep[0]].no, rest, res.stopwords)
    seen: list[str] = [fold_key(title)] if title else []
    body_lines: list[Line] = []
    for i in keep:
        ln = lines[i]
        key = fold_key(ln.text)
        is_last = i == keep[-1] and not body_lines
        if not is_last and len(key) >= 12 and any(key == s or (len(key) >= 40 and s.startswith(key)) for s in seen):
            reason = "title repeated in the text" if title and key == seen[0] else "repeated block"
            removed.append(RemovedLine(ln.no, ln.text, reason))
            continue
        seen.append(key)
        trimmed, tag = split_seo_tail(ln.text, res)
        if tag:
            removed.append(RemovedLine(ln.no, tag, "listing tag sentence"))
            ln = analyse_line(ln.no, trimmed, res.stopwords)
        body_lines.append(ln)

    body = "\n\n".join(ln.text for ln in body_lines)
    flags = []
    if not body and title:
        # A feed item whose description was only a link prompt: the headline is all the text.
        body = title
        flags.append({"kind": "headline_only", "detail": "no text besides the headline"})
    if lead is None:
        lead = _lead(body_lines)
    removed.sort(key=lambda r: r.line_no)

    language = detect_language(res, (title or "") + "\n" + body[:600])
    if language and language != "tr":
        flags.append({"kind": "non_turkish", "detail": f"language identified as {language!r}"})

    return Article(
        id=doc.id,
        uri=doc.uri,
        format=doc.format,
        site=site_from_meta(meta) or _site_from_header(removed),
        origin=origin.name,
        title=title,
        lead=lead,
        body=body,
        published=published,
        language=language,
        removed=removed,
        flags=flags,
        meta={k: v for k, v in meta.items() if k not in ("title",)},
    )


def _site_from_header(removed: list[RemovedLine]) -> str | None:
    """The site's name from its header line ("Konya Haberci | Konya Haber" → "Konya Haberci")."""
    for r in removed:
        if r.reason == "site header":
            name = re.split(r"\s[|•·»›–—-]\s", r.text, maxsplit=1)[0].strip()
            return name or None
    return None


def _clean_meta_text(value: object) -> str | None:
    if not value or not isinstance(value, str):
        return None
    out = normalize_unicode(html.unescape(value)).replace("\n", " ").strip()
    return out or None


def _find_title(lines: list[Line], keep: list[int], first_prose: int) -> int | None:
    head = [i for i in keep if i < first_prose]
    for i in head:
        if looks_like_headline(lines[i]) and lines[i].n_words >= 4:
            return i
    # No headline before the prose: a summary-led page prints it just after the summary.
    for i in [i for i in keep if i >= first_prose][:3]:
        ln = lines[i]
        if looks_like_headline(ln) and not ln.is_prose and ln.title_ratio >= 0.6:
            return i
        if looks_like_headline(ln) and ln.n_words >= 4 and not ln.terminal and ln.title_ratio >= 0.6:
            return i
    return None


# In a one-paragraph export the headline is glued before the text as its first sentence
# ("Villa tartışması bitmiyor. İzmir Urla'nın …"): a short first sentence followed by a long text.
_FIRST_SENTENCE_RE = re.compile(r"^(.{8,120}?[.!?])\s+(?=[\"'(«]?[A-ZÇĞİÖŞÜ0-9])")
FIRST_SENTENCE_TITLE_MAX_WORDS = 10


def _title_from_first_sentence(ln: Line) -> tuple[str, str] | None:
    """(title, rest of the text) when the line opens with a glued headline sentence."""
    m = _FIRST_SENTENCE_RE.match(ln.text)
    if not m or ln.n_words < 40:
        return None
    sentence = m.group(1)
    if len(sentence.split()) > FIRST_SENTENCE_TITLE_MAX_WORDS or "," in sentence:
        return None
    return sentence.rstrip(" ."), ln.text[m.end() :]


def _lead(body_lines: list[Line]) -> str | None:
    prose = [ln for ln in body_lines if ln.is_prose]
    if not prose:
        return body_lines[0].text if body_lines else None
    if len(body_lines) > 1:
        return prose[0].text
    sentences = _SENTENCE_END_RE.split(prose[0].text)
    return sentences[0] if sentences else prose[0].text
