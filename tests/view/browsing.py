"""Headless Chromium for the browser tests: find or install it, and record one page load."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"
#: Milliseconds a page may take to lay out and freeze the graph (a 2,000-node one: more).
STABLE_TIMEOUT_MS = 20_000
BIG_STABLE_TIMEOUT_MS = 120_000


def _ensure_chromium() -> str:
    """Path of Debian's Chromium, installing the package when it is missing."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        pytest.fail(
            f"{CHROMIUM} is missing and cannot be installed here (needs root and apt-get): "
            "run `apt-get install -y chromium`",
            pytrace=False,
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [apt, "install", "-y", "--no-install-recommends", "chromium"]
    result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:  # stale or missing package lists: update once, retry
        subprocess.run([apt, "update"], env=env, capture_output=True, check=False)
        result = subprocess.run(install, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not CHROMIUM.exists():
        pytest.fail(
            f"could not install chromium with apt-get:\n{result.stdout[-2000:]}{result.stderr}",
            pytrace=False,
        )
    return str(CHROMIUM)


class Tab:
    """A browser tab with every request, console message, error and dialog recorded; a
    request the tab does not allow (:meth:`allowed`) is refused and recorded as blocked."""

    def __init__(self, browser: Any, *, height: int = 800) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": height})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.console.append((msg.type, msg.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def allowed(self, url: str) -> bool:
        raise NotImplementedError

    def _route(self, route: Any) -> None:
        url = route.request.url
        if self.allowed(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check_clean(self, console: tuple[str, ...] | None = ("error", "warning")) -> None:
        """Nothing left the page's origin, nothing went wrong, nothing popped up; ``console``:
        the kinds of console message that fail the check (None: any)."""
        assert all(self.allowed(u) for u in self.requests), self.requests
        assert self.blocked == []
        assert [m for m in self.console if console is None or m[0] in console] == []
        assert self.errors == []
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


class Visit(Tab):
    """One load of a page file, waiting until its graph is laid out and frozen."""

    def __init__(self, browser: Any, path: Path, *, timeout_ms: int = STABLE_TIMEOUT_MS) -> None:
        self.url = path.resolve().as_uri()
        super().__init__(browser)
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-kg-stable=true]", timeout=timeout_ms)

    def allowed(self, url: str) -> bool:
        return url == self.url or url.startswith(("data:", "blob:"))

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node; return the tooltip's visible text."""
        point = self.eval(
            "id => window.network.canvasToDOM(window.network.getPositions([id])[id])", node_id
        )
        return self._hover(point)

    def hover_edge(self, edge_id: str) -> str:
        """Move the mouse onto the middle of an edge's curve; return the tooltip text."""
        point = self.eval(
            "id => window.network.canvasToDOM("
            "window.network.body.edges[id].edgeType.getPoint(0.5))",
            edge_id,
        )
        return self._hover(point)

    def _hover(self, point: dict[str, float]) -> str:
        box = self.page.locator("#kg-network").bounding_box()
        self.page.mouse.move(0, 0)
        self.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        text: str = tooltip.inner_text()
        return text


#: Console warnings Chromium's software GL prints about sigma.js's WebGL calls (not the page's).
GL_DRIVER_WARNING = "GL Driver Message"


def check_clean_webgl(visit: Visit) -> None:
    """:meth:`Visit.check_clean` for a WebGL page: GL driver performance notes are allowed."""
    visit.console = [
        m for m in visit.console if not (m[0] == "warning" and GL_DRIVER_WARNING in m[1])
    ]
    visit.check_clean()
