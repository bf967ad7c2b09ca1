"""The triples of documents as lines of text, without a store: ``kg extract``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import FormatError, value_invalid_msg
from kg.io import Document
from kg.model import DocumentGraph
from kg.run.documents import Progress, extract_documents, iter_documents

#: What ``extract`` writes: JSON lines, a tab-separated table, or CaRB's Open IE format.
EXTRACT_FORMATS = ("jsonl", "tsv", "carb")
#: The columns of ``extract(..., format="tsv")``, in order (its header line).
TSV_FIELDS = (
    "doc", "subject", "relation", "object", "subject_type", "object_type", "polarity",
    "modality", "attribution", "confidence", "start", "end", "sentence_start", "sentence_end",
    "time", "time_text", "sentence",
)  # fmt: skip


def extract(
    items: Iterable[str | Path | Document],
    *,
    format: str = "jsonl",
    on_progress: Progress | None = None,
    sentence_per_line: bool = False,
    n_process: int | None = None,
) -> Iterator[str]:
    """The triples of documents as lines of text (without line ends), streamed.

    Args:
        items: texts, paths or ``Document`` objects (see ``kg.run.documents``).
        format: ``jsonl``, one JSON object per triple (``Triple.as_dict``); ``tsv``,
            the ``TSV_FIELDS`` of each triple, tab separated, after a header line (a
            tab, line break or backslash in a cell is written ``\\t``, ``\\n``,
            ``\\\\``); ``carb``, the Open IE layer in the CaRB benchmark's tab format.
        on_progress: called after each document (as in ``extract_documents``; carb
            passes a graph with the text and no triples); with it, documents that
            cannot be read or extracted are reported and skipped; without it, the
            error is raised.
        sentence_per_line: read each line as one sentence; carb echoes it unchanged.
        n_process: worker processes to parse in (jsonl and tsv; see ``extract_documents``).

    Raises:
        FormatError: an unknown ``format`` (before anything is read).

    Example:
        >>> lines = extract(["Marie Curie discovered polonium."], format="tsv", n_process=1)
        >>> [line.split("\\t")[1:4] for line in lines]
        [['subject', 'relation', 'object'], ['Marie Curie', 'discover', 'polonium']]
    """
    if format not in EXTRACT_FORMATS:
        raise FormatError(value_invalid_msg("extract format", format, EXTRACT_FORMATS))
    if format == "carb":
        documents = iter_documents(items, on_error=on_progress)
        return _carb_lines(documents, sentence_per_line, on_progress)
    graphs = extract_documents(
        items, on_progress=on_progress, sentence_per_line=sentence_per_line, n_process=n_process
    )
    records = (triple.as_dict() for graph in graphs for triple in graph.triples)
    if format == "jsonl":
        return (json.dumps(record, ensure_ascii=False) for record in records)
    return _tsv_lines(records)


def _carb_lines(
    documents: Iterable[Document], sentence_per_line: bool, on_progress: Progress | None
) -> Iterator[str]:
    from kg.extract.carb import to_carb

    for document in documents:
        yield from to_carb(document.text, sentence_per_line=sentence_per_line)
        if on_progress is not None:  # its text, no triples: carb writes its own layer
            on_progress(document.doc_id, DocumentGraph(document.doc_id, document.text), None)


def _tsv_lines(records: Iterable[dict[str, object]]) -> Iterator[str]:
    yield "\t".join(TSV_FIELDS)
    for record in records:
        yield "\t".join(_tsv_cell(record[field]) for field in TSV_FIELDS)


def _tsv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
