"""Everything the per-article functions need, loaded once per process.

Per-article work is a pure function of (article, Resources). Loading lexicons, the language
detector and (later) models is start-up cost that must never land on the hot path, so stages
take a ``Resources`` argument instead of loading anything themselves.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from typing import Any

import yaml

DATA_PACKAGE = "haberdar.data"


def data_path(name: str):
    """Path-like handle of a packaged data file (``haberdar/data/<name>``)."""
    return importlib_resources.files(DATA_PACKAGE).joinpath(name)


def load_yaml(name: str) -> Any:
    with data_path(name).open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def turkish_stopwords() -> frozenset[str]:
    """justext's Turkish stoplist, the same list trafilatura uses for ``target_language="tr"``."""
    import justext

    from haberdar.text import tr_lower

    return frozenset(tr_lower(w) for w in justext.get_stoplist("Turkish"))


@functools.cache
def chrome_lexicon() -> dict[str, tuple[str, ...]]:
    from haberdar.text import tr_lower

    raw = load_yaml("chrome_tr.yaml")
    return {kind: tuple(tr_lower(p) for p in phrases) for kind, phrases in raw.items()}


# Languages the detector chooses among: Turkish, the languages Turkish news sites also publish
# in, and those whose text turns up in Turkish feeds. A closed set keeps lingua fast and
# accurate on short texts.
LANGUAGES = ("TURKISH", "ENGLISH", "GERMAN", "FRENCH", "ARABIC", "RUSSIAN", "AZERBAIJANI", "SPANISH")


@dataclass
class Resources:
    """Loaded resources, shared by all articles of a process."""

    stopwords: frozenset[str] = field(default_factory=turkish_stopwords)
    chrome: dict[str, tuple[str, ...]] = field(default_factory=chrome_lexicon)
    _language_detector: Any = None

    @property
    def language_detector(self) -> Any:
        if self._language_detector is None:
            from lingua import Language, LanguageDetectorBuilder

            langs = [getattr(Language, name) for name in LANGUAGES]
            self._language_detector = (
                LanguageDetectorBuilder.from_languages(*langs)
                .with_minimum_relative_distance(0.1)
                .build()
            )
        return self._language_detector


@functools.cache
def default_resources() -> Resources:
    return Resources()
