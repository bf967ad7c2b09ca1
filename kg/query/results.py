"""The result of a query: ``SelectResult`` for ``SELECT``, and its rows as plain Python values.

``python_value`` converts one term, once, at this boundary:

- an IRI → ``str`` (the full IRI); a blank node → ``str`` ``"_:id"``; unbound → ``None``,
- ``xsd:integer`` and its subtypes (``xsd:int``, ``xsd:long``, ...) → ``int``,
- ``xsd:decimal``, ``xsd:double``, ``xsd:float`` → ``float`` (kg's confidences are
  decimals with four digits, so nothing is lost),
- ``xsd:boolean`` → ``bool``,
- ``xsd:date`` → ``datetime.date``, ``xsd:dateTime`` → ``datetime.datetime``,
  ``xsd:time`` → ``datetime.time``,
- ``xsd:gYear`` and ``xsd:gYearMonth`` stay ``str`` (``"1967"``, ``"1967-03"``): Python
  has no year or month type, and a made-up first day would claim a precision the
  text does not have. They sort and compare correctly as text,
- every other literal (strings, language-tagged strings, other datatypes, and a
  literal whose text does not fit its datatype, such as ``"x"^^xsd:integer``) → ``str``.

Example:
    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> python_value(Literal("0.85", datatype=XSD.decimal))
    0.85
    >>> python_value(Literal("1967", datatype=XSD.gYear))
    '1967'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, URIRef, Variable
from rdflib import Literal as RDFLiteral
from rdflib.namespace import XSD
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Node

from kg.errors import KGError

_INTEGERS = ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
             "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong",
             "unsignedInt", "unsignedShort", "unsignedByte")  # fmt: skip


def _boolean(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(text)


def _lexical(pattern: str, convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """``convert``, for texts of the XSD lexical form ``pattern`` only (``int("1_0")`` is 10)."""
    form = re.compile(pattern)

    def checked(text: str) -> Any:
        if not form.fullmatch(text):
            raise ValueError(text)
        return convert(text)

    return checked


_INTEGER = _lexical(r"[+-]?[0-9]+", int)
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_DECIMAL = _lexical(_NUMBER, float)
# (rdflib writes INF as "inf": both spellings)
_DOUBLE = _lexical(rf"{_NUMBER}(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf)|(?i:nan)", float)

_CONVERTERS: dict[str, Callable[[str], Any]] = {
    **{str(XSD[name]): _INTEGER for name in _INTEGERS},
    str(XSD.decimal): _DECIMAL,
    str(XSD.double): _DOUBLE,
    str(XSD.float): _DOUBLE,
    str(XSD.boolean): _boolean,
    str(XSD.date): dt.date.fromisoformat,
    str(XSD.dateTime): lambda t: dt.datetime.fromisoformat(t.replace("Z", "+00:00")),
    str(XSD.time): lambda t: dt.time.fromisoformat(t.replace("Z", "+00:00")),
}


def python_value(node: Node | None) -> Any:
    """A term as a plain Python value (see the module's table); ``None`` stays ``None``.

    Example:
        >>> from rdflib import Literal, URIRef
        >>> python_value(URIRef("urn:x")), python_value(Literal(3)), python_value(None)
        ('urn:x', 3, None)
    """
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, RDFLiteral) and node.datatype is not None:
        convert = _CONVERTERS.get(str(node.datatype))
        if convert is not None:
            try:
                return convert(str(node).strip())
            except ValueError:
                return str(node)  # ill-typed: its text, as written
    return str(node)


def _missing(extra: str, method: str) -> KGError:
    return KGError(
        f"{method}() needs {extra}, which is not installed: pip install 'kg[{extra}]' "
        f"(or pip install {extra})"
    )


@dataclass(slots=True)
class SelectResult:
    """The rows of a ``SELECT`` query.

    Attributes:
        vars: the projected variable names, in order (without ``?``).
        rows: one rdflib ``ResultRow`` per solution (a tuple; ``row.name`` and
            ``row["name"]`` also work); an unbound variable is ``None``.
        truncated: True when rows were cut at the ``limit`` given to the query.
    """

    vars: list[str]
    rows: list[ResultRow] = field(default_factory=list)
    truncated: bool = False

    def __iter__(self) -> Iterator[ResultRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def bindings(self) -> list[dict[str, Identifier]]:
        """The rows as dicts from variable name to term, leaving out unbound variables."""
        return [
            {v: t for v, t in zip(self.vars, row, strict=True) if t is not None} for row in self
        ]

    def values(self) -> list[tuple[Any, ...]]:
        """The rows as tuples of plain Python values (``python_value``), in ``vars`` order.

        Example:
            >>> from rdflib import Literal
            >>> n = Variable("n")
            >>> SelectResult(["n"], [ResultRow({n: Literal(2)}, [n])]).values()
            [(2,)]
        """
        return [tuple(python_value(t) for t in row) for row in self.rows]

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as dicts from variable name to plain Python value; unbound is ``None``.

        Example:
            >>> a, b = Variable("a"), Variable("b")
            >>> SelectResult(["a", "b"], [ResultRow({a: URIRef("urn:x")}, [a, b])]).to_dicts()
            [{'a': 'urn:x', 'b': None}]
        """
        return [dict(zip(self.vars, values, strict=True)) for values in self.values()]

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``, one column per variable, of plain values.

        Raises:
            KGError: pandas is not installed (``pip install 'kg[pandas]'``).
        """
        try:
            import pandas
        except ImportError as err:
            raise _missing("pandas", "to_pandas") from err
        return pandas.DataFrame(self.values(), columns=list(self.vars))

    def to_polars(self) -> Any:
        """The rows as a ``polars.DataFrame``, one column per variable, of plain values.

        A column whose values have more than one type (an ``xsd:date`` next to an
        ``xsd:gYear``, say) becomes a text column, as polars columns have one type.

        Raises:
            KGError: polars is not installed (``pip install 'kg[polars]'``).
        """
        try:
            import polars
        except ImportError as err:
            raise _missing("polars", "to_polars") from err
        rows = self.values()
        columns: dict[str, list[Any]] = {}
        for i, name in enumerate(self.vars):
            column = [row[i] for row in rows]
            if len({type(v) for v in column if v is not None}) > 1:
                column = [None if v is None else str(v) for v in column]
            columns[name] = column
        return polars.DataFrame(columns)

    def to_rdflib(self) -> Result:
        """The rows as an rdflib ``Result`` (to use rdflib's result serialisers)."""
        result = Result("SELECT")
        result.vars = [Variable(v) for v in self.vars]
        result.bindings = [{Variable(k): t for k, t in b.items()} for b in self.bindings()]
        return result


QueryResult = SelectResult | bool | Graph | None


#: Predicates of a query result that describe a node rather than link two nodes.
_NODE_PREDICATES = frozenset(
    {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2004/02/skos/core#altLabel",
    }
)


def query_triples(result: QueryResult) -> tuple[list[tuple[Any, Any, Any]], int]:
    """The (subject, predicate, object) triples of a query result, and how many were skipped.

    ``CONSTRUCT`` / ``DESCRIBE`` give their triples; ``SELECT`` must project
    ``?s ?p ?o`` and gives one triple per row. Triples that cannot be edges
    (a literal or unbound end, ``rdf:type`` and label triples) are skipped and counted.

    Raises:
        KGError: for an ``ASK`` result or a ``SELECT`` without ``?s ?p ?o``.

    Example:
        >>> from rdflib import Graph, Literal, URIRef
        >>> g = Graph()
        >>> _ = g.add((URIRef("e:a"), URIRef("rel:meet"), URIRef("e:b")))
        >>> _ = g.add((URIRef("e:a"), URIRef("kg:age"), Literal(3)))
        >>> triples, skipped = query_triples(g)
        >>> [tuple(map(str, t)) for t in triples], skipped
        ([('e:a', 'rel:meet', 'e:b')], 1)
    """
    if isinstance(result, Graph):
        rows: list[tuple[Any, Any, Any]] = sorted(result)
    elif isinstance(result, SelectResult):
        missing = [v for v in ("s", "p", "o") if v not in result.vars]
        if missing:
            raise KGError(
                "a SELECT query to draw must bind ?s ?p ?o (one edge per row); "
                f"this one lacks {', '.join('?' + v for v in missing)}"
            )
        rows = [(row["s"], row["p"], row["o"]) for row in result]
    else:
        raise KGError("only CONSTRUCT, DESCRIBE or SELECT ?s ?p ?o queries can be drawn")
    triples = []
    for s, p, o in rows:
        if (
            s is None
            or p is None
            or o is None
            or isinstance(s, RDFLiteral)
            or isinstance(o, RDFLiteral)
        ):
            continue
        if str(p) in _NODE_PREDICATES:
            continue
        triples.append((s, p, o))
    unique = list(dict.fromkeys(triples))
    return unique, len(rows) - len(triples)
