"""Everything the per-article functions need, loaded once per process.

Per-article work is a pure function of (article, Resources). Loading lexicons, the language
detector and (later) models is start-up cost that must never land on the hot path, so stages
take a ``Resources`` argument instead of loading anything themselves.
"""

from __future__ import annotations

import functools
import os
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


class PrimedTagger:
    """A sentence tagger that first answers from tags already computed for the current article.

    The analyse stage tags every sentence of an article once; the event extractor asks again for
    the sentences it reads. Priming with the article's tags makes that second ask free, and
    sentences not primed (a headline) are tagged as usual.
    """

    def __init__(self, tag_sentences: Any) -> None:
        self.tag_sentences = tag_sentences
        self.known: dict[tuple[str, ...], list[str]] = {}

    def prime(self, sentences: list[list[str]], tags: list[list[str]]) -> None:
        self.known = {tuple(s): t for s, t in zip(sentences, tags, strict=True)}

    def __call__(self, sentences: list[list[str]]) -> list[list[str]]:
        missing = [s for s in sentences if tuple(s) not in self.known]
        if missing:
            for s, t in zip(missing, self.tag_sentences(missing), strict=True):
                self.known[tuple(s)] = t
        return [self.known[tuple(s)] for s in sentences]


@dataclass
class Resources:
    """Loaded resources, shared by all articles of a process."""

    stopwords: frozenset[str] = field(default_factory=turkish_stopwords)
    chrome: dict[str, tuple[str, ...]] = field(default_factory=chrome_lexicon)
    kb_dir: str | None = None  # extra Wikidata office-holder CSVs to load into the KB
    # A NER model file other than the packaged one (also from $HABERDAR_NER_MODEL).
    ner_path: str | None = field(default_factory=lambda: os.environ.get("HABERDAR_NER_MODEL") or None)
    _language_detector: Any = None
    _ner: Any = None
    _kb: Any = None
    _resolver: Any = None
    _events: Any = None
    _tagger: Any = None
    _consult: Any = None
    _morph: Any = None

    @property
    def ner(self) -> Any:
        """The packaged PER/LOC/ORG tagger (loaded on first use, once per process)."""
        if self._ner is None:
            from haberdar.analyse.ner.model import NerModel

            self._ner = NerModel.load(self.ner_path)
        return self._ner

    @property
    def kb(self) -> Any:
        if self._kb is None:
            from haberdar.kb import load_default_kb

            self._kb = load_default_kb(self.kb_dir)
        return self._kb

    @property
    def resolver(self) -> Any:
        if self._resolver is None:
            from haberdar.analyse.resolve import Resolver

            self._resolver = Resolver(self.kb)
        return self._resolver

    @property
    def events(self) -> Any:
        """The event extractor (lexicons, morphology cache), built on first use."""
        if self._events is None:
            from haberdar.analyse.events import EventExtractor

            self._events = EventExtractor(tagger=self.tagger)
        return self._events

    @property
    def morphology(self) -> Any:
        """akana's analyses, one per distinct word per process (haberdar.tr.morph)."""
        if self._morph is None:
            from haberdar.tr.morph import shared_morphology

            self._morph = shared_morphology()
        return self._morph

    @property
    def consult(self) -> Any:
        """The learned CONSULT decisions (rules + models in data/events/), loaded once."""
        if self._consult is None:
            from haberdar.analyse.events.learned import ConsultExtractor

            self._consult = ConsultExtractor(morph=self.morphology)
        return self._consult

    @property
    def tagger(self) -> PrimedTagger:
        """The NER tagger as the event extractor sees it: answers from the article's own tags."""
        if self._tagger is None:
            self._tagger = PrimedTagger(self.ner.tag_sentences)
        return self._tagger

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
