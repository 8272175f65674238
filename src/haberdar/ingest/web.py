"""URLs as input: an article page, an RSS/Atom feed, or a sitemap → its article pages.

``haberdar run https://…`` fetches with trafilatura's downloader (``fetch_response``: redirects,
size limit, its connection pool), politely: one request per host every ``delay`` seconds, a
user agent that says who is asking, robots.txt respected (a disallowed page is quarantined with
that reason, never fetched), a timeout, and a few retries on network errors and 5xx answers. A
feed's entries and a sitemap's ``<loc>`` URLs are fetched as article pages (a sitemap index is
followed one level down); each page goes through the same HTML reader as a file on disk. Every
failure — unreachable host, HTTP error, robots.txt, a page without article text — becomes one
Quarantined with its reason, and the run goes on.

Settings come from the environment so that every engine's workers see the same ones:
``HABERDAR_FETCH_DELAY`` (seconds between requests to one host, default 1), ``HABERDAR_FETCH_TIMEOUT``
(default 30), ``HABERDAR_FETCH_RETRIES`` (default 2), ``HABERDAR_USER_AGENT``.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from haberdar.records import Quarantined, RawDocument

DEFAULT_USER_AGENT = "haberdar/0.1 (+https://github.com/haberdar; Turkish news research)"
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")
_SITEMAP_MARKERS = (b"<urlset", b"<sitemapindex")


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


@dataclass
class Fetcher:
    delay: float = field(default_factory=lambda: float(os.environ.get("HABERDAR_FETCH_DELAY", "1")))
    timeout: int = field(default_factory=lambda: int(os.environ.get("HABERDAR_FETCH_TIMEOUT", "30")))
    retries: int = field(default_factory=lambda: int(os.environ.get("HABERDAR_FETCH_RETRIES", "2")))
    user_agent: str = field(default_factory=lambda: os.environ.get("HABERDAR_USER_AGENT", DEFAULT_USER_AGENT))
    max_bytes: int = 20_000_000
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _config(self) -> Any:
        from copy import deepcopy

        from trafilatura.settings import DEFAULT_CONFIG

        config = deepcopy(DEFAULT_CONFIG)
        config["DEFAULT"]["USER_AGENTS"] = self.user_agent
        config["DEFAULT"]["DOWNLOAD_TIMEOUT"] = str(self.timeout)
        config["DEFAULT"]["MAX_FILE_SIZE"] = str(self.max_bytes)
        # the user names the URLs on their own machine: an intranet or local server is fine
        config["DEFAULT"]["SSRF_PROTECTION"] = "off"
        return config

    def _wait(self, host: str) -> None:
        with self._lock:
            wait = self._last.get(host, 0.0) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    def _raw_get(self, url: str) -> tuple[int, bytes, str] | str:
        """(status, body, content type), or why nothing came back."""
        from trafilatura.downloads import fetch_response

        config = self._config()
        reason = "no answer"
        for attempt in range(self.retries + 1):
            self._wait(urlsplit(url).netloc)
            try:
                resp = fetch_response(url, decode=False, with_headers=True, config=config)
            except Exception as exc:  # network stack errors: retried, then quarantined
                resp, reason = None, f"{type(exc).__name__}: {exc}"
            if resp is not None and resp.status < 500:
                headers = {k.lower(): v for k, v in (resp.headers or {}).items()}
                return resp.status, resp.data or b"", headers.get("content-type", "")
            if resp is not None:
                reason = f"HTTP {resp.status}"
            if attempt < self.retries:
                time.sleep(min(2.0**attempt * 0.5, 5.0))
        return f"could not fetch {url}: {reason} (after {self.retries + 1} tries)"

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            got = self._raw_get(urljoin(host, "/robots.txt"))
            parser: urllib.robotparser.RobotFileParser | None = None
            if isinstance(got, tuple) and got[0] == 200:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(got[1].decode("utf-8", errors="replace").splitlines())
            self._robots[host] = parser
        parser = self._robots[host]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def get(self, url: str) -> tuple[bytes, str] | str:
        if not self.allowed(url):
            return f"robots.txt of {urlsplit(url).netloc} disallows {url}"
        got = self._raw_get(url)
        if isinstance(got, str):
            return got
        status, body, ctype = got
        if status != 200:
            return f"could not fetch {url}: HTTP {status}"
        return body, ctype


_FETCHER: Fetcher | None = None


def default_fetcher(max_bytes: int) -> Fetcher:
    global _FETCHER
    if _FETCHER is None:
        _FETCHER = Fetcher(max_bytes=max_bytes)
    return _FETCHER


def _links_of_feed(data: bytes) -> list[str]:
    import feedparser

    parsed = feedparser.parse(data)
    return [e.get("link") for e in parsed.entries if e.get("link")]


def _locs_of_sitemap(data: bytes) -> tuple[list[str], bool]:
    """(the <loc> URLs, whether this is a sitemap index)."""
    from lxml import etree

    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    locs = [el.text.strip() for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("loc") and el.text]
    return locs, root.tag.endswith("sitemapindex")


def read_url(url: str, *, max_bytes: int, fetcher: Fetcher | None = None, depth: int = 0) -> Iterator[RawDocument | Quarantined]:
    """The articles at ``url``: the page itself, or the pages a feed or sitemap lists."""
    from haberdar.ingest.html import read_html

    f = fetcher or default_fetcher(max_bytes)
    got = f.get(url)
    if isinstance(got, str):
        yield Quarantined(url, got)
        return
    data, ctype = got
    head = data[:2048].lstrip().lower()
    try:
        if any(m in head for m in _FEED_MARKERS):
            for link in _links_of_feed(data):
                yield from read_url(urljoin(url, link), max_bytes=max_bytes, fetcher=f, depth=depth + 1)
            return
        if any(m in head for m in _SITEMAP_MARKERS):
            locs, index = _locs_of_sitemap(data)
            if index and depth > 0:
                yield Quarantined(url, "a sitemap index inside a sitemap index: not followed")
                return
            for loc in locs:
                yield from read_url(urljoin(url, loc), max_bytes=max_bytes, fetcher=f, depth=depth + 1)
            return
    except Exception as exc:  # a broken feed or sitemap: quarantined, never a crash
        yield Quarantined(url, f"feed or sitemap could not be read: {type(exc).__name__}: {exc}", data)
        return
    yield read_html(url, data, {"url": url, "content_type": ctype or None})
