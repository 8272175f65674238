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
    workers: int = 1,
    chunk_size: int | None = None,
    engine: str = "local",
    spark: Any = None,
    on_stage: Callable[[str], None] | None = None,
) -> RunStats:
    """Ingest, clean and store every article under ``paths``; idempotent.

    ``on_stage`` is told when the run moves from the per-article stages to the corpus stages
    ("corpus"), for progress display.

    ``workers`` > 1 runs the per-article stages in that many processes
    (:mod:`haberdar.engine.local`); ``engine="spark"`` runs them, and the corpus stages, as Spark
    jobs (:mod:`haberdar.engine.spark`, ``spark`` an existing SparkSession or a master URL). Every
    engine writes the same store, in input order, through one writer: results are identical.
    """
    if engine not in ("local", "spark"):
        raise ValueError(f"unknown engine {engine!r} (local or spark)")
    with store.writer():  # one writer per store: a second run is refused on PostgreSQL
        return _run(
            paths, store, fields=fields, max_bytes=max_bytes, res=res, on_item=on_item, batch_size=batch_size,
            analyse=analyse, corpus=corpus, workers=workers, chunk_size=chunk_size, engine=engine, spark=spark,
            on_stage=on_stage,
        )


def _run(
    paths: Iterable[str],
    store: Store,
    *,
    fields: FieldMap | None,
    max_bytes: int,
    res: Resources | None,
    on_item: Callable[[RunStats, str], None] | None,
    batch_size: int,
    analyse: bool,
    corpus: bool,
    workers: int,
    chunk_size: int | None,
    engine: str,
    spark: Any,
    on_stage: Callable[[str], None] | None = None,
) -> RunStats:
    if engine == "spark":
        from haberdar.engine.spark import run_spark

        return run_spark(
            paths, store, fields=fields, max_bytes=max_bytes, res=res, on_item=on_item,
            batch_size=batch_size, analyse=analyse, corpus=corpus, chunk_size=chunk_size, spark=spark,
        )
    if workers > 1:
        from haberdar.engine.local import run_parallel

        stats = run_parallel(
            paths, store, fields=fields, max_bytes=max_bytes, res=res, on_item=on_item,
            batch_size=batch_size, analyse=analyse, workers=workers, chunk_size=chunk_size,
        )
    else:
        stats = _run_serial(
            paths, store, fields=fields, max_bytes=max_bytes, res=res, on_item=on_item,
            batch_size=batch_size, analyse=analyse,
        )
    if corpus:
        # Corpus stages read the store and update clusters and flags for the new articles only.
        from haberdar.corpus import update_corpus

        if on_stage is not None:
            on_stage("corpus")
        stats.corpus = update_corpus(store, kb=res.kb if res is not None else None)
    return stats


class Writer:
    """The single writer of a run: stores results in input order and keeps the counts.

    Every engine funnels its results through one of these, so that what ends up in the store
    (article ``seq`` numbers, exact-duplicate links, commit points) does not depend on the
    engine or the number of workers.
    """

    def __init__(self, batch: Any, stats: RunStats, *, batch_size: int = BATCH_SIZE, on_item: Callable[[RunStats, str], None] | None = None) -> None:
        self.batch = batch
        self.stats = stats
        self.batch_size = batch_size
        self.on_item = on_item
        self.pending = 0

    def quarantine(self, item: Quarantined) -> None:
        _quarantine(self.batch, self.stats, item)

    def duplicate(self, item: RawDocument) -> None:
        self.batch.add_source(item.id, item.uri)
        self.stats.duplicates += 1

    def failed(self, item: RawDocument, error: str) -> None:
        """``process`` raised on this input (a bug): quarantine it, the batch goes on."""
        self.quarantine(Quarantined(item.uri, f"internal error while cleaning ({error}); please report this input", item.raw))

    def store(self, item: RawDocument, article: Article, analysis: Analysis | None) -> None:
        self.batch.add_article(article, item.raw, item.encoding)
        if analysis is not None:
            self.batch.add_analysis(article.id, analysis)
        self.stats.stored += 1
        self.pending += 1

    def done(self, uri: str) -> None:
        """One input handled (whatever became of it): commit every ``batch_size`` articles."""
        self.stats.read += 1
        if self.pending >= self.batch_size:
            self.batch.commit()
            self.pending = 0
        if self.on_item is not None:
            self.on_item(self.stats, uri)


def _run_serial(
    paths: Iterable[str],
    store: Store,
    *,
    fields: FieldMap | None,
    max_bytes: int,
    res: Resources | None,
    on_item: Callable[[RunStats, str], None] | None,
    batch_size: int,
    analyse: bool,
) -> RunStats:
    """The per-article stages in this process, one article after the other."""
    res = res or default_resources()
    stats = RunStats()
    lines = LineCounter()
    with store.batch() as batch:
        writer = Writer(batch, stats, batch_size=batch_size, on_item=on_item)
        for item in iter_documents(paths, fields=fields, max_bytes=max_bytes):
            if isinstance(item, Quarantined):
                writer.quarantine(item)
            elif batch.has_article(item.id):
                # Counted as if it were new, so a resumed run cleans what follows exactly as an
                # uninterrupted run would.
                lines.add_article(item.text.split("\n"))
                writer.duplicate(item)
            else:
                try:
                    article, analysis = process(item, res, common_lines=lines.common, analyse=analyse)
                except Exception as exc:  # a bug on one article must not stop the batch
                    writer.failed(item, f"{type(exc).__name__}: {exc}")
                else:
                    writer.store(item, article, analysis)
                # The lines of every readable input count, whatever became of it: the common
                # lines then depend on the input texts alone, which lets workers clean ahead.
                lines.add_article(item.text.split("\n"))
            writer.done(item.uri)
    return stats


def _quarantine(batch, stats: RunStats, item: Quarantined) -> None:  # noqa: ANN001
    batch.add_quarantine(item)
    stats.quarantined += 1
    key = re.sub(r"^line \d+: ", "", item.reason).split(":")[0].split(" (")[0][:70]
    stats.quarantine_reasons[key] = stats.quarantine_reasons.get(key, 0) + 1
