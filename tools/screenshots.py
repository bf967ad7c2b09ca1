"""Make the README's pictures from the shipped samples, so that they stay true.

Builds a store from ``kg/samples/*.txt`` in a scratch directory, writes the
explorer page of its graph, serves the store with ``kg serve``'s server on
127.0.0.1, and photographs in headless Chromium (Debian's ``/usr/bin/chromium``
driven by Playwright; nothing is downloaded, and any request that leaves the
machine is refused):

- ``explorer.png``: the explorer, one entity's panel open;
- ``entity.png``: that entity's page in the web UI;
- ``document.png``: the sample's document page, its statements highlighted.

    python tools/screenshots.py [--out docs/images] [--entity NAME]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "kg" / "samples").glob("*.txt"))
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1440, "height": 860}
#: The entity the pictures are about, and the document the document page shows.
ENTITY = "Sofia Lind"
DOCUMENT = "nordvik-board.txt"


def _page(browser: Any, url: str, allowed: str) -> Any:
    """A new page that refuses every request outside ``allowed`` (and data:/blob:)."""
    page = browser.new_page(viewport=VIEWPORT)

    def route(request_route: Any) -> None:
        target = request_route.request.url
        if target.startswith((allowed, "data:", "blob:")):
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.goto(url)
    return page


def shoot_explorer(browser: Any, html: Path, entity: str, out: Path) -> None:
    page = _page(browser, html.resolve().as_uri(), html.resolve().as_uri())
    page.wait_for_selector("body[data-kg-stable=true]", timeout=60_000)
    node = page.evaluate(
        """name => JSON.parse(document.getElementById("kg-data").textContent)
            .nodes.find(n => n.label === name).id""",
        entity,
    )
    point = page.evaluate("id => window.kg.toDOM(id)", node)
    box = page.locator("#kg-network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])  # as a reader would
    page.wait_for_function("id => window.kg.selected() === id", arg=node)
    page.mouse.move(box["x"] + 5, box["y"] + 5)  # no tooltip over the picture
    page.wait_for_timeout(300)
    page.screenshot(path=str(out / "explorer.png"))
    page.close()


def shoot_web(browser: Any, base: str, entity: str, document: str, out: Path) -> None:
    page = _page(browser, f"{base}/entity?name={urllib.parse.quote(entity)}", base)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / "entity.png"), full_page=True)
    page.locator('a[href^="/document"]', has_text=document).first.click()
    page.wait_for_load_state("networkidle")
    first = page.locator("mark").first
    if first.count():
        first.click()
        page.wait_for_timeout(300)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(out / "document.png"), full_page=True)
    page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "images", help="folder for the pictures"
    )
    parser.add_argument("--entity", default=ENTITY, help=f"entity shown (default {ENTITY})")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    import kg
    from kg.serve.server import make_server

    args.out = args.out.resolve()  # before the chdir below
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-shots-") as scratch:
        html = Path(scratch) / "explorer.html"
        os.chdir(ROOT)  # documents are named by their paths as given: kg/samples/...
        samples = [p.relative_to(ROOT) for p in SAMPLES]
        graph = kg.build(paths=samples, store=Path(scratch) / "store")
        kg.draw(graph, html, entity=args.entity, hops=2)
        server = make_server(graph, port=0, quiet=True, workers=0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                shoot_explorer(browser, html, args.entity, args.out)
                shoot_web(browser, server.url.rstrip("/"), args.entity, DOCUMENT, args.out)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
            graph.close()
    for name in ("explorer.png", "entity.png", "document.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
