"""The web pages of ``kg serve``: home, search, entity and document pages, and a JSON API.

Routes (all ``GET``; :data:`ROUTES`):

- ``/``: a search box (suggestions as you type, from ``/api/suggest``; a plain
  form to ``/search`` without script), the store's counts, its documents and
  the most connected entities of each class;
- ``/search?q=TEXT``: the entities whose name or alias contains the text;
- ``/api/suggest?q=TEXT``: the same as JSON (at most :data:`SUGGESTIONS`);
- ``/entity?iri=IRI`` (or ``?name=NAME``, answered by a redirect): an entity's
  name, class and aliases, its facts by relation, its hedged, negated and
  attributed claims, why its aliases were merged, and its neighbours;
- ``/document?id=ID`` (or ``?iri=IRI``): a document's text with its statements
  highlighted, and its statements as a table;
- ``/query``: the SPARQL page (``kg.serve.query_page``);
- ``/static/web.js``, ``/static/web.css``: the pages' script and style.

Every page reads the store through ``kg.store.facts`` (bounded queries), and is
rendered by ``kg.serve.render`` (escaped, with a strict ``Content-Security-Policy``).
A bad request is an HTML page too: 400 for a missing or bad parameter, 404 for
an unknown entity or document.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypeVar

from kg.errors import KGError
from kg.serve import marks
from kg.serve.query_page import query_page
from kg.serve.render import Response, entity_url, error_page, render, static_file
from kg.store import document_facts, facts
from kg.store.names import name_index

if TYPE_CHECKING:
    from kg.serve.pool import QueryPool
    from kg.store.graph import KnowledgeGraph

T = TypeVar("T")

#: The most suggestions ``/api/suggest`` returns.
SUGGESTIONS = 10
#: The highlight id of text the store does not keep.
_GAP = -1
#: The longest search text accepted.
MAX_QUERY_CHARS = 200

#: What each merge rule means, for the entity page.
RULES = {
    "variant": "another spelling of the name",
    "surname": "the person's surname, used after the full name",
    "given-name": "the person's given name, used after the full name",
    "nickname": "a known nickname of the given name",
    "acronym": "the initials of the name",
    "native-name": "the name in another language",
    "other-name": "another name the text gives it",
    "short-name": "the name without its generic words (Shipping, Inc., ...)",
    "place-alias": "a known other name of the place",
    "demonym": "the adjective of the place (Norwegian → Norway)",
    "store-alias": "another document's name for the same entity (merged across the store)",
}


@dataclass(frozen=True)
class Context:
    """What a page handler needs of the server.

    Attributes:
        graph: the graph to answer from.
        pool: the query workers (None: queries run in this process).
        timeout: seconds a SPARQL query may run.
        limit: the most rows a SPARQL answer holds.
        cached: ``cached(key, compute)``: ``compute()``, once per snapshot of the store.
    """

    graph: KnowledgeGraph
    pool: QueryPool | None
    timeout: float
    limit: int
    cached: Callable[[str, Callable[[], Any]], Any]


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _one(params: Mapping[str, list[str]], name: str, *, required: bool = True) -> str | None:
    values = params.get(name)
    if not values:
        if required:
            raise _BadRequest(HTTPStatus.BAD_REQUEST, f"this page needs a '{name}' parameter")
        return None
    if len(values) > 1:
        raise _BadRequest(HTTPStatus.BAD_REQUEST, f"give one '{name}', not {len(values)}")
    return values[0]


def _search_text(params: Mapping[str, list[str]]) -> str:
    text = _one(params, "q") or ""
    if len(text) > MAX_QUERY_CHARS:
        raise _BadRequest(
            HTTPStatus.BAD_REQUEST, f"search for at most {MAX_QUERY_CHARS} characters"
        )
    return text


def _redirect(location: str) -> Response:
    return Response(HTTPStatus.SEE_OTHER, b"", "text/plain; charset=utf-8", {"Location": location})


# ---------------------------------------------------------------- pages


def home(context: Context, params: Mapping[str, list[str]]) -> Response:
    """``/``: search, counts, documents and the most connected entities per class."""
    graph = context.graph

    def compute() -> dict[str, Any]:
        return {
            "counts": facts.counts(graph),
            "top": facts.top_entities(graph),
            "documents": facts.documents(graph),
        }

    data = context.cached("web-home", compute)
    return render("home.html", document_limit=facts.DOCUMENT_LIMIT, **data)


def _search(context: Context, text: str, limit: int) -> list[dict[str, Any]]:
    """``kg.store.facts.search_names``; from names read once when the store cannot change."""
    graph = context.graph
    if graph.read_only and graph.location is not None:  # what the server caches
        index = context.cached("web-names", lambda: name_index(graph))
        return index.search(graph, text, limit=limit)  # type: ignore[no-any-return]
    return facts.search_names(graph, text, limit=limit)


def search(context: Context, params: Mapping[str, list[str]]) -> Response:
    """``/search?q=``: the entities whose name or an alias contains the text."""
    text = _search_text(params)
    hits = _search(context, text, facts.SEARCH_LIMIT)
    return render("search.html", search_text=text, hits=hits, limit=facts.SEARCH_LIMIT)


def suggest(context: Context, params: Mapping[str, list[str]]) -> Response:
    """``/api/suggest?q=``: JSON ``[{"label", "class", "name", "iri", "url"}]``."""
    text = _search_text(params)
    hits = _search(context, text, SUGGESTIONS)
    body = json.dumps([hit | {"url": entity_url(hit["iri"])} for hit in hits], ensure_ascii=True)
    return Response(HTTPStatus.OK, _json_safe(body), "application/json", {})


def _json_safe(text: str) -> bytes:
    """JSON with ``<``, ``>`` and ``&`` as escapes: no markup, even if sniffed as HTML."""
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text.encode("ascii")


def entity_page(context: Context, params: Mapping[str, list[str]]) -> Response:
    """``/entity?iri=`` (or ``?name=``): everything the store says about one entity."""
    graph = context.graph
    name = _one(params, "name", required=False)
    if name is not None and "iri" not in params:
        exact = [h for h in facts.search_names(graph, name) if _same(h["name"], name)]
        if len({h["iri"] for h in exact}) == 1:
            return _redirect(entity_url(exact[0]["iri"]))
        return _redirect("/search?" + urllib.parse.urlencode({"q": name}))
    iri = _one(params, "iri") or ""
    found = _checked(lambda: facts.entity(graph, iri), "iri")
    if found is None:
        return error_page(
            HTTPStatus.NOT_FOUND,
            f"the store has no entity {iri}. Search for its name instead.",
            title="No such entity",
        )
    all_facts = facts.entity_facts(graph, iri, limit=facts.FACT_LIMIT)
    total = facts.count_facts(graph, iri) if len(all_facts) >= facts.FACT_LIMIT else len(all_facts)
    names = [found["label"], *found["aliases"]]
    others = facts.aliases(graph, sorted({f["other"] for f in all_facts if f["other"]}))
    for fact in all_facts:
        fact["pieces"] = _sentence_pieces(fact, names, others.get(fact["other"] or "", []))
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for fact in all_facts:
        if fact["asserted"]:
            groups.setdefault((fact["relation"], fact["role"]), []).append(fact)
    neighbours: dict[str, dict[str, Any]] = {}
    for fact in all_facts:
        if fact["other"]:
            n = neighbours.setdefault(
                fact["other"],
                {"iri": fact["other"], "label": fact["other_label"] or fact["other"],
                 "class": fact["other_class"], "statements": 0},
            )  # fmt: skip
            n["statements"] += 1
    merges = facts.entity_merges(graph, iri)
    for merge in merges:
        merge["pieces"] = _merge_pieces(merge)
    return render(
        "entity.html",
        entity=found,
        groups=sorted(groups.items()),
        claims=[f for f in all_facts if not f["asserted"]],
        neighbours=sorted(neighbours.values(), key=lambda n: (-n["statements"], n["label"])),
        merges=merges,
        rules=RULES,
        total=total,
        shown=len(all_facts),
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _checked(work: Callable[[], T], name: str) -> T:
    try:
        return work()
    except ValueError as exc:
        raise _BadRequest(HTTPStatus.BAD_REQUEST, f"'{name}' is not an IRI: {exc}") from exc


def _sentence_pieces(
    fact: dict[str, Any], names: list[str], other_names: list[str]
) -> list[tuple[str, str]]:
    """A fact's sentence as (text, mark) pieces: "self" this entity, "other" the other end
    (each found by its name or an alias)."""
    sentence = fact["sentence"] or ""
    wanted = [(n, 1) for n in names]
    if fact["other_label"]:
        wanted += [(n, 2) for n in [fact["other_label"], *other_names]]
    found = marks.find_names(sentence, wanted)
    kinds = {0: "", 1: "self", 2: "other"}
    return [
        (sentence[p.start : p.end], kinds[p.ids[0] if p.ids else 0])
        for p in marks.pieces(sentence, found)
    ]


def _merge_pieces(merge: dict[str, Any]) -> list[tuple[str, str]]:
    """A merge's sentence with its alias marked where the store says it is."""
    sentence, begin, start = merge["sentence"] or "", merge["begin"], merge["sentence_begin"]
    if begin is not None and start is not None and merge["end"] is not None:
        spans = [(begin - start, merge["end"] - start, 1)]
    else:
        spans = marks.find_names(sentence, [(merge["alias"], 1)])
    return [
        (sentence[p.start : p.end], "self" if p.ids else "") for p in marks.pieces(sentence, spans)
    ]


def document_page(context: Context, params: Mapping[str, list[str]]) -> Response:
    """``/document?id=`` (or ``?iri=``): a document's text, highlighted, and its statements."""
    graph = context.graph
    if "iri" in params and "id" not in params:
        iri = _one(params, "iri") or ""
        found = _checked(lambda: document_facts.document(graph, iri=iri), "iri")
        wanted = iri
    else:
        doc_id = _one(params, "id") or ""
        found = document_facts.document(graph, doc_id=doc_id)
        wanted = doc_id
        if found is None:  # a file name without its folder, as `kg render --doc` takes it
            from kg.store.document_network import document_ids
            from kg.view.select import resolve_document

            try:
                full = resolve_document(doc_id, document_ids(graph))
            except KGError as exc:
                return error_page(HTTPStatus.NOT_FOUND, f"{exc}.", title="No such document")
            query = {**{k: v[0] for k, v in params.items() if v}, "id": full}
            return _redirect("/document?" + urllib.parse.urlencode(query))
    if found is None:
        return error_page(
            HTTPStatus.NOT_FOUND,
            f"the store has no document {wanted}. The home page lists the documents it has.",
            title="No such document",
        )
    per_page = document_facts.DOCUMENT_STATEMENT_LIMIT
    total = document_facts.count_statements(graph, found["iri"])
    pages = max(1, -(-total // per_page))
    at = _number(params, "at")
    if at is not None:  # the page with the statement at this offset
        page = document_facts.count_statements(graph, found["iri"], before=at) // per_page + 1
    else:
        asked = _number(params, "page")
        page = 1 if asked is None else asked
    if not 1 <= page <= pages:
        raise _BadRequest(HTTPStatus.BAD_REQUEST, f"no page {page}: the document has {pages}")
    offset = (page - 1) * per_page
    statements = document_facts.document_statements(
        graph, found["iri"], offset=offset, limit=per_page
    )
    spanned = [st for st in statements if st["begin"] is not None and st["end"] is not None]
    # One page shows the text around its statements; the first from the start, the last to the end.
    start = min((st["begin"] for st in spanned), default=0) if page > 1 else None
    stop = max((st["end"] for st in spanned), default=0) if page < pages else None
    sentences = document_facts.document_sentences(graph, found["iri"], begin=start, end=stop)
    whole = document_facts.document_text(graph, found["iri"])
    if whole is not None:  # the text as kg read it, to the end of this page's last sentence
        text = whole[: sentences[-1][1]] if sentences and page < pages else whole
        stored, known = len(text), [(0, len(text), text)]
    else:  # a store written before kg kept the text: the sentences it has, at their offsets
        text, stored = marks.rebuild_text(sentences)
        known = sentences
    shown_from = sentences[0][0] if sentences and page > 1 else 0
    spans = [(st["begin"], st["end"], i) for i, st in enumerate(statements) if st in spanned]
    for i, st in enumerate(statements):
        st["number"] = offset + i + 1
    gap_spans = [(a, b, _GAP) for a, b in marks.gaps(text, known) if b > shown_from]
    pieces = []
    for piece in marks.pieces(text, spans + gap_spans):
        if piece.end <= shown_from:
            continue
        kind = "gap" if _GAP in piece.ids else "text"
        ids = tuple(i for i in piece.ids if i != _GAP)
        pieces.append((kind, text[piece.start : piece.end], ids, piece.start))
    return render(
        "document.html",
        document=found,
        pieces=pieces,
        statements=statements,
        sentences=len(sentences),
        whole=whole is not None,
        stored=stored,
        shown=(shown_from, len(text)),
        begins={st["begin"] for st in statements},
        page=page,
        pages=pages,
        total=total,
        offset=offset,
    )


def _number(params: Mapping[str, list[str]], name: str) -> int | None:
    text = _one(params, name, required=False)
    if text is None:
        return None
    if not text.strip().isdigit():
        raise _BadRequest(HTTPStatus.BAD_REQUEST, f"'{name}' must be a number, not {text!r}")
    return int(text)


#: Path → handler.
ROUTES: dict[str, Callable[[Context, Mapping[str, list[str]]], Response]] = {
    "/": home,
    "/index.html": home,
    "/search": search,
    "/api/suggest": suggest,
    "/entity": entity_page,
    "/document": document_page,
    "/query": query_page,
}


def respond(path: str, params: Mapping[str, list[str]], context: Context) -> Response:
    """The answer to ``GET path`` for one of :data:`ROUTES` or a static file.

    A bad parameter is a 400 page, an unknown path under ``/static/`` a 404 page;
    a store that cannot answer, a 500 page with its message.
    """
    if path.startswith("/static/"):
        found = static_file(path.removeprefix("/static/"))
        return found or error_page(HTTPStatus.NOT_FOUND, f"no such file: {path}")
    try:
        return ROUTES[path](context, params)
    except _BadRequest as exc:
        if path.startswith("/api/"):
            body = _json_safe(json.dumps({"error": str(exc)}))
            return Response(exc.status, body, "application/json", {})
        return error_page(exc.status, str(exc))
    except KGError as exc:
        return error_page(HTTPStatus.INTERNAL_SERVER_ERROR, f"the store could not answer: {exc}")
