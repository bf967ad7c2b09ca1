"""Documents in, document graphs out: reading inputs and extracting them.

Serially, or in worker processes (``kg.run.local``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import ExtractionError, InputError
from kg.io import TEXT_SUFFIXES, Document, read_document
from kg.model import DocumentGraph

#: Called after each document: (document, its graph or None when it failed, error or None).
#: ``build`` also calls it as (document id, None, None) for a document it skips because
#: the store already holds its graph (same content, same extractor version).
Progress = Callable[[Document | str, DocumentGraph | None, Exception | None], None]


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
        return Document(doc_id=text_id(item), text=item)
    if _exists(item):
        return read_document(item, root=root)
    if _looks_like_file_name(item):
        raise InputError(f"{item}: no such file or directory")
    return Document(doc_id=text_id(item), text=item)


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


def text_id(text: str) -> str:
    """The id of a document given as text: ``text-<hash of the text>``."""
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
        n_process: worker processes to parse in (``kg.run.local``); None for one per
            CPU core, 1 for this process only. The graphs and their order are the same.

    Example:
        >>> text = "Bo Li met Ann Ek\\nAnn Ek met Cy Ho."
        >>> (graph,) = extract_documents([text], sentence_per_line=True)
        >>> [(t.subject, t.object, t.sentence, t.sentence_start) for t in graph.triples]
        [('Bo Li', 'Ann Ek', 'Bo Li met Ann Ek', 0), ('Ann Ek', 'Cy Ho', 'Ann Ek met Cy Ho.', 17)]
    """
    from kg.extract.pipeline import document_graphs, failure_reason
    from kg.run.local import parallel_parser

    def failed(graph: DocumentGraph, error: BaseException) -> None:
        assert on_progress is not None
        reason = failure_reason(error)
        on_progress(
            graph.doc_id, None, ExtractionError(f"{graph.doc_id}: cannot extract: {reason}")
        )

    docs = iter_documents(items, on_error=on_progress)
    parse = None if n_process == 1 else parallel_parser(n_process=n_process, batch_size=batch_size)
    graphs = document_graphs(
        docs, batch_size=batch_size, sentence_per_line=sentence_per_line, parse=parse,
        on_error=None if on_progress is None else failed,
    )  # fmt: skip
    for graph in graphs:
        if on_progress is not None:
            on_progress(graph.doc_id, graph, None)
        yield graph
