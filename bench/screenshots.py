"""Screenshots of the web UI's main pages, for the README.

    python bench/screenshots.py [--db FILE] [--out docs/screenshots]

Builds a store from ``examples/seeds`` in a temporary folder (unless ``--db`` is given), starts
``haberdar serve`` on a free loopback port, and lets Debian's chromium (through Playwright,
``/usr/bin/chromium``; never a downloaded browser) capture the timeline, an event, an entity,
an article and a search as PNG files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def seed_store(folder: Path) -> Path:
    db = folder / "seeds.db"
    subprocess.run([sys.executable, "-m", "haberdar.cli", "run", str(ROOT / "examples" / "seeds"), "--db", str(db), "-q"], check=True, capture_output=True)
    return db


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=None, help="store to show (default: the seeds, built in a temp folder)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--width", type=int, default=1280)
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from haberdar.serve.process import served

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or seed_store(Path(tmp))
        with served(db, extra=["--uploads", str(Path(tmp) / "uploads")]) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            shots: list[tuple[str, str]] = [("timeline", "/")]
            page.goto(url + "/")
            # the event of seed 003 (Ankara, 2024-09-13) when it is there, else the first event
            row = page.locator("tr.event", has_text="2024-09-13").first
            if not row.count():
                row = page.locator("tr.event").first
            event_href = row.locator("a[href^='/events/']").first.get_attribute("href")
            shots.append(("event", event_href))
            page.goto(url + event_href)
            entity_href = page.locator("a[href^='/entities/']").first.get_attribute("href")
            article_href = page.locator("#reports a[href^='/articles/']").first.get_attribute("href")
            shots += [("entity", entity_href), ("article", article_href), ("search", "/search?q=Kal%C4%B1n%E2%80%99%C4%B1n")]
            for name, path in shots:
                page.goto(url + path)
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=name != "article")
                print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  ← {path}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
