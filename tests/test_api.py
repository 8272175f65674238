"""The HTTP API (``haberdar serve``) on a real store built from the seeds — SQLite, and PostgreSQL
when HABERDAR_TEST_POSTGRES is set (the module runs once per back end, see conftest): every
endpoint, filters, paging, bad parameters (4xx with a message, never 500), ingest, and a
schemathesis run against the OpenAPI document."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from conftest import SEEDS

from haberdar.store import search

fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette's note about httpx2, not ours
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from haberdar.serve.app import create_app  # noqa: E402

CONTRACT = {"id", "event_type", "mode", "status", "date", "date_precision", "actors", "recipients", "location", "topics", "articles", "independent_sources", "evidence", "flags"}


@pytest.fixture(scope="module")
def seeds_db(module_new_db, res) -> str:
    from haberdar.pipeline import run
    from haberdar.store import open_store

    db = module_new_db("seeds")
    store = open_store(db)
    run([str(SEEDS)], store, res=res)
    store.close()
    return db


@pytest.fixture(scope="module")
def copy_db(module_new_db):  # noqa: ANN201
    def _copy(db: str, name: str) -> str:
        """A private copy of the store (for tests that write; PostgreSQL: a database made from
        the seeds database as template, which must have no open connection then)."""
        return module_new_db(name, template=db)

    return _copy


@pytest.fixture(scope="module")
def client(seeds_db, copy_db, tmp_path_factory) -> TestClient:
    # PostgreSQL: the server reads a copy, so that the seeds database stays free to be copied
    db = seeds_db if "://" not in seeds_db else copy_db(seeds_db, "served")
    app = create_app(db, uploads_dir=tmp_path_factory.mktemp("uploads"))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def seed_events(client) -> dict[str, dict]:
    """Events by the seed number of their (first) article: {"003": record, ...}."""
    items = client.get("/api/events", params={"limit": 500}).json()["items"]
    out = {}
    for ev in items:
        for a in ev["articles"]:
            out.setdefault(Path(a["uri"]).name[:3], ev)
    return out


@pytest.fixture(scope="module")
def seed_articles(client) -> dict[str, dict]:
    items = client.get("/api/articles").json()["items"]
    return {Path(a["uri"]).name[:3]: a for a in items}


def _error(resp, status: int) -> str:
    assert resp.status_code == status, (resp.status_code, resp.text)
    body = resp.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


# --- events --------------------------------------------------------------------------------


def test_events_are_the_export_records_in_date_order(client, seeds_db):
    from haberdar.corpus import corpus_events
    from haberdar.outputs.timeline import ordered
    from haberdar.store import open_store

    body = client.get("/api/events").json()
    assert set(body) >= {"items", "total", "next"} and body["next"] is None
    store = open_store(seeds_db)
    expected = ordered(corpus_events(store))
    store.close()
    assert body["total"] == len(expected) >= 3
    # identical records, in the order of `haberdar timeline`
    assert body["items"] == expected
    for ev in body["items"]:
        assert CONTRACT <= ev.keys()


def test_seed_meetings_dated_first_in_date_order(seed_events, client):
    ids = [e["id"] for e in client.get("/api/events").json()["items"]]
    e3, e2, e4 = seed_events["003"], seed_events["002"], seed_events["004"]
    assert (e3["date"], e2["date"], e4["date"]) == ("2024-09-13", "2025-06-30", None)
    assert ids.index(e3["id"]) < ids.index(e2["id"]) < ids.index(e4["id"])
    assert e3["location"]["name"] == "Ankara" and e4["location"]["name"] == "Kahire"


def test_events_paging_follows_next(client):
    total = client.get("/api/events").json()["total"]
    seen, url = [], "/api/events?limit=2"
    while url:
        body = client.get(url).json()
        assert body["total"] == total and len(body["items"]) <= 2
        seen.extend(e["id"] for e in body["items"])
        url = body["next"]
    assert seen == [e["id"] for e in client.get("/api/events").json()["items"]]
    assert client.get("/api/events", params={"offset": 10_000}).json()["items"] == []


def test_event_filters(client, seed_events):
    def ids(**params) -> set[str]:
        return {e["id"] for e in client.get("/api/events", params={"limit": 500, **params}).json()["items"]}

    e1, e2, e3, e4 = (seed_events[k]["id"] for k in ("001", "002", "003", "004"))
    assert ids(**{"from": "2024", "to": "2024-12"}) == {e3}
    assert ids(**{"from": "2025-06-30"}) == {e2}
    assert ids(to="2024-09-13") == {e3}
    assert e3 in ids(place="Ankara'da") and e1 in ids(place="ankara") and e4 not in ids(place="Ankara")
    assert ids(place="Kahire") == {e4}
    assert {e2, e3, e4} <= ids(entity="kb:ibrahim-kalin")
    assert ids(flag="name_conflict") == {e1}
    assert e1 in ids(flag="undated") and e3 not in ids(flag="undated")
    assert ids(type="CONSULT") == ids()
    assert ids(type="ACCUSE") == set()
    assert ids(text="Derviş") == {e2}
    assert ids(text="dervis") == {e2}
    desc = [e["id"] for e in client.get("/api/events", params={"order": "desc", "limit": 500}).json()["items"]]
    assert desc.index(e2) < desc.index(e3)


def test_event_detail_has_flag_evidence(client, seed_events):
    e1 = seed_events["001"]
    body = client.get(f"/api/events/{e1['id']}").json()
    assert {k: body[k] for k in CONTRACT} == {k: e1[k] for k in CONTRACT}
    conflict = next(f for f in body["flag_evidence"] if f["kind"] == "name_conflict")
    assert "Hakan Kalın" in conflict["detail"]
    assert any("Hakan Kalın" in (e.get("text") or "") for e in conflict["evidence"])


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"from": "2024-13-45"}, "from"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2024-02-30"}, "to"),
        ({"from": "2025", "to": "2024"}, "after"),
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**20}, "offset"),
        ({"flag": "fake_news"}, "flag"),
        ({"type": "consult; drop table"}, "type"),
        ({"order": "sideways"}, "order"),
        ({"text": "'’!!"}, "text"),
    ],
)
def test_bad_event_parameters_are_422_with_a_message(client, params, word):
    assert word in _error(client.get("/api/events", params=params), 422)


def test_unknown_ids_are_404_with_a_message(client):
    assert "no event" in _error(client.get("/api/events/0000000000000000"), 404)
    assert "no entity" in _error(client.get("/api/entities/kb:nobody"), 404)
    assert "no article" in _error(client.get("/api/articles/ffffffffffffffff"), 404)
    assert "no entity" in _error(client.get("/api/events", params={"entity": "kb:nobody"}), 404)
    _error(client.get("/api/nothing-here"), 404)


# --- entities ------------------------------------------------------------------------------


def test_entities_list_search_and_paging(client):
    body = client.get("/api/entities").json()
    assert body["total"] == len(body["items"]) or body["next"]
    counts = [e["mentions"] for e in body["items"]]
    assert counts == sorted(counts, reverse=True) and all(n > 0 for n in counts)
    found = client.get("/api/entities", params={"q": "kalin"}).json()["items"]
    assert {"İbrahim Kalın", "Hakan Kalın"} <= {e["name"] for e in found}
    people = client.get("/api/entities", params={"type": "PER", "limit": 500}).json()["items"]
    assert people and {e["type"] for e in people} == {"PER"}
    page = client.get("/api/entities", params={"limit": 3}).json()
    assert len(page["items"]) == 3 and page["next"].startswith("/api/entities?") and "offset=3" in page["next"]
    _error(client.get("/api/entities", params={"type": "ALIEN"}), 422)
    _error(client.get("/api/entities", params={"limit": 100_000}), 422)


def test_entity_detail_roles_over_time_and_events(client, seed_events):
    body = client.get("/api/entities/kb:ibrahim-kalin").json()
    assert body["name"] == "İbrahim Kalın" and body["type"] == "PER"
    mit = next(r for r in body["roles"] if r["title"] == "MİT Başkanı")
    assert mit["start"] == "2023-06-05" and mit["end"] is None
    starts = [r["start"] for r in body["roles"]]
    assert starts == sorted(starts)
    ev_ids = [e["id"] for e in body["events"]]
    assert seed_events["003"]["id"] in ev_ids and body["events_total"] == len(ev_ids)
    assert body["mentions"] > 0 and body["articles_total"] >= 3


# --- articles ------------------------------------------------------------------------------


def test_articles_list_and_filters(client, seed_articles):
    body = client.get("/api/articles").json()
    assert body["total"] == 5 and body["next"] is None
    assert "body" not in body["items"][0] and body["items"][0]["snippet"]

    def ids(**params) -> set[str]:
        return {a["id"] for a in client.get("/api/articles", params=params).json()["items"]}

    a = {k: v["id"] for k, v in seed_articles.items()}
    assert ids(**{"from": "2024-09", "to": "2024-09"}) == {a["003"]}
    assert ids(**{"from": "2025"}) == {a["002"]}
    assert ids(origin="aa") == {a["003"]}
    assert ids(site="Konya Haberci") == {a["002"]}
    assert ids(flag="name_conflict") == {a["001"]}
    assert ids(q="Derviş") == {a["002"]}
    assert a["001"] not in ids(entity="kb:ibrahim-kalin") and a["003"] in ids(entity="kb:ibrahim-kalin")
    newest_first = [x["id"] for x in client.get("/api/articles", params={"order": "desc"}).json()["items"]]
    assert newest_first == [x["id"] for x in body["items"]][::-1]
    _error(client.get("/api/articles", params={"from": "2024-00"}), 422)
    _error(client.get("/api/articles", params={"limit": 9999}), 422)


def test_article_detail(client, seed_articles):
    art = client.get(f"/api/articles/{seed_articles['002']['id']}").json()
    assert art["origin"] == "Sabah" and art["published_at"] == "2025-06-30T00:22"
    assert "Muhammed İsmail Derviş" in art["body"]
    assert any(r["text"] == "AdminAdmin" and r["reason"] for r in art["removed"])
    assert "AdminAdmin" in art["raw_text"] and art["raw_truncated"] is False
    assert art["events"] and art["events"][0]["evidence"]
    assert any(m["entity_id"] == "kb:ibrahim-kalin" for m in art["mentions"])
    conflict = client.get(f"/api/articles/{seed_articles['001']['id']}").json()["corpus_flags"]
    assert {"name_conflict", "kb_conflict"} <= {f["kind"] for f in conflict}


# --- search --------------------------------------------------------------------------------


def test_search_normalisation():
    assert search.normalize_for_search("Kalın’ın") == "kalin"
    assert search.normalize_for_search("MİT'in BAŞKANI") == "mit baskani"
    assert search.search_terms("İbrahim Kalın'a, Hamas’ın") == ["ibrahim", "kalin", "hamas"]
    q = search.parse_query('"Hamas heyeti" ateşkes* Kalın’ın')
    assert q.fts5() == '"hamas heyeti" "ateskes"* "kalin"'
    with pytest.raises(ValueError, match="no searchable"):
        search.parse_query(" ’ !? ")


def test_search_finds_suffixed_names_and_highlights(client, seed_articles):
    body = client.get("/api/search", params={"q": "Kalın’ın"}).json()
    assert {a["id"] for a in body["items"]} == {a["id"] for a in seed_articles.values()}
    assert body["total"] == 5 and body["next"] is None
    for hit in body["items"]:
        words = [hit["snippet"][s:e] for s, e in hit["highlights"]]
        assert words and all(search.normalize_for_search(w) == "kalin" for w in words)
    assert {e["name"] for e in body["entities"]} >= {"İbrahim Kalın"}
    # without Turkish letters, and a phrase
    assert client.get("/api/search", params={"q": "kalin"}).json()["total"] == 5
    assert {a["id"] for a in client.get("/api/search", params={"q": "Derviş"}).json()["items"]} == {seed_articles["002"]["id"]}
    assert client.get("/api/search", params={"q": '"Hamas Şura Meclisi"'}).json()["total"] == 1
    page = client.get("/api/search", params={"q": "Kalın", "limit": 2}).json()
    assert len(page["items"]) == 2 and "offset=2" in page["next"]


def test_bad_search_parameters(client):
    _error(client.get("/api/search"), 422)
    _error(client.get("/api/search", params={"q": ""}), 422)
    assert "searchable" in _error(client.get("/api/search", params={"q": "’’ !!"}), 422)
    _error(client.get("/api/search", params={"q": "x" * 501}), 422)
    _error(client.get("/api/search", params={"q": " ".join(["kelime"] * 40)}), 422)
    # FTS5 syntax in the query is taken as words, never as operators
    assert client.get("/api/search", params={"q": 'Kalın OR NEAR( "Hamas" AND -x*'}).status_code == 200


def test_stats(client):
    body = client.get("/api/stats").json()
    assert body["articles"] == 5 and body["events"] >= 5 and body["events_dated"] >= 2
    assert {"month": "2024-09", "events": 1} in body["events_by_month"]
    assert any(p["place"] == "Ankara" and p["events"] >= 1 for p in body["places"])
    assert body["article_flags"]["name_conflict"] == 1


def test_pages_answer_html_and_missing_ids_404(client, seed_events, seed_articles):
    for url in ("/", f"/events/{seed_events['003']['id']}", "/entities/kb:ibrahim-kalin", f"/articles/{seed_articles['003']['id']}", "/search?q=Kalın", "/entities", "/articles", "/ingest"):
        resp = client.get(url)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html"), url
        assert "script-src 'self'" in resp.headers["content-security-policy"]
    for url in ("/events/nope", "/articles/nope", "/entities/nope"):
        resp = client.get(url)
        assert resp.status_code == 404 and "text/html" in resp.headers["content-type"]
    assert client.get("/?from=2024-99").status_code == 422
    assert client.get("/static/style.css").status_code == 200
    for url in ("/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2f..%2fapp.py", "/static/../app.py"):
        assert client.get(url).status_code == 404, url


# --- ingest --------------------------------------------------------------------------------

ARTICLE = (
    "Dışişleri Bakanı Fidan, Doha'da Hamas heyetiyle görüştü\n\n"
    "Dışişleri Bakanı Hakan Fidan, 12 Mart 2025 tarihinde Doha'da Hamas Siyasi Büro heyetiyle bir araya geldi. "
    "Görüşmede Gazze'de ateşkes ve insani yardım konuları ele alındı.\n\n"
    "Fidan, görüşmenin ardından yaptığı açıklamada insani yardımın kesintisiz ulaştırılması gerektiğini söyledi.\n"
)


@pytest.fixture()
def writable(seeds_db, copy_db, tmp_path) -> tuple[TestClient, Path]:
    db = copy_db(seeds_db, "w")
    uploads = tmp_path / "uploads"
    app = create_app(db, uploads_dir=uploads, max_upload_bytes=50_000)
    with TestClient(app) as c:
        yield c, uploads


def test_ingest_text_runs_the_pipeline_and_shows_up_everywhere(writable):
    client, uploads = writable
    before = client.get("/api/events").json()["total"]
    resp = client.post("/api/ingest", data={"text": ARTICLE})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["stored"] == 1 and len(body["articles"]) == 1
    aid = body["articles"][0]["id"]
    assert Path(body["uploaded_as"]).parent == uploads and Path(body["uploaded_as"]).read_text(encoding="utf-8") == ARTICLE
    art = client.get(f"/api/articles/{aid}").json()
    assert "Hakan Fidan" in art["body"] and art["uri"] == body["uploaded_as"]
    assert client.get("/api/search", params={"q": "Doha'da"}).json()["items"][0]["id"] == aid
    events = client.get("/api/events", params={"text": "Doha"}).json()["items"]
    assert events and events[0]["articles"][0]["id"] == aid
    assert client.get("/api/events").json()["total"] == before + len(events)
    # the same bytes again: nothing new
    again = client.post("/api/ingest", data={"text": ARTICLE}).json()
    assert again["stored"] == 0 and again["duplicates"] == 1 and again["already_stored"] == [aid]


def test_ingest_of_a_copy_joins_the_existing_event_and_the_index_stays_exact(writable, seed_events):
    """A rewritten copy of seed 003 merges into its event (new id or not): the event index is
    refreshed incrementally, cached records are dropped, and the result equals a full rebuild."""
    from haberdar.serve.index import (
        EventIndex,
        event_index,
        event_index_entities,
        event_index_mentions,
    )

    client, _ = writable
    before = client.get("/api/events", params={"limit": 500}).json()
    old = seed_events["003"]
    assert client.get(f"/api/events/{old['id']}").json()["articles"] == old["articles"]  # cached now
    text = (SEEDS / "003_89ec57eff858fa2d.txt").read_text(encoding="utf-8").replace("Görüşmede", "Toplantıda")
    body = client.post("/api/ingest", files={"file": ("kopya.txt", text.encode("utf-8"))}).json()
    assert body["stored"] == 1
    new_id = body["articles"][0]["id"]
    after = client.get("/api/events", params={"limit": 500}).json()
    merged = [e for e in after["items"] if old["articles"][0]["id"] in {a["id"] for a in e["articles"]}]
    assert len(merged) == 1 and {a["id"] for a in merged[0]["articles"]} == {old["articles"][0]["id"], new_id}
    assert after["total"] == before["total"]
    if merged[0]["id"] != old["id"]:
        _error(client.get(f"/api/events/{old['id']}"), 404)
    assert client.get(f"/api/events/{merged[0]['id']}").json()["articles"] == merged[0]["articles"]
    # the incrementally maintained index equals one rebuilt from scratch
    svc = client.app.state.service

    def dump() -> list:
        with svc.engine.connect() as conn:
            return [sorted(tuple(r) for r in conn.execute(t.select())) for t in (event_index, event_index_mentions, event_index_entities)]

    incremental = dump()
    with svc.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM event_index_state")
    EventIndex(svc.store).refresh()
    assert dump() == incremental


def test_ingest_jsonl_file_and_safe_names(writable):
    client, uploads = writable
    lines = "".join(
        json.dumps({"title": f"Haber {i}", "text": ARTICLE.replace("Doha", city), "date": "2025-03-12", "source": "Deneme"}, ensure_ascii=False) + "\n"
        for i, city in enumerate(("Kahire", "Tahran"))
    )
    resp = client.post("/api/ingest", files={"file": ("../../../../etc/passwd.jsonl", lines.encode(), "application/octet-stream")})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["stored"] == 2
    kept = Path(body["uploaded_as"])
    assert kept.parent == uploads and kept.name.endswith("-passwd.jsonl") and kept.read_text(encoding="utf-8") == lines
    assert not list(uploads.parent.glob("etc"))


@pytest.mark.parametrize(
    ("kwargs", "status", "word"),
    [
        ({"data": {"text": "   "}}, 400, "empty"),
        ({"data": {}}, 400, "nothing to ingest"),
        ({"data": {"text": "a"}, "files": {"file": ("a.txt", b"b")}}, 400, "either"),
        ({"data": {"text": ARTICLE, "format": "pdf"}}, 422, "format"),
        ({"data": {"text": "x" * 60_000}}, 413, "limit"),
        ({"files": {"file": ("big.txt", b"y" * 200_000)}}, 413, "limit"),
    ],
)
def test_ingest_refusals(writable, kwargs, status, word):
    client, _ = writable
    assert word in _error(client.post("/api/ingest", **kwargs), status)


def test_ingest_refuses_cross_site_posts(writable):
    client, _ = writable
    resp = client.post("/api/ingest", data={"text": ARTICLE}, headers={"Origin": "http://evil.example"})
    assert "cross-site" in _error(resp, 403)
    assert client.post("/ingest", data={"text": ARTICLE}, headers={"Origin": "http://evil.example"}).status_code == 403


def test_ingest_form_page(writable):
    client, _ = writable
    resp = client.post("/ingest", data={"text": ARTICLE})
    assert resp.status_code == 200 and 'id="ingest-result"' in resp.text and "/articles/" in resp.text
    resp = client.post("/ingest", data={"text": ""})
    assert resp.status_code == 400 and 'id="ingest-error"' in resp.text


# --- schemathesis ----------------------------------------------------------------------------

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

FUZZ_EXAMPLES = 60  # per GET operation (POST: a quarter): the whole run stays well under a minute on 2 cores


@pytest.fixture(scope="module")
def api_schema(seeds_db, copy_db, tmp_path_factory):
    db = copy_db(seeds_db, "fuzz")
    app = create_app(db, uploads_dir=tmp_path_factory.mktemp("fuzz-uploads"), max_upload_bytes=20_000)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations(schema) -> list:
    return [r.ok() for r in schema.get_all_operations()]


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_openapi_fuzz_no_server_errors(api_schema, mode):
    """Generated requests, valid (positive) and invalid (negative), against every operation of
    the OpenAPI document: never a 5xx; status codes, content types and bodies as documented.

    (Driven through Hypothesis directly: schemathesis's lazy pytest fixture does not run under
    pytest 9.)"""
    ops = _operations(api_schema)
    paths = {op.path for op in ops}
    assert {"/api/events", "/api/events/{event_id}", "/api/entities", "/api/entities/{entity_id}", "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/ingest", "/api/stats"} <= paths
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    if mode == "positive":
        checks.append(response_schema_conformance)
    fuzzed = []
    for op in ops:
        examples = FUZZ_EXAMPLES // 4 if op.method.upper() == "POST" else FUZZ_EXAMPLES

        @given(case=op.as_strategy(generation_mode=GenerationMode(mode)))
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
        def run(case) -> None:
            case.call_and_validate(checks=checks)

        try:
            run()
        except Unsatisfiable:
            # nothing invalid can be written for an operation without constrained parameters
            assert mode == "negative", op.label
            continue
        fuzzed.append(op.label)
    assert len(fuzzed) >= (len(ops) if mode == "positive" else 5), fuzzed
