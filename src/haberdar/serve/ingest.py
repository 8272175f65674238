"""Uploads: text, HTML or JSONL sent to the server, kept on disk, run through the pipeline.

An upload is written under the server's uploads folder as ``<hash>-<safe name>`` (the client's
file name is reduced to its last component and to safe characters, so no name can point
outside the folder) and then read by :func:`haberdar.pipeline.run` exactly as ``haberdar run``
reads a file, with the resources loaded once per process. The kept file is the articles'
``uri``: every result can be traced to its input, as for files given on the command line.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from haberdar.records import content_hash
from haberdar.store import StoreBusy
from haberdar.store.schema import articles

__all__ = ["ALLOWED_SUFFIXES", "IngestError", "Ingester", "safe_name"]

ALLOWED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson")
_UNSAFE_RE = re.compile(r"[^\w.\-]+")


class IngestError(ValueError):
    """An upload the server refuses, with the reason (answered as 400 or 413)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def safe_name(name: str | None, data: bytes, fmt: str | None) -> str:
    """A file name for an upload: last path component only, safe characters, a known suffix."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_RE.sub("_", base).strip("._")[:80] or "upload"
    suffix = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl"}.get(fmt or "")
    if suffix is None:
        lower = base.lower()
        suffix = next((s for s in ALLOWED_SUFFIXES if lower.endswith(s)), None)
        if suffix is None:
            head = data[:512].lstrip().lower()
            suffix = ".html" if head.startswith((b"<!doctype", b"<html")) else ".jsonl" if head.startswith(b"{") else ".txt"
    stem = base
    for s in ALLOWED_SUFFIXES:
        if stem.lower().endswith(s):
            stem = stem[: -len(s)]
            break
    return f"{content_hash(data)}-{stem or 'upload'}{suffix}"


@dataclass
class Ingester:
    """Runs uploads through the pipeline, one at a time per process."""

    service: Any  # haberdar.serve.queries.Service
    uploads_dir: Path
    max_bytes: int

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._res = None

    @property
    def resources(self) -> Any:
        if self._res is None:
            from haberdar.resources import default_resources

            self._res = default_resources()
        return self._res

    def ingest(self, data: bytes, *, name: str | None, fmt: str | None) -> dict[str, Any]:
        if not data.strip():
            raise IngestError("the upload is empty: send a file or some text")
        if len(data) > self.max_bytes:
            raise IngestError(f"the upload is {len(data):,} bytes, over the limit of {self.max_bytes:,}", status=413)
        if fmt not in (None, "", "txt", "html", "jsonl"):
            raise IngestError(f"format: expected txt, html or jsonl, got {fmt!r}")
        from haberdar.corpus import update_corpus
        from haberdar.pipeline import run

        path = self.uploads_dir / safe_name(name, data, fmt or None)
        store = self.service.store
        with self._lock:
            self.uploads_dir.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                tmp = path.with_suffix(path.suffix + ".part")
                tmp.write_bytes(data)
                tmp.replace(path)
            try:
                with store.writer():  # the single writer (PostgreSQL: refused while a run writes)
                    with store.engine.connect() as conn:
                        before = conn.execute(select(func.max(articles.c.seq))).scalar() or 0
                    try:
                        stats = run([str(path)], store, res=self.resources, max_bytes=self.max_bytes, corpus=False)
                    except OperationalError as exc:  # another process holds the write lock for too long
                        raise IngestError(f"the store is busy with another write ({exc.orig}); try again", status=503) from exc
                    with store.engine.connect() as conn:
                        new = [dict(r) for r in conn.execute(select(articles.c.id, articles.c.title).where(articles.c.seq > before).order_by(articles.c.seq)).mappings()]
                        whole = content_hash(data)
                        already = [] if new else [r[0] for r in conn.execute(select(articles.c.id).where(articles.c.id == whole))]
                    if new:
                        update_corpus(store, new_article_ids=[a["id"] for a in new])
                    events = _events_of(store, [a["id"] for a in new])
            except StoreBusy as exc:
                raise IngestError(f"{exc} Try again later.", status=503) from exc
            self.service.index.refresh()  # the search index was filled by add_article
        return {
            **stats.as_dict(),
            "quarantine_reasons": dict(stats.quarantine_reasons),
            "articles": [{"id": a["id"], "title": a["title"], "url": f"/articles/{a['id']}"} for a in new],
            "already_stored": already,
            "uploaded_as": str(path),
            "events": events,
        }


def _events_of(store: Any, article_ids: list[str]) -> list[dict[str, Any]]:
    """The events the new articles report: id, type and date, for the upload's result."""
    if not article_ids:
        return []
    from haberdar.corpus.tables import event_links
    from haberdar.store.schema import event_mentions

    q = (select(event_links.c.event_id, event_mentions.c.event_type, event_mentions.c.date)
         .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
         .where(event_mentions.c.article_id.in_(article_ids)))
    out: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for event_id, event_type, day in conn.execute(q):
            out.setdefault(event_id, {"id": event_id, "event_type": event_type, "date": day,
                                      "url": f"/events/{event_id}"})
    return list(out.values())
