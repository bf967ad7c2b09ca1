"""The README's pictures can be made again from the shipped samples (tools/screenshots.py)."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from tests.view.browsing import _ensure_chromium

ROOT = Path(__file__).resolve().parents[1]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_script_draws_the_three_pictures(tmp_path):
    _ensure_chromium()
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("explorer.png", "entity.png", "document.png"):
        width, height = _png_size(tmp_path / name)
        assert width >= 1000 and height >= 600, (name, width, height)
    # the README shows exactly these files
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("explorer.png", "entity.png", "document.png"):
        assert f"docs/images/{name}" in readme
        assert (ROOT / "docs" / "images" / name).is_file()
