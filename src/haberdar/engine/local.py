"""The local engine on all cores: worker processes clean and analyse, this process writes.

    haberdar run PATH... --workers 4          # default: os.cpu_count()

This process reads the inputs (ingest is a stream), plans them (:class:`~haberdar.engine.Planner`:
new, duplicate or bad, and the common-lines version each new article is cleaned with), sends
chunks of new articles to ``workers`` processes and writes their results to the store in input
order — SQLite has one writer, and writing in input order gives every article the ``seq`` and
the exact-duplicate links the one-process run gives. Each worker loads the resources once
(spawned, not forked: no inherited locks or open database handles) and keeps the common lines
it was sent so far; a chunk carries only the lines that became common since the worker's last
chunk. At most ``2 × workers`` chunks are in flight, so memory stays flat on any input size.

An input too small to fill one chunk is processed here without starting any worker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from haberdar.engine import CommonAt, Planner, process_item, resource_spec, resources_for
from haberdar.ingest.jsonl import FieldMap
from haberdar.ingest.sources import iter_documents
from haberdar.resources import Resources
from haberdar.store import Store

__all__ = ["CHUNK_SIZE", "default_workers", "run_parallel"]

CHUNK_SIZE = 64  # new articles per message to a worker
_POLL_S = 2.0


def default_workers() -> int:
    return os.cpu_count() or 1


def _exit_with_parent(poll_s: float = 1.0) -> None:
    """End this worker when the process that started it is gone. A run killed with SIGKILL
    sends no ``None``, and a worker blocked on its queue never sees end-of-file (it holds the
    queue's write end itself): without this watch it would live on, holding its memory."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="haberdar-parent-watch").start()


def _worker(in_q: Any, out_q: Any, spec: Any, analyse: bool) -> None:
    """Worker process: chunks in, results out, until ``None``."""
    _exit_with_parent()
    try:
        res = resources_for(spec)
        rank: dict[str, int] = {}
        while (msg := in_q.get()) is not None:
            cid, delta, items = msg
            for key in delta:
                rank[key] = len(rank)
            out = [process_item(doc, res, CommonAt(rank, version), analyse) for doc, version in items]
            out_q.put(("ok", cid, out))
    except BaseException:  # noqa: BLE001 - reported to the parent, which stops the run
        out_q.put(("crash", -1, traceback.format_exc()))


class _Workers:
    """Worker processes with one queue each, so that the parent knows which common lines each
    has been sent."""

    def __init__(self, n: int, spec: Any, analyse: bool) -> None:
        ctx = mp.get_context("spawn")
        self.out_q = ctx.Queue()
        self.in_qs = [ctx.Queue() for _ in range(n)]
        self.procs = [
            ctx.Process(target=_worker, args=(q, self.out_q, spec, analyse), daemon=True, name=f"haberdar-worker-{i}")
            for i, q in enumerate(self.in_qs)
        ]
        for p in self.procs:
            p.start()
        self.sent = [0] * n  # common lines sent to each worker
        self.busy = [0] * n  # chunks in flight per worker
        self.owner: dict[int, int] = {}

    def submit(self, cid: int, items: list[tuple[Any, int]], common_order: list[str]) -> None:
        w = min(range(len(self.procs)), key=self.busy.__getitem__)
        delta = common_order[self.sent[w] :]
        self.sent[w] = len(common_order)
        self.busy[w] += 1
        self.owner[cid] = w
        self.in_qs[w].put((cid, delta, items))

    def get(self) -> tuple[int, list[tuple]]:
        while True:
            try:
                kind, cid, payload = self.out_q.get(timeout=_POLL_S)
            except queue.Empty:
                dead = [p for p in self.procs if not p.is_alive()]
                if dead:
                    raise RuntimeError(f"worker {dead[0].name} died (exit code {dead[0].exitcode})") from None
                continue
            if kind == "crash":
                raise RuntimeError(f"a worker failed:\n{payload}")
            self.busy[self.owner.pop(cid)] -= 1
            return cid, payload

    def close(self) -> None:
        for q in self.in_qs:
            try:
                q.put(None)
            except (OSError, ValueError):
                pass
        for p in self.procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)


def run_parallel(
    paths: Iterable[str],
    store: Store,
    *,
    fields: FieldMap | None = None,
    max_bytes: int = 20_000_000,
    res: Resources | None = None,
    on_item: Callable[[Any, str], None] | None = None,
    batch_size: int = 200,
    analyse: bool = True,
    workers: int | None = None,
    chunk_size: int | None = None,
) -> Any:
    """Ingest, clean (and analyse) with ``workers`` processes; write here, in input order.

    Returns the :class:`~haberdar.pipeline.RunStats` of the per-article stages (the caller runs
    the corpus stages)."""
    from haberdar.pipeline import RunStats, Writer

    n_workers = max(1, workers or default_workers())
    chunk_size = chunk_size or CHUNK_SIZE
    spec = resource_spec(res)
    stats = RunStats()
    pool: _Workers | None = None
    # the store's writes go out from a thread of their own: this process goes on reading,
    # planning and feeding the workers while SQLite (or PostgreSQL) commits
    with store.batch(background=True) as batch:
        writer = Writer(batch, stats, batch_size=batch_size, on_item=on_item)
        planner = Planner(batch)
        order: deque[tuple[int, list[tuple]]] = deque()  # chunks in input order
        done: dict[int, list[tuple]] = {}
        in_flight = 0
        next_cid = 0

        def write_ready() -> None:
            while order and order[0][0] in done:
                cid, entries = order.popleft()
                results = iter(done.pop(cid))
                for entry in entries:
                    planner.write(writer, entry, next(results) if entry[0] == "new" else None)

        def submit(entries: list[tuple]) -> None:
            nonlocal next_cid, in_flight, pool
            cid, next_cid = next_cid, next_cid + 1
            order.append((cid, entries))
            items = [(e[1], e[2]) for e in entries if e[0] == "new"]
            if not items:
                done[cid] = []
            else:
                if pool is None:
                    pool = _Workers(n_workers, spec, analyse)
                pool.submit(cid, items, planner.lines.common.order)
                in_flight += 1
            write_ready()

        def wait(limit: int) -> None:
            nonlocal in_flight
            while pool is not None and in_flight > limit:
                cid, results = pool.get()
                done[cid] = results
                in_flight -= 1
                write_ready()

        try:
            entries: list[tuple] = []
            n_new = 0
            for item in iter_documents(paths, fields=fields, max_bytes=max_bytes):
                entry = planner.plan(item)
                entries.append(entry)
                n_new += entry[0] == "new"
                if n_new >= chunk_size or len(entries) >= 8 * chunk_size:
                    submit(entries)
                    entries, n_new = [], 0
                    wait(2 * n_workers - 1)
            if entries and pool is None and not order:
                # too small for workers: the same function, here
                local = resources_for(spec)
                rank = {k: i for i, k in enumerate(planner.lines.common.order)}
                for entry in entries:
                    result = process_item(entry[1], local, CommonAt(rank, entry[2]), analyse) if entry[0] == "new" else None
                    planner.write(writer, entry, result)
            elif entries:
                submit(entries)
            wait(0)
            write_ready()
        finally:
            if pool is not None:
                pool.close()
    return stats
