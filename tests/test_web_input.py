"""URLs, feeds and sitemaps as input, against a local HTTP server on 127.0.0.1 (nothing leaves
the machine): real Sözcü articles served as pages, a feed and a sitemap listing them, a robots.txt
that disallows one page, and a link that answers 404."""

from __future__ import annotations

import html
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import CORPUS

EXE = Path(sys.executable).with_name("haberdar")
N = 4


def _pages() -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    with (CORPUS / "sozcu2014.jsonl").open(encoding="utf-8") as fh:
        arts = [json.loads(next(fh)) for _ in range(N + 1)]
    for i, a in enumerate(arts):
        title, _, body = a["text"].partition(". ")
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split(". ") if p)
        pages[f"/haber/{i}.html"] = (
            f"<!doctype html><html lang='tr'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta property='article:published_time' content='{a['date']}'></head><body><nav>Anasayfa Gündem</nav>"
            f"<article><h1>{html.escape(title)}</h1>{paras}</article><footer>Tüm hakları saklıdır</footer></body></html>"
        ).encode()
    private = "/private/4.html"
    pages[private] = pages.pop(f"/haber/{N}.html")
    items = "".join(f"<item><title>{i}</title><link>/haber/{i}.html</link></item>" for i in range(N))
    items += f"<item><title>gizli</title><link>{private}</link></item><item><title>yok</title><link>/haber/404.html</link></item>"
    pages["/feed.xml"] = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()
    locs = "".join(f"<url><loc>/haber/{i}.html</loc></url>" for i in range(N))
    pages["/sitemap.xml"] = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                             f"{locs}</urlset>").encode()
    pages["/robots.txt"] = b"User-agent: *\nDisallow: /private/\n"
    return pages


@pytest.fixture(scope="module")
def server():
    pages = _pages()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            ctype = "application/rss+xml" if self.path.endswith(".xml") else "text/html; charset=utf-8"
            self.send_header("Content-Type", ctype if body is not None else "text/plain")
            data = body if body is not None else b"not found"
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def haberdar(*args: str) -> subprocess.CompletedProcess:
    env = {"HABERDAR_FETCH_DELAY": "0", "HABERDAR_FETCH_RETRIES": "0", "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.corpus
def test_a_feed_url_ingests_its_articles_and_a_second_run_adds_nothing(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "web.db")
    first = haberdar("run", f"{server}/feed.xml", "--db", db, "--workers", "1")
    assert first.returncode == 0, first.stderr
    arts = [json.loads(x) for x in haberdar("export", "articles", "--db", db).stdout.splitlines()]
    assert len(arts) == N
    assert all(a["uri"].startswith(server + "/haber/") for a in arts)
    assert all(a["published_at"] and a["title"] for a in arts)
    quarantined = haberdar("quarantine", "--db", db).stdout
    assert "robots.txt" in quarantined and "HTTP 404" in quarantined
    second = haberdar("run", f"{server}/feed.xml", "--db", db, "--workers", "1")
    assert second.returncode == 0
    assert len(haberdar("export", "articles", "--db", db).stdout.splitlines()) == N


@pytest.mark.corpus
def test_a_sitemap_and_a_single_page(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "web.db")
    assert haberdar("run", f"{server}/sitemap.xml", "--db", db, "--workers", "1").returncode == 0
    assert len(haberdar("export", "articles", "--db", db).stdout.splitlines()) == N
    db2 = str(tmp_path / "one.db")
    assert haberdar("run", f"{server}/haber/0.html", "--db", db2, "--workers", "1").returncode == 0
    assert len(haberdar("export", "articles", "--db", db2).stdout.splitlines()) == 1


def test_an_unreachable_host_is_quarantined_not_a_crash(tmp_path: Path) -> None:
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    p = haberdar("run", f"http://127.0.0.1:{port}/feed.xml", "--db", str(tmp_path / "x.db"), "--workers", "1")
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "could not fetch" in haberdar("quarantine", "--db", str(tmp_path / "x.db")).stdout
