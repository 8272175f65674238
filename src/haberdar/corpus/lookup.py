"""Cross-article event records for a few events, read through indexed lookups.

:func:`haberdar.corpus.corpus_events` builds every event of the store (the export); a web page
or an API call needs a page of them. :func:`event_records` builds the records of the given
event ids only — the same :func:`haberdar.corpus._event_record` on the same rows in the same
order, so each record is identical to the one ``haberdar export events`` writes for that event
(tested in ``tests/test_api.py``) — reading only the rows of those events, their articles,
their articles' story groups and flags, and their "possibly the same" links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Index, literal_column, select

from haberdar.corpus import _event_record
from haberdar.corpus.tables import corpus_flags, event_links, origin_groups, possible_links
from haberdar.store.schema import articles, entities, event_mentions

__all__ = ["ensure_lookup_indexes", "event_records"]

_CHUNK = 500

# "possibly the same" links are stored once per pair; finding the links of a mention on the
# right-hand side needs its own index.
ix_possible_links_other = Index("ix_possible_links_other", possible_links.c.other_id)


def ensure_lookup_indexes(conn: Connection) -> None:
    """Create the secondary indexes the lookups rely on (idempotent)."""
    ix_possible_links_other.create(conn, checkfirst=True)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def event_records(conn: Connection, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The export records of ``event_ids`` (unknown ids are left out), keyed by id."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    rows: list[dict[str, Any]] = []
    for part in _chunks(ids):
        q = (
            select(event_links.c.event_id, event_mentions, articles.c.uri, articles.c.site, articles.c.origin, articles.c.seq)
            .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
            .join(articles, articles.c.id == event_mentions.c.article_id)
            .where(event_links.c.event_id.in_(part))
            .order_by(event_links.c.event_id, articles.c.seq, event_mentions.c.idx)
        )
        rows.extend(dict(r) for r in conn.execute(q).mappings())
    if not rows:
        return {}
    article_ids = sorted({r["article_id"] for r in rows})
    mention_ids = sorted({r["id"] for r in rows})

    # story groups of the articles, and each group's credited origin (its earliest article
    # with an origin, as in corpus_events)
    group_of: dict[str, str] = {}
    for part in _chunks(article_ids):
        group_of.update(dict(conn.execute(select(origin_groups.c.article_id, origin_groups.c.group_id).where(origin_groups.c.article_id.in_(part))).all()))
    groups = sorted({group_of.get(a, a) for a in article_ids})
    group_origin: dict[str, str] = {}
    members: list[tuple[str, str, int]] = []  # (group, origin, seq)
    for part in _chunks(groups):
        q = (
            select(origin_groups.c.group_id, articles.c.origin, articles.c.seq)
            .join(articles, articles.c.id == origin_groups.c.article_id)
            .where(origin_groups.c.group_id.in_(part), articles.c.origin.is_not(None))
        )
        members.extend((g, o, s) for g, o, s in conn.execute(q))
        # an article in no group is its own group
        q = select(articles.c.id, articles.c.origin, articles.c.seq).where(articles.c.id.in_(part), articles.c.origin.is_not(None))
        members.extend((a, o, s) for a, o, s in conn.execute(q) if a not in group_of)
    for g, origin, _ in sorted(members, key=lambda m: m[2]):
        group_origin.setdefault(g, origin)

    # flags of the articles, in the order corpus_events reads them (table order)
    art_flags: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for part in _chunks(article_ids):
        q = (
            select(corpus_flags.c.target, corpus_flags.c.kind, corpus_flags.c.detail, corpus_flags.c.evidence)
            .where(corpus_flags.c.target.in_(part))
            .order_by(literal_column("corpus_flags.rowid"))
        )
        flag_rows = [dict(r) for r in conn.execute(q).mappings()]
        for r in flag_rows:
            art_flags[r["target"]].append(r)

    # "possibly the same" links touching these mentions, resolved to events, in table order
    link_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for part in _chunks(mention_ids):
        for col in (possible_links.c.mention_id, possible_links.c.other_id):
            q = select(literal_column("possible_links.rowid").label("rid"), possible_links).where(col.in_(part))
            for r in conn.execute(q).mappings():
                link_rows[(r["mention_id"], r["other_id"])] = dict(r)
    links = sorted(link_rows.values(), key=lambda r: r["rid"])
    others = sorted({m for r in links for m in (r["mention_id"], r["other_id"])})
    event_of: dict[str, str] = {}
    for part in _chunks(others):
        event_of.update(dict(conn.execute(select(event_links.c.mention_id, event_links.c.event_id).where(event_links.c.mention_id.in_(part))).all()))
    possible: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    for r in links:
        ea, eb = event_of.get(r["mention_id"]), event_of.get(r["other_id"])
        if ea and eb and ea != eb:
            for x, y in ((ea, eb), (eb, ea)):
                if r["score"] > possible[x].get(y, (0.0, ""))[0]:
                    possible[x][y] = (r["score"], r["reason"])

    people = sorted({p.get("entity_id") for r in rows for p in (r["recipients"] or []) if p.get("entity_id")})
    person_types: set[str] = set()
    for part in _chunks(people):
        person_types.update(x for (x,) in conn.execute(select(entities.c.id).where(entities.c.id.in_(part), entities.c.type == "PER")))

    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_event[r["event_id"]].append(r)
    return {
        eid: _event_record(ms, group_of, group_origin, art_flags, possible, person_types)
        for eid, ms in by_event.items()
    }
