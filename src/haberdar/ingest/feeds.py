"""RSS and Atom feeds: each entry is one article.

feedparser copes with the feeds found in the wild (wrong encodings, unclosed tags, RSS 0.9x
to Atom 1.0) and sets ``bozo`` when it had to guess. A guessed feed that still has entries is
read; only a feed with no entries at all is quarantined, with feedparser's own complaint.

feedparser needs the whole document in memory, so feeds are read whole; they are small in
practice (tens of entries, summaries only).
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from haberdar.ingest.html import fragment_to_text
from haberdar.records import Quarantined, RawDocument

__all__ = ["read_feed"]


def _iso_date(text: str | None, parsed: time.struct_time | None) -> str | None:
    """The entry date as ISO 8601 with the feed's own UTC offset.

    feedparser's ``*_parsed`` is normalised to UTC, which would move a Turkish 00:22 story to the
    day before; the original string keeps the local wall time, so it is parsed first.
    """
    if text:
        try:
            return parsedate_to_datetime(text).isoformat(timespec="minutes")  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).isoformat(
                timespec="minutes"
            )
        except ValueError:
            pass
    if parsed:
        return datetime(*parsed[:6], tzinfo=UTC).isoformat(timespec="minutes")
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _entry_text(entry: Any) -> str:
    """Full content when the feed carries it, else the summary; HTML flattened to text."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        value = max(contents, key=lambda c: len(c.get("value") or "")).get("value", "")
    else:
        value = entry.get("summary") or ""
    return fragment_to_text(value)


def _entry_title(entry: Any) -> str | None:
    title = (entry.get("title") or "").strip()
    if title and (entry.get("title_detail") or {}).get("type") == "text/html":
        title = fragment_to_text(title)
    return " ".join(title.split()) or None


def _serialise(entry: Any) -> bytes:
    """The entry as canonical JSON: sorted keys, so the same entry always hashes the same."""
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def read_feed(uri: str, data: bytes) -> Iterator[RawDocument | Quarantined]:
    """Yield one RawDocument (format "rss", uri ``FILE#entry<n>``) per feed entry."""
    try:
        # A stream, never a str: feedparser treats a str as a URL or a file name to open.
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as err:  # feedparser is lenient, but never let one file stop the run
        yield Quarantined(uri, f"feed could not be parsed: {type(err).__name__}: {err}", data)
        return
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        if parsed.get("bozo") and problem is not None:
            reason = f"not a readable RSS/Atom feed ({type(problem).__name__}: {problem})"
        else:
            reason = "RSS/Atom feed has no entries: nothing to read"
        yield Quarantined(uri, reason, data)
        return
    feed = parsed.get("feed") or {}
    site = (feed.get("title") or "").strip() or _host(feed.get("link"))
    encoding = parsed.get("encoding")
    for n, entry in enumerate(entries, start=1):
        entry_uri = f"{uri}#entry{n}"
        try:
            raw = _serialise(entry)
            text = _entry_text(entry)
        except Exception as err:  # a malformed entry must not lose the others
            yield Quarantined(
                entry_uri, f"feed entry {n} could not be read: {type(err).__name__}: {err}"
            )
            continue
        if not text:
            yield Quarantined(entry_uri, f"feed entry {n} has no text (no content or summary)", raw)
            continue
        meta: dict[str, Any] = {}
        title = _entry_title(entry)
        if title:
            meta["title"] = title
        raw_date = entry.get("published") or entry.get("updated")
        parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
        published = _iso_date(raw_date, parsed_date)
        if published:
            meta["published"] = published
            meta["published_source"] = (
                "feed.published" if entry.get("published") else "feed.updated"
            )
        if entry.get("link"):
            meta["url"] = entry["link"]
        if site or entry.get("link"):
            meta["site"] = site or _host(entry.get("link"))
        if entry.get("author"):
            meta["author"] = entry["author"]
        if entry.get("id"):
            meta["id"] = entry["id"]
        yield RawDocument(
            uri=entry_uri, raw=raw, format="rss", text=text, encoding=encoding, meta=meta
        )
