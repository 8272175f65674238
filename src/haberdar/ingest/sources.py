"""The ingest entry point: paths, directories, globs and stdin → RawDocument | Quarantined.

:func:`iter_documents` is what ``haberdar run PATH...`` iterates. It never raises on bad input:
a missing path, an unreadable file, a binary blob or a broken archive each become one
:class:`Quarantined` with a reason a person can act on, and the run goes on with the next input.

Formats come from the file name where it is unambiguous and from the first bytes otherwise
(:func:`sniff_format`). Single-article files (.txt, .html) are size-checked with ``stat`` before
they are read; container files (JSONL, JSON arrays, WARC, feeds) hold many articles and are
streamed whatever their size.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from haberdar.ingest.feeds import read_feed
from haberdar.ingest.html import read_html
from haberdar.ingest.jsonl import FieldMap, read_json, read_jsonl
from haberdar.ingest.text import read_text
from haberdar.ingest.warc import read_warc
from haberdar.records import Quarantined, RawDocument

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "iter_documents", "sniff_format"]

DEFAULT_MAX_BYTES = 20_000_000
STDIN_URI = "<stdin>"

# What sniff_format answers. "gzip" is a compressed file that is not a web archive: its
# decompressed content is sniffed again.
FORMATS = ("txt", "html", "jsonl", "json", "feed", "warc", "gzip")
_SINGLE_ARTICLE = frozenset({"txt", "html"})
_HEAD_BYTES = 8192
_GLOB_CHARS = frozenset("*?[")

_BY_SUFFIX: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".arc.gz", "warc"),
    (".warc", "warc"),
    (".arc", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json-lines", "jsonl"),
    (".json", "json"),
    (".txt", "txt"),
    (".text", "txt"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
)
_XML_SUFFIXES = (".xml", ".rss", ".atom")
_FEED_MARKERS = ("<rss", "<feed", "<rdf:rdf")


def _head_text(head: bytes) -> str:
    """Enough of the head decoded to look at its first characters, whatever the encoding."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if len(head) >= 4 and head[1:4:2] == b"\x00\x00" and head[0] and head[2]:
        return head.decode("utf-16-le", errors="ignore")  # BOM-less UTF-16, ASCII start
    return head.decode("utf-8", errors="ignore")


def _sniff_markup(text: str) -> str:
    """HTML or feed, for content that starts with "<": whichever root element comes first."""
    lower = text[:4096].lower()
    html_at = min(
        (i for i in (lower.find("<html"), lower.find("<!doctype html")) if i >= 0), default=-1
    )
    feed_at = min((i for i in (lower.find(m) for m in _FEED_MARKERS) if i >= 0), default=-1)
    if feed_at >= 0 and (html_at < 0 or feed_at < html_at):
        return "feed"
    if html_at < 0 and lower.startswith("<?xml"):
        return "feed"  # XML that is not XHTML: let feedparser judge, it says why if not a feed
    return "html"


def sniff_format(head: bytes, name: str) -> str:
    """Decide how to read a file from its name and its first bytes; one of :data:`FORMATS`.

    The name wins when its extension is unambiguous; .xml/.rss/.atom and unknown extensions are
    decided by content: gzip holding a WARC → "warc", "WARC/1." → "warc", "<rss"/"<feed" →
    "feed", other markup → "html", "{" → "jsonl" ("json" for a pretty-printed object), "[" →
    "json", anything else → "txt".
    """
    lower_name = name.lower()
    if head[:2] == b"\x1f\x8b":
        if lower_name.endswith((".warc.gz", ".arc.gz")):
            return "warc"
        try:
            inner = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error:
            inner = b""
        return "warc" if inner.startswith((b"WARC/", b"filedesc://")) else "gzip"
    for suffix, fmt in _BY_SUFFIX:
        if lower_name.endswith(suffix):
            return fmt
    if head.startswith((b"WARC/1.", b"WARC/0.", b"filedesc://")):
        return "warc"
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    if lower_name.endswith(_XML_SUFFIXES):
        return _sniff_markup(text) if text.startswith("<") else "feed"
    if text.startswith("<"):
        return _sniff_markup(text)
    if text.startswith("{"):
        # One object per line is JSONL; an object spread over lines is a JSON document.
        return "json" if text.split("\n", 1)[0].strip() == "{" else "jsonl"
    if text.startswith("["):
        return "json"
    return "txt"


class _PrefixedRaw(io.RawIOBase):
    """A raw stream that replays bytes already read (for sniffing) before the rest of a stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"file is {size / 1_000_000:.1f} MB, over the {max_bytes / 1_000_000:g} MB limit for one "
        "article; raise --max-mb or split it"
    )


def _os_reason(path: str, err: OSError) -> str:
    if isinstance(err, PermissionError):
        return f"cannot read {path}: permission denied; check the file's permissions"
    if isinstance(err, FileNotFoundError):
        return f"no such file or directory: {path}"
    if isinstance(err, IsADirectoryError):
        return f"cannot read {path}: it is a directory"
    return f"cannot read {path}: {err.strerror or err}"


def _guarded(
    uri: str, items: Iterator[RawDocument | Quarantined]
) -> Iterator[RawDocument | Quarantined]:
    """Turn an unexpected error inside a reader into a last Quarantined instead of a crash."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except OSError as err:
        yield Quarantined(uri, f"{_os_reason(uri, err)} (after {count} records)")
    except Exception as err:
        yield Quarantined(
            uri, f"reading stopped after {count} records: {type(err).__name__}: {err}"
        )


def _read_stream(
    uri: str,
    name: str,
    stream: BinaryIO,
    *,
    size: int | None,
    fields: FieldMap | None,
    max_bytes: int,
    nested: bool = False,
) -> Iterator[RawDocument | Quarantined]:
    """Sniff and read one open binary stream (a file, stdin, or a decompressed gzip)."""
    head = stream.read(_HEAD_BYTES)
    fmt = sniff_format(head, name)
    if fmt in _SINGLE_ARTICLE:
        if size is not None and size > max_bytes:
            yield Quarantined(uri, _too_big(size, max_bytes))
            return
        # Streams without a size (stdin, gzip) are read only up to the limit.
        data = head + stream.read(max_bytes + 1 - len(head))
        if len(data) > max_bytes:
            what = "input" if size is None else "file"
            yield Quarantined(
                uri,
                f"{what} is over the {max_bytes / 1_000_000:g} MB limit for one article; "
                "raise --max-mb or split it",
            )
            return
        yield read_text(uri, data) if fmt == "txt" else read_html(uri, data)
        return
    whole: BinaryIO = io.BufferedReader(_PrefixedRaw(head, stream), buffer_size=1 << 16)
    if fmt == "jsonl":
        yield from read_jsonl(uri, whole, fields)
    elif fmt == "json":
        yield from read_json(uri, whole, fields)
    elif fmt == "warc":
        yield from read_warc(uri, whole, max_bytes=max_bytes)
    elif fmt == "feed":
        # feedparser needs the whole document; feeds are small in practice.
        yield from read_feed(uri, whole.read())
    elif fmt == "gzip" and not nested:
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        with gzip.GzipFile(fileobj=whole, mode="rb") as unzipped:
            yield from _read_stream(
                uri,
                inner_name,
                unzipped,
                size=None,
                fields=fields,
                max_bytes=max_bytes,
                nested=True,
            )
    else:
        yield Quarantined(uri, "gzip inside gzip: decompress the file first (gunzip -k FILE)")


def _read_file(
    path: str, *, fields: FieldMap | None, max_bytes: int
) -> Iterator[RawDocument | Quarantined]:
    try:
        size = os.stat(path).st_size
        handle = open(path, "rb")  # closed by the with below, inside the generator
    except OSError as err:
        yield Quarantined(path, _os_reason(path, err))
        return
    with handle:
        # st_size is 0 for pipes and /proc files: then the read itself enforces the limit.
        yield from _guarded(
            path,
            _read_stream(path, path, handle, size=size or None, fields=fields, max_bytes=max_bytes),
        )


def _walk(directory: str, seen: set[str]) -> Iterator[str | Quarantined]:
    """Files under a directory, depth first in name order; hidden files and folders skipped."""
    real = os.path.realpath(directory)
    if real in seen:
        return  # a symlink loop
    seen.add(real)
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        yield Quarantined(directory, _os_reason(directory, err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(entry.path, seen)
        else:
            yield entry.path


def _expand(path: str) -> Iterator[str | Quarantined]:
    """One command-line path → the files it names, or a Quarantined saying why there are none."""
    if os.path.isdir(path):
        yield from _walk(path, set())
    elif os.path.lexists(path):
        yield path
    elif _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield Quarantined(path, f"no files match the pattern: {path}")
        seen: set[str] = set()
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match, seen)
            else:
                yield match
    else:
        yield Quarantined(path, f"no such file or directory: {path}")


def iter_documents(
    paths: Iterable[str],
    *,
    fields: FieldMap | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Quarantined]:
    """Yield every article found under ``paths``, in a stable order, one file open at a time.

    ``paths`` may hold files, directories (walked recursively in name order, hidden entries
    skipped), glob patterns (``**`` allowed) and ``-`` for standard input (``stdin`` or
    ``sys.stdin.buffer``). ``fields`` maps JSON fields to article parts (detected per file when
    None). ``max_bytes`` caps one article; containers are streamed whatever their size.
    """
    for path in paths:
        if path.startswith(("http://", "https://")):
            from haberdar.ingest.web import read_url

            yield from read_url(path, max_bytes=max_bytes)
            continue
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(
                STDIN_URI,
                _read_stream(STDIN_URI, "", stream, size=None, fields=fields, max_bytes=max_bytes),
            )
            continue
        for item in _expand(path):
            if isinstance(item, Quarantined):
                yield item
            else:
                yield from _read_file(item, fields=fields, max_bytes=max_bytes)
