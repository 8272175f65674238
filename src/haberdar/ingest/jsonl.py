"""JSONL (one article per line) and JSON (an array of articles, or one article) readers.

Datasets name their fields differently — ``text`` / ``content`` / ``description_html``, ``date`` /
``published``, ``site`` / ``source`` — so a :class:`FieldMap` says which field plays which role,
and is detected from the first record of each file when not given. Fields missing from the first
record are looked for again on later ones, so one sparse first record does not blind the reader.

Both readers stream: JSONL line by line (a line over the size cap is skipped without being held
in memory), a JSON array item by item. A bad line becomes a :class:`Quarantined` with its line
number and the reader goes on, because one broken record must not cost the other million.
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from typing import Any, BinaryIO, ClassVar

from haberdar.ingest.encoding import DecodeError, decode_bytes
from haberdar.ingest.html import fragment_to_text, looks_like_html
from haberdar.records import Quarantined, RawDocument

__all__ = ["DEFAULT_MAX_LINE_BYTES", "FieldMap", "read_json", "read_jsonl", "record_to_document"]

DEFAULT_MAX_LINE_BYTES = 5_000_000

# A text field that carries real markup (not just a "<" in prose) is flattened like an HTML field.
_MARKUP_RE = re.compile(r"<(?:p|br|div|span|a|li|ul|h[1-6]|strong|em|b|i|img|table)\b[^>]*>", re.I)
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_WS_RE = re.compile(r"\s+")


@dataclass(slots=True)
class FieldMap:
    """Which record field holds which part of an article.

    Each attribute is a field name; ``None`` means "detect it", ``""`` means "do not use one".
    ``text`` holds plain text; ``html`` holds an HTML fragment, used when ``text`` is empty.
    """

    text: str | None = None
    html: str | None = None
    title: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None
    id: str | None = None

    CANDIDATES: ClassVar[dict[str, tuple[str, ...]]] = {
        "text": ("text", "content", "body", "article", "full_text"),
        "html": ("html", "description_html", "content_html", "description", "summary"),
        "title": ("title", "headline"),
        "date": ("date", "published", "published_at", "pubDate", "datetime"),
        "site": ("site", "source", "domain"),
        "url": ("url", "link", "uri"),
        "id": ("id", "guid"),
    }

    @classmethod
    def roles(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclass_fields(cls))

    @classmethod
    def parse(cls, spec: str) -> FieldMap:
        """Parse a ``--fields`` option: ``"text=content,title=headline,html="``.

        Roles not named stay ``None`` (detected); an empty value (``html=`` or ``html=-``) turns a
        role off. Raises ValueError with the accepted roles when the spec is malformed.
        """
        values: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            role, sep, name = item.partition("=")
            role = role.strip()
            if not sep:
                raise ValueError(f"--fields item {item!r} is not ROLE=FIELD (e.g. text=content)")
            if role not in cls.roles():
                raise ValueError(
                    f"unknown role {role!r} in --fields; use one of: {', '.join(cls.roles())}"
                )
            name = name.strip()
            values[role] = "" if name in ("", "-") else name
        return cls(**values)

    def resolve(self, record: Mapping[str, Any]) -> FieldMap:
        """A copy with undetected roles filled from the candidate names present in ``record``.

        Matching ignores case ("Title" counts as "title"); a field already claimed by one role is
        not given to another.
        """
        by_lower = {key.lower(): key for key in record if isinstance(key, str)}
        taken = {getattr(self, role) for role in self.roles()} - {None, ""}
        found: dict[str, str] = {}
        for role in self.roles():
            if getattr(self, role) is not None:
                continue
            for candidate in self.CANDIDATES[role]:
                key = by_lower.get(candidate.lower())
                if key is not None and key not in taken:
                    found[role] = key
                    taken.add(key)
                    break
        return replace(self, **found) if found else self

    @property
    def complete(self) -> bool:
        """True when every role is either mapped or switched off: nothing left to detect."""
        return all(getattr(self, role) is not None for role in self.roles())


def _string(value: Any) -> str | None:
    """A metadata value as a string: numbers are stringified, empty values become None."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def _field(record: Mapping[str, Any], name: str | None) -> Any:
    return record.get(name) if name else None


def _plain_text(value: Any) -> str:
    """The article text from the text field: markup flattened, entities decoded."""
    if isinstance(value, list):
        value = "\n".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str) or not value.strip():
        return ""
    if _MARKUP_RE.search(value):
        return fragment_to_text(value)
    if _ENTITY_RE.search(value):
        return html_lib.unescape(value).strip()
    return value.strip()


def _html_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    return fragment_to_text(value)


def _title(value: Any) -> str | None:
    text = _string(value)
    if text is None:
        return None
    if looks_like_html(text):
        text = fragment_to_text(text)
    return _WS_RE.sub(" ", text).strip() or None


def _no_text_reason(record: Mapping[str, Any], fmap: FieldMap) -> str:
    """Say which fields were looked at and what was in them, so the user can fix the mapping."""
    checked: list[str] = []
    markup_only = False
    for name in (fmap.text, fmap.html):
        if not name:
            continue
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            checked.append(f"{name!r} holds only markup (images, embeds, links without text)")
            markup_only = True
        else:
            checked.append(f"{name!r} is empty or missing")
    if not checked:
        keys = ", ".join(str(k) for k in list(record)[:12]) or "none"
        return (
            f"no article text: no text field found among the record's fields ({keys}); "
            "name it with --fields text=FIELD"
        )
    detail = "; ".join(checked)
    if markup_only:
        return f"no article text ({detail}): the record has no words to read"
    return f"no article text ({detail}); if another field holds the text, map it with --fields text=FIELD"


def record_to_document(
    uri: str, where: str, raw: bytes, record: Mapping[str, Any], fmap: FieldMap, encoding: str
) -> RawDocument | Quarantined:
    """Turn one parsed record into a RawDocument, or say why it cannot be an article.

    ``where`` ("line 17", "item 3") starts every reason so a person can find the record.
    """
    text = _plain_text(_field(record, fmap.text))
    from_html = False
    if not text:
        text = _html_text(_field(record, fmap.html))
        from_html = bool(text)
    if not text:
        return Quarantined(uri, f"{where}: {_no_text_reason(record, fmap)}", raw)
    meta: dict[str, Any] = {}
    title = _title(_field(record, fmap.title))
    if title:
        meta["title"] = title
    published = _string(_field(record, fmap.date))
    if published:
        meta["published"] = published
        meta["published_source"] = f"jsonl.{fmap.date}"
    for role in ("site", "url", "id"):
        value = _string(_field(record, getattr(fmap, role)))
        if value:
            meta[role] = value
    if from_html:
        meta["text_from"] = f"html:{fmap.html}"
    return RawDocument(uri=uri, raw=raw, format="jsonl", text=text, encoding=encoding, meta=meta)


def _decode_line(line: bytes) -> tuple[str, str]:
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Legacy exports (cp1254) exist; decode_bytes refuses binary garbage with a reason.
        return decode_bytes(line)


def _skip_rest_of_line(stream: BinaryIO, line: bytes) -> int:
    """Read past the end of an over-long line without holding it; return its total size."""
    size = len(line)
    while not line.endswith(b"\n"):
        line = stream.readline(1 << 20)
        if not line:
            break
        size += len(line)
    return size


def _mb(size: float) -> str:
    return f"{size / 1_000_000:g}"


def read_jsonl(
    uri: str,
    stream: BinaryIO,
    fields: FieldMap | None = None,
    *,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[RawDocument | Quarantined]:
    """Yield one RawDocument per JSONL line (uri ``FILE#L<line number>``), or a Quarantined.

    Line numbers count every physical line, blank ones included, so ``sed -n 17p FILE`` shows the
    record behind ``#L17``. ``raw`` is the line without its line ending.
    """
    fmap = fields or FieldMap()
    lineno = 0
    while True:
        try:
            line = stream.readline(max_line_bytes + 1)
        except OSError as err:
            yield Quarantined(uri, f"read error after line {lineno}: {err}")
            return
        if not line:
            return
        lineno += 1
        where = f"line {lineno}"
        line_uri = f"{uri}#L{lineno}"
        if len(line) > max_line_bytes:
            try:
                size = _skip_rest_of_line(stream, line)
            except OSError as err:
                yield Quarantined(uri, f"read error in line {lineno}: {err}")
                return
            yield Quarantined(
                line_uri,
                f"{where}: record is {size / 1_000_000:.1f} MB, over the "
                f"{_mb(max_line_bytes)} MB limit for one JSONL record; split or shorten it",
            )
            continue
        if lineno == 1:
            if line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                yield Quarantined(
                    uri,
                    "UTF-16 JSONL cannot be read line by line; re-encode it as UTF-8 "
                    "(iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.jsonl)",
                )
                return
            if line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
        raw = line.rstrip(b"\r\n")
        if not raw.strip():
            continue
        try:
            result, fmap = _parse_line(line_uri, where, raw, fmap)
        except Exception as err:  # a reader never raises on bad input: report and go on
            result = Quarantined(
                line_uri, f"{where}: unreadable record ({type(err).__name__}: {err})", raw
            )
        yield result


def _parse_line(
    uri: str, where: str, raw: bytes, fmap: FieldMap
) -> tuple[RawDocument | Quarantined, FieldMap]:
    try:
        text, encoding = _decode_line(raw)
    except DecodeError as err:
        return Quarantined(uri, f"{where}: {err}", raw), fmap
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        return Quarantined(
            uri, f"{where}: invalid JSON ({err.msg} at column {err.colno})", raw
        ), fmap
    except RecursionError:
        return Quarantined(uri, f"{where}: invalid JSON (nested too deeply)", raw), fmap
    if not isinstance(record, dict):
        kind = type(record).__name__.replace("NoneType", "null")
        return Quarantined(
            uri, f"{where}: a JSON {kind} where an object (one article) was expected", raw
        ), fmap
    if not fmap.complete:
        fmap = fmap.resolve(record)
    return record_to_document(uri, where, raw, record, fmap, encoding), fmap


def read_json(
    uri: str,
    stream: BinaryIO,
    fields: FieldMap | None = None,
    *,
    max_record_bytes: int = DEFAULT_MAX_LINE_BYTES,
    chunk_size: int = 1 << 16,
) -> Iterator[RawDocument | Quarantined]:
    """Yield the articles of a JSON file: an array of objects, one object, or objects back to back.

    The array is parsed item by item from a sliding buffer, so memory stays bounded by the
    largest item. JSON has no line structure to resynchronise on, so a syntax error ends the file
    with one Quarantined that says where it stopped. Items get the uri ``FILE#item<n>``.
    """
    fmap = fields or FieldMap()
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    parser = json.JSONDecoder()
    buf = ""
    pos = 0
    consumed = 0  # characters dropped from the front of buf
    eof = False
    started = False
    in_array = False
    index = 0

    def fill(want: int) -> None:
        nonlocal buf, eof
        data = stream.read(max(chunk_size, want))
        eof = not data
        buf += decoder.decode(data, final=eof)

    while True:
        try:
            # Skip whitespace and, inside an array, the commas between items.
            while True:
                while pos < len(buf) and (buf[pos].isspace() or (in_array and buf[pos] == ",")):
                    pos += 1
                if pos < len(buf) or eof:
                    break
                fill(chunk_size)
            if pos >= len(buf):
                if in_array:
                    yield Quarantined(
                        uri, f"JSON array is not closed after item {index}: the file is cut off"
                    )
                return
            if not started:
                started = True
                if buf[pos] == "[":
                    in_array = True
                    pos += 1
                    continue
            if in_array and buf[pos] == "]":
                return
            try:
                record, end = parser.raw_decode(buf, pos)
            except json.JSONDecodeError as err:
                if not eof and len(buf) - pos <= max_record_bytes:
                    fill(len(buf) - pos)  # the item may just be incomplete: read more, doubling
                    continue
                index += 1
                if not eof:
                    reason = (
                        f"item {index}: record is over the {_mb(max_record_bytes)} MB limit for "
                        "one JSON record; the rest of the file was not read"
                    )
                else:
                    reason = (
                        f"item {index}: invalid JSON ({err.msg} at character {consumed + err.pos}); "
                        "the rest of the file was not read"
                    )
                yield Quarantined(f"{uri}#item{index}", reason)
                return
        except UnicodeDecodeError as err:
            yield Quarantined(
                uri,
                f"JSON file is not valid UTF-8 near byte {err.start} of a chunk ({err.reason}); "
                "re-encode it as UTF-8",
            )
            return
        except OSError as err:
            yield Quarantined(uri, f"read error after item {index}: {err}")
            return
        index += 1
        raw = buf[pos:end].encode("utf-8")
        item_uri = f"{uri}#item{index}"
        where = f"item {index}"
        pos = end
        if pos > chunk_size:
            consumed += pos
            buf, pos = buf[pos:], 0
        if not isinstance(record, dict):
            kind = type(record).__name__.replace("NoneType", "null")
            yield Quarantined(
                item_uri, f"{where}: a JSON {kind} where an object (one article) was expected", raw
            )
            continue
        if not fmap.complete:
            fmap = fmap.resolve(record)
        try:
            result = record_to_document(item_uri, where, raw, record, fmap, "utf-8")
        except Exception as err:  # never raise on bad input
            result = Quarantined(
                item_uri, f"{where}: unreadable record ({type(err).__name__}: {err})", raw
            )
        yield result
