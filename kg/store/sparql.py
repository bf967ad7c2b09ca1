"""A knowledge graph on any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso).

``KnowledgeGraph.open("http://host:7878/query")`` returns a ``KnowledgeGraph`` on a
``SparqlBackend``: the same methods, the same answers as a local store on the same
documents.

- Queries go over the SPARQL 1.1 Protocol (``POST``, form-encoded), results come
  back as SPARQL JSON or N-Triples.
- Writes go through SPARQL 1.1 Update, to the update URL: by default the query URL
  with its last path segment ``query`` replaced by ``update`` (else ``/update``
  appended).
- New documents go in bulk through the Graph Store Protocol where the server has
  it: one ``POST`` of N-Quads to the dataset (Oxigraph's ``/store``); where it has
  not (the first 404, 405, 406, 415 or 501 tells), through ``INSERT DATA``
  requests of at most ``UPDATE_BATCH_QUADS`` quads.
- The layout is the local store's: one named graph per document, replaced by one
  update request (so, on Oxigraph, in one transaction), skipped when its
  ``kg:graphHash`` is unchanged; and the union of the document graphs kept, as a
  set, in the server's default graph, which queries read. A server whose default
  graph is already the union of its named graphs (Oxigraph ``--union-default-graph``,
  Virtuoso) answers the same triples, though some more than once.

Every request has a timeout that bounds the whole request (a server that trickles
its reply byte by byte is cut off at it), and a reply over ``max_reply_bytes`` (512
MiB by default) is refused; every failure is a ``StoreError`` (``QueryError`` for
a query the server rejects, ``QueryTimeoutError`` past a query's timeout) with a
one-line message naming the URL. A query cut short by its timeout may still run on
the server (Oxigraph's ``serve --timeout-s`` bounds it there).

Example:
    >>> endpoint_urls("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> endpoint_urls("https://example.org/sparql")
    ('https://example.org/sparql/update', None)
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable
from rdflib.namespace import DCTERMS
from rdflib.query import ResultRow

from kg.errors import (
    FormatError,
    HTTPFailure,
    HTTPStatusError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    value_invalid_msg,
)
from kg.query import QueryResult, SelectResult
from kg.rdf.namespaces import KG
from kg.rdf.terms import clean_text, from_oxigraph, to_oxigraph
from kg.store._http import MAX_REPLY_BYTES, post
from kg.store.backend import (
    DEFAULT_ONLY_QUERY,
    QueryRequest,
    Write,
    insert_data_update,
    python_values,
)

#: Seconds each of kg's own requests may take.
DEFAULT_REQUEST_TIMEOUT = 60.0
#: Quads per ``INSERT DATA`` request when the server has no Graph Store Protocol.
UPDATE_BATCH_QUADS = 20_000
#: Statuses that say "no Graph Store Protocol here": fall back to SPARQL Update.
_NO_GRAPH_STORE = {404, 405, 406, 415, 501}
_SPARQL_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"
_N_QUADS = "application/n-quads"
_PREFIXES = {"kg": str(KG), "dcterms": str(DCTERMS)}
_GRAPH_HASH = str(KG.graphHash)


def endpoint_urls(query_url: str) -> tuple[str, str | None]:
    """The default update URL and Graph Store Protocol URL of a query URL.

    The last path segment ``query`` becomes ``update`` and ``store`` (Oxigraph's and
    Fuseki's layout); another URL gets ``/update`` appended and no graph store.
    """
    parts = urllib.parse.urlsplit(query_url)
    head, _, last = parts.path.rpartition("/")
    if last == "query":
        update, store = f"{head}/update", f"{head}/store"
        return parts._replace(path=update).geturl(), parts._replace(path=store).geturl()
    return parts._replace(path=parts.path.rstrip("/") + "/update").geturl(), None


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _ox_term(binding: Mapping[str, Any]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A term of the SPARQL 1.1 JSON results format as a pyoxigraph term."""
    kind, value = binding.get("type"), str(binding.get("value", ""))
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        if "datatype" in binding:
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise FormatError(f"unsupported term in SPARQL results: {kind!r} (kg stores no RDF-star)")


class SparqlBackend:
    """A ``kg.store.backend.Backend`` on a SPARQL 1.1 endpoint (see the module docstring).

    ``KnowledgeGraph.open(url, ...)`` makes one. ``store`` and ``dataset`` (the local
    Oxigraph and rdflib views) do not exist for it; everything else does.

    Args:
        url: the SPARQL query URL (``http://host:7878/query``).
        update_url: the SPARQL Update URL (default: the query URL with its last
            segment ``query`` replaced by ``update``, else ``/update`` appended).
        graph_store_url: the Graph Store Protocol URL for bulk writes (default: the
            query URL ending ``store`` instead of ``query``); ``""`` turns it off
            (writes use ``INSERT DATA``).
        read_only: refuse writes locally.
        timeout: seconds each HTTP request may take (queries use their own ``timeout``).
        max_reply_bytes: refuse a reply larger than this.
    """

    location: Path | None = None

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        read_only: bool = False,
        timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_reply_bytes: int = MAX_REPLY_BYTES,
    ) -> None:
        self.read_only = read_only
        self.concurrent_inserts = False  # HTTP inserts stay in the calling thread, in order
        self.max_reply_bytes = max_reply_bytes
        if timeout <= 0:
            raise StoreError(value_invalid_msg("timeout", timeout) + "; expected seconds > 0")
        default_update, default_store = endpoint_urls(url)
        self.url = url
        self.update_url = update_url or default_update
        self.graph_store_url = default_store if graph_store_url is None else graph_store_url
        self.timeout = timeout
        self._closed = False

    # ------------------------------------------------------------ plumbing

    @property
    def where(self) -> str:
        return self.url

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def store(self) -> ox.Store:
        """Not available: the data lives on the server."""
        raise StoreError(f"a remote store has no local Oxigraph store: {self.url}")

    @property
    def dataset(self) -> Any:
        """Not available: query the server with ``query``."""
        raise StoreError(f"a remote store has no rdflib dataset view: {self.url}")

    def close(self) -> None:
        """Forget the server; later calls raise ``StoreError``."""
        self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store is closed: {self.url}")

    def check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise StoreError(f"the store is open read-only: {self.url}")

    # ------------------------------------------------------------ HTTP

    def _post(
        self,
        url: str,
        body: bytes,
        *,
        content_type: str,
        accept: str | None = None,
        timeout: float | None = None,
        query: bool = False,
    ) -> bytes:
        """POST ``body``; the answer's bytes, or a one-line ``StoreError`` naming ``url``."""
        self._check_open()
        headers = {"Content-Type": content_type, "User-Agent": "kg"}
        if accept:
            headers["Accept"] = accept
        try:
            return post(
                url, body, headers=headers, timeout=timeout or self.timeout,
                max_bytes=self.max_reply_bytes,
            )  # fmt: skip
        except HTTPFailure as err:
            if err.timed_out:
                raise self._timeout(url, timeout or self.timeout, query) from None
            if err.status is not None:
                if query and err.status == 400:
                    raise QueryError(f"{url} rejected the query: {err.detail}") from None
                raise HTTPStatusError(str(err), err.status) from None
            raise StoreError(str(err)) from None

    @staticmethod
    def _timeout(url: str, timeout: float | None, query: bool) -> StoreError | QueryError:
        if query:
            return QueryTimeoutError(f"query ran past its timeout of {timeout:g} s at {url}")
        return StoreError(f"{url} did not answer within {timeout:g} s")

    def _prologue(self, prefixes: Mapping[str, str]) -> str:
        return "".join(f"PREFIX {p}: {ox.NamedNode(ns)}\n" for p, ns in prefixes.items())

    def _ask_server(
        self, sparql: str, *, accept: str, timeout: float | None, user: bool = False
    ) -> bytes:
        body = urllib.parse.urlencode({"query": sparql}).encode("ascii")
        return self._post(
            self.url, body, content_type="application/x-www-form-urlencoded", accept=accept,
            timeout=timeout, query=user,
        )  # fmt: skip

    def _solutions(
        self, sparql: str, *, timeout: float | None = None, user: bool = False
    ) -> tuple[list[str], list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]]:
        data = self._ask_server(
            sparql, accept=_SPARQL_JSON, timeout=timeout or self.timeout, user=user
        )
        try:
            doc = json.loads(data)
            names = [str(v) for v in doc["head"].get("vars", [])]
            rows = [
                [_ox_term(b[n]) if n in b else None for n in names]
                for b in doc["results"]["bindings"]
            ]
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise StoreError(f"{self.url} sent results kg cannot read: {err}") from err
        return names, rows

    def _boolean(self, data: bytes) -> bool:
        """The answer of an ``ASK`` (SPARQL JSON results)."""
        try:
            value = json.loads(data)["boolean"]
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(f"{self.url} sent an ASK answer kg cannot read: {err}") from None
        if not isinstance(value, bool):
            raise StoreError(f"{self.url} sent an ASK answer kg cannot read: {value!r}")
        return value

    def _triples(self, data: bytes) -> list[ox.Triple]:
        """The triples of an N-Triples answer, all parsed before any is used."""
        try:
            return [quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError) as err:
            message = _one_line(str(err))
            raise StoreError(f"{self.url} sent triples kg cannot read: {message}") from None

    def update(self, sparql: str) -> None:
        """One SPARQL update request (one transaction on Oxigraph)."""
        self._post(
            self.update_url, sparql.encode("utf-8"), content_type="application/sparql-update",
            timeout=self.timeout,
        )  # fmt: skip

    # ------------------------------------------------------------ backend

    def select(self, sparql: str, prefixes: Mapping[str, str]) -> list[dict[str, Any]]:
        names, rows = self._solutions(self._prologue(prefixes) + sparql)
        return [
            python_values(
                {n: from_oxigraph(t) for n, t in zip(names, row, strict=True) if t is not None}
            )
            for row in rows
        ]

    def has_graph(self, iri: URIRef) -> bool:
        data = self._ask_server(
            f"ASK {{ GRAPH {ox.NamedNode(str(iri))} {{ ?s ?p ?o }} }}",
            accept=_SPARQL_JSON, timeout=self.timeout,
        )  # fmt: skip
        return self._boolean(data)

    def graphs_of(self, doc_id: str) -> list[URIRef]:
        # The id is bound as a value: a literal written by Oxigraph, so escaped.
        rows = self._kg_select(
            "SELECT DISTINCT ?g WHERE { VALUES ?id { "
            f"{ox.Literal(clean_text(doc_id))} }} GRAPH ?g {{ ?g dcterms:identifier ?id }} }}"
        )
        return sorted(URIRef(str(r["g"])) for r in rows)

    def all_graphs(self) -> set[URIRef] | None:
        return None  # listing every graph of a big server is not cheap: ask per graph

    def stored_hash(self, graph: URIRef) -> str | None:
        g = ox.NamedNode(str(graph))
        rows = self._kg_select(f"SELECT ?h WHERE {{ GRAPH {g} {{ {g} kg:graphHash ?h }} }} LIMIT 1")
        return str(rows[0]["h"]) if rows else None

    def _kg_select(self, sparql: str) -> list[dict[str, Any]]:
        """``select`` with the ``kg:`` and ``dcterms:`` prefixes."""
        return self.select(sparql, _PREFIXES)

    def insert(self, writes: list[Write]) -> None:
        """Add quads, through the Graph Store Protocol or ``INSERT DATA`` batches.

        The ``kg:graphHash`` quads go last, so a write cut short leaves graphs without
        their hash, which the next ``add`` replaces instead of skipping.
        """
        quads = [q for w in writes for q in w.quads()]
        if self._post_quads(quads):
            return
        ordered = sorted(quads, key=lambda q: q.predicate.value == _GRAPH_HASH)
        for start in range(0, len(ordered), UPDATE_BATCH_QUADS):
            self.update(insert_data_update(ordered[start : start + UPDATE_BATCH_QUADS]))

    def insert_quads(self, quads: list[ox.Quad]) -> None:
        if not self._post_quads(quads):
            self.update(insert_data_update(quads))

    def _post_quads(self, quads: list[ox.Quad]) -> bool:
        """POST quads to the Graph Store Protocol URL; False when the server has none."""
        if not self.graph_store_url:
            return False
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        try:
            self._post(self.graph_store_url, body or b"", content_type=_N_QUADS,
                       timeout=self.timeout)  # fmt: skip
        except HTTPStatusError as err:
            if err.status not in _NO_GRAPH_STORE:
                raise
            self.graph_store_url = None  # remember: use SPARQL Update from now on
            return False
        return True

    def run(self, request: QueryRequest) -> QueryResult:
        checked, timeout, limit = request.checked, request.timeout, request.limit
        init_bindings = request.init_bindings
        if limit is not None and limit < 0:
            raise QueryError(value_invalid_msg("limit", limit) + "; expected a count >= 0")
        if timeout is not None and timeout <= 0:
            raise QueryError(value_invalid_msg("timeout", timeout) + "; expected seconds > 0")
        sparql = self._prologue(request.prefixes) + checked.sparql
        if checked.kind == "UPDATE":
            self.update(sparql)
            return None
        if init_bindings:  # a trailing VALUES clause: the terms are written by Oxigraph
            variables = " ".join(str(ox.Variable(str(k).lstrip("?$"))) for k in init_bindings)
            terms = " ".join(str(to_oxigraph(v)) for v in init_bindings.values())
            sparql += f"\nVALUES ({variables}) {{ ({terms}) }}"
        if checked.kind in ("CONSTRUCT", "DESCRIBE"):
            data = self._ask_server(sparql, accept=_N_TRIPLES, timeout=timeout, user=True)
            graph = Graph()
            for triple in self._triples(data):
                if limit is not None and len(graph) >= limit:
                    break
                graph.add(tuple(map(from_oxigraph, (triple.subject, triple.predicate,
                                                     triple.object))))  # type: ignore[arg-type]  # fmt: skip
            return graph
        if checked.kind == "ASK":
            data = self._ask_server(sparql, accept=_SPARQL_JSON, timeout=timeout, user=True)
            return self._boolean(data)
        names, rows = self._solutions(sparql, timeout=timeout, user=True)
        labels = [Variable(n) for n in names]
        out = SelectResult(names)
        for row in rows:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            values = {v: from_oxigraph(t) for v, t in zip(labels, row, strict=True) if t}
            out.rows.append(ResultRow(values, labels))
        return out

    def named_quads(self) -> Iterator[ox.Quad]:
        names, rows = self._solutions(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
        )
        for row in rows:
            term = dict(zip(names, row, strict=True))
            yield ox.Quad(term["s"], term["p"], term["o"], term["g"])  # type: ignore[arg-type]

    def default_only_triples(self) -> Iterator[ox.Triple]:
        data = self._ask_server(DEFAULT_ONLY_QUERY, accept=_N_TRIPLES, timeout=self.timeout)
        yield from self._triples(data)

    def union_triples(self) -> Iterator[ox.Triple]:
        data = self._ask_server(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=_N_TRIPLES, timeout=self.timeout
        )
        yield from self._triples(data)
