"""What the pages of ``kg serve`` show, read from a store: bounded SPARQL, one page at a time.

Each function answers one page (or one part of one) and reads only what it shows:
every query names its entity or document, and every one has a ``LIMIT``, so a page
of a 200-article store answers in milliseconds, whatever the size of the graph.

- :func:`search_names`: entities whose name or alias contains a text (prefix
  matches first), for the search box and its suggestions;
- :func:`top_entities`: the most connected entities of each class;
- :func:`entity`, :func:`entity_facts`, :func:`entity_merges`: one entity, the
  statements it takes part in, and the merge evidence of its aliases
  (``kg.rdf.merges``);
- :func:`document`, :func:`document_sentences`, :func:`document_statements`:
  one document, the sentences the store keeps of it and its statements.

Values given by a user (an IRI, a text) enter a query only as pyoxigraph terms
(``<iri>``, ``"text"``), which escape them; an IRI that is not one raises
``ValueError``.

Example:
    >>> from kg.model import DocumentGraph, Entity, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> berg = Entity("Anna Berg", "Person", {"Berg"})
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Anna Berg", "meet", "Karl Tamm",
    ...     "Person", "Person")], {berg.key: berg}))
    >>> [(hit["label"], hit["name"]) for hit in search_names(graph, "berg")]
    [('Anna Berg', 'Berg')]
    >>> [fact["other_label"] for fact in entity_facts(graph, search_names(graph, "berg")[0]["iri"])]
    ['Karl Tamm']
"""

from __future__ import annotations

import unicodedata
from typing import Any, Protocol

import pyoxigraph as ox

from kg.model import ENTITY_TYPES
from kg.rdf.namespaces import KG

#: The most hits :func:`search_names` returns.
SEARCH_LIMIT = 50
#: The most statements of one entity, or of one document, a page shows.
FACT_LIMIT = 500
DOCUMENT_STATEMENT_LIMIT = 5_000
DOCUMENT_SENTENCE_LIMIT = 5_000
#: The most merges and aliases of one entity a page shows.
MERGE_LIMIT = 200
#: The most connected entities shown per class.
TOP_PER_CLASS = 8

_CLASSES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)
_KG = str(KG)


class Source(Protocol):
    """What this module needs of a ``kg.store.graph.KnowledgeGraph``: its SELECT answers."""

    def _select(self, sparql: str) -> list[dict[str, Any]]: ...


def _iri(iri: str) -> str:
    """``<iri>``, checked (``ValueError`` for text that is no IRI)."""
    return str(ox.NamedNode(iri))


def _text(text: str) -> str:
    return str(ox.Literal(text))


def _str(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _class(iri: object) -> str | None:
    text = str(iri) if iri is not None else ""
    return text[len(_KG) :] if text.startswith(_KG) else None


def _fold(text: str) -> str:
    """Text as compared by search: NFC, lower case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


# ---------------------------------------------------------------- names


def search_names(graph: Source, text: str, *, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    """Entities whose name (``skos:prefLabel``) or an alias (``skos:altLabel``) contains ``text``.

    Case does not matter. Names that start with ``text`` come first, then shorter
    names; an entity found by several of its names comes once, by the best.

    Returns:
        Dicts ``iri``, ``label`` (the entity's name), ``class`` (``"Person"``, ...) and
        ``name`` (the name or alias that matched); at most ``limit``. Empty text: none.
    """
    needle = _fold(text)
    if not needle or limit < 1:
        return []
    q = _text(needle)
    rows = graph._select(f"""SELECT ?e ?name ?label ?class WHERE {{
  {{ ?e skos:prefLabel ?name }} UNION {{ ?e skos:altLabel ?name }}
  FILTER(CONTAINS(LCASE(STR(?name)), {q}))
  ?e skos:prefLabel ?label ; a ?class . VALUES ?class {{ {_CLASSES} }}
}} ORDER BY (!STRSTARTS(LCASE(STR(?name)), {q})) STRLEN(STR(?name)) ?name ?e LIMIT {limit * 4}""")
    hits: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row["e"])
        if iri not in hits and len(hits) < limit:
            hits[iri] = {
                "iri": iri,
                "label": str(row["label"]),
                "class": _class(row["class"]),
                "name": str(row["name"]),
            }
    return list(hits.values())


def top_entities(
    graph: Source, *, per_class: int = TOP_PER_CLASS
) -> dict[str, list[dict[str, Any]]]:
    """The ``per_class`` entities of each class in the most statements, most first.

    Returns:
        Class name → dicts ``iri``, ``label``, ``statements``; classes without entities
        left out.
    """
    parts = [
        f"""{{ SELECT ?e (COUNT(DISTINCT ?st) AS ?n) (kg:{t} AS ?class) WHERE {{
      ?e a kg:{t} . {{ ?st rdf:subject ?e }} UNION {{ ?st rdf:object ?e }}
    }} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT {per_class} }}"""
        for t in ENTITY_TYPES
    ]
    rows = graph._select(
        "SELECT ?class ?e ?n (MIN(?name) AS ?label) WHERE {\n  "
        + "\n  UNION\n  ".join(parts)
        + "\n  ?e skos:prefLabel ?name .\n} GROUP BY ?class ?e ?n ORDER BY ?class DESC(?n) ?label"
    )
    top: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        name = _class(row["class"]) or "Concept"
        top.setdefault(name, []).append(
            {"iri": str(row["e"]), "label": str(row["label"]), "statements": int(row["n"])}
        )
    return {t: top[t] for t in ENTITY_TYPES if t in top}


# ---------------------------------------------------------------- one entity


def entity(graph: Source, iri: str) -> dict[str, Any] | None:
    """One entity: ``iri``, ``label``, ``class`` and sorted ``aliases``; None if unknown.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    node = _iri(iri)
    rows = graph._select(f"""SELECT ?p ?o WHERE {{
  VALUES ?p {{ rdf:type skos:prefLabel skos:altLabel }} {node} ?p ?o
}} LIMIT {MERGE_LIMIT * 2}""")
    labels, aliases, classes = set(), set(), set()
    for row in rows:
        p, o = str(row["p"]), row["o"]
        if p.endswith("#type"):
            if _class(o) in ENTITY_TYPES:
                classes.add(_class(o))
        elif p.endswith("prefLabel"):
            labels.add(str(o))
        else:
            aliases.add(str(o))
    if not labels and not classes:
        return None
    label = min(labels) if labels else iri
    return {
        "iri": iri,
        "label": label,
        "class": min(c for c in classes if c) if classes else None,
        "aliases": sorted(aliases - {label}),
    }


_FACT_FIELDS = """?st a kg:Statement ; rdf:predicate ?p .
  OPTIONAL { ?p rdfs:label ?relation }
  OPTIONAL { ?st kg:confidence ?confidence } OPTIONAL { ?st kg:polarity ?polarity }
  OPTIONAL { ?st kg:modality ?modality } OPTIONAL { ?st kg:attribution ?attribution }
  OPTIONAL { ?st kg:asserted ?asserted }
  OPTIONAL { ?st kg:time ?t . BIND(STR(?t) AS ?time) } OPTIONAL { ?st kg:timeText ?timeText }
  OPTIONAL { ?st nif:beginIndex ?begin } OPTIONAL { ?st nif:endIndex ?end }"""


def entity_facts(graph: Source, iri: str, *, limit: int = FACT_LIMIT) -> list[dict[str, Any]]:
    """The statements ``iri`` is the subject or the object of, by relation, document, offset.

    Returns:
        Dicts (at most ``limit``) with ``statement`` (its IRI), ``role`` (``"subject"``
        or ``"object"``: the entity's), ``relation``, ``other`` / ``other_label`` /
        ``other_class`` (the entity at the other end; None for a statement without an
        object), ``confidence``, ``polarity``, ``modality``, ``attribution``,
        ``asserted``, ``time``, ``time_text``, ``sentence`` (its text), ``sentence_begin``,
        ``begin``, ``end`` (offsets in the document), ``doc`` (the document's IRI) and
        ``doc_id``.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    node = _iri(iri)
    rows = graph._select(f"""SELECT ?st ?role ?relation ?other ?otherLabel ?otherClass ?confidence
       ?polarity ?modality ?attribution ?asserted ?time ?timeText ?begin ?end ?sentence
       ?sentenceBegin ?doc ?docId WHERE {{
  {{ ?st rdf:subject {node} . OPTIONAL {{ ?st rdf:object ?other }} BIND("subject" AS ?role) }}
  UNION {{ ?st rdf:object {node} ; rdf:subject ?other . BIND("object" AS ?role) }}
  {_FACT_FIELDS}
  OPTIONAL {{ ?other skos:prefLabel ?otherLabel }}
  OPTIONAL {{ ?other a ?otherClass . VALUES ?otherClass {{ {_CLASSES} }} }}
  OPTIONAL {{ ?st prov:wasDerivedFrom ?sent .
             OPTIONAL {{ ?sent nif:anchorOf ?sentence }}
             OPTIONAL {{ ?sent nif:beginIndex ?sentenceBegin }}
             OPTIONAL {{ ?sent dcterms:isPartOf ?doc . ?doc dcterms:identifier ?docId }} }}
}} ORDER BY ?relation ?role ?docId ?begin ?st LIMIT {limit * 2}""")
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (str(row["st"]), str(row["role"]))
        if key in facts or len(facts) >= limit:
            continue
        facts[key] = _fact(row) | {
            "role": key[1],
            "other": _str(row, "other"),
            "other_label": _str(row, "otherLabel"),
            "other_class": _class(row.get("otherClass")),
        }
    return list(facts.values())


def count_facts(graph: Source, iri: str) -> int:
    """How many statements ``iri`` is the subject or the object of."""
    node = _iri(iri)
    rows = graph._select(f"""SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{
  {{ ?st rdf:subject {node} }} UNION {{ ?st rdf:object {node} }} }}""")
    return int(rows[0]["n"]) if rows else 0


def _fact(row: dict[str, Any]) -> dict[str, Any]:
    confidence = row.get("confidence")
    begin, end, sentence_begin = row.get("begin"), row.get("end"), row.get("sentenceBegin")
    return {
        "statement": str(row["st"]),
        "relation": _str(row, "relation") or "",
        "confidence": None if confidence is None else float(confidence),
        "polarity": _str(row, "polarity") or "positive",
        "modality": _str(row, "modality"),
        "attribution": _str(row, "attribution"),
        "asserted": row.get("asserted") is not False,
        "time": _str(row, "time"),
        "time_text": _str(row, "timeText"),
        "begin": None if begin is None else int(begin),
        "end": None if end is None else int(end),
        "sentence": _str(row, "sentence"),
        "sentence_begin": None if sentence_begin is None else int(sentence_begin),
        "doc": _str(row, "doc"),
        "doc_id": _str(row, "docId"),
    }


def entity_merges(graph: Source, iri: str, *, limit: int = MERGE_LIMIT) -> list[dict[str, Any]]:
    """The merge evidence of ``iri``'s aliases (``kg:Merge`` nodes, see ``kg.rdf.merges``).

    Returns:
        Dicts ``alias`` (as written), ``rule`` (``"surname"``, ``"acronym"``,
        ``"store-alias"``, ...), ``begin``, ``end`` (its first occurrence in the
        document), ``occurrences``, ``sentence`` (text, or None), ``sentence_begin``,
        ``doc`` and ``doc_id``; by alias, document, offset.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    node = _iri(iri)
    rows = graph._select(f"""SELECT ?merge ?alias ?rule ?begin ?end ?count ?doc ?docId ?sentence
       ?sentenceBegin WHERE {{
  ?merge a kg:Merge ; kg:entity {node} ; kg:alias ?alias ; kg:rule ?rule .
  OPTIONAL {{ ?merge nif:beginIndex ?begin }} OPTIONAL {{ ?merge nif:endIndex ?end }}
  OPTIONAL {{ ?merge kg:occurrences ?count }}
  OPTIONAL {{ ?merge dcterms:isPartOf ?doc . OPTIONAL {{ ?doc dcterms:identifier ?docId }} }}
  OPTIONAL {{ ?merge prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?sentence .
             OPTIONAL {{ ?sent nif:beginIndex ?sentenceBegin }} }}
}} ORDER BY ?alias ?docId ?begin ?rule ?merge LIMIT {limit}""")
    merges: dict[str, dict[str, Any]] = {}
    for row in rows:
        merges.setdefault(
            str(row["merge"]),
            {
                "alias": str(row["alias"]),
                "rule": str(row["rule"]),
                "begin": None if row.get("begin") is None else int(row["begin"]),
                "end": None if row.get("end") is None else int(row["end"]),
                "occurrences": int(row.get("count") or 0),
                "sentence": _str(row, "sentence"),
                "sentence_begin": None
                if row.get("sentenceBegin") is None
                else int(row["sentenceBegin"]),
                "doc": _str(row, "doc"),
                "doc_id": _str(row, "docId"),
            },
        )
    return list(merges.values())


# ---------------------------------------------------------------- one document


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
        node = _iri(iri)
        pattern = (
            f"VALUES ?g {{ {node} }} GRAPH ?g {{ ?g a kg:Document . "
            "OPTIONAL { ?g dcterms:identifier ?id }"
        )
    else:
        literal = _text(doc_id or "")
        pattern = (
            f"GRAPH ?g {{ ?g a kg:Document ; dcterms:identifier {literal} . BIND({literal} AS ?id)"
        )
    rows = graph._select(f"""SELECT ?g ?id ?source ?hash WHERE {{ {pattern}
  OPTIONAL {{ ?g dcterms:source ?source }} OPTIONAL {{ ?g kg:contentHash ?hash }} }}
}} ORDER BY ?g LIMIT 1""")
    if not rows:
        return None
    row = rows[0]
    return {
        "iri": str(row["g"]),
        "doc_id": _str(row, "id") or "",
        "source": _str(row, "source"),
        "content_hash": _str(row, "hash") or "",
    }


def document_sentences(
    graph: Source, iri: str, *, limit: int = DOCUMENT_SENTENCE_LIMIT
) -> list[tuple[int, int, str]]:
    """The sentences the store keeps of a document (those that gave a statement or a
    merge): ``(begin, end, text)``, in text order.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    node = _iri(iri)
    rows = graph._select(f"""SELECT ?begin ?end ?text WHERE {{ GRAPH {node} {{
  ?s a kg:Sentence ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?text }}
}} ORDER BY ?begin ?end LIMIT {limit}""")
    return [(int(row["begin"]), int(row["end"]), str(row["text"])) for row in rows]


def document_statements(
    graph: Source, iri: str, *, limit: int = DOCUMENT_STATEMENT_LIMIT
) -> list[dict[str, Any]]:
    """A document's statements, in text order.

    Returns:
        Dicts with the keys of :func:`entity_facts`' (``role`` and ``other*`` aside)
        and ``subject`` / ``subject_label`` / ``object`` / ``object_label`` (the
        object's None for a statement without one).

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    node = _iri(iri)
    rows = graph._select(f"""SELECT ?st ?s ?sLabel ?o ?oLabel ?relation ?confidence ?polarity
       ?modality ?attribution ?asserted ?time ?timeText ?begin ?end ?sentence ?sentenceBegin
       ?doc ?docId WHERE {{ GRAPH {node} {{
  ?st rdf:subject ?s . OPTIONAL {{ ?s skos:prefLabel ?sLabel }}
  OPTIONAL {{ ?st rdf:object ?o . OPTIONAL {{ ?o skos:prefLabel ?oLabel }} }}
  {_FACT_FIELDS}
  OPTIONAL {{ ?st prov:wasDerivedFrom ?sent . OPTIONAL {{ ?sent nif:anchorOf ?sentence }}
             OPTIONAL {{ ?sent nif:beginIndex ?sentenceBegin }} }}
  BIND({node} AS ?doc) OPTIONAL {{ ?doc dcterms:identifier ?docId }} }}
}} ORDER BY ?begin ?end ?st LIMIT {limit * 2}""")
    statements: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["st"])
        if key in statements or len(statements) >= limit:
            continue
        statements[key] = _fact(row) | {
            "subject": str(row["s"]),
            "subject_label": _str(row, "sLabel") or str(row["s"]),
            "object": _str(row, "o"),
            "object_label": _str(row, "oLabel") or _str(row, "o"),
        }
    return list(statements.values())


# ---------------------------------------------------------------- the store


#: The most documents the home page lists.
DOCUMENT_LIMIT = 100


def counts(graph: Source) -> dict[str, int]:
    """How many ``documents``, ``entities`` and ``statements`` the store holds.

    Example:
        >>> from kg.model import DocumentGraph, Triple
        >>> from kg.store.graph import KnowledgeGraph
        >>> graph = KnowledgeGraph.open()
        >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob", "Person")]))
        >>> counts(graph)
        {'documents': 1, 'entities': 2, 'statements': 1}
    """

    def count(where: str, what: str) -> int:
        rows = graph._select(f"SELECT (COUNT({what}) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"]) if rows else 0

    return {
        "documents": count("GRAPH ?g { ?g a kg:Document }", "*"),
        "entities": count(f"VALUES ?c {{ {_CLASSES} }} ?e a ?c", "DISTINCT ?e"),
        "statements": count("?s a kg:Statement", "DISTINCT ?s"),
    }


def documents(graph: Source, *, limit: int = DOCUMENT_LIMIT) -> list[dict[str, str]]:
    """The first ``limit`` documents by id: dicts ``iri`` and ``doc_id``."""
    rows = graph._select(f"""SELECT ?g ?id WHERE {{ GRAPH ?g {{ ?g a kg:Document .
  OPTIONAL {{ ?g dcterms:identifier ?id }} }} }} ORDER BY ?id ?g LIMIT {limit}""")
    return [{"iri": str(row["g"]), "doc_id": _str(row, "id") or ""} for row in rows]
