"""The flow from inputs to the store: ingest → clean → store, one article at a time.

``process`` is the per-article function: pure, given the article and the loaded resources.
``run`` streams inputs through it into the store in batches, so memory stays flat and a run
killed half-way can simply be run again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from haberdar.analyse import analyse as analyse_article
from haberdar.clean import clean
from haberdar.clean.repeats import LineCounter
from haberdar.ingest.jsonl import FieldMap
from haberdar.ingest.sources import iter_documents
from haberdar.records import Analysis, Article, Quarantined, RawDocument
from haberdar.resources import Resources, default_resources
from haberdar.store import Store

BATCH_SIZE = 200


@dataclass
class RunStats:
    read: int = 0
    stored: int = 0
    duplicates: int = 0  # inputs whose exact content is already stored
    quarantined: int = 0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    corpus: Any = None  # CorpusStats of the corpus stages, when they ran

    def as_dict(self) -> dict[str, int]:
        return {"read": self.read, "stored": self.stored, "duplicates": self.duplicates, "quarantined": self.quarantined}


def process(
    doc: RawDocument, res: Resources, *, common_lines: Collection[str] = frozenset(), analyse: bool = True
) -> tuple[Article, Analysis | None]:
    """Everything that happens to one article before it is stored: clean, then analyse.

    A failure in analysis keeps the clean article (flagged ``analysis_failed``): an article is
    never lost because a later stage tripped on it.
    """
    article = clean(doc, res, common_lines=common_lines)
    if not analyse:
        return article, None
    try:
        return article, analyse_article(article, res)
    except Exception as exc:  # noqa: BLE001 - reported on the article, the batch goes on
        article.flags.append({"kind": "analysis_failed", "detail": f"{type(exc).__name__}: {exc}"})
        return article, Analysis()


def run(
    paths: Iterable[str],
    store: Store,
    *,
    fields: FieldMap | None = None,
    max_bytes: int = 20_000_000,
    res: Resources | None = None,
    on_item: Callable[[RunStats, str], None] | None = None,
    batch_size: int = BATCH_SIZE,
    analyse: bool = True,
    corpus: bool = True,
) -> RunStats:
    """Ingest, clean and store every article under ``paths``; idempotent."""
    res = res or default_resources()
    stats = RunStats()
    lines = LineCounter()
    pending = 0
    with store.batch() as batch:
        for item in iter_documents(paths, fields=fields, max_bytes=max_bytes):
            stats.read += 1
            if isinstance(item, Quarantined):
                _quarantine(batch, stats, item)
            elif batch.has_article(item.id):
                batch.add_source(item.id, item.uri)
                # Counted as if it were new, so a resumed run cleans what follows exactly as an
                # uninterrupted run would.
                lines.add_article(item.text.split("\n"))
                stats.duplicates += 1
            else:
                try:
                    article, analysis = process(item, res, common_lines=lines.common, analyse=analyse)
                except Exception as exc:  # a bug on one article must not stop the batch
                    _quarantine(
                        batch,
                        stats,
                        Quarantined(item.uri, f"internal error while cleaning ({type(exc).__name__}: {exc}); please report this input", item.raw),
                    )
                else:
                    batch.add_article(article, item.raw, item.encoding)
                    if analysis is not None:
                        batch.add_analysis(article.id, analysis)
                    lines.add_article(item.text.split("\n"))
                    stats.stored += 1
                    pending += 1
            if pending >= batch_size:
                batch.commit()
                pending = 0
            if on_item is not None:
                on_item(stats, item.uri)
    if corpus:
        # Corpus stages read the store and update clusters and flags for the new articles only.
        from haberdar.corpus import update_corpus

        stats.corpus = update_corpus(store)
    return stats


def _quarantine(batch, stats: RunStats, item: Quarantined) -> None:  # noqa: ANN001
    batch.add_quarantine(item)
    stats.quarantined += 1
    key = re.sub(r"^line \d+: ", "", item.reason).split(":")[0].split(" (")[0][:70]
    stats.quarantine_reasons[key] = stats.quarantine_reasons.get(key, 0) + 1
