"""Language identification with lingua, restricted to the languages Turkish news appears among.

lingua alone mislabels short Turkish headlines and sentences full of foreign names ("NBA'de
Ersan İlyasova'lı Philadelphia 76ers …" → English). Orthography settles most of those cases:
ı, ğ, ş and İ are written in Turkish (and Azerbaijani) but not in the other candidates, and
Azerbaijani writes ə, which Turkish never does.
"""

from __future__ import annotations

from haberdar.resources import Resources

# Below this many letters lingua's guess is noise; the article is left unlabelled.
MIN_LETTERS = 20
_TURKISH_ONLY = frozenset("ıİğĞşŞ")
# Share of letters that are Turkish-only above which a text is Turkish whatever lingua says.
TURKISH_LETTER_SHARE = 0.01


def detect_language(res: Resources, text: str) -> str | None:
    """ISO 639-1 code of the text's language ("tr", "en", …) or None when too short to tell."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    turkish_only = sum(1 for c in letters if c in _TURKISH_ONLY)
    if turkish_only / len(letters) >= TURKISH_LETTER_SHARE and "ə" not in text and "Ə" not in text:
        # whatever lingua says, such a text is Turkish (see below): skip it, it is the costliest
        # step of clean (≈ 1.3 ms an article)
        return "tr"
    lang = res.language_detector.detect_language_of(text)
    code = lang.iso_code_639_1.name.lower() if lang is not None else None
    if code == "tr":
        return code
    if code == "az":
        return "az" if ("ə" in text or "Ə" in text) else "tr"
    return "tr" if turkish_only / len(letters) >= TURKISH_LETTER_SHARE else code
