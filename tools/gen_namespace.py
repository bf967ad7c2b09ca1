"""Generate ``kg/rdf/namespaces.py`` from the ontology, ``ontologies/kg.ttl``.

The ontology is the source of truth for the ``kg:`` terms; this script turns it
into closed rdflib namespaces (``DefinedNamespace`` with ``_fail = True``), so a
misspelled term raises ``AttributeError`` instead of minting a new IRI. It also
emits the terms the ontology declares from vocabularies rdflib does not ship
(NIF). ``tests/rdf/test_quads.py`` regenerates the module and diffs it against the
committed copy.

Run it after editing the ontology::

    python tools/gen_namespace.py         # rewrite kg/rdf/namespaces.py
    python tools/gen_namespace.py --check # exit 1 when kg/rdf/namespaces.py is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.rdf.ontology import KG_NAMESPACE, NIF_NAMESPACE, ontology_path

# (class name, namespace, docstring) of each generated namespace, in output order.
_NAMESPACES: tuple[tuple[str, str, str], ...] = (
    ("KG", KG_NAMESPACE, "The kg ontology"),
    ("NIF", NIF_NAMESPACE, "The NIF 2.0 core terms the kg ontology reuses"),
)
_LINE_LENGTH = 100


def namespace_module_path() -> Path:
    """The generated module, ``kg/rdf/namespaces.py``."""
    return Path(__file__).resolve().parent.parent / "kg" / "rdf" / "namespaces.py"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def generate(ttl: str) -> str:
    """The source of ``kg/rdf/namespaces.py`` for the ontology text ``ttl``.

    Example:
        >>> src = generate(ontology_path().read_text(encoding="utf-8"))
        >>> "    Person: URIRef" in src and "_fail = True" in src
        True
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    graph = Graph().parse(data=ttl, format="turtle")
    kinds = {
        OWL.Class: "owl:Class",
        OWL.ObjectProperty: "owl:ObjectProperty",
        OWL.DatatypeProperty: "owl:DatatypeProperty",
    }
    out = [
        '"""The kg ontology terms, as closed rdflib namespaces.',
        "",
        "Generated from ontologies/kg.ttl by ``python tools/gen_namespace.py``; do not edit.",
        "A misspelled term raises ``AttributeError``.",
        "",
        "Example:",
        "    >>> from kg.rdf.namespaces import KG",
        "    >>> str(KG.Person)",
        f"    '{KG_NAMESPACE}Person'",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
    ]
    for class_name, namespace, doc in _NAMESPACES:
        out += ["", "", f"class {class_name}(DefinedNamespace):", f'    """{doc}."""']
        out += ["", f'    _NS = Namespace("{namespace}")', "    _fail = True"]
        for kind, kind_name in kinds.items():
            terms = sorted(
                str(s)
                for s in graph.subjects(RDF.type, kind)
                if isinstance(s, URIRef) and str(s).startswith(namespace)
            )
            if not terms:
                continue
            out += ["", f"    # {kind_name}"]
            for term in terms:
                local = term[len(namespace) :]
                if not local.isidentifier():
                    raise ValueError(f"term {term!r} is not a Python identifier")
                comment = _first_sentence(str(graph.value(URIRef(term), RDFS.comment) or local))
                line = f"    {local}: URIRef  # {comment}"
                if len(line) > _LINE_LENGTH:
                    line = line[: _LINE_LENGTH - 3].rstrip() + "..."
                out.append(line)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``kg/rdf/namespaces.py``, or with ``--check`` report whether it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is stale")
    args = parser.parse_args(argv)
    source = generate(ontology_path().read_text(encoding="utf-8"))
    target = namespace_module_path()
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if args.check:
        if current != source:
            print(f"{target} is stale; run: python tools/gen_namespace.py", file=sys.stderr)
            return 1
        return 0
    if current != source:
        target.write_text(source, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
