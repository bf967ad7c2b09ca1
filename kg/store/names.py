"""Entities by name: the ones a name means, and close names for one that means none.

One read of every label and alias (:func:`name_index`, kept for a read-only
store) serves the close names of a typo (:meth:`NameIndex.close`) and the
search as you type of ``kg serve`` (:meth:`NameIndex.search`: in milliseconds,
the hits of ``kg.store.facts.search_names``, which scans the names in SPARQL on
every call, since Oxigraph has no text index).

A name matches an entity when it equals the entity's label (``skos:prefLabel``;
the least one where it has several, as :mod:`kg.store.network` picks) or one of
its aliases (``skos:altLabel``), case and spacing ignored, or its IRI.
:func:`matching` asks the store (one ``SELECT`` over the labels, then the
candidates' own names); :func:`suggest` compares a name with every label and
alias of the store, read once (one pass over the labels) and kept for a
read-only store, with a cheap exact bound in front of :mod:`difflib`.

Example:
    >>> from kg.model import DocumentGraph, Entity, Triple
    >>> from kg.store.graph import KnowledgeGraph
    >>> graph = KnowledgeGraph.open()
    >>> people = {("Anna Berg", "Person"): Entity("Anna Berg", "Person", {"Berg"})}
    >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Anna Berg", "visit", "Bergen",
    ...                                                 "Person", "Place")], people))
    >>> [iri.rsplit("/", 1)[-1][:9] for iri in find_entities(graph, "BERG")]
    ['anna-berg']
    >>> find_entities(graph, "Ana Berg")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: no entity named 'Ana Berg'; did you mean: Anna Berg, Berg?
"""

from __future__ import annotations

import contextlib
import difflib
import threading
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import KGError
from kg.store import facts_file
from kg.store.facts import SEARCH_LIMIT, Source, _about, _fold
from kg.store.labels import Label, fold, iris_by_fold, names_from

if TYPE_CHECKING:
    import numpy as np

    from kg.store.graph import KnowledgeGraph

#: How many close names an "unknown entity / document" error suggests.
SUGGESTIONS = 5
#: How close a name must be to be suggested (``difflib`` ratio).
CUTOFF = 0.6

_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_LOOKUP = """SELECT DISTINCT ?e WHERE {{ {{ ?e skos:prefLabel ?n }} UNION {{ ?e skos:altLabel ?n }}
  FILTER(LCASE(STR(?n)) = {key}) }}"""
_NAMES = """SELECT ?e ?pref ?alt WHERE { GRAPH ?g {
  { ?e skos:prefLabel ?pref } UNION { ?e skos:altLabel ?alt } } }"""
#: Characters are counted in this many buckets for the bound (any bucketing keeps it exact).
_BUCKETS = 64


def _names_of(quads: Iterable[ox.Quad]) -> dict[str, list[str]]:
    """Each subject's names, label first then its aliases (sorted), from label quads."""
    labels = (_label_of(q) for q in quads if q.predicate in (_PREF, _ALT))
    return names_from(labels)


def matching(graph: KnowledgeGraph, name: str) -> list[str]:
    """The IRIs of the entities ``name`` names (see the module docstring), sorted; maybe none.

    ``name`` may also be an IRI; the caller checks that such an IRI is in its view.
    Where :func:`name_index` is kept (a read-only store), or the store's
    :mod:`~kg.store.facts_file`, it answers without a query.
    """
    from kg.store.reader import reader

    key = fold(name)
    with _CACHE_LOCK:
        kept = _CACHE.get(graph)
    # the name index, else the one kept beside the store, else the store's labels
    known = kept.iris.get(key, []) if kept else facts_file.named(graph, key)
    if known is not None:
        found = set(known)
    else:
        candidates = [str(r["e"]) for r in graph._select(_LOOKUP.format(key=ox.Literal(key)))]
        names = _names_of(reader(graph).about(candidates)) if candidates else {}
        found = {iri for iri, own in names.items() if any(fold(n) == key for n in own)}
        if not found:  # a case fold that LCASE does not do ("ß" and "ss"), or spacing
            found = set(name_index(graph).iris.get(key, ()))
    with contextlib.suppress(ValueError):
        found.add(ox.NamedNode(name).value)
    return sorted(found)


def find_entities(graph: KnowledgeGraph, name: str) -> list[str]:
    """The entities ``name`` names, sorted (see :func:`matching`), checked to exist.

    Raises:
        KGError: when nothing matches; the message suggests close names.
    """
    from kg.store.reader import RDF_OBJECT, RDF_SUBJECT, reader

    found = matching(graph, name)
    r = reader(graph)
    exists = [
        iri
        for iri in found
        if r.about([iri]) or r.pointing(RDF_SUBJECT, [ox.NamedNode(iri)])
        or r.pointing(RDF_OBJECT, [ox.NamedNode(iri)])
    ]  # fmt: skip
    if not exists:
        raise not_found(graph, name)
    return exists


def not_found(graph: KnowledgeGraph, name: str) -> KGError:
    """The error for a name that names no entity, with close names of the store.

    A name of the store that a view leaves out (all its statements hedged, or below
    a threshold) is not suggested back as it is.
    """
    hint = [h for h in suggest(graph, name, SUGGESTIONS + 1) if fold(h) != fold(name)]
    hint = hint[:SUGGESTIONS]
    return KGError(
        f"no entity named {name!r}" + (f"; did you mean: {', '.join(hint)}?" if hint else "")
    )


def suggest(graph: KnowledgeGraph, text: str, n: int = SUGGESTIONS) -> list[str]:
    """Up to ``n`` labels or aliases of the store close to ``text`` (spelling or substring).

    Example:
        >>> from kg.model import DocumentGraph, Triple
        >>> from kg.store.graph import KnowledgeGraph
        >>> graph = KnowledgeGraph.open()
        >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Lantern Works", "hire", "Tomas")]))
        >>> suggest(graph, "lantern work")
        ['Lantern Works']
    """
    return name_index(graph).close(text, n)


class NameIndex:
    """Names to compare a name with: each kept once (by its fold), in the given order.

    Example:
        >>> NameIndex(["Anna Berg", "Bergen", "anna  berg"]).close("Ana Berg")
        ['Anna Berg']
    """

    def __init__(
        self,
        names: Iterable[str],
        iris: dict[str, list[str]] | None = None,
        entries: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        self.by_fold: dict[str, str] = {}
        for name in names:
            self.by_fold.setdefault(fold(name), name)
        self.folds = list(self.by_fold)
        #: fold → the IRIs of the entities with that name.
        self.iris = iris or {}
        #: ``(name as search folds it, name, IRI)`` for every label and alias, sorted.
        self.entries = sorted(set(entries))
        self._counts: np.ndarray | None = None
        self._lengths: np.ndarray | None = None

    def _plausible(self, key: str) -> list[str]:
        """The folds whose ``difflib`` ratio with ``key`` can reach :data:`CUTOFF`.

        The ratio is 2·M / (len(a) + len(b)), M the characters of the matching
        blocks: at most the characters the two have in common (counted per bucket).
        """
        if len(self.folds) < 2000:
            return self.folds
        import numpy as np

        if self._counts is None:
            codes = np.frombuffer("".join(self.folds).encode("utf-32-le"), dtype=np.uint32)
            lengths = np.fromiter((len(f) for f in self.folds), dtype=np.int64)
            rows = np.repeat(np.arange(len(self.folds)), lengths)
            flat = np.bincount(
                rows * _BUCKETS + codes % _BUCKETS, minlength=len(lengths) * _BUCKETS
            )
            self._counts = flat.reshape(len(lengths), _BUCKETS)
            self._lengths = lengths
        assert self._lengths is not None
        wanted = np.bincount(
            np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32) % _BUCKETS, minlength=_BUCKETS
        )
        common = np.minimum(self._counts, wanted).sum(axis=1)
        keep = 2.0 * common >= CUTOFF * (self._lengths + len(key)) - 1e-9
        return [self.folds[i] for i in np.flatnonzero(keep)]

    def close(self, wanted: str, n: int = SUGGESTIONS) -> list[str]:
        """Up to ``n`` names close to ``wanted``: by spelling, then containing or contained."""
        key = fold(wanted)
        close = difflib.get_close_matches(key, self._plausible(key), n=n, cutoff=CUTOFF)
        contains = sorted((f for f in self.folds if key and (key in f or f in key)), key=len)
        picked = list(dict.fromkeys(close + contains))[:n]
        return [self.by_fold[f] for f in picked]

    def search(
        self, graph: Source, text: str, *, limit: int = SEARCH_LIMIT
    ) -> list[dict[str, Any]]:
        """What ``kg.store.facts.search_names(graph, text, limit=limit)`` returns (for names
        that differ only in spacing or in rare case rules, Python's lower case and
        SPARQL's may rank them differently)."""
        needle = _fold(text)
        if not needle or limit < 1:
            return []
        hits = [
            (0 if folded.startswith(needle) else 1, len(folded), name, iri)
            for folded, name, iri in self.entries
            if needle in folded
        ]
        hits.sort()
        best: dict[str, str] = {}
        for _, _, name, iri in hits[: limit * 4]:
            best.setdefault(iri, name)
        about = _about(graph, list(best)[:limit])
        return [
            {"iri": iri, "label": about[iri][0], "class": about[iri][1], "name": name}
            for iri, name in list(best.items())[:limit]
            if iri in about
        ]


_CACHE: weakref.WeakKeyDictionary[KnowledgeGraph, NameIndex] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def _label_of(quad: ox.Quad) -> Label:
    return (
        quad.predicate == _PREF,
        quad.subject.value if isinstance(quad.subject, ox.NamedNode) else None,
        quad.object.value if isinstance(quad.object, ox.Literal) else None,
        not isinstance(quad.graph_name, ox.DefaultGraph),
    )


def _label_quads(graph: KnowledgeGraph) -> list[ox.Quad]:
    """Every ``skos:prefLabel`` and ``skos:altLabel`` quad of the store (all graphs)."""
    try:
        store = graph.backend.store
    except KGError:  # a remote store
        rows = graph._select(_NAMES)
        return [
            ox.Quad(
                ox.NamedNode(str(r["e"])),
                _PREF if "pref" in r else _ALT,
                ox.Literal(str(r.get("pref", r.get("alt", "")))),
                ox.NamedNode("urn:x-kg:remote"),
            )
            for r in rows
        ]
    return [q for p in (_PREF, _ALT) for q in store.quads_for_pattern(None, p, None, None)]


def name_index(graph: KnowledgeGraph) -> NameIndex:
    """Every label and alias of ``graph`` (kept with a read-only store: it cannot change).

    Example:
        >>> from kg.model import DocumentGraph, Entity, Triple
        >>> from kg.store.graph import KnowledgeGraph
        >>> from kg.store.facts import search_names
        >>> graph = KnowledgeGraph.open()
        >>> berg = Entity("Anna Berg", "Person", {"Berg"})
        >>> _ = graph.add(DocumentGraph("d1", "", [Triple("Anna Berg", "meet", "Karl Tamm",
        ...     "Person", "Person")], {berg.key: berg}))
        >>> index = name_index(graph)
        >>> [(hit["label"], hit["name"]) for hit in index.search(graph, "BER")]
        [('Anna Berg', 'Berg')]
        >>> index.search(graph, "ber") == search_names(graph, "ber")
        True
    """
    with _CACHE_LOCK:
        cached = _CACHE.get(graph)
    if cached is not None:
        return cached
    labels = facts_file.labels(graph)  # kept beside a read-only store: no scan
    if labels is None:
        labels = [_label_of(q) for q in _label_quads(graph)]
    names = names_from(labels)
    iris = iris_by_fold(names)
    entries = (
        (_fold(text), text, subject)
        for _, subject, text, _ in labels
        if text is not None and subject is not None
    )
    index = NameIndex((n for known in names.values() for n in known), iris, entries)
    if graph.read_only:
        with _CACHE_LOCK:
            _CACHE[graph] = index
    return index
