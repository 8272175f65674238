"""Statistical named-entity recognition (PER, LOC, ORG) for Turkish news.

A two-pass linear-chain CRF trained with CRFsuite on the Milliyet NER corpus and decoded by our
own numpy code (:mod:`.model`); features are computed once per word type (:mod:`.features`).

    from haberdar.analyse.ner import NerModel
    model = NerModel.load()                      # the packaged model, loaded once per process
    tags = model.tag(["İbrahim", "Kalın", ",", "Ankara", "'da", "konuştu", "."])
    model.spans(tokens, tags)                    # [(0, 2, "PER"), (3, 4, "LOC")]

``ner_conll(path, out)`` is the ``haberdar ner FILE.conll`` command; ``train.train`` rebuilds
the model (``haberdar train-ner``).
"""

from __future__ import annotations

from functools import lru_cache

from haberdar.analyse.ner.conll import ner_conll, read_conll, score, write_conll
from haberdar.analyse.ner.model import DEFAULT_MODEL_PATH, NerModel

__all__ = [
    "DEFAULT_MODEL_PATH",
    "NerModel",
    "default_model",
    "ner_conll",
    "read_conll",
    "score",
    "write_conll",
]


@lru_cache(maxsize=1)
def default_model() -> NerModel:
    """The packaged model, loaded on first use and shared by the whole process."""
    return NerModel.load()
