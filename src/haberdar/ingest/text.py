"""Plain-text files: one file is one article.

The text is kept as decoded — line breaks included — because the clean stage reads it line by
line to find headlines, bylines and "Giriş Tarihi" stamps.
"""

from __future__ import annotations

from haberdar.ingest.encoding import DecodeError, decode_bytes
from haberdar.records import Quarantined, RawDocument

__all__ = ["read_text"]

EMPTY_REASON = "empty file: no text to read"


def read_text(uri: str, data: bytes) -> RawDocument | Quarantined:
    """Decode a .txt article; quarantine empty and binary files with a reason."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as err:
        return Quarantined(uri, str(err), data)
    if not text.strip():
        return Quarantined(uri, EMPTY_REASON, data)
    return RawDocument(uri=uri, raw=data, format="txt", text=text, encoding=encoding, meta={})
