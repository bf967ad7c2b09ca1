"""The library face of kg: ``extract``, ``build`` and ``open``.

These are re-exported by ``kg/__init__.py``; the CLI calls the same functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.io import TEXT_SUFFIXES, Document, expand_paths, read_document
from kg.model import DocumentGraph, Triple

if TYPE_CHECKING:
    from kg.store import KnowledgeGraph

#: Called after each document: (document, its graph or None when it failed, error or None).
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


def _as_document(item: str | Path | Document) -> Document:
    """A string is text unless it is a Path, names an existing file, or is ``-`` (stdin).

    A string that can only be a path (one word ending in a text suffix or a slash,
    such as ``notes.txt`` or ``notes/``) but names nothing is an error, not a
    one-word document.
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, Path) or item == "-":  # "-" is standard input, as on the command line
        return read_document(item)
    if "\n" not in item and len(item) < 4096 and Path(item).is_file():
        return read_document(item)
    if _looks_like_file_name(item):
        raise InputError(f"{item}: no such file or directory")
    return Document(doc_id=_text_id(item), text=item)


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

    return "text-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]


def iter_documents(
    items: Iterable[str | Path | Document], *, on_error: Progress | None = None
) -> Iterator[Document]:
    """Read documents, skipping (and reporting) the ones that cannot be read."""
    for item in items:
        try:
            yield _as_document(item)
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
) -> Iterator[DocumentGraph]:
    """Extract many documents, streaming one ``DocumentGraph`` per readable document.

    Args:
        items: texts, paths or ``Document`` objects (see ``build``).
        on_progress: called after each document; with it, unreadable documents are
            reported and skipped instead of raising ``InputError``.
        batch_size: texts per spaCy batch.
        sentence_per_line: read each non-blank line as one sentence, parsed on its
            own (no sentence crosses a line, nothing refers across lines); offsets
            still point into the document text.

    Example:
        >>> text = "Bo Li met Ann Ek\\nAnn Ek met Cy Ho."
        >>> (graph,) = extract_documents([text], sentence_per_line=True)
        >>> [(t.subject, t.object, t.sentence, t.sentence_start) for t in graph.triples]
        [('Bo Li', 'Ann Ek', 'Bo Li met Ann Ek', 0), ('Ann Ek', 'Cy Ho', 'Ann Ek met Cy Ho.', 17)]
    """
    from kg.extract.pipeline import document_graphs

    docs = iter_documents(items, on_error=on_progress)
    graphs = (
        _line_graphs(docs) if sentence_per_line else document_graphs(docs, batch_size=batch_size)
    )
    for graph in graphs:
        if on_progress is not None:
            on_progress(graph.doc_id, graph, None)
        yield graph


def _line_graphs(docs: Iterable[Document], *, batch_size: int = 64) -> Iterator[DocumentGraph]:
    """One graph per document, each non-blank line parsed as a text of its own."""
    import re

    from kg import nlp
    from kg.extract.pipeline import add_parsed_chunk

    pipeline = nlp.load()
    for doc in docs:
        graph = DocumentGraph(doc.doc_id, doc.text, source=doc.source)
        lines = [m for m in re.finditer(r"[^\r\n]+", doc.text) if m.group().strip()]
        parsed = pipeline.pipe((m.group() for m in lines), batch_size=batch_size)
        for match, line_doc in zip(lines, parsed, strict=True):
            add_parsed_chunk(graph, line_doc, offset=match.start())
        yield graph


def build(
    docs: Iterable[str | Path] | str | Path,
    store: str | Path | KnowledgeGraph | None = None,
    *,
    base_iri: str | None = None,
    on_progress: Progress | None = None,
) -> KnowledgeGraph:
    """Extract documents and store their triples; return the knowledge graph.

    Args:
        docs: texts or paths (files or directories); a single str or Path is one item.
        store: None for an in-memory graph, a directory for Oxigraph on disk, or an
            open ``KnowledgeGraph``.
        base_iri: the namespace for minted IRIs (default ``kg.rdf.DEFAULT_BASE_IRI``).
        on_progress: called after each document (see ``Progress``).

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
    graph = store if isinstance(store, KnowledgeGraph) else open_graph(store, base_iri=base_iri)
    try:
        for document_graph in extract_documents(items, on_progress=on_progress):
            graph.add(document_graph)
    except BaseException:
        if graph is not store:  # release the store (and its lock) this call opened
            graph.close()
        raise
    return graph


def open_graph(
    store: str | Path | None = None, *, base_iri: str | None = None, read_only: bool = False
) -> KnowledgeGraph:
    """Open a knowledge graph: None in memory, a directory on disk (created if missing).

    Example:
        >>> import kg
        >>> graph = kg.open()
        >>> graph.stats()["documents"]
        0
    """
    from kg.store import KnowledgeGraph

    if store is not None and not read_only and "://" not in str(store):
        Path(store).parent.mkdir(parents=True, exist_ok=True)
    if base_iri is None:
        return KnowledgeGraph.open(store, read_only=read_only)
    return KnowledgeGraph.open(store, base_iri=base_iri, read_only=read_only)
