"""Language identification with lingua, restricted to the languages Turkish news appears among."""

from __future__ import annotations

from haberdar.resources import Resources

# Below this many letters lingua's guess is noise; the article is left unlabelled.
MIN_LETTERS = 20


def detect_language(res: Resources, text: str) -> str | None:
    """ISO 639-1 code of the text's language ("tr", "en", …) or None when too short to tell."""
    if sum(1 for c in text if c.isalpha()) < MIN_LETTERS:
        return None
    lang = res.language_detector.detect_language_of(text)
    return lang.iso_code_639_1.name.lower() if lang is not None else None
