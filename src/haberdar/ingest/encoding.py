"""Bytes → text for Turkish news files whose encoding nobody wrote down.

Turkish text in the wild comes as UTF-8 (with or without a BOM), as UTF-16 from Windows tools, and
as the legacy single-byte code pages windows-1254 / ISO-8859-9 from older sites and archives.
Generic detectors guess badly on short Turkish text (charset-normalizer reads a one-line cp1254
sentence as Big5), so the order here is deliberately simple and Turkish-first:

1. a byte-order mark decides;
2. a NUL pattern of ASCII-range UTF-16 without a BOM decides;
3. binary content (NUL bytes, many control bytes) is refused with :class:`DecodeError`;
4. strict UTF-8 (a legacy file almost never happens to be valid UTF-8);
5. UTF-8 with a few damaged bytes (a cut-off tail, one bad byte) stays UTF-8 with U+FFFD markers,
   because reading it as cp1254 would turn every "ş" into "ÅŸ";
6. cp1254 when its Turkish letters make up most of the non-ASCII letters; otherwise
   charset-normalizer's guess for a non-Turkish legacy page, and cp1254 as the last resort.

The encoding name returned is a Python codec name such that ``data.decode(name)`` gives the text
back (except for damaged UTF-8, where the bad bytes were replaced).
"""

from __future__ import annotations

import codecs

__all__ = ["DecodeError", "decode_bytes", "normalize_charset"]


class DecodeError(ValueError):
    """The bytes are not text we can read as an article (binary, or undecodable)."""


# C0 control bytes that never occur in text files (tab, LF, VT, FF, CR are allowed), plus DEL.
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_CONTROL_CHARS = {chr(b) for b in _CONTROL_BYTES}
_MAX_CONTROL_RATIO = 0.05

# Letters that cp1254 gives Turkish text and that other code pages would turn into ð þ ý Ð Þ Ý.
_TURKISH_LETTERS = frozenset("çğıöşüÇĞİÖŞÜâîûÂÎÛ")
# Punctuation that cp1254 puts at 0x80–0x9F: it carries no evidence for or against Turkish.
_NEUTRAL_NON_ASCII = frozenset("’‘“”„–—…•€«»°·´‚‹›™\u00a0")
# Characters a Western (cp1252/latin-1) reading makes out of Turkish cp1254 letters.
_MISREAD_TURKISH = frozenset("ðþýÐÞÝ")

# Labels browsers treat as another encoding (WHATWG Encoding Standard): a page that says
# ISO-8859-9 is decoded as windows-1254, and latin-1 / ASCII as windows-1252.
_LABEL_ALIASES = {
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "iso_8859-9": "cp1254",
    "latin5": "cp1254",
    "l5": "cp1254",
    "windows-1254": "cp1254",
    "x-cp1254": "cp1254",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    # A <meta> that was readable as ASCII cannot really be UTF-16.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}


def normalize_charset(label: str | None) -> str | None:
    """Map a declared charset label to a Python codec name, or None when it is unknown.

    Follows the browser aliases above so that a page is decoded the way its authors saw it.
    """
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if key in _LABEL_ALIASES:
        return _LABEL_ALIASES[key]
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return "utf-8" if name == "utf-8" else name


def _percent(ratio: float) -> str:
    pct = ratio * 100
    return "<1%" if 0 < pct < 1 else f"{pct:.0f}%"


def _check_not_binary_bytes(data: bytes) -> None:
    """Refuse data that is not text in any single- or multi-byte ASCII-compatible encoding."""
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if not controls:
        return
    ratio = controls / len(data)
    if b"\x00" in data:
        raise DecodeError(
            f"binary content ({_percent(ratio)} control bytes, NUL bytes present): "
            "not a text article"
        )
    if ratio > _MAX_CONTROL_RATIO:
        raise DecodeError(f"binary content ({_percent(ratio)} control bytes): not a text article")


def _check_not_binary_text(text: str) -> None:
    """Same check for text decoded from UTF-16/32, where NUL bytes are part of the encoding."""
    if not text:
        return
    controls = sum(1 for ch in text if ch in _CONTROL_CHARS)
    ratio = controls / len(text)
    if "\x00" in text or ratio > _MAX_CONTROL_RATIO:
        raise DecodeError(
            f"binary content ({_percent(ratio)} control characters): not a text article"
        )


def _bom(data: bytes) -> str | None:
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its NUL bytes: mostly-Latin text has one NUL per character.

    Turkish letters (U+00C0–U+017F) still carry a 0x00 or 0x01 high byte, so the pattern holds
    for Turkish prose; a random binary file does not show NULs on one side only.
    """
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    half = len(sample) // 2
    if half < 2:
        return None
    nul_even = sample[0::2].count(0)
    nul_odd = sample[1::2].count(0)
    if nul_odd / half > 0.3 and nul_even / half < 0.05:
        return "utf-16-le"
    if nul_even / half > 0.3 and nul_odd / half < 0.05:
        return "utf-16-be"
    return None


def _decode_unicode(data: bytes, name: str) -> tuple[str, str] | None:
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    _check_not_binary_text(text)
    return text, name


def _mostly_utf8(data: bytes, err: UnicodeDecodeError) -> str | None:
    """Return the text when the data is UTF-8 with a few damaged bytes, else None."""
    if err.reason == "unexpected end of data" and err.start >= len(data) - 3:
        # Cut off in the middle of the last character: everything before it is fine.
        return data.decode("utf-8", errors="replace")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return text if good >= 4 * bad else None


def _turkish_score(text: str) -> tuple[float, int]:
    """Share of Turkish letters among the non-ASCII letters, and how many such letters there are."""
    letters = [ch for ch in text if ch > "\x7f" and ch not in _NEUTRAL_NON_ASCII]
    if not letters:
        return 1.0, 0
    turkish = sum(1 for ch in letters if ch in _TURKISH_LETTERS)
    return turkish / len(letters), len(letters)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes, preferring windows-1254 for Turkish text."""
    try:
        text, name = data.decode("cp1254"), "cp1254"
    except UnicodeDecodeError:
        # cp1254 leaves a few bytes undefined (0x81, 0x8D–0x90, 0x9D, 0x9E); ISO-8859-9 has
        # the same letters and reads those as C1 controls.
        text, name = data.decode("iso8859-9"), "iso8859-9"
    score, letters = _turkish_score(text)
    if score >= 0.5 or letters < 8:
        return text, name
    # Not Turkish-looking: a legacy page in another script (cp1251, cp1256...). Ask a general
    # detector, but only accept an answer that is itself a clean decode.
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a detector failure must not lose the article
        best = None
    if best is not None and best.encoding:
        guessed = normalize_charset(best.encoding)
        if guessed and guessed not in ("utf-8", "cp1254", "iso8859-9"):
            try:
                return data.decode(guessed), guessed
            except (UnicodeDecodeError, LookupError):
                pass
    return text, name


def _decode_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    """Decode with a charset the container declared, unless the bytes prove it wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the page claims: Turkish sites
        # often keep an old ISO-8859-9 <meta> after moving to UTF-8.
        return text, "utf-8"
    if declared == "utf-8":
        return None  # the declaration is wrong: sniff
    try:
        text = data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return None
    if declared == "cp1252" and any(ch in _MISREAD_TURKISH for ch in text):
        # A Western declaration on a Turkish page: ı ş ğ would show as ý þ ð.
        try:
            tr_text = data.decode("cp1254")
        except UnicodeDecodeError:
            return text, declared
        if _turkish_score(tr_text)[0] >= 0.5:
            return tr_text, "cp1254"
    return text, declared


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an article's bytes; return ``(text, encoding)``.

    ``declared`` is a charset the container stated (HTTP header, ``<meta charset>``); it is
    followed unless a BOM or valid UTF-8 contradicts it.

    Raises :class:`DecodeError` for binary content, with a message that says what was found.
    """
    if not data:
        return "", "utf-8"
    bom = _bom(data)
    if bom is not None:
        decoded = _decode_unicode(data, bom)
        if decoded is not None:
            return decoded
        if bom != "utf-8-sig":
            raise DecodeError(
                f"text starts with a {bom.upper()} byte-order mark but is not valid {bom.upper()}"
            )
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        decoded = _decode_unicode(data, utf16)
        if decoded is not None:
            return decoded
    _check_not_binary_bytes(data)
    if bom == "utf-8-sig":
        data = data[len(codecs.BOM_UTF8) :]
    codec = normalize_charset(declared)
    if codec is not None:
        decoded = _decode_declared(data, codec)
        if decoded is not None:
            return decoded
    try:
        return data.decode("utf-8"), bom or "utf-8"
    except UnicodeDecodeError as err:
        damaged = _mostly_utf8(data, err)
        if damaged is not None:
            return damaged, bom or "utf-8"
    return _decode_legacy(data)
