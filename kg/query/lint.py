"""Query linting: name the terms of a query that cannot match, before it runs.

A query with a misspelled class (``kg:People``), an undeclared prefix or a relation
the store does not hold runs fine and returns nothing. ``lint_query`` says why, one
line per term, with the closest right names:

- a ``kg:`` term that is not in the ontology (``ontologies/kg.ttl``),
- a prefix that is neither declared in the query nor known to kg,
- a ``rel:`` relation that does not occur in the store (when its relations are given).

It reads the query with a small scanner of its own, not with a SPARQL parser: it
works on a query that does not parse, takes time in proportion to the query's
length, and skips strings, comments and IRIs of other namespaces. Prefixes the
query declares itself win over the ones given (``PREFIX rel: <...>`` to another
namespace is not the store's ``rel:``). Lint warns; it never refuses a query.

Example:
    >>> lint_query("SELECT ?p WHERE { ?p a kg:People }", prefixes={"kg": str(KG)})
    ['kg:People is not a kg term; did you mean kg:Person?']
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from kg.rdf.namespaces import KG

#: Warnings after which ``lint_query`` stops (and says how many more it found).
MAX_WARNINGS = 20

_KG = str(KG)
_KG_TERMS = frozenset(name for name in KG.__annotations__ if not name.startswith("_"))

#: Terms kg's data uses from other vocabularies, which people write as ``kg:`` terms.
_ELSEWHERE = {
    **dict.fromkeys(("anchorOf", "beginIndex", "endIndex", "referenceContext"), "nif"),
    **dict.fromkeys(("prefLabel", "altLabel"), "skos"),
    **dict.fromkeys(("identifier", "source", "isPartOf"), "dcterms"),
    **dict.fromkeys(("label", "subPropertyOf", "comment"), "rdfs"),
    **dict.fromkeys(("subject", "predicate", "object", "type"), "rdf"),
    **dict.fromkeys(("wasDerivedFrom", "generatedAtTime"), "prov"),
}

_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = r"[^\W\d_](?:[\w.-]*[\w-])?"
_PN_LOCAL = rf"(?:[\w:]|%[0-9A-Fa-f]{{2}}|{_ESCAPE})(?:(?:[\w.:-]|%[0-9A-Fa-f]{{2}}|{_ESCAPE})*(?:[\w:-]|%[0-9A-Fa-f]{{2}}|{_ESCAPE}))?"  # noqa: E501
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<long>\"\"\"|''')
    | (?P<short>["'])
    | (?P<decl>(?i:PREFIX)\s+(?P<declared>{_PN_PREFIX})?:\s*(?P<ns>{_IRI}))
    | (?P<iri>{_IRI})
    | (?P<bnode>_:[\w.-]*)
    | (?P<var>[?$]\w*)
    | (?P<pname>(?P<prefix>{_PN_PREFIX})?:(?P<local>{_PN_LOCAL})?)
    | (?P<word>\w+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_STRING_END = {
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL),
    "'''": re.compile(r"(?:[^'\\]|\\.|'(?!''))*'''", re.DOTALL),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"(?:[^'\\\n]|\\.)*'"),
}


def _tokens(text: str) -> Iterator[re.Match[str]]:
    """The scanner's tokens that name terms: prefix declarations, IRIs and prefixed names."""
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # pragma: no cover - the last alternative matches any character
            return
        kind, pos = match.lastgroup, match.end()
        if kind in ("long", "short"):
            end = _STRING_END[match.group()].match(text, pos)
            if end is not None:
                pos = end.end()
            elif kind == "long":
                return  # an unterminated long string runs to the end: the parser says so
            else:
                newline = text.find("\n", pos)
                pos = len(text) if newline < 0 else newline
        elif kind in ("decl", "iri", "pname"):
            yield match


def _shared_start(a: str, b: str) -> int:
    """How many first characters ``a`` and ``b`` share."""
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def _closest(word: str, candidates: Collection[str], n: int = 1) -> list[str]:
    """Up to ``n`` candidates close to ``word`` (ignoring case), the closest first.

    Closeness is difflib's ratio, nudged towards a shared beginning and the same
    case of the first letter (``People`` is nearer ``Person`` than ``place``).
    """
    lower = word.lower()
    scored = []
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, lower, candidate.lower())
        if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
            continue
        ratio = matcher.ratio()
        if ratio < 0.5:
            continue
        shared = _shared_start(lower, candidate.lower())
        same_case = word[:1].isupper() == candidate[:1].isupper()
        scored.append((-(ratio + 0.05 * shared + 0.05 * same_case), candidate))
    return [candidate for _, candidate in sorted(scored)[:n]]


def _kg_term(shown: str, local: str) -> str | None:
    if local in _KG_TERMS:
        return None
    close = _closest(local, _KG_TERMS)
    if local in _ELSEWHERE:
        hint = f"did you mean {_ELSEWHERE[local]}:{local}?"
    elif close:
        hint = f"did you mean kg:{close[0]}?"
    else:
        hint = "see docs/model.md for the kg terms"
    return f"{shown} is not a kg term; {hint}"


def _relation(shown: str, prefix: str, local: str, relations: Collection[str]) -> str | None:
    if local in relations:
        return None
    if not relations:
        return f"{shown} does not occur in this store: it holds no relations yet"
    close = _closest(local, relations, n=3)
    hint = ", ".join(f"{prefix}:{c}" for c in close) if close else "none is close"
    return f"{shown} does not occur in this store; the closest: {hint}"


def lint_query(
    text: str,
    *,
    prefixes: Mapping[str, str],
    relations: Collection[str] | None = None,
    undeclared: bool = True,
) -> list[str]:
    """Warnings, one line each, for the terms of ``text`` that cannot match.

    Args:
        text: a SPARQL query or update, parsed or not.
        prefixes: the prefixes kg declares for the query (``KnowledgeGraph.prefixes``);
            ``prefixes["rel"]`` is the namespace of the store's relations.
        relations: the local names of the store's relations (``meet``, ``found``),
            when known; without them, ``rel:`` terms are not checked.
        undeclared: warn about undeclared prefixes too. ``check_query`` refuses a
            query with one (it cannot parse) with the same line as its error, so a
            caller that runs the query next passes ``False`` not to say it twice.

    Returns:
        The warnings, in the order the terms first appear, each term once; at most
        ``MAX_WARNINGS`` and a last line saying how many more there were.

    Example:
        >>> ns = {"kg": str(KG), "rel": "urn:rel/"}
        >>> lint_query("ASK { ?a rel:met ?b . ?a foaf:name ?n }", prefixes=ns,
        ...            relations=["meet", "found"])  # doctest: +NORMALIZE_WHITESPACE
        ['rel:met does not occur in this store; the closest: rel:meet',
         'unknown prefix foaf: (in foaf:name); declare it with PREFIX foaf: <...>']
    """
    if "\\" in text:
        from rdflib.plugins.sparql.parser import expandUnicodeEscapes

        with contextlib.suppress(ValueError):  # else lint the text as written
            text = expandUnicodeEscapes(text)  # as the check and the engine read it
    declared: dict[str, str] = {}
    uses: list[tuple[str, str, str]] = []  # (as shown, namespace or "" when unknown, local)
    for match in _tokens(text):
        if match.lastgroup == "decl":
            declared[match.group("declared") or ""] = match.group("ns")[1:-1]
        elif match.lastgroup == "iri":
            iri = match.group()[1:-1]
            if iri.startswith(_KG) and re.fullmatch(r"\w+", iri[len(_KG) :]):
                uses.append((match.group(), _KG, iri[len(_KG) :]))
        else:
            uses.append((match.group(), match.group("prefix") or "", match.group("local") or ""))
    rel = prefixes.get("rel")
    warnings: list[str] = []
    unknown: set[str] = set()
    for shown, prefix_or_ns, local in dict.fromkeys(uses):
        if shown.startswith("<"):
            ns, prefix = prefix_or_ns, ""
        else:
            prefix = prefix_or_ns
            ns = declared.get(prefix, prefixes.get(prefix, ""))
            if not ns:
                if undeclared and prefix not in unknown:
                    unknown.add(prefix)
                    warnings.append(_unknown_prefix(prefix, shown, [*declared, *prefixes]))
                continue
        warning = None
        if ns == _KG and local:
            warning = _kg_term(shown, local)
        elif ns == rel and relations is not None and local:
            warning = _relation(shown, prefix, local, relations)
        if warning:
            warnings.append(warning)
    if len(warnings) > MAX_WARNINGS:
        more = len(warnings) - MAX_WARNINGS
        return [*warnings[:MAX_WARNINGS], f"... and {more:,} more warnings like these"]
    return warnings


def _unknown_prefix(prefix: str, shown: str, known: Collection[str]) -> str:
    close = _closest(prefix, [k for k in known if k])
    hint = f"did you mean {close[0]}:?" if close else f"declare it with PREFIX {prefix}: <...>"
    return f"unknown prefix {prefix}: (in {shown}); {hint}"


def unknown_prefix_message(text: str, *, prefixes: Mapping[str, str]) -> str | None:
    """The lint warning for the first undeclared prefix of ``text``, if it has one.

    Example:
        >>> unknown_prefix_message("ASK { ?s foo:bar ?o }", prefixes={"kg": str(KG)})
        'unknown prefix foo: (in foo:bar); declare it with PREFIX foo: <...>'
    """
    warnings = lint_query(text, prefixes=prefixes)
    return next((w for w in warnings if w.startswith("unknown prefix")), None)


#: The relations of a store: every sub-property of ``kg:relatedTo``.
RELATIONS_QUERY = "SELECT DISTINCT ?p WHERE { ?p rdfs:subPropertyOf kg:relatedTo }"


def relation_names(query: Callable[[str], Any], namespace: str) -> list[str]:
    """The local names of a store's relations, for ``lint_query(relations=...)``.

    Args:
        query: runs a ``SELECT`` (``KnowledgeGraph.query``, local or remote).
        namespace: the store's relation namespace (``graph.prefixes["rel"]``).

    Example:
        >>> from kg.model import DocumentGraph, Triple
        >>> from kg.store.graph import KnowledgeGraph
        >>> with KnowledgeGraph.open() as graph:
        ...     _ = graph.add(DocumentGraph("d1", "", [Triple("Ann", "meet", "Bob")]))
        ...     relation_names(graph.query, graph.prefixes["rel"])
        ['meet']
    """
    result = query(RELATIONS_QUERY)
    iris = sorted(str(row[0]) for row in result if row[0] is not None)
    return [iri[len(namespace) :] for iri in iris if iri.startswith(namespace)]
