"""The web UI in a real browser: Debian's chromium driven by Playwright against a real
``haberdar serve`` process on a store built by ``haberdar run examples/seeds``.

In CI (``CI=true``) these tests must run: a missing chromium or Playwright is a failure there.
Elsewhere they are skipped with the reason when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import SEEDS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() == "true"

if not Path(CHROMIUM).exists():
    if IN_CI:
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing: .ci/run installs it with apt-get install chromium")
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
if IN_CI:
    import playwright.sync_api  # noqa: F401 - must be installed in CI, never skipped
sync_api = pytest.importorskip("playwright.sync_api")

from haberdar.serve.process import served  # noqa: E402

XSS_TEXT = (
    "Güvenlik notu <script>alert(1)</script> başlığı\n\n"
    'Dışişleri Bakanı Hakan Fidan, Bakü\'de Azerbaycan heyetiyle görüştü. <img src=x onerror="window.__xss=1;alert(2)"> '
    "Görüşmede bölgesel güvenlik ele alındı.\n\n"
    "<script>window.__xss=2</script> Toplantının ardından ortak bir açıklama yapıldı ve işbirliği vurgulandı.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    db = tmp / "seeds.db"
    subprocess.run([sys.executable, "-m", "haberdar.cli", "run", str(SEEDS), "--db", str(db), "-q"], check=True, capture_output=True)
    with served(db, extra=["--uploads", str(tmp / "uploads")], log=tmp / "serve.log") as url:
        yield url


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=30) as resp:
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # every alert/confirm/prompt the page opens

    def on_dialog(d) -> None:
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def seed_events(server) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for ev in api(server, "/api/events?limit=500")["items"]:
        for a in ev["articles"]:
            out.setdefault(Path(a["uri"]).name[:3], ev)
    return out


def test_timeline_lists_the_seed_meetings_in_date_order(page, server, seed_events):
    page.goto(server + "/")
    rows = page.locator("tr.event")
    order = [rows.nth(i).get_attribute("data-event") for i in range(rows.count())]
    e3, e2, e4 = (seed_events[k]["id"] for k in ("003", "002", "004"))
    assert {e3, e2, e4} <= set(order)
    assert order.index(e3) < order.index(e2) < order.index(e4)
    row3 = page.locator(f"tr.event[data-event='{e3}']")
    assert "2024-09-13" in row3.inner_text() and "Ankara" in row3.inner_text()
    assert "2025-06-30" in page.locator(f"tr.event[data-event='{e2}']").inner_text()
    assert "Kahire" in page.locator(f"tr.event[data-event='{e4}']").inner_text()
    # source counts and the chart are there
    assert row3.locator("td.sources").inner_text().startswith("1")
    assert page.locator("svg.chart[aria-label='events by month'] rect.bar").count() >= 2


def test_event_page_of_seed_003(page, server, seed_events):
    ev = seed_events["003"]
    page.goto(server + "/")
    page.locator(f"tr.event[data-event='{ev['id']}'] a[href='/events/{ev['id']}']").click()
    page.wait_for_url(f"**/events/{ev['id']}")
    assert page.locator("#event-date").inner_text().startswith("2024-09-13")
    assert "Ankara" in page.locator("#event-place").inner_text()
    report = page.locator(f"#reports .report[data-article='{ev['articles'][0]['id']}']")
    assert "AA" in report.locator(".origin").inner_text()
    sentence = next(e["text"] for e in ev["evidence"] if e["article"] == ev["articles"][0]["id"])
    marks = report.locator("blockquote.evidence mark")
    assert marks.count() >= 1 and marks.first.inner_text() == sentence
    assert "Ankara" in sentence


def test_seed_001_event_shows_the_name_conflict_with_its_evidence(page, server, seed_events):
    ev = seed_events["001"]
    page.goto(server + f"/events/{ev['id']}")
    flag = page.locator("#flags .flag[data-flag='name_conflict']")
    assert flag.count() == 1
    assert flag.locator(".badge").inner_text() == "name conflict"
    assert "Hakan Kalın" in flag.inner_text() and "İbrahim Kalın" in flag.inner_text()
    evidence = flag.locator("blockquote.evidence")
    assert evidence.count() >= 1
    assert "Hakan Kalın" in evidence.first.locator("mark").inner_text()


def test_search_for_a_suffixed_name_returns_the_seed_articles(page, server):
    page.goto(server + "/")
    box = page.locator("header .searchbox input[name=q]")
    box.fill("Kalın’ın")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    found = {hits.nth(i).get_attribute("data-article") for i in range(hits.count())}
    seeds = {a["id"] for a in api(server, "/api/articles")["items"]}
    assert found == seeds and len(seeds) == 5
    assert page.locator("li.hit .snippet mark").first.inner_text() == "Kalın"


def test_untrusted_article_text_renders_inert(page, server):
    # added through the upload form, as an analyst would
    page.goto(server + "/ingest")
    page.locator("textarea[name=text]").fill(XSS_TEXT)
    page.locator("form.ingest button[type=submit]").click()
    page.wait_for_selector("#ingest-result")
    link = page.locator("#ingest-result a[href^='/articles/']").first
    href = link.get_attribute("href")
    art = api(server, "/api" + href)
    assert "<script>alert(1)</script>" in (art["title"] or "") + art["body"]
    assert "onerror=" in art["body"]
    own_scripts = page.locator("script").count()  # the page's own: /static/app.js

    for path in (href, "/search?q=" + urllib.parse.quote("Bakü güvenlik"), "/"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.locator("script").count() == own_scripts, path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("img").count() == 0, path
        assert page.evaluate("window.__xss") is None, path
    page.goto(server + href)
    text = page.locator("body").inner_text()
    assert "<script>alert(1)</script>" in text and '<img src=x onerror="window.__xss=1;alert(2)">' in text
    assert page.dialogs == []


def test_article_page_shows_removed_lines_struck_through(page, server):
    art = next(a for a in api(server, "/api/articles")["items"] if Path(a["uri"]).name.startswith("002"))
    page.goto(server + f"/articles/{art['id']}")
    removed = page.locator("#original-lines li.removed")
    assert removed.count() >= 3
    admin = page.locator("#original-lines li.removed", has_text="AdminAdmin")
    assert admin.locator("del").inner_text() == "AdminAdmin" and admin.locator(".reason").inner_text()
    assert "Muhammed İsmail Derviş" in page.locator("#clean-body").inner_text()
    page.locator("#only-removed").check()  # the light JavaScript: kept lines hide
    assert page.locator("#original-lines li.kept").first.is_hidden()
    assert removed.first.is_visible()


@pytest.mark.corpus
def test_a_repeated_lead_is_struck_through_alone_and_the_upload_counts_events(page, server, tmp_path):
    from conftest import CORPUS

    line = (CORPUS / "sozcu2014.jsonl").read_text(encoding="utf-8").splitlines()[0]
    upload = tmp_path / "sozcu_first.jsonl"
    upload.write_text(line + "\n", encoding="utf-8")
    page.goto(server + "/ingest")
    host = server.split("://", 1)[1].rstrip("/")
    assert host in page.locator("#curl-hint").inner_text()  # the request's own host and port
    page.set_input_files("input[name=file]", str(upload))
    page.locator("form.ingest button[type=submit]").click()
    page.wait_for_selector("#ingest-result")
    assert page.locator("#ingest-events").inner_text().isdigit()
    page.locator("#ingest-result a").first.click()
    partly = page.locator("#original-lines li.partly-removed")
    assert partly.count() == 1
    struck = partly.locator("del").inner_text()
    whole = partly.inner_text()
    assert struck and len(struck) < len(whole) - 50  # only the repeated lead, not the line
    assert page.locator("#original-lines li.removed").count() == 0


def test_month_chart_labels_its_axes_and_an_outlier_does_not_squash_it():
    from haberdar.serve.charts import month_chart

    months = [{"month": f"2014-{m:02d}", "events": 5 + m} for m in range(1, 13)] + [{"month": "2015-01", "events": 400}]
    svg = str(month_chart(months))
    assert ">events</text>" in svg and ">month</text>" in svg
    assert ">2014</text>" in svg and ">2015</text>" in svg  # a year label under each year's first bar
    assert ">400</text>" in svg  # the cut bar says its count
    assert 'y="22" class="axis" text-anchor="end">400<' not in svg  # the scale is not the outlier's


def test_paragraphs_one_language_and_one_entry_per_entity(page, server):
    """Issue 16's page defects: the clean text keeps its paragraphs; no Turkish UI phrase
    ("tarih yok") inside the English UI; the entity list has one "Türkiye" (not "TÜRKİYE" beside
    it) and no lower-case word as an entity ("internet")."""
    art = next(a for a in api(server, "/api/articles")["items"] if Path(a["uri"]).name.startswith("002"))
    page.goto(server + f"/articles/{art['id']}")
    assert page.locator("#clean-body p").count() >= 3
    for path in ("/", "/articles", f"/articles/{art['id']}", "/entities"):
        page.goto(server + path)
        assert "tarih yok" not in page.content().lower(), path
    names = [e["name"] for e in api(server, "/api/entities?limit=500")["items"]]
    folded = [n.casefold().replace("i̇", "i") for n in names]
    assert len(folded) == len(set(folded)), sorted(names)
    assert all(any(ch.isupper() for ch in n) for n in names), [n for n in names if not any(ch.isupper() for ch in n)]
