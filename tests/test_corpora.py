"""The three shared corpora go through the whole run with no crash and a reason for every quarantine."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from haberdar.pipeline import run
from haberdar.store import open_store

pytestmark = pytest.mark.corpus

CORPORA = {"sozcu2014.jsonl": 1622, "rss_2017_2018.jsonl": 1657, "tr_financial_news_2025.jsonl": 194}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("corpora") / "c.db")
    stats = run([str(CORPUS / name) for name in CORPORA], store)
    return store, stats


def test_every_corpus_record_is_read_and_accounted_for(corpus_store):
    store, stats = corpus_store
    assert stats.read == sum(CORPORA.values())
    assert stats.stored + stats.duplicates + stats.quarantined == stats.read
    assert store.count() == stats.stored


def test_no_record_crashes_the_cleaner_and_every_quarantine_has_a_reason(corpus_store):
    store, _ = corpus_store
    reasons = [q["reason"] for q in store.iter_quarantine()]
    assert all(r.strip() for r in reasons)
    assert not [r for r in reasons if r.startswith("internal error")]
    assert len(reasons) <= 20  # only records with no words at all (empty RSS ads, image-only items)


def test_corpus_articles_have_bodies_dates_and_sites(corpus_store):
    store, _ = corpus_store
    arts = list(store.iter_articles())
    assert all(a["body"].strip() for a in arts)
    dated = sum(1 for a in arts if a["published_at"])
    assert dated / len(arts) > 0.99  # every corpus record carries a date field
    assert sum(1 for a in arts if a["site"]) / len(arts) > 0.99
    assert sum(1 for a in arts if a["title"]) / len(arts) > 0.85


def test_rss_descriptions_carry_no_markup_or_entities(corpus_store):
    store, _ = corpus_store
    for a in store.iter_articles():
        if "rss_2017" in a["uri"]:
            assert "<img" not in a["body"] and "&apos;" not in a["body"] and "&apos;" not in (a["title"] or "")


def test_independent_sources_agree_with_the_syndication_groups_on_every_event(corpus_store):
    from sqlalchemy import select

    from haberdar.corpus import corpus_events
    from haberdar.corpus.tables import origin_groups

    store, _ = corpus_store
    with store.engine.connect() as conn:
        group_of = dict(conn.execute(select(origin_groups.c.article_id, origin_groups.c.group_id)).all())
    n = 0
    for ev in corpus_events(store):
        groups = {group_of.get(a["id"], a["id"]) for a in ev["articles"]}
        # copies of one story are one source: never more sources than stories
        assert 1 <= ev["independent_sources"] <= len(groups), ev["id"]
        n += 1
    assert n > 100


def test_sites_are_one_name_per_outlet(corpus_store):
    store, _ = corpus_store
    sites = {a["site"] for a in store.iter_articles() if a["site"]}
    assert not [s for s in sites if s.startswith("www.") or "xn--" in s]
    assert "aa.com.tr" in sites and "anadoluajansı.com.tr" not in sites  # the AA IDN twin is AA
