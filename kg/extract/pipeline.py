"""Documents → DocumentGraphs: chunk, parse in batches, extract, resolve, merge.

This is the one loop that ties the extractor's pure functions together:
``clauses.extractions`` (Open IE layer), ``entities.resolve_entities`` and
``coref.resolve_coreference`` (who is who), and ``triples.document_triples``
(KG layer).

A document is cut into *pieces* (chunks at sentence ends below spaCy's
``max_length``, or its lines), each piece is parsed and extracted on its own
into a partial ``DocumentGraph`` (``piece_graph``), and the partial graphs are
merged in order (``merge_graph``). The serial loop here and the worker
processes of ``kg.run.local`` share these steps, so they give the same graphs.
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from kg.chunks import MAX_SENTENCE_CHARS, chunks
from kg.extract.clauses import extractions as clause_extractions
from kg.extract.coref import mention_records, resolve_coreference
from kg.extract.entities import resolve_entities
from kg.extract.triples import document_triples
from kg.io import Document, parser_safe
from kg.model import Argument, DocumentGraph, Extraction

T = TypeVar("T")

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Texts per ``nlp.pipe`` batch (8–16 suit long documents).
BATCH_SIZE = 16
#: Characters per batch: spaCy's memory follows the text of a batch, not its count.
BATCH_CHARS = 50_000

_LINE_RE = re.compile(r"[^\r\n]+")


class Piece(NamedTuple):
    """A piece of a document to parse on its own: its text, the document id, its offset."""

    text: str
    doc_id: str
    offset: int


class PieceFailure(NamedTuple):
    """What parsing or extracting a piece raised, in place of its partial graph."""

    doc_id: str
    error: BaseException


#: A piece's partial graph, or why there is none.
PieceResult = DocumentGraph | PieceFailure
#: Called with the graph of a document that failed (its text, no triples) and the error.
OnError = Callable[[DocumentGraph, BaseException], None]


def failure_reason(error: BaseException, limit: int = 200) -> str:
    """An error as one short line: ``OverflowError: math range error``.

    Example:
        >>> failure_reason(OverflowError("math range error"))
        'OverflowError: math range error'
    """
    text = " ".join(str(error).split())
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"


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


def piece_graph(doc: Doc, *, doc_id: str = "", offset: int = 0) -> DocumentGraph:
    """The partial graph of one parsed piece (its ``text`` is empty; offsets are shifted).

    Args:
        doc: the parsed piece.
        doc_id: the id of the document it belongs to (``Triple.doc``).
        offset: where the piece starts in the document text.
    """
    part = DocumentGraph(doc_id, "")
    exts = clause_extractions(doc)
    index = resolve_entities(doc)
    corefs = resolve_coreference(doc, index)
    for triple, subj, obj in document_triples(
        doc, exts, index, corefs, doc_id=doc_id, offset=offset
    ):
        part.triples.append(triple)
        for entity in (subj, obj):
            if entity is None:
                continue  # a statement without an object ("opened in 1932")
            known = part.entities.get(entity.key)
            if known is None:
                part.entities[entity.key] = dataclasses.replace(entity, aliases=set(entity.aliases))
            else:
                known.aliases |= entity.aliases
    part.extractions.extend(_shift(e, offset) for e in exts)
    part.mentions = mention_records(doc, index, corefs, doc_id=doc_id, offset=offset)
    return part


def merge_graph(graph: DocumentGraph, part: DocumentGraph) -> None:
    """Merge the next piece's partial graph into ``graph`` (entities by (name, type)).

    ``part`` is consumed: its entity objects may end up in ``graph``.
    """
    graph.triples.extend(part.triples)
    for key, entity in part.entities.items():
        known = graph.entities.get(key)
        if known is None:
            graph.entities[key] = entity
        else:
            known.aliases |= entity.aliases
    graph.extractions.extend(part.extractions)
    graph.mentions.extend(part.mentions)


def max_piece_chars(max_chunk_chars: int | None = None) -> int:
    """The longest piece to parse: ``max_chunk_chars``, else ``kg.chunks.MAX_CHUNK_CHARS``,
    and never more than the pipeline's ``max_length``.

    Example:
        >>> max_piece_chars(5_000)
        5000
    """
    import kg.chunks  # read when called: tests and callers may lower it
    from kg import nlp

    limit = kg.chunks.MAX_CHUNK_CHARS if max_chunk_chars is None else max_chunk_chars
    return max(1, min(limit, nlp.load().max_length))


def document_pieces(
    document: Document, *, max_chars: int, sentence_per_line: bool = False
) -> list[Piece]:
    """The pieces of a document, in order, with their offsets into ``document.text``.

    Chunks at sentence ends below ``max_chars`` (an empty text is one empty piece);
    with ``sentence_per_line``, each non-blank line (maybe none). A run-on without a
    sentence end (or a line) longer than ``kg.chunks.MAX_SENTENCE_CHARS`` is cut into parts
    of at most that length, parsed one by one.

    Example:
        >>> [p.offset for p in document_pieces(Document("d", "A b.\\n\\nC d."), max_chars=100,
        ...                                    sentence_per_line=True)]
        [0, 6]
    """
    doc_id = document.doc_id
    longest = min(MAX_SENTENCE_CHARS, max_chars)
    if sentence_per_line:
        return [
            Piece(part, doc_id, m.start() + offset)
            for m in _LINE_RE.finditer(document.text)
            if m.group().strip()
            for offset, part in chunks(m.group(), max_chars=longest)
        ]
    parts = chunks(document.text, max_chars=max_chars, max_sentence_chars=longest)
    return [Piece(text, doc_id, offset) for offset, text in parts] or [Piece("", doc_id, 0)]


def batches(
    pieces: Iterable[Piece], *, batch_size: int = BATCH_SIZE, batch_chars: int | None = None
) -> Iterator[list[Piece]]:
    """Group consecutive pieces into batches of at most ``batch_size`` pieces and
    ``batch_chars`` characters (default ``BATCH_CHARS``; a longer piece is a batch of its own).

    spaCy's memory grows with the text of a batch, so a batch is bounded by both.

    Example:
        >>> [len(b) for b in batches([Piece("x" * 30, "d", 0)] * 5, batch_size=2, batch_chars=70)]
        [2, 2, 1]
    """
    limit = BATCH_CHARS if batch_chars is None else batch_chars
    return runs(pieces, lambda piece: len(piece.text), max_size=limit, max_count=batch_size)


def runs(
    items: Iterable[T], size: Callable[[T], int], *, max_size: int, max_count: int | None = None
) -> Iterator[list[T]]:
    """Consecutive ``items`` in lists of at most ``max_count`` items whose ``size`` adds up
    to at most ``max_size`` (an item larger than that is a list of its own).

    Example:
        >>> list(runs([3, 3, 5, 1], lambda n: n, max_size=6))
        [[3, 3], [5, 1]]
    """
    run: list[T] = []
    total = 0
    for item in items:
        item_size = size(item)
        full = max_count is not None and len(run) >= max_count
        if run and (full or total + item_size > max_size):
            yield run
            run, total = [], 0
        run.append(item)
        total += item_size
    if run:
        yield run


def parse_batch(batch: list[Piece]) -> list[PieceResult]:
    """Parse one batch with the cached pipeline; one partial graph per piece, in order.

    When the batch fails, its pieces are parsed again one by one, and a piece that
    fails on its own gives a ``PieceFailure`` (one bad document spoils nothing else).
    """
    from kg import nlp

    # Lone surrogates crash spaCy's tokenizer; the swap keeps every offset.
    stream = ((parser_safe(p.text), p) for p in batch)
    try:
        return [
            piece_graph(doc, doc_id=piece.doc_id, offset=piece.offset)
            for doc, piece in nlp.load().pipe(stream, batch_size=len(batch), as_tuples=True)
        ]
    except Exception as exc:
        if len(batch) == 1:
            return [_failure(batch[0], exc)]
    return [result for piece in batch for result in parse_batch([piece])]


def _failure(piece: Piece, error: BaseException) -> PieceFailure:
    import pickle

    try:  # it travels back from a worker process
        pickle.dumps(error)
    except Exception:
        error = RuntimeError(failure_reason(error))
    return PieceFailure(piece.doc_id, error.with_traceback(None))


#: Turns a stream of pieces into their partial graphs (or failures), in order.
PieceParser = Callable[[Iterator[Piece]], Iterator[PieceResult]]


def assemble(
    documents: Iterable[Document],
    parse: PieceParser,
    *,
    max_chars: int,
    sentence_per_line: bool = False,
    on_error: OnError | None = None,
) -> Iterator[DocumentGraph]:
    """Cut documents into pieces, let ``parse`` turn them into partial graphs, merge them.

    Streams: a document is held only while its pieces are in flight, and each
    graph is yielded, in input order, as soon as its last piece is merged.

    A document whose piece failed (``PieceFailure``) is not yielded: it goes to
    ``on_error`` with the error, and the others go on; without ``on_error`` the
    error is raised.
    """
    pending: deque[tuple[DocumentGraph, list[int]]] = deque()
    failed: dict[int, BaseException] = {}  # id() of a pending graph → its first error

    def pieces() -> Iterator[Piece]:
        for document in documents:
            parts = document_pieces(
                document, max_chars=max_chars, sentence_per_line=sentence_per_line
            )
            graph = DocumentGraph(document.doc_id, document.text, source=document.source)
            pending.append((graph, [len(parts)]))
            yield from parts

    def finished() -> Iterator[DocumentGraph]:
        while pending and pending[0][1][0] == 0:
            graph = pending.popleft()[0]
            error = failed.pop(id(graph), None)
            if error is None:
                yield graph
            elif on_error is None:
                raise error
            else:
                graph.triples.clear()
                on_error(graph, error)

    for part in parse(pieces()):
        yield from finished()  # documents without pieces, ahead of this one
        graph, left = pending[0]
        if isinstance(part, PieceFailure):
            failed.setdefault(id(graph), part.error)
        elif id(graph) not in failed:
            merge_graph(graph, part)
        left[0] -= 1
        yield from finished()
    yield from finished()


def serial_parser(*, batch_size: int = BATCH_SIZE) -> PieceParser:
    """A ``PieceParser`` that parses in this process, ``batch_size`` pieces a batch."""

    def parse(pieces: Iterator[Piece]) -> Iterator[PieceResult]:
        for batch in batches(pieces, batch_size=batch_size):
            yield from parse_batch(batch)

    return parse


def document_graphs(
    documents: Iterable[Document],
    *,
    batch_size: int = BATCH_SIZE,
    max_chunk_chars: int | None = None,
    sentence_per_line: bool = False,
    parse: PieceParser | None = None,
    on_error: OnError | None = None,
) -> Iterator[DocumentGraph]:
    """Extract many documents, streaming: parse in batches, yield each graph when done.

    Long documents are cut into chunks at sentence ends (``kg.chunks``), below
    the pipeline's ``max_length``, and their offsets kept right; memory stays
    bounded by the batches in flight, not the corpus.

    Args:
        documents: the documents, read lazily.
        batch_size: pieces per ``nlp.pipe`` batch.
        max_chunk_chars: the longest chunk (default ``kg.chunks.MAX_CHUNK_CHARS``, capped
            by ``nlp.max_length``).
        sentence_per_line: parse each non-blank line on its own instead of chunks.
        parse: how pieces are parsed (a ``PieceParser``); None parses them here, in
            batches of ``batch_size``. ``kg.run.local.parallel_parser`` parses them in
            worker processes; the graphs are the same either way.
        on_error: called with a document that could not be extracted (its graph,
            without triples) and the error, instead of raising it; the other
            documents go on.

    Example:
        >>> docs = [Document("a", "Ann Lee met Bo Ek."), Document("b", "")]
        >>> [(g.doc_id, len(g.triples)) for g in document_graphs(docs)]
        [('a', 1), ('b', 0)]
    """
    max_chars = max_piece_chars(max_chunk_chars)
    if parse is None:
        parse = serial_parser(batch_size=batch_size)
    yield from assemble(
        documents, parse, max_chars=max_chars, sentence_per_line=sentence_per_line,
        on_error=on_error,
    )  # fmt: skip


def document_graph(text: str, *, doc_id: str = "", source: str | None = None) -> DocumentGraph:
    """Extract one document.

    Example:
        >>> graph = document_graph("Ada Lovelace wrote the first program.", doc_id="ada")
        >>> [(t.subject, t.relation, t.object) for t in graph.triples]
        [('Ada Lovelace', 'write', 'first program')]
    """
    return next(document_graphs([Document(doc_id, text, source)]))
