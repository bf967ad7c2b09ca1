"""The library face of kg: ``extract``, ``build`` and ``open``.

These are re-exported by ``kg/__init__.py``; the CLI calls the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ExtractionError, InputError, KGError, value_invalid_msg
from kg.io import TEXT_SUFFIXES, Document, expand_paths, read_document
from kg.model import DocumentGraph, EntityMention, Triple

if TYPE_CHECKING:
    from kg.store import KnowledgeGraph

#: Called after each document: (document, its graph or None when it failed, error or None).
#: ``build`` also calls it as (document id, None, None) for a document it skips because
#: the store already holds its graph (same content, same extractor version).
Progress = Callable[[Document | str, DocumentGraph | None, Exception | None], None]


def extract(text: str, *, doc_id: str = "") -> list[Triple]:
    """Extract knowledge-graph triples from one English text.

    Each triple has ``subject``, ``relation``, ``object``, their types, its
    ``polarity``, ``modality``, ``attribution``, ``confidence``, the
    ``sentence`` and character offsets; ``asserted`` is True only for plain,
    positive, unhedged, unattributed statements.

    Example:
        >>> import kg
        >>> triples = kg.extract("Marie Curie discovered polonium.")
        >>> [(t.subject, t.relation, t.object) for t in triples]
        [('Marie Curie', 'discover', 'polonium')]
        >>> [t.asserted for t in kg.extract("Nordvik did not sign the agreement.")]
        [False]
    """
    from kg.extract.pipeline import document_graph

    if not isinstance(text, str):
        raise TypeError(f"extract() takes a str, not {type(text).__name__}")
    return document_graph(text, doc_id=doc_id).triples


def entities(text: str, *, doc_id: str = "", base_iri: str | None = None) -> list[EntityMention]:
    """Every entity mention of one English text and what it was resolved to.

    One record per name, per third-person pronoun (``entity`` None when kg left
    it unresolved) and per resolved role noun ("the company"), in text order,
    with character offsets, the canonical name and class of its entity, the
    entity's IRI (under ``base_iri``, default ``kg.rdf.DEFAULT_BASE_IRI``) and
    ``via``, the rule that resolved it. This is how to audit who is who.

    Example:
        >>> import kg
        >>> text = "Lise Meitner met Otto Hahn in Berlin. Meitner thanked him."
        >>> [(m.text, m.entity, m.via) for m in kg.entities(text)]  # doctest: +NORMALIZE_WHITESPACE
        [('Lise Meitner', 'Lise Meitner', 'name'), ('Otto Hahn', 'Otto Hahn', 'name'),
         ('Berlin', 'Berlin', 'name'), ('Meitner', 'Lise Meitner', 'surname'),
         ('him', 'Otto Hahn', 'pronoun')]
    """
    from kg.extract.pipeline import document_graph

    if not isinstance(text, str):
        raise TypeError(f"entities() takes a str, not {type(text).__name__}")
    return with_iris(document_graph(text, doc_id=doc_id).mentions, base_iri=base_iri)


def with_iris(
    mentions: Iterable[EntityMention], *, base_iri: str | None = None
) -> list[EntityMention]:
    """The mentions with their entities' IRIs filled in (under ``base_iri``)."""
    import dataclasses

    from kg.rdf import DEFAULT_BASE_IRI, check_base_iri, entity_iri

    base = DEFAULT_BASE_IRI if base_iri is None else check_base_iri(base_iri)
    return [
        m
        if m.entity is None or m.type is None
        else dataclasses.replace(m, iri=str(entity_iri(m.entity, m.type, base=base)))
        for m in mentions
    ]


def entity_mentions(
    items: Iterable[str | Path | Document],
    *,
    base_iri: str | None = None,
    on_progress: Progress | None = None,
    batch_size: int = 16,
    sentence_per_line: bool = False,
    n_process: int | None = None,
) -> Iterator[list[EntityMention]]:
    """Every entity mention of many documents, streaming one list per readable document.

    What ``kg.entities`` gives for one text, for texts, files and directories (the
    ``kg entities`` command): each name, third-person pronoun and resolved role noun,
    in text order, with its entity's canonical name, class and IRI (under
    ``base_iri``) and the rule that resolved it. A document with no mention gives an
    empty list. Options as for ``extract_documents``; with ``on_progress``, unreadable
    documents are reported and skipped.

    Example:
        >>> import kg
        >>> texts = ["Lise Meitner met Otto Hahn.", "Ada Lovelace wrote. She was 27."]
        >>> for mentions in kg.entity_mentions(texts, n_process=1):
        ...     print([(m.text, m.entity, m.via) for m in mentions])
        [('Lise Meitner', 'Lise Meitner', 'name'), ('Otto Hahn', 'Otto Hahn', 'name')]
        [('Ada Lovelace', 'Ada Lovelace', 'name'), ('She', 'Ada Lovelace', 'pronoun')]
    """
    from kg.rdf import DEFAULT_BASE_IRI, check_base_iri

    base = DEFAULT_BASE_IRI if base_iri is None else check_base_iri(base_iri)  # before parsing
    graphs = extract_documents(
        items, on_progress=on_progress, batch_size=batch_size,
        sentence_per_line=sentence_per_line, n_process=n_process,
    )  # fmt: skip
    for graph in graphs:
        yield with_iris(graph.mentions, base_iri=base)


def _as_document(item: str | Path | Document, *, root: str | Path | None = None) -> Document:
    """A ``Path`` is a file; a string is text or a path, by these rules, in this order:

    1. ``-`` is standard input, as on the command line;
    2. a string with a line break, or of 4,096 characters or more, is text;
    3. a string that names something that exists is a path: a regular file is read,
       anything else (a device such as ``/dev/zero``, a FIFO, a socket, a directory
       here) is refused by name;
    4. a string that can only be a path (one word ending in a text suffix or a
       slash, such as ``notes.txt`` or ``notes/``) but names nothing is an error;
    5. anything else is text.
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, Path) or item == "-":
        return read_document(item, root=root)
    if "\n" in item or "\r" in item or len(item) >= 4096:
        return Document(doc_id=_text_id(item), text=item)
    if _exists(item):
        return read_document(item, root=root)
    if _looks_like_file_name(item):
        raise InputError(f"{item}: no such file or directory")
    return Document(doc_id=_text_id(item), text=item)


def _exists(name: str) -> bool:
    """Whether a path exists (a broken link or a name the OS refuses does not)."""
    try:
        return os.path.exists(name)
    except (ValueError, OSError):
        return False


def _looks_like_file_name(text: str) -> bool:
    """One word ending in a text suffix or a slash: ``notes.txt``, ``~/a/b.html``, ``notes/``."""
    word = text.strip()
    return (
        bool(word)
        and not any(c.isspace() for c in word)
        and (Path(word).suffix.lower() in TEXT_SUFFIXES or word.endswith(("/", os.sep)))
    )


def _text_id(text: str) -> str:
    import hashlib

    return "text-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def stdin_id(text: str) -> str:
    """The id ``build`` stores a document read from standard input under: from its content.

    So one piped document never replaces another; piping the same text again is a
    document already stored (skipped).

    Example:
        >>> stdin_id("Ann met Bob.")
        'stdin-e008427354a0116008faceb84d2a4585'
    """
    import hashlib

    return "stdin-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def iter_documents(
    items: Iterable[str | Path | Document],
    *,
    on_error: Progress | None = None,
    root: str | Path | None = None,
) -> Iterator[Document]:
    """Read documents, skipping (and reporting) the ones that cannot be read.

    A file's id is its path relative to ``root`` (default: the current directory;
    see ``kg.io.document_id``).
    """
    for item in items:
        try:
            yield _as_document(item, root=root)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(str(item), None, exc)


def extract_documents(
    items: Iterable[str | Path | Document],
    *,
    on_progress: Progress | None = None,
    batch_size: int = 16,
    sentence_per_line: bool = False,
    n_process: int | None = None,
) -> Iterator[DocumentGraph]:
    """Extract many documents, streaming one ``DocumentGraph`` per readable document.

    Args:
        items: texts, paths or ``Document`` objects (see ``build``).
        on_progress: called after each document; with it, documents that cannot be
            read (``InputError``) or extracted (``ExtractionError``: the extractor
            raised on them) are reported by name and skipped, and the others go on;
            without it, the error is raised.
        batch_size: texts per spaCy batch.
        sentence_per_line: read each non-blank line as one sentence, parsed on its
            own (no sentence crosses a line, nothing refers across lines); offsets
            still point into the document text.
        n_process: worker processes to parse in (``kg.parallel``); None for one per
            CPU core, 1 for this process only. The graphs and their order are the same.

    Example:
        >>> text = "Bo Li met Ann Ek\\nAnn Ek met Cy Ho."
        >>> (graph,) = extract_documents([text], sentence_per_line=True)
        >>> [(t.subject, t.object, t.sentence, t.sentence_start) for t in graph.triples]
        [('Bo Li', 'Ann Ek', 'Bo Li met Ann Ek', 0), ('Ann Ek', 'Cy Ho', 'Ann Ek met Cy Ho.', 17)]
    """
    from kg.extract.pipeline import document_graphs, failure_reason

    def failed(graph: DocumentGraph, error: BaseException) -> None:
        assert on_progress is not None
        reason = failure_reason(error)
        on_progress(
            graph.doc_id, None, ExtractionError(f"{graph.doc_id}: cannot extract: {reason}")
        )

    docs = iter_documents(items, on_error=on_progress)
    graphs = document_graphs(
        docs, batch_size=batch_size, sentence_per_line=sentence_per_line, n_process=n_process,
        on_error=None if on_progress is None else failed,
    )  # fmt: skip
    for graph in graphs:
        if on_progress is not None:
            on_progress(graph.doc_id, graph, None)
        yield graph


def build(
    docs: Iterable[str | Path] | str | Path,
    store: str | Path | KnowledgeGraph | None = None,
    *,
    base_iri: str | None = None,
    on_progress: Progress | None = None,
    n_process: int | None = None,
    skip_unchanged: bool = True,
    executor: str = "local",
    scheduler: str | None = None,
    shards: str | Path | None = None,
    root: str | Path | None = None,
) -> KnowledgeGraph:
    """Extract documents and store their triples; return the knowledge graph.

    Documents stream through: they are parsed in batches (in ``n_process`` worker
    processes), and their graphs are written in batches (``KnowledgeGraph.add_many``).
    As each is written, a one-word Person or Organization name links to the one
    entity of its class that the store already knows by that alias, when exactly
    one does (``kg.link``; the ``dask`` executor does not link).

    Args:
        docs: texts or paths (files or directories); a single str or Path is one item.
        store: None for an in-memory graph, a directory for Oxigraph on disk, a SPARQL
            endpoint URL, or an open ``KnowledgeGraph``.
        base_iri: the namespace for minted IRIs (default ``kg.rdf.DEFAULT_BASE_IRI``).
        on_progress: called after each document (see ``Progress``).
        n_process: worker processes for the ``local`` executor; None for one per CPU
            core, 1 for this process only. The graph is the same either way.
        skip_unchanged: skip, before parsing, documents whose graph the store holds
            already (same id, same content hash, same extractor version).
        executor: ``local`` (this machine) or ``dask`` (a Dask cluster, see
            ``kg.distributed``; needs ``pip install kg[dask]``).
        scheduler: the Dask scheduler address (``tcp://host:8786``); None starts a
            local cluster.
        shards: where the Dask executor writes its N-Quads shards (default:
            ``<store>.shards`` beside an on-disk store, else a temporary directory).
        root: a file's document id is its normalised path relative to this directory
            (default: the current one; ``kg.io.document_id``), so ``a.txt``, ``./a.txt``
            and its absolute path are one document. Standard input (``-``) is stored
            as ``stdin-<hash of its text>`` (``stdin_id``), never over another.

    Raises:
        KGError: for an unknown executor, or Dask missing.

    Example:
        >>> import kg
        >>> graph = kg.build(["Ada Lovelace wrote the first program."])
        >>> graph.stats()["documents"]
        1
    """
    from kg.store import KnowledgeGraph

    if isinstance(docs, str | Path):
        docs = [docs]
    items: list[str | Path] = []
    for item in docs:
        if isinstance(item, Path) or (
            isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).is_dir()
        ):
            items.extend(expand_paths([item]))
        else:
            items.append(item)
    if executor not in EXECUTORS:
        raise KGError(value_invalid_msg("executor", executor, EXECUTORS))
    graph = store if isinstance(store, KnowledgeGraph) else open_graph(store, base_iri=base_iri)
    try:
        documents: Iterable[Document] = (
            _named_stdin(d) for d in iter_documents(items, on_error=on_progress, root=root)
        )
        if skip_unchanged:
            documents = _skip_stored(documents, graph, on_progress)
        if executor == "dask":
            from kg.distributed import build_distributed

            build_distributed(
                documents, graph, scheduler=scheduler, shards=shards, on_progress=on_progress
            )
        else:
            from kg.parallel import prefetch

            graphs = extract_documents(documents, on_progress=on_progress, n_process=n_process)
            graph.add_many(prefetch(graphs))  # parse the next batch while writing this one
    except BaseException:
        if graph is not store:  # release the store (and its lock) this call opened
            graph.close()
        raise
    return graph


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
    from kg.rdf import clean_text, content_hash, document_iri

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


def open_graph(
    store: str | Path | None = None,
    *,
    base_iri: str | None = None,
    read_only: bool = False,
    update_url: str | None = None,
) -> KnowledgeGraph:
    """Open a knowledge graph: None in memory, a directory on disk (created if missing),
    or the query URL of a SPARQL 1.1 endpoint (``update_url``: its update URL, when it
    is not the query URL ending ``/update``).

    Example:
        >>> import kg
        >>> graph = kg.open()
        >>> graph.stats()["documents"]
        0
    """
    from kg.store import KnowledgeGraph

    if store is not None and not read_only and "://" not in str(store):
        Path(store).parent.mkdir(parents=True, exist_ok=True)
    return KnowledgeGraph.open(store, base_iri=base_iri, read_only=read_only, update_url=update_url)
