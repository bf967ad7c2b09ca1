"""What the pages of ``kg serve`` show, read from a store: bounded SPARQL, one page at a time.

Each function answers one page (or one part of one) and reads only what it shows:
every query names its entity or document (or the statements or entities an earlier
one found, as ``VALUES``), and every one has a ``LIMIT``. Oxigraph would join one big
query the expensive way round, and compares strings and IRIs slowly: so a page asks
a few small queries, each driven by the last, and sorts in Python.

- :func:`search_names`: entities whose name or alias contains a text (prefix
  matches first), for the search box and its suggestions;
- :func:`top_entities`: the most connected entities of each class;
- :func:`entity`, :func:`entity_facts`, :func:`entity_merges`: one entity, the
  statements it takes part in, and the merge evidence of its aliases
  (``kg.rdf.merges``);
- :func:`counts`, :func:`documents`: the store's totals, its first documents.

``kg.store.document_facts`` reads one document the same way.

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
#: The most statements of one entity a page shows.
FACT_LIMIT = 500
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


def _int(row: dict[str, Any], key: str) -> int | None:
    value = row.get(key)
    return None if value is None else int(value)


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
    # Numbers to sort by, bound once: Oxigraph compares strings and IRIs slowly.
    rows = graph._select(f"""SELECT ?e ?name ?starts ?length WHERE {{
  {{ ?e skos:prefLabel ?name }} UNION {{ ?e skos:altLabel ?name }}
  BIND(LCASE(STR(?name)) AS ?low) FILTER(CONTAINS(?low, {q}))
  BIND(IF(STRSTARTS(?low, {q}), 0, 1) AS ?starts) BIND(STRLEN(?low) AS ?length)
}} ORDER BY ?starts ?length LIMIT {limit * 4}""")
    rows.sort(key=lambda r: (int(r["starts"]), int(r["length"]), str(r["name"]), str(r["e"])))
    best: dict[str, str] = {}
    for row in rows:
        best.setdefault(str(row["e"]), str(row["name"]))
    about = _about(graph, list(best)[:limit])
    return [
        {"iri": iri, "label": about[iri][0], "class": about[iri][1], "name": name}
        for iri, name in list(best.items())[:limit]
        if iri in about
    ]


def _about(graph: Source, iris: list[str]) -> dict[str, tuple[str, str | None]]:
    """IRI → (name, class) of those of ``iris`` that are entities (one query)."""
    if not iris:
        return {}
    values = " ".join(_iri(iri) for iri in iris)
    rows = graph._select(f"""SELECT ?e ?label ?class WHERE {{ VALUES ?e {{ {values} }}
  ?e skos:prefLabel ?label . OPTIONAL {{ ?e a ?class . VALUES ?class {{ {_CLASSES} }} }} }}""")
    about: dict[str, tuple[str, str | None]] = {}
    for row in sorted(rows, key=lambda r: (str(r["label"]), str(r.get("class", "")))):
        iri = str(row["e"])
        if iri not in about or about[iri][1] is None:
            about[iri] = (str(row["label"]), _class(row.get("class")))
    return about


def aliases(
    graph: Source, iris: list[str], *, limit: int = MERGE_LIMIT * 10
) -> dict[str, list[str]]:
    """IRI → sorted aliases (``skos:altLabel``) of those of ``iris`` that have any (one query).

    Raises:
        ValueError: one of ``iris`` is not an IRI.
    """
    if not iris:
        return {}
    values = " ".join(_iri(iri) for iri in iris)
    rows = graph._select(
        f"SELECT ?e ?alias WHERE {{ VALUES ?e {{ {values} }} ?e skos:altLabel ?alias }} "
        f"LIMIT {limit}"
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(str(row["e"]), set()).add(str(row["alias"]))
    return {iri: sorted(names) for iri, names in found.items()}


#: Entities ranked by degree for :func:`top_entities` before they are sorted into classes.
TOP_CANDIDATES = 300


def top_entities(
    graph: Source, *, per_class: int = TOP_PER_CLASS
) -> dict[str, list[dict[str, Any]]]:
    """The ``per_class`` entities of each class in the most statements, most first.

    The :data:`TOP_CANDIDATES` most connected entities are sorted into their
    classes; a class short of ``per_class`` there (a small one) is then ranked on
    its own.

    Returns:
        Class name → dicts ``iri``, ``label``, ``statements``; classes without entities
        left out.
    """
    degree = """{ ?st rdf:subject ?e } UNION { ?st rdf:object ?e }"""
    rows = graph._select(f"""SELECT ?e (COUNT(?st) AS ?n) WHERE {{ {degree} }}
GROUP BY ?e ORDER BY DESC(?n) LIMIT {TOP_CANDIDATES}""")
    ranked = {str(row["e"]): int(row["n"]) for row in rows}
    sizes = {
        _class(row["c"]): int(row["n"])
        for row in graph._select(
            f"SELECT ?c (COUNT(?e) AS ?n) WHERE {{ VALUES ?c {{ {_CLASSES} }} ?e a ?c }} "
            "GROUP BY ?c"
        )
    }
    about = _about(graph, list(ranked))
    top: dict[str, list[tuple[int, str, str]]] = {}
    for iri, n in ranked.items():
        if iri in about and about[iri][1] is not None:
            top.setdefault(about[iri][1] or "", []).append((n, about[iri][0], iri))
    for name in ENTITY_TYPES:
        found = top.get(name, [])
        if len(found) < per_class and sizes.get(name, 0) > len(found):
            rows = graph._select(f"""SELECT ?e (COUNT(?st) AS ?n) WHERE {{
  {{ SELECT ?e WHERE {{ ?e a kg:{name} }} }} {degree}
}} GROUP BY ?e ORDER BY DESC(?n) LIMIT {per_class}""")
            labels = _about(graph, [str(row["e"]) for row in rows])
            top[name] = [
                (int(row["n"]), labels[str(row["e"])][0], str(row["e"]))
                for row in rows
                if str(row["e"]) in labels
            ]
    return {
        name: [
            {"iri": iri, "label": label, "statements": n}
            for n, label, iri in sorted(top[name], key=lambda t: (-t[0], t[1], t[2]))[:per_class]
        ]
        for name in ENTITY_TYPES
        if top.get(name)
    }


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


_FACT_FIELDS = """?st rdf:predicate ?p .
  OPTIONAL { ?p rdfs:label ?relation }
  OPTIONAL { ?st kg:confidence ?confidence } OPTIONAL { ?st kg:polarity ?polarity }
  OPTIONAL { ?st kg:modality ?modality } OPTIONAL { ?st kg:attribution ?attribution }
  OPTIONAL { ?st kg:asserted ?asserted }
  OPTIONAL { ?st kg:time ?t . BIND(STR(?t) AS ?time) } OPTIONAL { ?st kg:timeText ?timeText }
  OPTIONAL { ?st nif:beginIndex ?begin } OPTIONAL { ?st nif:endIndex ?end }"""
_PROVENANCE = """OPTIONAL { ?st prov:wasDerivedFrom ?sent .
             OPTIONAL { ?sent nif:anchorOf ?sentence }
             OPTIONAL { ?sent nif:beginIndex ?sentenceBegin }
             OPTIONAL { ?sent dcterms:isPartOf ?doc . ?doc dcterms:identifier ?docId } }"""


def statement_details(
    graph: Source, statements: list[str], *, provenance: bool = True
) -> dict[str, dict[str, Any]]:
    """Statement IRI → its relation, qualifiers, offsets, and (``provenance``) sentence and
    document (see :func:`entity_facts` for the keys; without ``provenance`` those are
    None), in one query over exactly these statements."""
    if not statements:
        return {}
    values = " ".join(_iri(st) for st in statements)
    more = "?sentence ?sentenceBegin ?doc ?docId" if provenance else ""
    rows = graph._select(f"""SELECT ?st ?relation ?confidence ?polarity ?modality ?attribution
       ?asserted ?time ?timeText ?begin ?end {more} WHERE {{
  VALUES ?st {{ {values} }} {_FACT_FIELDS} {_PROVENANCE if provenance else ""} }}""")
    details: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: tuple(str(r.get(k, "")) for k in ("relation", "docId"))):
        details.setdefault(str(row["st"]), _fact(row))
    return details


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
    # Three small queries, each driven by what the last found (Oxigraph would join a
    # single one the expensive way round).
    rows = graph._select(f"""SELECT ?st ?role ?other WHERE {{
  {{ ?st rdf:subject {node} . OPTIONAL {{ ?st rdf:object ?other }} BIND("subject" AS ?role) }}
  UNION {{ ?st rdf:object {node} ; rdf:subject ?other . BIND("object" AS ?role) }}
}} LIMIT {limit}""")
    details = statement_details(graph, sorted({str(row["st"]) for row in rows}))
    about = _about(graph, sorted({str(row["other"]) for row in rows if row.get("other")}))
    found = []
    for row in rows:
        st, other = str(row["st"]), _str(row, "other")
        if st not in details:
            continue
        label, class_ = about.get(other or "", (None, None))
        found.append(
            details[st]
            | {
                "role": str(row["role"]),
                "other": other,
                "other_label": label,
                "other_class": class_,
            }
        )
    found.sort(key=lambda f: (f["relation"], f["role"], f["doc_id"] or "", f["begin"] or 0,
                              f["statement"]))  # fmt: skip
    return found


def count_facts(graph: Source, iri: str) -> int:
    """How many statements ``iri`` is the subject or the object of."""
    node = _iri(iri)
    rows = graph._select(f"""SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{
  {{ ?st rdf:subject {node} }} UNION {{ ?st rdf:object {node} }} }}""")
    return int(rows[0]["n"]) if rows else 0


def _fact(row: dict[str, Any]) -> dict[str, Any]:
    confidence = row.get("confidence")
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
        "begin": _int(row, "begin"),
        "end": _int(row, "end"),
        "sentence": _str(row, "sentence"),
        "sentence_begin": _int(row, "sentenceBegin"),
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
  ?merge kg:entity {node} ; a kg:Merge ; kg:alias ?alias ; kg:rule ?rule .
  OPTIONAL {{ ?merge nif:beginIndex ?begin }} OPTIONAL {{ ?merge nif:endIndex ?end }}
  OPTIONAL {{ ?merge kg:occurrences ?count }}
  OPTIONAL {{ ?merge dcterms:isPartOf ?doc . OPTIONAL {{ ?doc dcterms:identifier ?docId }} }}
  OPTIONAL {{ ?merge prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?sentence .
             OPTIONAL {{ ?sent nif:beginIndex ?sentenceBegin }} }}
}} LIMIT {limit}""")
    merges: dict[str, dict[str, Any]] = {}
    for row in rows:
        merges.setdefault(
            str(row["merge"]),
            {
                "alias": str(row["alias"]),
                "rule": str(row["rule"]),
                "begin": _int(row, "begin"),
                "end": _int(row, "end"),
                "occurrences": _int(row, "count") or 0,
                "sentence": _str(row, "sentence"),
                "sentence_begin": _int(row, "sentenceBegin"),
                "doc": _str(row, "doc"),
                "doc_id": _str(row, "docId"),
            },
        )
    return sorted(merges.values(), key=lambda m: (m["alias"], m["doc_id"] or "", m["begin"] or 0,
                                                  m["rule"]))  # fmt: skip


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
