"""Drawing a knowledge graph: what to draw (``select``), plain node and edge data
(``data``), the offline HTML page (``html``), static pictures (``image``) and the
notebook display (``notebook``)."""
