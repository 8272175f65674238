"""WARC (and ARC) web archives: each archived HTML page is one article.

Only ``response`` records with HTTP status 200 and an HTML content type are articles; requests,
metadata, images, redirects and error pages are skipped without a word — an archive is mostly
those. The WARC-Date is when the crawler fetched the page, not when it was published, so it goes
to ``meta["fetched"]`` and never into ``published``.

warcio reads record by record (constant memory) but says nothing when an archive is cut off: a
truncated record comes back short and a gzip member that ends early simply ends the iteration.
Downloads and disk-full copies truncate archives routinely, so this reader checks both itself —
each record's block must be as long as its Content-Length, and the gzip stream must end at the end
of a member — and reports a truncated archive with one Quarantined after the good records.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from haberdar.ingest.html import read_html
from haberdar.records import Quarantined, RawDocument

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN = 1 << 16


class _CheckedStream:
    """Pass-through reader that validates a gzip stream as warcio consumes it.

    The bytes are decompressed a second time and the output thrown away; that costs a fraction
    of what extracting the pages costs and is the only way to notice a member cut short.
    """

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._pos = 0
        self._gzip: bool | None = None
        self._decomp: Any = None
        self._started = False
        self.error: str | None = None

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self._pos += len(data)
        if data and self.error is None:
            self._check(data)
        return data

    def tell(self) -> int:
        return self._pos

    @property
    def is_gzip(self) -> bool:
        return bool(self._gzip)

    def _check(self, data: bytes) -> None:
        if self._gzip is None:
            self._gzip = data[:2] == b"\x1f\x8b"
        if not self._gzip:
            return
        try:
            while data:
                if self._decomp is None:
                    self._decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    self._started = False
                # Output is discarded; max_length keeps a highly compressed chunk from
                # ballooning in memory.
                self._decomp.decompress(data, 1 << 20)
                self._started = True
                while self._decomp.unconsumed_tail and not self._decomp.eof:
                    self._decomp.decompress(self._decomp.unconsumed_tail, 1 << 20)
                if self._decomp.eof:
                    data = self._decomp.unused_data
                    self._decomp = None
                else:
                    data = b""
        except zlib.error as err:
            self.error = f"corrupt gzip data ({err})"

    def finish(self) -> str | None:
        """Why the stream is incomplete, or None when it ended cleanly."""
        if self.error:
            return self.error
        if self._gzip and self._decomp is not None and self._started:
            return "the gzip stream ends in the middle of a record"
        return None


def _header(record: Any, name: str) -> str | None:
    headers = record.http_headers
    return headers.get_header(name) if headers is not None else None


def _is_article(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    ctype = (_header(record, "Content-Type") or "").split(";")[0].strip().lower()
    return ctype in _HTML_TYPES


def _damage(record: Any) -> str | None:
    """Read the rest of the record; say what is wrong when it is not complete.

    A header cut off right after "Content-Length:" parses as an empty record, so a length that
    is missing or not a number counts as damage too.
    """
    declared = record.rec_headers.get_header("Content-Length") or record.rec_headers.get_header(
        "length"
    )
    if declared is None or not declared.strip().isdigit():
        return "has no valid Content-Length (damaged header)"
    stream = record.raw_stream
    while stream.read(_DRAIN):
        pass
    if getattr(stream, "limit", 0):
        return "is shorter than its Content-Length"
    return None


def read_warc(
    uri: str, stream: BinaryIO, *, max_bytes: int = 20_000_000
) -> Iterator[RawDocument | Quarantined]:
    """Yield the HTML pages of a (gzip or plain) WARC/ARC archive, read record by record.

    Each page's uri is ``FILE#offset=N``: ``warcio extract FILE N`` prints that record.
    A page over ``max_bytes`` is quarantined, not read into memory.
    """
    checked = _CheckedStream(stream)
    complete = 0  # records read in full
    try:
        iterator = ArchiveIterator(checked, arc2warc=True)
        for record in iterator:
            payload: bytes | None = None
            problem: str | None = None
            if _is_article(record):
                try:
                    payload = record.content_stream().read(max_bytes + 1)
                except Exception as err:  # bad chunking or Content-Encoding in one response
                    problem = f"archived page could not be decoded ({type(err).__name__}: {err})"
            damage = _damage(record)
            if damage is not None:
                yield Quarantined(
                    uri,
                    f"WARC archive truncated or corrupt after record {complete}: record "
                    f"{complete + 1} {damage}",
                )
                return
            complete += 1
            if payload is None and problem is None:
                continue
            page_uri = f"{uri}#offset={iterator.get_record_offset()}"
            target = record.rec_headers.get_header("WARC-Target-URI")
            if problem is None and payload is not None and len(payload) > max_bytes:
                problem = (
                    f"archived page {target} is over the {max_bytes / 1_000_000:g} MB limit for "
                    "one article; raise --max-mb to read it"
                )
            if problem is not None or payload is None:
                yield Quarantined(page_uri, problem or "archived page is empty")
                continue
            meta = {
                "url": target,
                "fetched": record.rec_headers.get_header("WARC-Date"),
                "content_type": _header(record, "Content-Type"),
            }
            yield read_html(page_uri, payload, meta, format="warc")
    except Exception as err:  # warcio raises ArchiveLoadFailed, EOFError, zlib.error...
        yield Quarantined(
            uri,
            f"WARC archive truncated or corrupt after record {complete}: {type(err).__name__}: {err}",
        )
        return
    problem = checked.finish()
    if problem is None and not checked.is_gzip and getattr(iterator, "offset", 0) < checked.tell():
        # warcio stops quietly when a record header is cut off; its ``offset`` (pinned warcio
        # 1.8.1) then still points at the start of that header instead of the end of the file.
        problem = "the archive ends inside a record header"
    if problem:
        yield Quarantined(
            uri, f"WARC archive truncated or corrupt after record {complete}: {problem}"
        )
