"""Text in, triples out: the extractor on one text, without a store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.io import Document
from kg.model import EntityMention, Triple
from kg.run.documents import Progress, extract_documents


def triples(text: str, *, doc_id: str = "") -> list[Triple]:
    """Extract knowledge-graph triples from one English text.

    Each triple has ``subject``, ``relation``, ``object``, their types, its
    ``polarity``, ``modality``, ``attribution``, ``confidence``, the
    ``sentence`` and character offsets; ``asserted`` is True only for plain,
    positive, unhedged, unattributed statements.

    Example:
        >>> import kg
        >>> triples = kg.triples("Marie Curie discovered polonium.")
        >>> [(t.subject, t.relation, t.object) for t in triples]
        [('Marie Curie', 'discover', 'polonium')]
        >>> [t.asserted for t in kg.triples("Nordvik did not sign the agreement.")]
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
    entity's IRI (under ``base_iri``, default ``kg.rdf.terms.DEFAULT_BASE_IRI``) and
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

    from kg.rdf.terms import DEFAULT_BASE_IRI, check_base_iri, entity_iri

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
    from kg.rdf.terms import DEFAULT_BASE_IRI, check_base_iri

    base = DEFAULT_BASE_IRI if base_iri is None else check_base_iri(base_iri)  # before parsing
    graphs = extract_documents(
        items, on_progress=on_progress, batch_size=batch_size,
        sentence_per_line=sentence_per_line, n_process=n_process,
    )  # fmt: skip
    for graph in graphs:
        yield with_iris(graph.mentions, base_iri=base)
