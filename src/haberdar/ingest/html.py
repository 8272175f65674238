"""HTML pages and HTML fragments → text.

A full page goes through trafilatura, which finds the main content and the page metadata (title,
author, site name) and asks htmldate for the publication date. Fragments — an RSS description, a
JSONL field holding ``<p>…</p>`` — are too small for main-content detection and are flattened with
lxml instead (:func:`fragment_to_text`).

Extraction runs in trafilatura's balanced mode, not ``favor_precision``. On test pages built from
the seed articles (div soup, ``<br>``-separated text, semantic ``<article>``) both modes kept every
body paragraph, and the only difference was that precision mode also dropped link-wrapped
paragraphs inside the article body. A sentence lost here cannot be recovered downstream, while
the chrome balanced mode lets through (bylines, "Giriş Tarihi", tags) is exactly what the clean
stage removes and mines for dates and origins.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from haberdar.ingest.encoding import DecodeError, decode_bytes
from haberdar.records import Quarantined, RawDocument

__all__ = ["declared_charset", "fragment_to_text", "looks_like_html", "read_html"]


class _KnownNoise(logging.Filter):
    """Drop trafilatura warnings that say nothing per page that the reader does not say better.

    Without py3langid every page logs "Language detector not installed"; a page without content
    logs "discarding data", which the reader already reports as a Quarantined with a reason.
    """

    _MESSAGES = ("Language detector not installed", "discarding data")

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self._MESSAGES)


for _name in ("trafilatura.utils", "trafilatura.core"):
    logging.getLogger(_name).addFilter(_KnownNoise())

NO_TEXT_REASON = "HTML page has no article text (trafilatura found no main content)"
FRAGMENTS_REASON = (
    "HTML page has no article text (trafilatura found only short fragments such as menu "
    "items or link lists, no sentence)"
)
# When trafilatura finds no main content its fallbacks return whatever text the page has, a
# menu included. An article has at least one sentence; a line this long is taken as one.
_MIN_SENTENCE_WORDS = 6

# htmldate is asked for minutes; a date-only page comes back at midnight.
_DATE_FORMAT = "%Y-%m-%dT%H:%M"
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,  # the publication date, not the last modification
    "extensive_search": True,
    "outputformat": _DATE_FORMAT,
}

# Charset declarations must sit in the first 1024 bytes by the HTML standard; pages in the wild
# put long <head> scripts first, so look a little further.
_PRESCAN_BYTES = 4096
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL_RE = re.compile(rb"""<\?xml[^>]+?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)

_HTML_HINT_RE = re.compile(r"<[A-Za-z!/][^>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "img",
    "picture",
    "video",
    "audio",
    "iframe",
    "svg",
    "figure",
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 blockquote section article header footer pre dd dt hr".split()
)
# Real tags left in the text after one pass: the fragment was escaped twice.
_ESCAPED_MARKUP_RE = re.compile(
    r"<(?:img|a|p|br|div|span|iframe|table|strong|em|b|i)\b[^<>]*>|</(?:a|p|div|span|b|i)>", re.I
)
_BLANK_LINES_RE = re.compile(r"[ \t]*\n[ \t\n]*")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a page declares: HTTP ``Content-Type`` first, then ``<meta>``, then ``<?xml?>``."""
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", content_type, re.I)
        if match:
            return match.group(1)
    head = data[:_PRESCAN_BYTES]
    match = _META_CHARSET_RE.search(head) or _XML_DECL_RE.search(head)
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """True when a string carries tags or entities, i.e. needs :func:`fragment_to_text`."""
    return bool(_HTML_HINT_RE.search(text))


def fragment_to_text(fragment: str, *, _depth: int = 0) -> str:
    """Flatten an HTML fragment to plain text: entities decoded, images and scripts dropped.

    Block elements and ``<br>`` become line breaks so that paragraphs stay apart for the cleaner.
    Plain text without markup is returned unchanged (apart from whitespace tidying). Feeds often
    escape their HTML twice (``&lt;img …/&gt;``); markup that appears after one pass gets a second.
    """
    if not fragment or not fragment.strip():
        return ""
    if not looks_like_html(fragment):
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        # Not parseable as markup at all: fall back to decoding the entities only.
        return html_lib.unescape(re.sub(r"<[^>]*>", " ", fragment)).strip()
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()  # keeps the element's tail text, which belongs to the parent
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and tag:  # comments and processing instructions carry no article text
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    text = "".join(parts)
    # libxml2's HTML parser knows the HTML 4 entities only: &apos; survives parsing.
    text = html_lib.unescape(text) if "&" in text else text
    if _depth == 0 and _ESCAPED_MARKUP_RE.search(text):
        return fragment_to_text(text, _depth=1)
    text = _SPACES_RE.sub(" ", text)
    return _BLANK_LINES_RE.sub("\n", text).strip()


def _has_sentence(text: str) -> bool:
    return any(len(line.split()) >= _MIN_SENTENCE_WORDS for line in text.splitlines())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if host and host.startswith("www."):
        host = host[4:]
    return host or None


def _published(date: str | None, page: str, url: str | None) -> tuple[str, str] | None:
    """htmldate's answer as (ISO value, precision); midnight means the page only had a day.

    htmldate's extensive search falls back to the copyright notice ("© 2024") and reports it as
    January 1st. That is the year the page was rendered, not a publication date, so a 1 January
    answer is kept only when the strict search (markup and metadata only) finds it too.
    """
    if not date:
        return None
    if date[4:] == "-01-01T00:00":
        strict = htmldate.find_date(page, url=url, **{**_DATE_PARAMS, "extensive_search": False})
        if strict != date:
            return None
    if date.endswith("T00:00"):
        # htmldate cannot tell "00:00" from "no time given"; a real midnight stamp loses its
        # minutes here, which costs less than inventing a time for the many date-only pages.
        return date[:10], "day"
    return date, "minute"


def read_html(
    uri: str,
    data: bytes,
    meta: dict[str, Any] | None = None,
    *,
    format: str = "html",
) -> RawDocument | Quarantined:
    """Read one HTML page as an article.

    ``meta`` may carry what the container knows: ``url`` (helps trafilatura and htmldate),
    ``content_type`` (an HTTP header with a charset), ``fetched``... Its keys are kept and the
    page's own metadata is added; what the page says wins over nothing, never over the container.
    ``format`` lets the WARC reader label its pages "warc".
    """
    given = dict(meta or {})
    try:
        text, encoding = decode_bytes(data, declared_charset(data, given.pop("content_type", None)))
    except DecodeError as err:
        return Quarantined(uri, str(err), data)
    if not text.strip():
        return Quarantined(uri, "empty HTML page: no text to read", data)
    url = given.get("url")
    try:
        doc = _extract(text, url, target_language="tr")
        if doc is None:
            # The Turkish language filter also rejects pages whose <html lang> is wrong; language
            # is decided later on the text itself, so try once more without it.
            doc = _extract(text, url, target_language=None)
    except Exception as err:  # trafilatura/lxml on hostile markup: quarantine, never crash
        return Quarantined(uri, f"HTML page could not be parsed: {type(err).__name__}: {err}", data)
    if doc is None or not (doc.text or "").strip():
        return Quarantined(uri, NO_TEXT_REASON, data)
    if not _has_sentence(doc.text):
        return Quarantined(uri, FRAGMENTS_REASON, data)

    out: dict[str, Any] = {}
    if doc.title:
        out["title"] = doc.title
    published = _published(doc.date, text, url)
    if published is not None:
        out["published"], out["published_precision"] = published
        out["published_source"] = "htmldate"
    site = doc.sitename or doc.hostname or _host(url or doc.url)
    if site:
        out["site"] = site
    if doc.author:
        out["author"] = doc.author
    if url or doc.url:
        out["url"] = url or doc.url
    out.update({k: v for k, v in given.items() if v is not None})
    return RawDocument(
        uri=uri, raw=data, format=format, text=doc.text.strip(), encoding=encoding, meta=out
    )


def _extract(text: str, url: str | None, *, target_language: str | None) -> Any:
    return trafilatura.bare_extraction(
        text,
        url=url,
        target_language=target_language,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
