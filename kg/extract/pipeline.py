"""Documents → DocumentGraphs: chunk, parse in batches, extract, resolve, merge.

This is the one loop that ties the extractor's pure functions together:
``clauses.extractions`` (Open IE layer), ``entities.resolve_entities`` and
``coref.resolve_coreference`` (who is who), and ``triples.document_triples``
(KG layer).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.extract.clauses import extractions as clause_extractions
from kg.extract.coref import resolve_coreference
from kg.extract.entities import resolve_entities
from kg.extract.triples import document_triples
from kg.io import MAX_CHUNK_CHARS, Document, chunks
from kg.model import Argument, DocumentGraph, Extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _shift_arg(arg: Argument, offset: int) -> Argument:
    return dataclasses.replace(arg, start=arg.start + offset, end=arg.end + offset)


def _shift(ext: Extraction, offset: int) -> Extraction:
    if not offset:
        return ext
    return dataclasses.replace(
        ext,
        arg1=_shift_arg(ext.arg1, offset),
        args=tuple(_shift_arg(a, offset) for a in ext.args),
        sentence_start=ext.sentence_start + offset,
        sentence_end=ext.sentence_end + offset,
    )


def add_parsed_chunk(graph: DocumentGraph, doc: Doc, *, offset: int = 0) -> None:
    """Extract one parsed piece of ``graph``'s text into ``graph``.

    Args:
        graph: the document being built; its entities are merged by (name, type).
        doc: the parsed piece.
        offset: where the piece starts in the document text.
    """
    exts = clause_extractions(doc)
    index = resolve_entities(doc)
    corefs = resolve_coreference(doc, index)
    for triple, subj, obj in document_triples(
        doc, exts, index, corefs, doc_id=graph.doc_id, offset=offset
    ):
        graph.triples.append(triple)
        for entity in (subj, obj):
            known = graph.entities.get(entity.key)
            if known is None:
                graph.entities[entity.key] = dataclasses.replace(
                    entity, aliases=set(entity.aliases)
                )
            else:
                known.aliases |= entity.aliases
    graph.extractions.extend(_shift(e, offset) for e in exts)


def document_graphs(
    documents: Iterable[Document],
    *,
    batch_size: int = 16,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[DocumentGraph]:
    """Extract many documents, streaming: parse in batches, yield each graph when done.

    Long documents are cut into chunks at sentence ends (``kg.io.chunks``) and
    their offsets kept right; memory stays bounded by the batch, not the corpus.
    """
    from kg import nlp

    def pieces() -> Iterator[tuple[str, tuple[int, Document, bool]]]:
        for document in documents:
            parts = list(chunks(document.text, max_chars=max_chunk_chars)) or [(0, "")]
            for n, (offset, piece) in enumerate(parts):
                yield piece, (offset, document, n == len(parts) - 1)

    current: DocumentGraph | None = None
    for doc, (offset, document, last) in nlp.load().pipe(
        pieces(), batch_size=batch_size, as_tuples=True
    ):
        if current is None:
            current = DocumentGraph(document.doc_id, document.text, source=document.source)
        add_parsed_chunk(current, doc, offset=offset)
        if last:
            yield current
            current = None


def document_graph(text: str, *, doc_id: str = "", source: str | None = None) -> DocumentGraph:
    """Extract one document.

    Example:
        >>> graph = document_graph("Ada Lovelace wrote the first program.", doc_id="ada")
        >>> [(t.subject, t.relation, t.object) for t in graph.triples]
        [('Ada Lovelace', 'write', 'first program')]
    """
    return next(document_graphs([Document(doc_id, text, source)]))
