"""Put the repository root on ``sys.path``: the gold-set tests import ``benchmarks.gold``.

``python -m pytest`` does so already (it adds the working directory); plain ``pytest``
does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
