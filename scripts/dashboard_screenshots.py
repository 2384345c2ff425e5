"""The README's dashboard screenshots (docs/img/*.png), taken with Playwright and Debian's chromium.

    .venv/bin/whimbrel demo && .venv/bin/python scripts/dashboard_screenshots.py [--db whimbrel-demo.duckdb] [--out docs/img]

Serves a copy of the store with --allow-review (so the review buttons show; nothing is posted),
opens each page at 1100x660 and saves the visible part.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# name -> (path, what to wait for, an element to click first or None)
SHOTS = {
    "events": ("/", "#events tbody tr", None),
    "document": ("/document?id={doc}", "#doc-text .trigger", "#doc-text .trigger.m-conditional"),
    "timeline": ("/timeline", "#timeline-chart", None),
    "network": ("/network", "#network-chart", None),
    "negotiation": ("/negotiation?parties=RUS,UKR", "#section-meetings", None),
    "review": ("/review", "#queue li", None),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("whimbrel-demo.duckdb"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, socket.socket() as probe:
        db = Path(tmp) / "store.duckdb"
        shutil.copy(args.db, db)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "whimbrel"), "serve", "--db", str(db),
                                   "--port", str(port), "--allow-review"])
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    doc = httpx.get(url + "/api/documents", timeout=1).json()["documents"][0]["doc_id"]
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            shoot(url, doc, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)


def shoot(url: str, doc: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 660})
        for name, (path, ready, click) in SHOTS.items():
            page.goto(url + path.format(doc=doc))
            page.wait_for_selector(ready)
            if click:
                page.click(click)
                page.wait_for_selector("#event-detail")
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png", (out / f"{name}.png").stat().st_size // 1024, "KB")
        browser.close()


if __name__ == "__main__":
    main()
