"""The knowledge-graph store: the ``KnowledgeGraph`` facade (``graph``) over a backend
(``backend``): Oxigraph on disk or in memory (``oxigraph``) or a SPARQL 1.1 endpoint
(``sparql``), chosen by location (``locations``); how documents are written (``writes``)
and counted (``summary``); one table of import and export formats (``formats``) with
RDF files (``rdf_files``), graph-tool files (``graph_files``) and Neo4j files
(``neo4j_files``); cross-document links (``link``); the networkx view (``network``);
SHACL validation (``validate``)."""
