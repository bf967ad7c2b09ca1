"""Build a knowledge graph: documents in, a store with their graphs out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError, value_invalid_msg
from kg.extract.calibration import check_min_confidence
from kg.io import Document, expand_paths
from kg.run.documents import Progress, extract_documents, iter_documents, stdin_id, text_id

if TYPE_CHECKING:
    from kg.model import DocumentGraph
    from kg.store.graph import KnowledgeGraph


def build(
    docs: Iterable[str | Path | Document] | str | Path | None = None,
    store: str | Path | KnowledgeGraph | None = None,
    *,
    texts: Iterable[str] | None = None,
    paths: Iterable[str | Path] | None = None,
    base_iri: str | None = None,
    on_progress: Progress | None = None,
    n_process: int | None = None,
    skip_unchanged: bool = True,
    executor: str = "local",
    scheduler: str | None = None,
    shards: str | Path | None = None,
    root: str | Path | None = None,
    min_confidence: float = 0.0,
) -> KnowledgeGraph:
    """Extract documents and store their triples; return the knowledge graph.

    Documents stream through: they are parsed in batches (in ``n_process`` worker
    processes), and their graphs are written in batches (``KnowledgeGraph.add_many``).
    As each is written, a one-word Person or Organization name links to the one
    entity of its class that the store already knows by that alias, when exactly
    one does (``kg.store.link``; the ``dask`` executor does not link).

    Args:
        docs: texts or paths (files or directories); a single str or Path is one item.
            A string is told apart by fixed rules (``kg.run.documents``); to say which
            it is, pass ``texts=`` or ``paths=`` instead (or as well).
        texts: strings that are texts, never read as a file name.
        paths: files or directories, never taken for text (a missing one is an error).
        store: None for an in-memory graph, a directory for Oxigraph on disk, a SPARQL
            endpoint URL, or an open ``KnowledgeGraph``.
        base_iri: the namespace for minted IRIs (default ``kg.rdf.terms.DEFAULT_BASE_IRI``).
        on_progress: called after each document (see ``Progress``).
        n_process: worker processes for the ``local`` executor; None for one per CPU
            core, 1 for this process only. The graph is the same either way.
        skip_unchanged: skip, before parsing, documents whose graph the store holds
            already (same id, same content hash, same extractor version).
        executor: ``local`` (this machine) or ``dask`` (a Dask cluster, see
            ``kg.run.dask``; needs ``pip install kg[dask]``).
        scheduler: the Dask scheduler address (``tcp://host:8786``); None starts a
            local cluster.
        shards: where the Dask executor writes its N-Quads shards (default:
            ``<store>.shards`` beside an on-disk store, else a temporary directory).
        root: a file's document id is its normalised path relative to this directory
            (default: the current one; ``kg.io.document_id``), so ``a.txt``, ``./a.txt``
            and its absolute path are one document. Standard input (``-``) is stored
            as ``stdin-<hash of its text>`` (``stdin_id``), never over another.
        min_confidence: leave out statements whose ``Triple.confidence`` (the
            calibrated probability that they are right) is below this, from 0 to 1.
            A document stored already and unchanged is skipped as it is.

    Raises:
        KGError: for an unknown executor, Dask missing, ``min_confidence`` outside
            [0, 1], or ``min_confidence`` with the ``dask`` executor.

    Example:
        >>> import kg
        >>> graph = kg.build(["Ada Lovelace wrote the first program."])
        >>> graph.stats()["documents"]
        1
    """
    from kg.store.graph import KnowledgeGraph, open_graph

    if docs is None and texts is None and paths is None:
        raise TypeError("build() needs documents: docs, texts= or paths=")
    if isinstance(docs, str | Path):
        docs = [docs]
    if isinstance(texts, str) or isinstance(paths, str | Path):
        raise TypeError("texts= and paths= take a list (a single string would be its letters)")
    given: list[str | Path | Document] = [*(docs or ()), *(Path(p) for p in paths or ())]
    given += [Document(doc_id=text_id(text), text=text) for text in texts or ()]
    items: list[str | Path | Document] = []
    for item in given:
        if isinstance(item, Path) or (
            isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).is_dir()
        ):
            items.extend(expand_paths([item]))
        else:
            items.append(item)
    if executor not in EXECUTORS:
        raise KGError(value_invalid_msg("executor", executor, EXECUTORS))
    if check_min_confidence(min_confidence) and executor == "dask":
        raise KGError("min_confidence is not supported by the dask executor")
    graph = store if isinstance(store, KnowledgeGraph) else open_graph(store, base_iri=base_iri)
    try:
        documents: Iterable[Document] = (
            _named_stdin(d) for d in iter_documents(items, on_error=on_progress, root=root)
        )
        if skip_unchanged:
            documents = _skip_stored(documents, graph, on_progress)
        if executor == "dask":
            from kg.run.dask import build_distributed

            build_distributed(
                documents, graph, scheduler=scheduler, shards=shards, on_progress=on_progress
            )
        else:
            from kg.run.local import prefetch

            graphs = extract_documents(documents, on_progress=on_progress, n_process=n_process)
            if min_confidence:
                graphs = (_confident(g, min_confidence) for g in graphs)
            graph.add_many(prefetch(graphs))  # parse the next batch while writing this one
    except BaseException:
        if graph is not store:  # release the store (and its lock) this call opened
            graph.close()
        raise
    return graph


def _confident(graph: DocumentGraph, min_confidence: float) -> DocumentGraph:
    """``graph`` without its statements below ``min_confidence``."""
    kept = [t for t in graph.triples if t.confidence >= min_confidence]
    return graph if len(kept) == len(graph.triples) else replace(graph, triples=kept)


def _named_stdin(document: Document) -> Document:
    """A document read from stdin (id ``-``) under its content-derived id."""
    if document.doc_id != "-":
        return document
    return Document(stdin_id(document.text), document.text, document.source)


#: Where ``build`` extracts: this machine's cores, or a Dask cluster.
EXECUTORS = ("local", "dask")

# A graph without its kg:graphHash was cut short (the store writes the hash last): not
# skipped, so the build writes it again (KnowledgeGraph.add_many replaces it).
_STORED_DOCUMENTS = """SELECT ?g ?id ?hash ?version WHERE { GRAPH ?g { ?g a kg:Document ;
    dcterms:identifier ?id ; kg:contentHash ?hash ; kg:extractorVersion ?version ;
    kg:graphHash ?graph_hash } }"""


def _skip_stored(
    documents: Iterable[Document], graph: KnowledgeGraph, on_progress: Progress | None
) -> Iterator[Document]:
    """The documents whose graph the store lacks: one query, then a hash per document.

    A document is skipped when the store holds exactly one graph with its id, under
    this store's IRI for it, with the same content hash and extractor version; its
    graph would come out the same, so nothing is parsed.
    """
    from kg._version import __version__
    from kg.query import SelectResult
    from kg.rdf.terms import clean_text, content_hash, document_iri

    result = graph.query(_STORED_DOCUMENTS, timeout=None)
    stored: dict[str, list[tuple[str, str, str]]] = {}
    for row in result.bindings() if isinstance(result, SelectResult) else []:
        entry = (str(row["g"]), str(row["hash"]), str(row["version"]))
        stored.setdefault(str(row["id"]), []).append(entry)
    for document in documents:
        entries = stored.get(clean_text(document.doc_id)) if document.doc_id else None
        if entries is not None and entries == [
            (
                str(document_iri(document.doc_id, document.text, base=graph.base_iri)),
                content_hash(document.text),
                __version__,
            )
        ]:
            if on_progress is not None:
                on_progress(document.doc_id, None, None)
            continue
        yield document
