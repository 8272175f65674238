"""The Spark engine: per-article stages in ``mapPartitions``, corpus stages as Spark jobs.

    haberdar run PATH... --engine spark [--spark-master local[4]] [--staging DIR]
    spark-submit --master yarn src/haberdar/engine/submit.py PATH... --db FILE

What runs where:

* **driver** (this process): reads the inputs (ingest is a stream of files, feeds, archives),
  plans them (:class:`~haberdar.engine.Planner`: new, duplicate or bad, and the common-lines
  version of each new article), stages chunks of them as files under ``staging``, and writes
  every result to the store in input order — the store has one writer, and input order gives
  the same ``seq`` numbers and exact-duplicate links as the local engine;
* **executors**: :func:`haberdar.pipeline.process` over the staged chunks, one chunk per
  partition, with the resources loaded once per executor Python process
  (:func:`~haberdar.engine.resources_for` is a module-level cache and Spark reuses its Python
  workers) and the common lines broadcast once;
* **corpus stages** (:class:`SparkCorpusEngine`): MinHash signatures of the new bodies
  (``mapPartitions`` over staged chunks, :class:`~haberdar.corpus.dedup.MinHasher`), LSH banding
  (band keys by :func:`~haberdar.corpus.dedup.band_keys` in ``mapInArrow``, buckets and
  candidate pairs as a DataFrame group-by and self-join), and event blocking (a join of the new
  mentions' query blocks with every block entry, :func:`~haberdar.corpus.cluster.relate` on each
  candidate pair in the executors). The driver verifies candidate pairs against the signatures
  (:func:`~haberdar.corpus.dedup.estimate_similarity`), joins events (union-find) and writes the
  same tables as :func:`haberdar.corpus.update_corpus` does — it *is* that function, with this
  engine plugged in.

On a cluster ``staging`` must be a directory every executor can read (NFS, a mounted bucket),
and haberdar must be installed in the executors' Python.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from haberdar.corpus import CorpusEngine, Relation
from haberdar.corpus.dedup import (
    MAX_BUCKET,
    NEAR_THRESHOLD,
    NUM_PERM,
    band_keys,
    is_empty_signature,
    verify_pairs,
)
from haberdar.engine import CommonAt, Planner, process_item, resource_spec, resources_for
from haberdar.ingest.jsonl import FieldMap
from haberdar.ingest.sources import iter_documents
from haberdar.resources import Resources
from haberdar.store import Store

__all__ = ["SparkCorpusEngine", "get_spark", "run_spark"]

CHUNK_SIZE = 256  # new articles per partition
SIG_ROWS = 8192  # signatures per band-key partition


def get_spark(master: str | None = None, *, app_name: str = "haberdar", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession (the running one under ``spark-submit``); ``master`` e.g. ``local[2]``;
    ``conf`` more Spark settings (``{"spark.driver.memory": "4g"}``).

    Executors run this very Python (``PYSPARK_PYTHON``), so that haberdar and its resources are
    importable there in local mode.
    """
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    master = master or os.environ.get("HABERDAR_SPARK_MASTER")
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # a few cores: 200 shuffle partitions would be 200 tiny tasks per shuffle
        builder = builder.config("spark.sql.shuffle.partitions", "16")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("HABERDAR_SPARK_LOG", "ERROR"))
    return spark


class _Staging:
    """Files of pickled chunks that every executor can read."""

    def __init__(self, root: str | None) -> None:
        self.dir = tempfile.mkdtemp(prefix="haberdar-spark-", dir=root)
        self.n = 0

    def put(self, obj: Any) -> str:
        path = os.path.join(self.dir, f"{self.n:08d}.pkl")
        self.n += 1
        with open(path, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _load(path: str) -> Any:
    with open(path, "rb") as fh:
        return pickle.load(fh)


# --- per-article stages -----------------------------------------------------------------------


def _process_partition(rank_bc: Any, spec: Any, analyse: bool) -> Callable[[Iterator[tuple[int, str]]], Iterator[tuple[int, list[tuple]]]]:
    def run(part: Iterator[tuple[int, str]]) -> Iterator[tuple[int, list[tuple]]]:
        res = resources_for(spec)  # once per executor Python process
        rank = rank_bc.value
        for cid, path in part:
            entries = _load(path)
            yield cid, [process_item(e[1], res, CommonAt(rank, e[2]), analyse) for e in entries if e[0] == "new"]

    return run


def run_spark(
    paths: Iterable[str],
    store: Store,
    *,
    fields: FieldMap | None = None,
    max_bytes: int = 20_000_000,
    res: Resources | None = None,
    on_item: Callable[[Any, str], None] | None = None,
    batch_size: int = 200,
    analyse: bool = True,
    corpus: bool = True,
    chunk_size: int | None = None,
    spark: Any = None,
    staging: str | None = None,
) -> Any:
    """:func:`haberdar.pipeline.run` on Spark: the same store at the end.

    ``spark`` is a SparkSession, or a master URL (``local[2]``), or None for the default one.
    """
    from haberdar.pipeline import RunStats, Writer

    session = spark if spark is not None and not isinstance(spark, str) else get_spark(spark)
    sc = session.sparkContext
    chunk_size = chunk_size or CHUNK_SIZE
    spec = resource_spec(res)
    stats = RunStats()
    stage = _Staging(staging or os.environ.get("HABERDAR_SPARK_STAGING"))
    try:
        with store.batch() as batch:
            writer = Writer(batch, stats, batch_size=batch_size, on_item=on_item)
            planner = Planner(batch)
            chunks: list[str] = []
            entries: list[tuple] = []
            n_new = 0
            for item in iter_documents(paths, fields=fields, max_bytes=max_bytes):
                entries.append(planner.plan(item))
                n_new += entries[-1][0] == "new"
                if n_new >= chunk_size or len(entries) >= 8 * chunk_size:
                    chunks.append(stage.put(entries))
                    entries, n_new = [], 0
            if entries:
                chunks.append(stage.put(entries))
            if chunks:
                rank = {k: i for i, k in enumerate(planner.lines.common.order)}
                rank_bc = sc.broadcast(rank)
                rdd = sc.parallelize(list(enumerate(chunks)), len(chunks)).mapPartitions(_process_partition(rank_bc, spec, analyse))
                for cid, results in rdd.toLocalIterator(prefetchPartitions=True):
                    it = iter(results)
                    for entry in _load(chunks[cid]):
                        planner.write(writer, entry, next(it) if entry[0] == "new" else None)
                rank_bc.unpersist()
        if corpus:
            from haberdar.corpus import update_corpus

            stats.corpus = update_corpus(store, engine=SparkCorpusEngine(session, stage.dir), kb=res.kb if res is not None else None)
    finally:
        stage.close()
    return stats


# --- corpus stages ----------------------------------------------------------------------------


def _sign_partition(part: Iterator[tuple[int, str]]) -> Iterator[tuple[int, bytes]]:
    from haberdar.corpus import _hasher

    for idx, path in part:
        yield idx, _hasher().signatures(_load(path)).astype("<u4").tobytes()


def _band_entries(batches: Iterator[Any]) -> Iterator[Any]:
    """(band key, row) of every indexed signature: the LSH index as rows of a DataFrame."""
    import pyarrow as pa

    for b in batches:
        for lo, path in zip(b.column("lo").to_pylist(), b.column("path").to_pylist(), strict=True):
            sigs = np.frombuffer(_load(path), dtype="<u4").reshape(-1, NUM_PERM)
            rows = np.arange(lo, lo + len(sigs), dtype=np.int64)
            keep = ~is_empty_signature(sigs)
            keys = band_keys(sigs[keep])
            yield pa.RecordBatch.from_arrays(
                [pa.array(keys.ravel().view(np.int64)), pa.array(np.repeat(rows[keep], keys.shape[1]))],
                names=["key", "row"],
            )


def _relate_partition(feats_bc: Any, near_bc: Any) -> Callable[[Iterator[tuple[str, str]]], Iterator[Relation]]:
    def run(part: Iterator[tuple[str, str]]) -> Iterator[Relation]:
        from haberdar.corpus.cluster import relate

        feats, near = feats_bc.value, near_bc.value
        for fid, oid in part:  # fid: the new mention
            f, o = feats[fid], feats[oid]
            rel = relate(f, o, near.get((f.article_id, o.article_id), 0.0))
            if rel is not None:
                yield ((min(fid, oid), max(fid, oid)), *rel)

    return run


class SparkCorpusEngine(CorpusEngine):
    """The heavy parts of :func:`haberdar.corpus.update_corpus` as Spark jobs."""

    def __init__(self, spark: Any, staging: str | None = None) -> None:
        self.spark = spark
        self.sc = spark.sparkContext
        self.staging = staging

    def signatures(self, bodies: Iterator[list[str]]) -> np.ndarray:
        stage = _Staging(self.staging)
        try:
            paths = [stage.put(chunk) for chunk in bodies]
            if not paths:
                return np.empty((0, NUM_PERM), dtype=np.uint32)
            rdd = self.sc.parallelize(list(enumerate(paths)), len(paths)).mapPartitions(_sign_partition)
            parts = [np.frombuffer(blob, dtype="<u4").reshape(-1, NUM_PERM) for _, blob in rdd.toLocalIterator(prefetchPartitions=True)]
            return np.concatenate(parts).astype(np.uint32)
        finally:
            stage.close()

    def near_pairs(self, ids: list[str], sigs: np.ndarray, n_old: int) -> tuple[np.ndarray, np.ndarray]:
        n = len(ids)
        if n == n_old or n < 2:
            return np.empty((0, 2), dtype=np.int64), np.empty(0)
        sigs = np.ascontiguousarray(sigs, dtype="<u4")
        stage = _Staging(self.staging)
        try:
            # the signatures travel as staged files, not through the driver's JVM
            parts = [(lo, stage.put(sigs[lo : lo + SIG_ROWS].tobytes())) for lo in range(0, n, SIG_ROWS)]
            got = self._candidates(parts, n_old)
        finally:
            stage.close()
        if not len(got):
            return got, np.empty(0)
        return verify_pairs(sigs, got[np.lexsort((got[:, 1], got[:, 0]))], NEAR_THRESHOLD)

    def _candidates(self, parts: list[tuple[int, str]], n_old: int) -> np.ndarray:
        """LSH candidate pairs as a Spark job: band keys of every signature (``mapInArrow``),
        bucket sizes (group-by), pairs within buckets (self-join)."""
        from pyspark.sql import functions as F

        df = self.spark.createDataFrame(self.sc.parallelize(parts, len(parts)), "lo long, path string")
        entries = df.mapInArrow(_band_entries, "key long, row long")
        # buckets of 2 … MAX_BUCKET entries; pairs (i < j) with the later row new (so one is new)
        sizes = entries.groupBy("key").count().where((F.col("count") >= 2) & (F.col("count") <= MAX_BUCKET)).select("key")
        e = entries.join(sizes, "key")
        a, b = e.alias("a"), e.alias("b")
        cand = (
            a.join(b, F.col("a.key") == F.col("b.key"))
            .where((F.col("a.row") < F.col("b.row")) & (F.col("b.row") >= n_old))
            .select(F.col("a.row").alias("i"), F.col("b.row").alias("j"))
            .distinct()
        )
        # candidates come back in blocks of numpy rows, not as one list of Python tuples
        blocks, buf = [], []
        for r in cand.toLocalIterator():
            buf.append((r["i"], r["j"]))
            if len(buf) >= 1 << 16:
                blocks.append(np.array(buf, dtype=np.int64))
                buf = []
        blocks.append(np.array(buf, dtype=np.int64).reshape(-1, 2))
        return np.concatenate(blocks)

    def relations(
        self,
        new_feats: dict[str, Any],
        old_feats: dict[str, Any],
        near: dict[tuple[str, str], float],
    ) -> list[Relation]:
        from haberdar.corpus.cluster import blocks, query_blocks

        if not new_feats:
            return []
        sc = self.sc
        stored = [(b, f.id) for f in [*old_feats.values(), *new_feats.values()] for b in blocks(f)]
        queries = [(b, f.id) for f in new_feats.values() for b in query_blocks(f)]
        n_part = max(1, sc.defaultParallelism)
        pairs = (
            sc.parallelize(queries, n_part)
            .join(sc.parallelize(stored, n_part))
            .map(lambda kv: kv[1])
            .filter(lambda p: p[0] != p[1])
            .keyBy(lambda p: (min(p), max(p)))
            .reduceByKey(lambda x, _y: x)  # each unordered pair once
            .values()
        )
        feats_bc = sc.broadcast({**old_feats, **new_feats})
        near_bc = sc.broadcast(near)
        try:
            return sorted(pairs.mapPartitions(_relate_partition(feats_bc, near_bc)).collect())
        finally:
            feats_bc.unpersist()
            near_bc.unpersist()
