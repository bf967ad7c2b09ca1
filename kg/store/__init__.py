"""The knowledge-graph store: the ``KnowledgeGraph`` facade (``graph``) over Oxigraph on
disk or in memory (``oxigraph``) or a SPARQL 1.1 endpoint (``sparql``); RDF and graph
formats in and out (``transfer``, ``formats``); cross-document links (``link``); the
networkx view (``network``); SHACL validation (``validate``)."""
