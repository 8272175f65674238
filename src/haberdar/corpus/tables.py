"""Tables of the corpus stages, registered on the store's :data:`haberdar.store.schema.metadata`.

They are created by ``Store.__init__`` (``metadata.create_all``) as soon as this module has been
imported, which ``haberdar.corpus`` does. Everything here is derived from ``articles`` and
``event_mentions``: dropping these tables and running :func:`haberdar.corpus.update_corpus`
again rebuilds them.

Why a table for the MinHash signatures rather than a pickled LSH next to the db: the signatures
then live in the same transaction as the articles (a run killed half-way never leaves an index
that disagrees with the store), they travel with the db file, and rebuilding the banded index
from them in memory is vectorised and takes well under a second per 100k articles.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, Index, Integer, LargeBinary, String, Table, Text

from haberdar.store.schema import metadata
from haberdar.store.sql import make_portable

# One MinHash signature per article (uint32 × NUM_PERM, little-endian), with the parameters
# that made it, so that a change of parameters is detected and the index rebuilt.
corpus_signatures = Table(
    "corpus_signatures",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("params", String(32), nullable=False),
    Column("sig", LargeBinary, nullable=False),
)

# Near-duplicate clusters: one row per article that has a near-duplicate (or an exact one), the
# cluster it belongs to and how close it is to the cluster's representative. A cluster is a
# connected component of the near-duplicate relation (estimated Jaccard similarity of word
# shingles ≥ NEAR_THRESHOLD, found through LSH), kept as union-find against a representative:
# ``cluster_id`` is the id of the cluster's earliest article (by ``seq``), which has a row of kind
# "representative"; the others are "near" (a ``near_duplicate`` flag each) or "exact" (the store's
# ``duplicate_of``, flagged ``duplicate``). ``score``: the estimated similarity to the
# representative. Rows grow with the articles, not with the pairs (k copies of a story: k rows,
# not k·(k−1)); "is B a near-duplicate of A" is "same cluster and similar signatures", computed
# from ``corpus_signatures`` where a pair's score is needed (:func:`haberdar.corpus.near_map`).
near_duplicates = Table(
    "near_duplicates",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("cluster_id", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("kind", String(16), nullable=False),  # "representative" | "near" | "exact"
)
Index("ix_near_duplicates_cluster", near_duplicates.c.cluster_id)

# Articles that carry one story (syndicated agency copies, exact duplicates): one group, one
# independent source. ``group_id`` is the id of the group's earliest article.
origin_groups = Table(
    "origin_groups",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("group_id", String(16), nullable=False),
)
Index("ix_origin_groups_group", origin_groups.c.group_id)

# Same-event clustering: each event mention belongs to one event. An event's id is the
# smallest id of its mentions, so it does not depend on the order articles arrived in.
event_links = Table(
    "event_links",
    metadata,
    Column("mention_id", String(16), primary_key=True),
    Column("event_id", String(16), nullable=False),
)
Index("ix_event_links_event", event_links.c.event_id)

# Blocking keys of event mentions: (participant entity, date bucket). A new mention is compared
# only with mentions that share a key.
event_blocks = Table(
    "event_blocks",
    metadata,
    Column("block", Text, primary_key=True),
    Column("mention_id", String(16), primary_key=True),
)

# "Possibly the same": pairs of mentions that share participants but lack the evidence to be
# merged (an undated report against a dated meeting). Kept pairwise, resolved to events on read.
possible_links = Table(
    "possible_links",
    metadata,
    Column("mention_id", String(16), primary_key=True),
    Column("other_id", String(16), primary_key=True),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
)

# Role–person statements found in article text ("MİT Başkanı Hakan Kalın"), the material of
# name and knowledge-base conflicts.
title_claims = Table(
    "title_claims",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("role_key", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("organisation", Text),
    Column("person", Text, nullable=False),
    Column("day", String(10)),  # the article's publication day, when known
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
)
Index("ix_title_claims_role", title_claims.c.role_key)
Index("ix_title_claims_person", title_claims.c.person)

# Flags of the corpus stages with their evidence. ``target`` is an article id (target_type
# "article"); event-level flags are derived when events are read.
corpus_flags = Table(
    "corpus_flags",
    metadata,
    Column("target", String(16), primary_key=True),
    Column("kind", String(24), primary_key=True),
    Column("key", String(16), primary_key=True),  # hash of the detail: one row per finding
    Column("target_type", String(8), nullable=False),
    Column("detail", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
)
Index("ix_corpus_flags_kind", corpus_flags.c.kind)

# Bookkeeping: which articles the corpus stages have seen (for "new since last run").
corpus_seen = Table(
    "corpus_seen",
    metadata,
    Column("article_id", String(16), primary_key=True),
)

make_portable(metadata)

__all__ = [
    "corpus_flags",
    "corpus_seen",
    "corpus_signatures",
    "event_blocks",
    "event_links",
    "near_duplicates",
    "origin_groups",
    "possible_links",
    "title_claims",
]
