"""Corpus stages: duplicates, origin groups, same-event clusters, corroboration, contradictions.

Entry points::

    from haberdar.corpus import update_corpus, corpus_events
    stats = update_corpus(store)              # after a run: only new articles are compared
    for event in corpus_events(store): ...    # cross-article events, DESIGN.md export shape

``update_corpus`` is incremental: articles it has already seen (table ``corpus_seen``) are not
compared again. New articles are signed (MinHash), looked up in the LSH index built once per
run from the stored signatures (each slice's rows added to it), joined to the near-duplicate
clusters of what they copy (union-find against the earliest article, the representative: one
``near_duplicates`` row and one ``near_duplicate`` flag per article, however many copies a story
has — a pair's similarity, where needed, comes from the two signatures, :func:`near_map`),
grouped with the stories they copy, their title claims checked against the
other sources of each office and the KB, and their event mentions linked into events through
the blocking index. New articles are taken in slices of :data:`SLICE_SIZE` (in the order they
were stored), each slice's duplicates, origin groups, claims and flags written in a transaction
of its own, so that what memory holds grows with the slice, not with the run; then the
conflicts of every office a new claim names are recomputed once, office by office (memory: one
office's claims), and event clustering and the ``corpus_seen`` marks of all of them follow in a
last transaction. Slicing gives the
tables one pass over all of them gives (``tests/test_corpus.py``), as long as no LSH band
bucket grows past :data:`~haberdar.corpus.dedup.MAX_BUCKET` from one slice to the next (the
same holds for separate runs).

Where the heavy parts run is a :class:`CorpusEngine`: :class:`LocalCorpusEngine` (numpy, this
process) by default, :class:`haberdar.engine.spark.SparkCorpusEngine` as Spark jobs. An engine
computes signatures, LSH candidate pairs and the pairwise relations of event mentions that share
a block; everything it returns is written here, in a fixed order, so both give the same tables.
Article bodies are streamed from the store in chunks: memory holds the signatures and a few
fields per new article, not the new articles.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select, update

from haberdar.corpus import tables  # noqa: F401 - registers the tables on the store's metadata
from haberdar.corpus.cluster import blocks, features, query_blocks, relate
from haberdar.corpus.dedup import (
    NEAR_THRESHOLD,
    NUM_PERM,
    PARAMS,
    SYNDICATION_THRESHOLD,
    BandIndex,
    MinHasher,
    UnionFind,
    components,
    estimate_similarity,
    verify_pairs,
)
from haberdar.corpus.tables import (
    corpus_flags,
    corpus_seen,
    corpus_signatures,
    event_blocks,
    event_links,
    near_duplicates,
    origin_groups,
    possible_links,
    title_claims,
)
from haberdar.corpus.verify import (
    WINDOW_DAYS,
    _parse_day,
    article_flags,
    extract_claims,
    role_conflicts,
)
from haberdar.records import content_hash
from haberdar.store import Store
from haberdar.store.schema import articles, entities, event_mentions
from haberdar.store.sql import insert_for

__all__ = ["CorpusEngine", "CorpusStats", "LocalCorpusEngine", "corpus_events", "near_map", "update_corpus"]

_CHUNK = 500  # rows per IN (...) query
_BODY_CHUNK = 2000  # article bodies held at once
# the columns of the new articles the stages keep in memory (bodies are streamed)
_ROW_COLUMNS = ("id", "seq", "duplicate_of", "origin", "site", "published_at", "date_precision")
_ONE_DAY = timedelta(days=1)
SLICE_SIZE = 25_000  # new articles per transaction of the duplicate and claim stages
_SIG_BATCH = 20_000  # stored signatures read at once


@dataclass
class CorpusStats:
    """What one :func:`update_corpus` call did. Counts of writes are summed over its slices: an
    origin group touched, or a flag rewritten, in two slices counts twice."""

    new_articles: int = 0
    near_duplicate_pairs: int = 0
    exact_duplicate_pairs: int = 0
    near_clusters_touched: int = 0
    origin_groups_touched: int = 0
    new_mentions: int = 0
    events_touched: int = 0
    possible_links: int = 0
    flags: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


_HASHER: MinHasher | None = None


def _hasher() -> MinHasher:
    global _HASHER
    if _HASHER is None:
        _HASHER = MinHasher()
    return _HASHER


def _chunks(items: list[Any], n: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


Relation = tuple[tuple[str, str], str, float, str]  # ((mention, mention) sorted, kind, score, reason)


class CorpusEngine:
    """Where the heavy, parallel parts of the corpus stages run. Pure functions of their input."""

    def signatures(self, bodies: Iterator[list[str]]) -> np.ndarray:
        """MinHash signatures of the bodies, chunk after chunk: (n, NUM_PERM) uint32."""
        raise NotImplementedError

    def near_pairs(self, ids: list[str], sigs: np.ndarray, n_old: int) -> tuple[np.ndarray, np.ndarray]:
        """Near-duplicate pairs involving a row ≥ ``n_old`` (the new articles): rows (i, j),
        i < j, sorted, as an (m, 2) array, and their estimated similarity."""
        raise NotImplementedError

    def story_pairs(self, ids: list[str], sigs: np.ndarray, n_old: int, origins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Near-duplicate pairs involving a new row that keep the components of the
        near-duplicate graph and of the one-story graph (similarity ≥ SYNDICATION_THRESHOLD,
        ``origins`` compatible: integer codes per row, 0 = none) — all that the corpus stages
        read of the pairs. By default every pair (:meth:`near_pairs`); an engine may leave out
        pairs inside a story it has already joined."""
        return self.near_pairs(ids, sigs, n_old)

    def end_run(self) -> None:
        """The run is over: let go of what :meth:`near_pairs` kept between its calls."""

    def relations(
        self,
        new_feats: dict[str, Any],
        old_feats: dict[str, Any],
        near: dict[tuple[str, str], float],
    ) -> list[Relation]:
        """:func:`~haberdar.corpus.cluster.relate` for every pair of a new mention and a mention
        sharing one of its query blocks (each pair once), the pairs that relate, sorted."""
        raise NotImplementedError


class LocalCorpusEngine(CorpusEngine):
    """The corpus engine of one process: numpy MinHash, the sorted-array LSH index, loops."""

    def signatures(self, bodies: Iterator[list[str]]) -> np.ndarray:
        parts = [_hasher().signatures(chunk) for chunk in bodies]
        return np.concatenate(parts) if parts else np.empty((0, NUM_PERM), dtype=np.uint32)

    def __init__(self) -> None:
        self._run: tuple[list[str], BandIndex] | None = None

    def _index(self, ids: list[str], sigs: np.ndarray, n_old: int) -> BandIndex:
        # one index per run: built over the rows of the first call, then each later call of the
        # same run (the same ``ids`` list, grown by the new rows) adds only its new rows' band
        # keys; the signatures stay the caller's array (no copy)
        run = self._run
        if run is not None and run[0] is ids and len(run[1]) == n_old:
            index = run[1]
            index.extend(ids[n_old:], sigs)
        else:
            index = BandIndex.build(list(ids), sigs)
            self._run = (ids, index)
        return index

    def near_pairs(self, ids: list[str], sigs: np.ndarray, n_old: int) -> tuple[np.ndarray, np.ndarray]:
        return self._index(ids, sigs, n_old).near_pairs(np.arange(n_old, len(ids), dtype=np.int64))

    def story_pairs(self, ids: list[str], sigs: np.ndarray, n_old: int, origins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._index(ids, sigs, n_old).story_pairs(np.arange(n_old, len(ids), dtype=np.int64), origins)

    def end_run(self) -> None:
        self._run = None

    def relations(
        self,
        new_feats: dict[str, Any],
        old_feats: dict[str, Any],
        near: dict[tuple[str, str], float],
    ) -> list[Relation]:
        block_map: dict[str, list[str]] = defaultdict(list)
        for f in [*old_feats.values(), *new_feats.values()]:
            for b in blocks(f):
                block_map[b].append(f.id)
        feats = {**old_feats, **new_feats}
        out: list[Relation] = []
        done: set[tuple[str, str]] = set()
        for f in new_feats.values():
            for b in query_blocks(f):
                for oid in block_map.get(b, ()):
                    if oid == f.id:
                        continue
                    key = (min(f.id, oid), max(f.id, oid))
                    if key in done:
                        continue
                    done.add(key)
                    o = feats[oid]
                    rel = relate(f, o, near.get((f.article_id, o.article_id), 0.0))
                    if rel is not None:
                        out.append((key, *rel))
        out.sort()
        return out


def update_corpus(
    store: Store,
    *,
    new_article_ids: list[str] | None = None,
    engine: CorpusEngine | None = None,
    slice_size: int = SLICE_SIZE,
    kb: Any = None,
) -> CorpusStats:
    """Bring the corpus tables up to date with the articles not seen yet.

    ``new_article_ids`` narrows the work to those articles (ids already seen are skipped, so
    passing everything is safe); by default every stored article not yet seen is new.
    ``engine`` runs the heavy parts (default: :class:`LocalCorpusEngine`). ``slice_size``:
    new articles per transaction (see the module docstring); the tables do not depend on it.
    ``kb``: the knowledge base of the run (default: the curated one, ``load_default_kb()``).
    """
    from haberdar.kb import load_default_kb

    engine = engine or LocalCorpusEngine()
    stats = CorpusStats()
    with store.engine.connect() as conn:
        new_ids = _new_ids(conn, new_article_ids)
    if not new_ids:
        return stats
    stats.new_articles = len(new_ids)
    kb = kb if kb is not None else load_default_kb()
    # the offices new claims name, with (article, day) of those claims: each office's conflicts
    # are recomputed once, after the last slice, over all its claims (a slice's window would
    # reach most of an office whose claims span the years, and recomputing it per slice made a
    # 500k first run 4x slower than one pass)
    pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
    index: _RunIndex | None = None  # the signatures of the run: one LSH index per run
    try:
        for part in _chunks(new_ids, max(1, slice_size)):
            with store.engine.begin() as conn:
                rows = _article_rows(conn, part)
                if index is None:
                    index = _RunIndex.load(conn, rows, len(new_ids))
                _dedup(conn, rows, stats, engine, index)
                _claims_and_flags(conn, rows, kb, stats, pending)
    finally:
        engine.end_run()
    del index
    new_set = set(new_ids)
    keys = sorted(k for k in pending if not k.startswith("|"))  # a bare title names no office
    for part in _chunks(keys, _OFFICES_PER_TRANSACTION):
        with store.engine.begin() as conn:
            for key in part:
                stats.flags += _office_conflicts(conn, key, pending.pop(key), new_set, kb)
    del pending, new_set
    with store.engine.begin() as conn:
        _cluster(conn, new_ids, stats, engine)
        for part in _chunks(new_ids, 5 * _CHUNK):
            conn.execute(insert_for(conn, corpus_seen).on_conflict_do_nothing(), [{"article_id": i} for i in part])
    return stats


def _new_ids(conn: Connection, new_article_ids: list[str] | None) -> list[str]:
    """The ids of the articles not seen yet (of ``new_article_ids``, when given), in the order
    they were stored."""
    not_seen = ~select(corpus_seen.c.article_id).where(corpus_seen.c.article_id == articles.c.id).exists()
    if new_article_ids is None:
        return list(conn.execute(select(articles.c.id).where(not_seen).order_by(articles.c.seq)).scalars())
    got: list[tuple[int, str]] = []
    for part in _chunks(sorted(set(new_article_ids))):
        got.extend((s, i) for i, s in conn.execute(select(articles.c.id, articles.c.seq).where(articles.c.id.in_(part), not_seen)))
    return [i for _, i in sorted(got)]


def _article_rows(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The :data:`_ROW_COLUMNS` of these articles, in the order they were stored."""
    cols = [articles.c[c] for c in _ROW_COLUMNS]
    rows = []
    for part in _chunks(ids):
        rows.extend(dict(r) for r in conn.execute(select(*cols).where(articles.c.id.in_(part))).mappings())
    rows.sort(key=lambda r: r["seq"])
    return rows


# --- duplicates and origin groups -------------------------------------------------------------


def _bodies(conn: Connection, rows: list[dict[str, Any]], n: int = _BODY_CHUNK) -> Iterator[list[str]]:
    """The bodies of ``rows``, in their order, ``n`` at a time."""
    for part in _chunks(rows, n):
        ids = [r["id"] for r in part]
        got: dict[str, str] = {}
        for sub in _chunks(ids):
            got.update(conn.execute(select(articles.c.id, articles.c.body).where(articles.c.id.in_(sub))).all())
        yield [got.get(i) or "" for i in ids]


class _RunIndex:
    """The signatures the new articles of one run are compared with, in one array with room for
    all of the run's new rows: those of the articles seen, and of the unseen articles stored
    before the run's first new one (left by an update stopped half-way or by a narrowed one),
    read once when the run starts; each slice's rows are appended after them. ``seqs`` gives
    each row's article ``seq`` (the rank of a cluster's representative)."""

    def __init__(self, ids: list[str], seqs: np.ndarray, sigs: np.ndarray, origins: np.ndarray | None = None) -> None:
        self.ids = ids
        self.seqs = seqs
        self.sigs = sigs
        # credited origin of each row as a code (0: none), for the one-story graph
        self.origins = origins if origins is not None else np.zeros(len(seqs), dtype=np.int64)
        self._codes: dict[str, int] = {}
        self._order: np.ndarray | None = None

    def origin_code(self, origin: str | None) -> int:
        key = _origin_key(origin)
        return 0 if not key else self._codes.setdefault(key, len(self._codes) + 1)

    @property
    def n(self) -> int:
        return len(self.ids)

    @classmethod
    def load(cls, conn: Connection, rows: list[dict[str, Any]], room: int) -> _RunIndex:
        seen = select(corpus_seen.c.article_id).where(corpus_seen.c.article_id == corpus_signatures.c.article_id).exists()
        lo = rows[0]["seq"] if rows else 0
        cond = (corpus_signatures.c.params == PARAMS) & (seen | (corpus_signatures.c.seq < lo))
        n = conn.execute(select(func.count()).select_from(corpus_signatures).where(cond)).scalar_one()
        sigs = np.empty((n + room, NUM_PERM), dtype=np.uint32)
        seqs = np.empty(n + room, dtype=np.int64)
        index = cls([], seqs, sigs, np.zeros(n + room, dtype=np.int64))
        ids = index.ids
        q = (
            select(corpus_signatures.c.article_id, corpus_signatures.c.seq, corpus_signatures.c.sig, articles.c.origin)
            .join(articles, articles.c.id == corpus_signatures.c.article_id)
            .where(cond)
            .order_by(corpus_signatures.c.seq)
        )
        result = conn.execute(q)
        while batch := result.fetchmany(_SIG_BATCH):
            k = len(ids)
            sigs[k : k + len(batch)] = np.frombuffer(b"".join(r[2] for r in batch), dtype="<u4").reshape(len(batch), NUM_PERM)
            seqs[k : k + len(batch)] = [r[1] for r in batch]
            index.origins[k : k + len(batch)] = [index.origin_code(r[3]) for r in batch]
            ids.extend(r[0] for r in batch)
        assert len(ids) == n
        return index

    def append(self, ids: list[str], seqs: list[int], sigs: np.ndarray, origins: list[str | None]) -> None:
        k = self.n
        if k + len(ids) > len(self.sigs):  # more rows than the room made at the start
            grow = max(len(ids), len(self.sigs) // 2)
            self.sigs = np.concatenate([self.sigs, np.empty((grow, NUM_PERM), dtype=np.uint32)])
            self.seqs = np.concatenate([self.seqs, np.empty(grow, dtype=np.int64)])
            self.origins = np.concatenate([self.origins, np.zeros(grow, dtype=np.int64)])
        self.sigs[k : k + len(ids)] = sigs
        self.seqs[k : k + len(ids)] = seqs
        self.origins[k : k + len(ids)] = [self.origin_code(o) for o in origins]
        self.ids.extend(ids)
        self._order = None

    def rows_of(self, seqs: list[int]) -> np.ndarray:
        """The rows of articles by ``seq`` (−1: not in the index)."""
        if self._order is None:
            self._order = np.argsort(self.seqs[: self.n], kind="stable")
        order = self._order
        s = np.asarray(seqs, dtype=np.int64)
        if not len(order):
            return np.full(len(s), -1, dtype=np.int64)
        sorted_seqs = self.seqs[order]
        pos = np.minimum(np.searchsorted(sorted_seqs, s), len(order) - 1)
        return np.where(sorted_seqs[pos] == s, order[pos], -1)


def _dedup(
    conn: Connection, rows: list[dict[str, Any]], stats: CorpusStats, engine: CorpusEngine, index: _RunIndex | None = None
) -> None:
    """Signatures of the new ``rows``, their near-duplicates (LSH over the run's index), the
    near-duplicate clusters and origin groups they join, and the flags of both."""
    if index is None:
        index = _RunIndex.load(conn, rows, len(rows))
    new_sigs = engine.signatures(_bodies(conn, rows))
    conn.execute(
        insert_for(conn, corpus_signatures).on_conflict_do_nothing(),
        [
            {"article_id": r["id"], "seq": r["seq"], "params": PARAMS, "sig": new_sigs[i].astype("<u4").tobytes()}
            for i, r in enumerate(rows)
        ],
    )
    n_old = index.n
    index.append([r["id"] for r in rows], [r["seq"] for r in rows], new_sigs, [r["origin"] for r in rows])
    del new_sigs
    pairs, sims = engine.story_pairs(index.ids, index.sigs[: index.n], n_old, index.origins[: index.n])
    # exact duplicates: the store links them by normalised body hash
    exact = [(r["duplicate_of"], r["id"]) for r in rows if r["duplicate_of"]]
    # articles of the pairs, the new ones and the originals of exact duplicates
    involved_rows = np.unique(pairs.ravel()) if len(pairs) else np.empty(0, dtype=np.int64)
    meta = {r["id"]: {"id": r["id"], "seq": r["seq"], "origin": r["origin"], "site": r["site"], "duplicate_of": r["duplicate_of"]} for r in rows}
    involved = {index.ids[i] for i in involved_rows.tolist()} | {a for a, _ in exact}
    meta.update(_article_meta(conn, involved - set(meta)))
    exact = [(a, b) for a, b in exact if a in meta]
    exact_set = set(exact)
    stats.exact_duplicate_pairs += len(exact)
    stats.near_duplicate_pairs += len(pairs) - sum(1 for a, b in _id_pairs(index, pairs) if (a, b) in exact_set)
    _near_clusters(conn, index, pairs, exact, meta, stats)
    _origin_groups(conn, rows, _syndication_edges(index, pairs, sims, exact, meta), meta, stats)


def _id_pairs(index: _RunIndex, pairs: np.ndarray) -> Iterator[tuple[str, str]]:
    return ((index.ids[i], index.ids[j]) for i, j in pairs.tolist())


def _near_flag(article: str, rep: str, score: float) -> dict[str, Any]:
    return {
        "target": article,
        "kind": "near_duplicate",
        "detail": f"near-duplicate of article {rep} (estimated similarity {score:.2f}), the first of its cluster of near-copies",
        "evidence": [{"article": rep, "score": round(score, 3), "cluster": rep}],
    }


def _stored_clusters(conn: Connection, ids: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in _chunks(sorted(ids)):
        q = select(near_duplicates.c.article_id, near_duplicates.c.cluster_id).where(near_duplicates.c.article_id.in_(part))
        out.update(conn.execute(q).all())
    return out


def _near_clusters(
    conn: Connection,
    index: _RunIndex,
    pairs: np.ndarray,
    exact: list[tuple[str, str]],
    meta: dict[str, dict[str, Any]],
    stats: CorpusStats,
) -> None:
    """Union the new articles with the clusters of their near and exact duplicates (union-find
    against the representative, the earliest article by ``seq``); write the membership rows
    that change (the new members, and every member of a cluster merged into an earlier one)
    and their ``near_duplicate`` flags: one per article, pointing at its representative."""
    if not len(pairs) and not exact:
        return
    involved = set(meta)
    stored = _stored_clusters(conn, involved)
    reps = set(stored.values()) - involved
    meta.update(_article_meta(conn, reps - set(meta)))
    stored.update(_stored_clusters(conn, reps))
    seq = {a: m["seq"] for a, m in meta.items()}
    ea = [index.seqs[pairs[:, 0]]] if len(pairs) else []
    eb = [index.seqs[pairs[:, 1]]] if len(pairs) else []
    extra = [(seq[a], seq[b]) for a, b in exact]
    extra += [(seq[a], seq[c]) for a, c in stored.items() if c in seq]
    if extra:
        x = np.array(extra, dtype=np.int64)
        ea.append(x[:, 0])
        eb.append(x[:, 1])
    nodes, roots = components(np.concatenate(ea), np.concatenate(eb))
    id_of = {s: a for a, s in seq.items()}
    root_of = {id_of[n]: id_of[r] for n, r in zip(nodes.tolist(), roots.tolist(), strict=True)}
    write = {a: rep for a, rep in root_of.items() if stored.get(a) != rep}
    # clusters merged into an earlier one: every member moves to the new representative
    merged = {c: root_of[c] for c in set(stored.values()) if c in root_of and root_of[c] != c}
    for part in _chunks(sorted(merged)):
        q = select(near_duplicates.c.article_id, near_duplicates.c.cluster_id).where(near_duplicates.c.cluster_id.in_(part))
        for a, c in conn.execute(q):
            write[a] = merged[c]
    meta.update(_article_meta(conn, set(write) - set(meta)))
    stats.near_clusters_touched += len(set(write.values()))
    _write_clusters(conn, write, meta, lambda ids: _index_sigs(conn, index, ids, meta))


def _index_sigs(conn: Connection, index: _RunIndex, ids: list[str], meta: dict[str, dict[str, Any]]) -> dict[str, np.ndarray]:
    """Signatures of ``ids``: from the run's index, else (not in it) from the store."""
    rows = index.rows_of([meta[a]["seq"] for a in ids])
    out = {a: index.sigs[r] for a, r in zip(ids, rows.tolist(), strict=True) if r >= 0}
    out.update(_stored_sigs(conn, [a for a in ids if a not in out]))
    return out


def _stored_sigs(conn: Connection, ids: list[str]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for part in _chunks(sorted(set(ids))):
        q = select(corpus_signatures.c.article_id, corpus_signatures.c.sig).where(
            corpus_signatures.c.article_id.in_(part), corpus_signatures.c.params == PARAMS
        )
        for a, sig in conn.execute(q):
            out[a] = np.frombuffer(sig, dtype="<u4")
    return out


def _write_clusters(
    conn: Connection, write: dict[str, str], meta: dict[str, dict[str, Any]], sigs_of: Any
) -> int:
    """Write membership rows ``article → representative`` (score: the estimated similarity of
    the two signatures) and replace the articles' ``near_duplicate`` flags."""
    if not write:
        return 0
    ids = sorted(write)
    sigs = sigs_of(sorted(set(ids) | set(write.values())))
    rows, flags = [], []
    for a in ids:
        rep = write[a]
        sa, sr = sigs.get(a), sigs.get(rep)
        score = 1.0 if a == rep else (float(estimate_similarity(sa, sr)) if sa is not None and sr is not None else 0.0)
        kind = "representative" if a == rep else ("exact" if meta[a].get("duplicate_of") else "near")
        rows.append({"article_id": a, "cluster_id": rep, "score": score, "kind": kind})
        if kind == "near":
            flags.append(_near_flag(a, rep, score))
    stmt = insert_for(conn, near_duplicates)
    stmt = stmt.on_conflict_do_update(
        index_elements=["article_id"],
        set_={"cluster_id": stmt.excluded.cluster_id, "score": stmt.excluded.score, "kind": stmt.excluded.kind},
    )
    for part in _chunks(rows, 5 * _CHUNK):
        conn.execute(stmt, part)
    for part in _chunks(ids):
        conn.execute(corpus_flags.delete().where(corpus_flags.c.kind == "near_duplicate", corpus_flags.c.target.in_(part)))
    return _write_flags(conn, flags)


def pairs_to_clusters(conn: Connection) -> int:
    """Migrate a store whose ``near_duplicates`` holds pairs (before schema version 3) to
    clusters: the components of its pairs, one row per member, one ``near_duplicate`` flag per
    member instead of one per pair. Returns the rows written (0 when there was nothing to do)."""
    from sqlalchemy import inspect, text

    names = set(inspect(conn).get_table_names())
    if "near_duplicates" not in names:
        near_duplicates.create(conn)
        return 0
    if "other_id" not in {c["name"] for c in inspect(conn).get_columns("near_duplicates")}:
        return 0
    pairs = conn.execute(text("SELECT article_id, other_id FROM near_duplicates WHERE article_id < other_id")).all()
    conn.execute(text("DROP TABLE near_duplicates"))
    near_duplicates.create(conn)
    conn.execute(corpus_flags.delete().where(corpus_flags.c.kind == "near_duplicate"))
    if not pairs:
        return 0
    meta = _article_meta(conn, {x for p in pairs for x in p})
    pairs = [(a, b) for a, b in pairs if a in meta and b in meta]
    if not pairs:
        return 0
    x = np.array([(meta[a]["seq"], meta[b]["seq"]) for a, b in pairs], dtype=np.int64)
    nodes, roots = components(x[:, 0], x[:, 1])
    id_of = {m["seq"]: a for a, m in meta.items()}
    write = {id_of[n]: id_of[r] for n, r in zip(nodes.tolist(), roots.tolist(), strict=True)}
    _write_clusters(conn, write, meta, lambda ids: _stored_sigs(conn, ids))
    return len(write)


def _syndication_edges(
    index: _RunIndex, pairs: np.ndarray, sims: np.ndarray, exact: list[tuple[str, str]], meta: dict[str, dict[str, Any]]
) -> list[tuple[str, str]]:
    """The edges of the origin groups: exact duplicates, and near-duplicates similar enough to
    carry one story (≥ SYNDICATION_THRESHOLD) whose credited origins agree (or one has none),
    reduced to one edge per article to the smallest of its component (the same groups,
    with as many edges as articles rather than pairs)."""
    keep = sims >= SYNDICATION_THRESHOLD if len(pairs) else np.zeros(0, dtype=bool)
    ea: list[np.ndarray] = []
    eb: list[np.ndarray] = []
    if keep.any():
        p = pairs[keep]
        rows = np.unique(p.ravel())
        codes: dict[str | None, int] = {None: 0}
        origin = np.zeros(index.n, dtype=np.int64)
        for r in rows.tolist():
            key = _origin_key(meta[index.ids[r]]["origin"])
            origin[r] = codes.setdefault(key, len(codes))
        oa, ob = origin[p[:, 0]], origin[p[:, 1]]
        ok = (oa == 0) | (ob == 0) | (oa == ob)
        ea.append(index.seqs[p[ok, 0]])
        eb.append(index.seqs[p[ok, 1]])
    if exact:
        x = np.array([(meta[a]["seq"], meta[b]["seq"]) for a, b in exact], dtype=np.int64)
        ea.append(x[:, 0])
        eb.append(x[:, 1])
    if not ea:
        return []
    nodes, roots = components(np.concatenate(ea), np.concatenate(eb))
    id_of = {m["seq"]: a for a, m in meta.items()}
    return [(id_of[r], id_of[n]) for n, r in zip(nodes.tolist(), roots.tolist(), strict=True) if n != r]


def _article_meta(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for part in _chunks(sorted(ids)):
        q = select(articles.c.id, articles.c.seq, articles.c.origin, articles.c.site, articles.c.duplicate_of).where(articles.c.id.in_(part))
        for r in conn.execute(q).mappings():
            out[r["id"]] = dict(r)
    return out


def _origin_key(origin: str | None) -> str | None:
    from haberdar.text import tr_lower

    return tr_lower(origin).strip() if origin else None


def _origin_groups(
    conn: Connection,
    rows: list[dict[str, Any]],
    edges: list[tuple[str, str]],
    meta: dict[str, dict[str, Any]],
    stats: CorpusStats,
) -> None:
    """Union new articles with the stories they copy (``edges``: see
    :func:`_syndication_edges`); relabel merged groups to their earliest article; (re)write
    ``syndicated_copy`` flags of every member of a touched group."""
    involved = {r["id"] for r in rows} | {x for e in edges for x in e}
    current: dict[str, str] = {}
    for part in _chunks(sorted(involved)):
        for aid, gid in conn.execute(select(origin_groups.c.article_id, origin_groups.c.group_id).where(origin_groups.c.article_id.in_(part))):
            current[aid] = gid
    old_groups = set(current.values())
    members: dict[str, list[str]] = defaultdict(list)
    for part in _chunks(sorted(old_groups)):
        for aid, gid in conn.execute(select(origin_groups.c.article_id, origin_groups.c.group_id).where(origin_groups.c.group_id.in_(part))):
            members[gid].append(aid)
    all_ids = involved | {a for ms in members.values() for a in ms}
    missing = all_ids - set(meta)
    meta.update(_article_meta(conn, missing))
    rank = {a: meta[a]["seq"] for a in all_ids}
    uf = UnionFind(rank)
    for gid, ms in members.items():
        for a in ms:
            uf.union(gid, a)
    for a, b in edges:
        uf.union(a, b)
    groups = uf.groups(all_ids)
    touched = []
    for root, ms in groups.items():
        if all(current.get(a) == root for a in ms) and all(a in current for a in ms):
            continue
        touched.append((root, ms))
    stats.origin_groups_touched += len(touched)
    # one statement per batch of rows, not one per group (2,374 groups of 16 copies: 2 s)
    stmt = insert_for(conn, origin_groups)
    stmt = stmt.on_conflict_do_update(index_elements=["article_id"], set_={"group_id": stmt.excluded.group_id})
    members = [{"article_id": a, "group_id": root} for root, ms in touched for a in ms]
    for part in _chunks(members, 5 * _CHUNK):
        conn.execute(stmt, part)
    for part in _chunks([m["article_id"] for m in members]):
        conn.execute(corpus_flags.delete().where(corpus_flags.c.kind == "syndicated_copy", corpus_flags.c.target.in_(part)))
    del members
    flags = []
    for root, ms in touched:
        if len(ms) < 2:
            continue
        origin = next((meta[a]["origin"] for a in sorted(ms, key=rank.__getitem__) if meta[a]["origin"]), None)
        for a in ms:
            if a == root:
                continue
            flags.append(
                {
                    "target": a,
                    "kind": "syndicated_copy",
                    "detail": f"carries the story of article {root}"
                    + (f" ({origin})" if origin else "")
                    + f"; one independent source with the {len(ms) - 1} other copies",
                    "evidence": [{"article": root}],
                }
            )
    stats.flags += _write_flags(conn, flags)


def _write_flags(conn: Connection, flags: list[dict[str, Any]]) -> int:
    if not flags:
        return 0
    rows = [
        {
            "target": f["target"],
            "kind": f["kind"],
            # flags of one office share a key prefix, so that they can be recomputed together
            "key": (content_hash(f["scope"].encode("utf-8"))[:8] + content_hash(f["detail"].encode("utf-8"))[:8])
            if f.get("scope")
            else content_hash(f["detail"].encode("utf-8")),
            "target_type": f.get("target_type", "article"),
            "detail": f["detail"],
            "evidence": f.get("evidence", []),
        }
        for f in flags
    ]
    conn.execute(insert_for(conn, corpus_flags).on_conflict_do_nothing(), rows)
    return len(rows)


# --- title claims, name and KB conflicts, article flags -----------------------------------


_OFFICES_PER_TRANSACTION = 2_000


def _claims_and_flags(
    conn: Connection, rows: list[dict[str, Any]], kb: Any, stats: CorpusStats, pending: dict[str, list[dict[str, Any]]]
) -> None:
    """Write the title claims and article flags of ``rows``; add the offices their claims name
    to ``pending`` (role key → the new claims' article and day) for the conflict pass."""
    new_ids = [r["id"] for r in rows]
    dated: set[str] = set()
    for part in _chunks(new_ids):
        q = select(event_mentions.c.article_id).where(event_mentions.c.article_id.in_(part), event_mentions.c.date.is_not(None))
        dated.update(r[0] for r in conn.execute(q))
    flags = []
    claims = []
    for part, bodies in zip(_chunks(rows, _BODY_CHUNK), _bodies(conn, rows), strict=True):
        for r, body in zip(part, bodies, strict=True):
            flags.extend(article_flags(r, dated_event=r["id"] in dated))
            claims.extend(extract_claims({**r, "body": body}, kb))
    if claims:
        conn.execute(insert_for(conn, title_claims).on_conflict_do_nothing(), claims)
    stats.flags += _write_flags(conn, flags)
    for c in claims:
        pending[c["role_key"]].append({"article_id": c["article_id"], "day": c["day"]})


def _office_conflicts(conn: Connection, key: str, new: list[dict[str, Any]], new_articles: set[str], kb: Any) -> int:
    """Recompute the conflicts of one office (role key) that its ``new`` claims can change,
    and (re)write their flags; returns how many were written.

    The flags of an article depend on the claims within ``WINDOW_DAYS`` of its day and the
    near-duplicates among their articles (:func:`~haberdar.corpus.verify.role_conflicts`), so
    only the articles within the window of a new claim's day are recomputed, from the claims
    within twice the window; for an office with many holders, the new claims' articles and
    their near-duplicates. The whole office is recomputed, as before, when it has a claim not
    dated to the day (undated: compared with every other; a month or a year: with the claims
    near that period) or when a new claim is its first (whose title names it).
    Memory holds (article, offset, day) of the office's claims and the claims recomputed.
    """
    light = conn.execute(
        select(title_claims.c.article_id, title_claims.c.start, title_claims.c.day).where(title_claims.c.role_key == key)
    ).all()
    if not light:
        return 0
    first = min((r[0], r[1]) for r in light)
    title = conn.execute(
        select(title_claims.c.title).where(title_claims.c.article_id == first[0], title_claims.c.start == first[1])
    ).scalar_one()
    office_articles = {r[0] for r in light}
    new_ids = {c["article_id"] for c in new}
    days = [(r[0], _parse_day(r[2])) for r in light]
    targets: set[str] | None
    if first[0] in new_articles or any(d is None for _, d in days):
        targets, needed = None, office_articles
    elif kb.is_multi_holder(title):
        targets = new_ids | _near_of(conn, new_ids, office_articles)
        needed = targets | _near_of(conn, targets, office_articles)
    else:
        new_days = sorted({_parse_day(c["day"]) for c in new if _parse_day(c["day"]) is not None})
        targets = set(new_ids)
        needed = set(new_ids)
        for aid, d in days:
            gap = _gap(new_days, d)
            if gap <= WINDOW_DAYS:
                targets.add(aid)
            if gap <= 2 * WINDOW_DAYS:
                needed.add(aid)
    needed.add(first[0])
    del light, days
    claims: list[dict[str, Any]] = []
    for part in _chunks(sorted(needed)):
        q = select(title_claims).where(title_claims.c.role_key == key, title_claims.c.article_id.in_(part))
        claims.extend(dict(r) for r in conn.execute(q).mappings())
    claims.sort(key=lambda c: (c["article_id"], c["start"]))
    # near-duplicates among the claims' articles (role_conflicts looks no further): the other
    # members of an article's near-duplicate cluster, one story
    near: dict[str, set[str]] = {}
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for a, c in _stored_clusters(conn, needed).items():
        by_cluster[c].add(a)
    for ms in by_cluster.values():
        if len(ms) > 1:
            for a in ms:
                near[a] = ms - {a}
    seq: dict[str, int] = {}
    for part in _chunks(sorted(needed)):
        seq.update({i: n for i, n in conn.execute(select(articles.c.id, articles.c.seq).where(articles.c.id.in_(part)))})
    found = role_conflicts(claims, kb, near=near, seq=seq, targets=targets)
    scope = content_hash(key.encode("utf-8"))[:8]
    for part in _chunks(sorted(office_articles if targets is None else targets)):
        conn.execute(
            corpus_flags.delete().where(
                corpus_flags.c.kind.in_(("name_conflict", "kb_conflict")),
                corpus_flags.c.target.in_(part),
                corpus_flags.c.key.startswith(scope),
            )
        )
    return _write_flags(conn, [{**f, "scope": key} for f in found])


def _near_of(conn: Connection, ids: set[str], within: set[str]) -> set[str]:
    """The near-duplicates of ``ids`` among ``within``: the other members of their clusters."""
    clusters = set(_stored_clusters(conn, ids).values())
    out: set[str] = set()
    for part in _chunks(sorted(clusters)):
        q = select(near_duplicates.c.article_id).where(near_duplicates.c.cluster_id.in_(part))
        out.update(a for (a,) in conn.execute(q) if a in within and a not in ids)
    return out


def near_map(conn: Connection, ids: Any, *, within: Any = None) -> dict[str, dict[str, float]]:
    """The near-duplicate pairs of ``ids``: article → {near-duplicate: estimated similarity},
    the near-duplicates taken among ``within`` when given.

    The store keeps clusters, not pairs; a pair is two articles of one cluster whose signatures
    share a band of the LSH index (buckets over MAX_BUCKET skipped, as in the run) and reach
    NEAR_THRESHOLD — the pairs a run's LSH finds among them. Work and memory grow with the
    clusters of ``ids``, not with the store."""
    ids = set(ids)
    cluster = _stored_clusters(conn, ids)
    if not cluster:
        return {}
    members: dict[str, list[str]] = defaultdict(list)
    for part in _chunks(sorted(set(cluster.values()))):
        q = select(near_duplicates.c.article_id, near_duplicates.c.cluster_id).where(near_duplicates.c.cluster_id.in_(part))
        for a, c in conn.execute(q):
            if within is None or a in within or a in cluster:
                members[c].append(a)
    allowed = None if within is None else set(within)
    pool = sorted({a for c, ms in members.items() if len(ms) > 1 for a in ms})
    sigs = _stored_sigs(conn, pool)
    pool = [a for a in pool if a in sigs]
    if len(pool) < 2:
        return {}
    mat = np.stack([sigs[a] for a in pool])
    index = BandIndex.build(pool, mat)
    query = np.array([k for k, a in enumerate(pool) if a in cluster], dtype=np.int64)
    pairs, sims = verify_pairs(mat, index.candidates(query), NEAR_THRESHOLD)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for (i, j), sim in zip(pairs.tolist(), sims.tolist(), strict=True):
        a, b = pool[i], pool[j]
        if cluster.get(a, a) != cluster.get(b, b):
            continue
        for x, y in ((a, b), (b, a)):
            if x in cluster and (allowed is None or y in allowed):
                out[x][y] = float(sim)
    return dict(out)


def _gap(days: list[date], d: date | None) -> int:
    """Days from ``d`` to the nearest of the sorted ``days`` (a large number when none)."""
    if d is None or not days:
        return 1 << 30
    i = bisect_left(days, d)
    return min(abs((days[k] - d).days) for k in (i - 1, i) if 0 <= k < len(days))


# --- same-event clustering ------------------------------------------------------------------


def _mention_rows(conn: Connection, ids: list[str], *, by_article: bool = False) -> list[dict[str, Any]]:
    out = []
    col = event_mentions.c.article_id if by_article else event_mentions.c.id
    for part in _chunks(sorted(set(ids))):
        out.extend(dict(r) for r in conn.execute(select(event_mentions).where(col.in_(part))).mappings())
    return out


def _near_scores(conn: Connection, article_ids: set[str], within: set[str]) -> dict[tuple[str, str], float]:
    """(new article, article) → similarity, for the near-duplicates of ``article_ids`` among
    ``within`` (the articles of the mentions they can be related to)."""
    return {(a, b): s for a, others in near_map(conn, article_ids, within=within).items() for b, s in others.items()}


def _cluster(conn: Connection, new_article_ids: list[str], stats: CorpusStats, engine: CorpusEngine) -> None:
    new_rows = _mention_rows(conn, new_article_ids, by_article=True)
    stats.new_mentions = len(new_rows)
    if not new_rows:
        return
    new_feats = {r["id"]: features(r) for r in new_rows}
    # candidates: stored mentions sharing a block, plus the new mentions themselves
    qblocks = {b for f in new_feats.values() for b in query_blocks(f)}
    cand_ids: set[str] = set()
    for part in _chunks(sorted(qblocks)):
        cand_ids.update(r[0] for r in conn.execute(select(event_blocks.c.mention_id).where(event_blocks.c.block.in_(part))))
    old_feats = {r["id"]: features(r) for r in _mention_rows(conn, sorted(cand_ids - set(new_feats)))}
    near = _near_scores(
        conn, {f.article_id for f in new_feats.values()}, {f.article_id for f in [*new_feats.values(), *old_feats.values()]}
    )
    merges: list[tuple[str, str]] = []
    possibles = []
    for key, kind, score, reason in engine.relations(new_feats, old_feats, near):
        if kind == "merge":
            merges.append(key)
        else:
            possibles.append({"mention_id": key[0], "other_id": key[1], "score": score, "reason": reason})
    # current events of the old mentions involved
    involved_old = sorted({m for p in merges for m in p} - set(new_feats))
    event_of: dict[str, str] = {}
    for part in _chunks(involved_old):
        for mid, eid in conn.execute(select(event_links.c.mention_id, event_links.c.event_id).where(event_links.c.mention_id.in_(part))):
            event_of[mid] = eid
    uf = UnionFind()
    for m in new_feats:
        uf.find(m)
    for a, b in merges:
        uf.union(event_of.get(a, a), event_of.get(b, b))
    # the event id is the smallest mention id of the component (order-independent)
    comps = uf.groups({*new_feats, *(event_of.get(m, m) for p in merges for m in p)})
    touched = 0
    for _, ms in comps.items():
        new_id = min(ms)
        old_events = [m for m in ms if m not in new_feats]
        if old_events:
            conn.execute(update(event_links).where(event_links.c.event_id.in_(old_events)).values(event_id=new_id))
        fresh = [m for m in ms if m in new_feats]
        if fresh:
            conn.execute(
                insert_for(conn, event_links).on_conflict_do_update(index_elements=["mention_id"], set_={"event_id": new_id}),
                [{"mention_id": m, "event_id": new_id} for m in fresh],
            )
        touched += 1
    stats.events_touched = touched
    rows = [{"block": b, "mention_id": f.id} for f in new_feats.values() for b in blocks(f)]
    if rows:
        conn.execute(insert_for(conn, event_blocks).on_conflict_do_nothing(), rows)
    possibles = _one_link_per_event(conn, possibles, {m: min(ms) for ms in comps.values() for m in ms})
    if possibles:
        conn.execute(insert_for(conn, possible_links).on_conflict_do_nothing(), possibles)
    stats.possible_links = len(possibles)


def _one_link_per_event(conn: Connection, possibles: list[dict[str, Any]], event_now: dict[str, str]) -> list[dict[str, Any]]:
    """The possible links worth keeping: none inside one event (its mentions merged anyway), and
    for each mention the best one to each other event. Copies of one story merge into one event,
    so k copies of two stories give k links, not k² (bench/copies.py)."""
    if not possibles:
        return possibles
    unknown = sorted({p[k] for p in possibles for k in ("mention_id", "other_id")} - set(event_now))
    event_of = dict(event_now)
    for part in _chunks(unknown):
        event_of.update(conn.execute(select(event_links.c.mention_id, event_links.c.event_id).where(event_links.c.mention_id.in_(part))).all())
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for p in possibles:
        mine = event_of.get(p["mention_id"], p["mention_id"])
        theirs = event_of.get(p["other_id"], p["other_id"])
        if mine == theirs:
            continue
        key = (p["mention_id"], theirs)
        if key not in best or p["score"] > best[key]["score"]:
            best[key] = p
    return list(best.values())


# --- export -------------------------------------------------------------------------------


def _merge_people(lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    order: list[str] = []
    for people in lists:
        for p in people:
            key = p.get("entity_id") or p.get("name") or ""
            if key not in by_key:
                order.append(key)
            by_key[key].append(p)
    out = []
    for key in order:
        ps = by_key[key]
        name = Counter(p.get("name") for p in ps).most_common(1)[0][0]
        title = Counter(p.get("title") for p in ps if p.get("title")).most_common(1)
        item = {"name": name, "entity_id": ps[0].get("entity_id"), "title": title[0][0] if title else None}
        out.append(item)
    return out


def corpus_events(store: Store) -> Iterator[dict[str, Any]]:
    """Cross-article events in the export shape of DESIGN.md, plus ``possibly_same``
    (scored links to events that may be the same happening) and ``mentions`` (ids).

    Flags of an event: its articles' flags from the corpus stages (with the article id in the
    detail), and, computed here, ``date_conflict``, ``location_conflict``, ``undated``,
    ``unattributed`` (every article) and ``low_specificity``.
    """
    with store.engine.connect() as conn:
        event_of = dict(conn.execute(select(event_links.c.mention_id, event_links.c.event_id)).all())
        group_of = dict(conn.execute(select(origin_groups.c.article_id, origin_groups.c.group_id)).all())
        # stories with copies: their articles are one source whatever sites carry them
        shared = frozenset(g for g, n in Counter(group_of.values()).items() if n > 1)
        art_flags: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in conn.execute(select(corpus_flags.c.target, corpus_flags.c.kind, corpus_flags.c.detail, corpus_flags.c.evidence)).mappings():
            art_flags[r["target"]].append(dict(r))
        possible: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        for r in conn.execute(select(possible_links)).mappings():
            ea, eb = event_of.get(r["mention_id"]), event_of.get(r["other_id"])
            if ea and eb and ea != eb:
                for x, y in ((ea, eb), (eb, ea)):
                    if r["score"] > possible[x].get(y, (0.0, ""))[0]:
                        possible[x][y] = (r["score"], r["reason"])
        person_types = {r[0] for r in conn.execute(select(entities.c.id).where(entities.c.type == "PER"))}
        group_origin: dict[str, str] = {}
        for aid, origin in conn.execute(select(articles.c.id, articles.c.origin).where(articles.c.origin.is_not(None)).order_by(articles.c.seq)):
            g = group_of.get(aid, aid)
            group_origin.setdefault(g, origin)
        q = (
            select(event_links.c.event_id, event_mentions, articles.c.uri, articles.c.site, articles.c.origin, articles.c.seq)
            .join(event_mentions, event_mentions.c.id == event_links.c.mention_id)
            .join(articles, articles.c.id == event_mentions.c.article_id)
            .order_by(event_links.c.event_id, articles.c.seq, event_mentions.c.idx)
        )
        current: list[dict[str, Any]] = []
        for row in conn.execution_options(stream_results=True, yield_per=500).execute(q).mappings():
            if current and current[0]["event_id"] != row["event_id"]:
                yield _event_record(current, group_of, group_origin, art_flags, possible, person_types, shared)
                current = []
            current.append(dict(row))
        if current:
            yield _event_record(current, group_of, group_origin, art_flags, possible, person_types, shared)


def _source_key(m: dict[str, Any], group_of: dict[str, str], group_origin: dict[str, str],
                shared: frozenset[str] = frozenset()) -> str:
    """Independent source of an article: the credited origin of its story's group; else the
    group itself when the story has copies (``shared``: copies of one story are one source,
    whatever sites they are on — as their ``syndicated_copy`` flags say); else its site."""
    g = group_of.get(m["article_id"], m["article_id"])
    origin = group_origin.get(g) or m.get("origin")
    if origin:
        return "origin:" + (_origin_key(origin) or "")
    if g in shared:
        return "group:" + g
    if m.get("site"):
        return "site:" + m["site"]
    return "group:" + g


def _event_record(
    ms: list[dict[str, Any]],
    group_of: dict[str, str],
    group_origin: dict[str, str],
    art_flags: dict[str, list[dict[str, Any]]],
    possible: dict[str, dict[str, tuple[float, str]]],
    person_types: set[str],
    shared: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    from haberdar.corpus.cluster import date_interval

    eid = ms[0]["event_id"]
    precision_rank = {"minute": 0, "day": 1, "month": 2, "year": 3, "unknown": 4}
    dated = [m for m in ms if m["date"]]
    date_val, date_prec = None, "unknown"
    if dated:
        counts = Counter((m["date"], m["date_precision"]) for m in dated)
        date_val, date_prec = min(counts, key=lambda k: (precision_rank.get(k[1], 4), -counts[k], k[0]))
    locs = [m["location"] for m in ms if m["location"] and m["location"].get("name")]
    location = Counter(tuple(sorted(loc.items())) for loc in locs).most_common(1)[0][0] if locs else None
    topics = Counter(t for m in ms for t in (m["topics"] or []))
    arts: dict[str, dict[str, Any]] = {}
    for m in ms:
        arts.setdefault(m["article_id"], {"id": m["article_id"], "uri": m["uri"], "site": m["site"], "origin": m["origin"]})
    sources = {_source_key(m, group_of, group_origin, shared) for m in ms}
    flags: list[dict[str, Any]] = []
    # date and location disagreement inside the event
    intervals = {(m["date"], m["date_precision"]): date_interval(m["date"], m["date_precision"]) for m in dated}
    ivs = [v for v in intervals.values() if v]
    if ivs and max(v[0] for v in ivs) - min(v[1] for v in ivs) > _ONE_DAY:
        detail = "; ".join(f"{m['article_id']}: {m['date']}" for m in dated)
        flags.append({"kind": "date_conflict", "detail": f"reports of this event disagree on the date ({detail})"})
    loc_names = {}
    for m in ms:
        if m["location"] and m["location"].get("name"):
            loc_names.setdefault(_fold(m["location"]["name"]), []).append(f"{m['article_id']}: {m['location']['name']}")
    if len(loc_names) > 1 and _places_disagree([v[0].split(": ", 1)[1] for v in loc_names.values()]):
        detail = "; ".join(x for v in loc_names.values() for x in v)
        flags.append({"kind": "location_conflict", "detail": f"reports of this event disagree on the place ({detail})"})
    if not dated:
        flags.append({"kind": "undated", "detail": "no report pins the day: neither the text nor a publication date"})
    unattributed = all(not m["origin"] and not m["site"] for m in ms)
    if unattributed:
        flags.append({"kind": "unattributed", "detail": "no report credits an agency or source, and no site is known"})
    recipients = _merge_people([m["recipients"] or [] for m in ms])
    named = any(
        (p.get("entity_id") in person_types) or p.get("title") for p in recipients
    )
    missing = [w for w, miss in (("date", not dated), ("place", not location), ("named counterpart", not named), ("attribution", unattributed)) if miss]
    if len(missing) >= 3:
        flags.append({"kind": "low_specificity", "detail": "no " + ", no ".join(missing)})
    for a in arts:
        for f in art_flags.get(a, ()):
            if f["kind"] in ("undated", "unattributed"):
                continue
            flags.append({"kind": f["kind"], "detail": f"article {a}: {f['detail']}"})
    evidence = [{"article": m["article_id"], **e} for m in ms for e in (m["evidence"] or [])]
    record = {
        "id": eid,
        "event_type": Counter(m["event_type"] for m in ms).most_common(1)[0][0],
        "mode": (Counter(m["mode"] for m in ms if m["mode"]).most_common(1) or [(None, 0)])[0][0],
        "status": "occurred" if any(m["status"] == "occurred" for m in ms) else ms[0]["status"],
        "date": date_val,
        "date_precision": date_prec if date_prec != "minute" else "day",
        "actors": _merge_people([m["actors"] or [] for m in ms]),
        "recipients": recipients,
        "location": dict(location) if location else None,
        "topics": [t for t, _ in topics.most_common()],
        "articles": list(arts.values()),
        "independent_sources": len(sources),
        "evidence": evidence,
        "flags": flags,
        "mentions": [m["id"] for m in ms],
        "possibly_same": [
            {"event": other, "score": s, "reason": reason}
            for other, (s, reason) in sorted(possible.get(eid, {}).items(), key=lambda kv: -kv[1][0])
        ],
    }
    if record["date"] and len(record["date"]) > 10:
        record["date"] = record["date"][:10]
    return record


def _places_disagree(names: list[str]) -> bool:
    """Two of the names cannot be one place: neither lies inside the other (a palace and its
    city agree; İstanbul and Ankara do not)."""
    from haberdar.kb.places import compatible

    return any(not compatible(a, b) for i, a in enumerate(names) for b in names[i + 1 :])


def _fold(name: str) -> str:
    from haberdar.kb.names import fold_name

    return fold_name(name)

