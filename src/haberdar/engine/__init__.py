"""Engines: where the per-article and corpus stages run.

* ``local``, one process (:func:`haberdar.pipeline.run` with ``workers=1``): the reference;
* ``local`` with ``workers=N`` (:mod:`haberdar.engine.local`): N worker processes clean and
  analyse chunks of articles while this process reads the inputs and writes the store;
* ``spark`` (:mod:`haberdar.engine.spark`): the per-article stages in ``mapPartitions`` and the
  corpus stages (MinHash signatures, LSH banding, event blocking) as Spark jobs.

Every engine calls the same per-article function (:func:`haberdar.pipeline.process`) and writes
through the same single writer (:class:`haberdar.pipeline.Writer`) in input order, so the store
ends up the same whatever the engine. This module holds what they share: the plan of a run
(which input is new, a duplicate or bad) and the versioned common lines.

Why versions: cleaning an article drops lines that are common to the articles read *before* it
(:class:`haberdar.clean.repeats.LineCounter`). That depends only on the input texts, in input
order, so the reading process keeps the counter and gives each article the number of lines that
were common when its turn came; a worker that knows in which order lines became common can
answer "was this line common then?" exactly (:class:`CommonAt`) without the whole history.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from haberdar.clean.repeats import LineCounter
from haberdar.records import Quarantined, RawDocument
from haberdar.resources import Resources, default_resources

__all__ = ["CommonAt", "Planner", "VersionedLineCounter", "process_item", "resources_for", "resource_spec"]


class _RecordingSet(set):
    """A set that remembers the order its members were added in."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []

    def add(self, key: str) -> None:
        if key not in self:
            super().add(key)
            self.order.append(key)


class VersionedLineCounter(LineCounter):
    """A :class:`LineCounter` whose common lines are numbered in the order they became common.

    The common set only grows, so "the common lines as of version v" is the first v of
    ``common.order``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.common = _RecordingSet()

    @property
    def version(self) -> int:
        return len(self.common.order)


class CommonAt:
    """The common lines as they were at version ``n``, given each line's rank (its version).

    Only ``in`` is asked of it by the cleaner; iteration and length are there for completeness.
    """

    __slots__ = ("n", "rank")

    def __init__(self, rank: dict[str, int], n: int) -> None:
        self.rank = rank
        self.n = n

    def __contains__(self, key: object) -> bool:
        r = self.rank.get(key)  # type: ignore[arg-type]
        return r is not None and r < self.n

    def __iter__(self) -> Iterator[str]:
        return (k for k, r in self.rank.items() if r < self.n)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# --- resources, once per process -------------------------------------------------------------


def resource_spec(res: Resources | None) -> tuple[str | None, str | None] | None:
    """What a worker needs to rebuild ``res`` (None: the default resources)."""
    if res is None or res is default_resources():
        return None
    return (res.kb_dir, res.ner_path)


@functools.cache
def resources_for(spec: tuple[str | None, str | None] | None) -> Resources:
    """The resources of a spec, loaded once per process (a worker, a Spark executor's Python)."""
    if spec is None:
        return default_resources()
    return Resources(kb_dir=spec[0], ner_path=spec[1])


def process_item(doc: RawDocument, res: Resources, common: Any, analyse: bool) -> tuple:
    """:func:`haberdar.pipeline.process` with its failure as a value: ``("ok", article,
    analysis)`` or ``("err", "Type: message")``."""
    from haberdar.pipeline import process

    try:
        article, analysis = process(doc, res, common_lines=common, analyse=analyse)
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the run
        return ("err", f"{type(exc).__name__}: {exc}")
    return ("ok", article, analysis)


# --- the plan of a run ------------------------------------------------------------------------


class Planner:
    """Decides, in input order, what each input is, and writes its result when it comes back.

    Entries are tuples: ``("q", Quarantined)``, ``("dup", doc)`` (already stored), ``("new", doc,
    version)`` (to process with the common lines of ``version``), ``("again", doc)`` (the same
    bytes as a new input still being processed: a duplicate once that one is stored).
    """

    def __init__(self, batch: Any) -> None:
        self.batch = batch
        self.lines = VersionedLineCounter()
        self.in_flight: set[str] = set()
        self.failed: dict[str, str] = {}

    def plan(self, item: RawDocument | Quarantined) -> tuple:
        if isinstance(item, Quarantined):
            return ("q", item)
        if item.id in self.in_flight:
            entry: tuple = ("again", item)
        elif self.batch.has_article(item.id):
            entry = ("dup", item)
        else:
            entry = ("new", item, self.lines.version)
            self.in_flight.add(item.id)
        # Counted whatever the input turns out to be, as the serial run does.
        self.lines.add_article(item.text.split("\n"))
        return entry

    def write(self, writer: Any, entry: tuple, result: tuple | None = None) -> None:
        kind, item = entry[0], entry[1]
        if kind == "q":
            writer.quarantine(item)
        elif kind == "dup":
            writer.duplicate(item)
        elif kind == "again":
            if self.batch.has_article(item.id):
                writer.duplicate(item)
            else:  # the first copy failed: so does this one
                writer.failed(item, self.failed.get(item.id, "failed earlier in this run"))
        else:
            self.in_flight.discard(item.id)
            assert result is not None
            if result[0] == "ok":
                writer.store(item, result[1], result[2])
            else:
                self.failed[item.id] = result[1]
                writer.failed(item, result[1])
        writer.done(item.uri)
