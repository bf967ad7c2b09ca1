"""Drawing a knowledge graph: what to draw (``select``, ``rank``), plain node and edge
data (``data``), the offline HTML page (``html``), static pictures (``image``) and
the notebook display (``notebook``), in one sequence (``draw``).

:func:`draw` writes a page or a picture; :func:`page` returns the page as a string.
"""

from kg.view.drawing import draw, page

__all__ = ["draw", "page"]
