"""What the document page of ``kg serve`` shows, read from a store: one document, the
sentences the store keeps of it, and its statements (bounded, as ``kg.store.facts``).

A document's text is its ``nif:isString``, which every offset points into. A
store written before kg kept it has only the sentences that gave a statement or
a merge (``nif:anchorOf``, with their offsets), from which the page rebuilds what
it can (``kg.serve.marks.rebuild_text``).

Example:
    >>> from kg.model import DocumentGraph, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> text = "Ann met Bob. It rained."
    >>> _ = graph.add(DocumentGraph("d1", text, [Triple("Ann", "meet", "Bob",
    ...     sentence="Ann met Bob.", sentence_end=12, end=11)]))
    >>> doc = document(graph, doc_id="d1")
    >>> document_text(graph, doc["iri"])
    'Ann met Bob. It rained.'
    >>> document_sentences(graph, doc["iri"])
    [(0, 12, 'Ann met Bob.')]
    >>> [(s["subject_label"], s["relation"], s["object_label"])
    ...  for s in document_statements(graph, doc["iri"])]
    [('Ann', 'meet', 'Bob')]
"""

from __future__ import annotations

from typing import Any

from kg.store.facts import Source, _iri, _str, _text, statement_details

#: The most statements of one document a page shows (a longer document has more pages).
DOCUMENT_STATEMENT_LIMIT = 200
#: The most sentences of one document a page shows.
DOCUMENT_SENTENCE_LIMIT = 2_000


def document(
    graph: Source, *, doc_id: str | None = None, iri: str | None = None
) -> dict[str, Any] | None:
    """One document, by its id (``dcterms:identifier``) or its IRI: ``iri``, ``doc_id``,
    ``source`` (or None) and ``content_hash``; None when the store has no such document.

    Raises:
        ValueError: ``iri`` is not an IRI, or neither or both are given.
    """
    if (doc_id is None) == (iri is None):
        raise ValueError("give a document's id or its IRI")
    if iri is not None:
        pattern = (
            f"VALUES ?g {{ {_iri(iri)} }} GRAPH ?g {{ ?g a kg:Document . "
            "OPTIONAL { ?g dcterms:identifier ?id }"
        )
    else:
        literal = _text(doc_id or "")
        pattern = (
            f"GRAPH ?g {{ ?g dcterms:identifier {literal} ; a kg:Document . BIND({literal} AS ?id)"
        )
    rows = graph._select(f"""SELECT ?g ?id ?source ?hash WHERE {{ {pattern}
  OPTIONAL {{ ?g dcterms:source ?source }} OPTIONAL {{ ?g kg:contentHash ?hash }} }}
}} LIMIT 10""")
    if not rows:
        return None
    row = min(rows, key=lambda r: str(r["g"]))
    return {
        "iri": str(row["g"]),
        "doc_id": _str(row, "id") or "",
        "source": _str(row, "source"),
        "content_hash": _str(row, "hash") or "",
    }


def document_text(graph: Source, iri: str) -> str | None:
    """A document's whole text (``nif:isString``); None from a store that did not keep it.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    node = _iri(iri)
    rows = graph._select(
        f"SELECT ?text WHERE {{ GRAPH {node} {{ {node} nif:isString ?text }} }} LIMIT 1"
    )
    return str(rows[0]["text"]) if rows else None


def document_sentences(
    graph: Source,
    iri: str,
    *,
    begin: int | None = None,
    end: int | None = None,
    limit: int = DOCUMENT_SENTENCE_LIMIT,
) -> list[tuple[int, int, str]]:
    """The sentences the store keeps of a document (those that gave a statement or a
    merge): ``(begin, end, text)``, in text order; only those that end after ``begin``
    and start before ``end`` when these are given.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    where = []
    if begin is not None:
        where.append(f"?end > {int(begin)}")
    if end is not None:
        where.append(f"?begin < {int(end)}")
    window = f"FILTER({' && '.join(where)})" if where else ""
    rows = graph._select(f"""SELECT ?begin ?end ?text WHERE {{ GRAPH {_iri(iri)} {{
  ?s a kg:Sentence ; nif:beginIndex ?begin ; nif:endIndex ?end . {window}
  ?s nif:anchorOf ?text }}
}} LIMIT {limit}""")
    return sorted((int(row["begin"]), int(row["end"]), str(row["text"])) for row in rows)


def count_statements(graph: Source, iri: str, *, before: int | None = None) -> int:
    """How many statements a document has (that start before offset ``before``).

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    where = "" if before is None else f"?st nif:beginIndex ?b FILTER(?b < {int(before)})"
    node = _iri(iri)
    rows = graph._select(
        f"SELECT (COUNT(?st) AS ?n) WHERE {{ GRAPH {node} {{ ?st a kg:Statement . {where} }} }}"
    )
    return int(rows[0]["n"]) if rows else 0


def document_statements(
    graph: Source, iri: str, *, offset: int = 0, limit: int = DOCUMENT_STATEMENT_LIMIT
) -> list[dict[str, Any]]:
    """A document's statements in text order: the ``limit`` after the first ``offset``.

    Returns:
        Dicts with the keys of ``kg.store.facts.entity_facts``' (``role`` and ``other*``
        aside; ``sentence``, ``sentence_begin`` and ``doc_id`` None: the page has them)
        and ``subject`` / ``subject_label`` / ``object`` / ``object_label`` (the
        object's None for a statement without one).

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    # This page's statements first (numbers sort fast), then their ends and details; the
    # document graph labels its own entities.
    node = _iri(iri)
    page = graph._select(f"""SELECT ?st WHERE {{ GRAPH {node} {{
  ?st a kg:Statement ; nif:beginIndex ?begin ; nif:endIndex ?end }}
}} ORDER BY ?begin ?end OFFSET {max(offset, 0)} LIMIT {limit}""")
    if not page:
        return []
    values = " ".join(_iri(str(row["st"])) for row in page)
    rows = graph._select(f"""SELECT ?st ?s ?sLabel ?o ?oLabel WHERE {{ VALUES ?st {{ {values} }}
  GRAPH {node} {{ ?st rdf:subject ?s . OPTIONAL {{ ?s skos:prefLabel ?sLabel }}
  OPTIONAL {{ ?st rdf:object ?o . OPTIONAL {{ ?o skos:prefLabel ?oLabel }} }} }}
}}""")
    details = statement_details(graph, sorted({str(row["st"]) for row in rows}), provenance=False)
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        st, s, o = str(row["st"]), str(row["s"]), _str(row, "o")
        if st in details and st not in found:
            found[st] = details[st] | {
                "doc": iri,
                "subject": s, "subject_label": _str(row, "sLabel") or s, "object": o,
                "object_label": None if o is None else _str(row, "oLabel") or o,
            }  # fmt: skip
    return sorted(
        found.values(), key=lambda st: (st["begin"] or 0, st["end"] or 0, st["statement"])
    )
