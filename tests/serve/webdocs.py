"""Hand-made documents for the web page tests: real text, offsets, aliases, merges, hostile text.

No spaCy model: each statement names its sentence and the words it spans, and
the offsets are found in the text, as the extractor would give them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.model import DocumentGraph, Entity, EntityMention, Triple

NEWS = "news/harbour.txt"
HOSTILE_DOC = 'hostile/<script>alert("doc")</script>.txt'
HOSTILE_ORG = '<script>alert(1)</script> & "Co"'
HOSTILE_PERSON = "Ann </textarea><img src=x onerror=alert(2)> O'Hara"
HOSTILE_ALIAS = "<b>Co</b>"

TITLE = "Harbour deal signed"
S1 = "Anna Berg, the chief executive of Nordvik Shipping, met Karl Tamm in Tallinn in 2015."
S2 = "Berg praised the new terminal."
S3 = "Tamm may sell the port, according to Liisa Kask."
S4 = "Nordvik did not buy the terminal."
# The title and the blank lines are no sentence of a statement: the store does not keep them.
NEWS_TEXT = f"{TITLE}\n\n{S1} {S2}\n\n{S3} {S4}"

H1 = f"{HOSTILE_PERSON} runs {HOSTILE_ORG}, says </script><script>alert(3)</script>."
HOSTILE_TEXT = H1


def _at(text: str, sentence: str, first: str, last: str) -> dict[str, Any]:
    """The offsets of a statement spanning ``first`` … ``last`` in ``sentence`` of ``text``."""
    s = text.index(sentence)
    start = s + sentence.index(first)
    end = s + sentence.index(last, start - s) + len(last)
    return {
        "sentence": sentence, "sentence_start": s, "sentence_end": s + len(sentence),
        "start": start, "end": end,
    }  # fmt: skip


def _mention(doc: str, text: str, sentence: str, words: str, entity: str, type_: str, via: str):
    start = text.index(sentence) + sentence.index(words)
    return EntityMention(doc, start, start + len(words), words, entity, type_, via)


def news_doc() -> DocumentGraph:
    """Four sentences: plain facts, a time, a hedged, an attributed and a negated claim."""
    t = NEWS_TEXT
    triples = [
        Triple("Anna Berg", "chief executive of", "Nordvik Shipping", "Person", "Organization",
               confidence=0.91, **_at(t, S1, "Anna Berg", "Nordvik Shipping")),
        Triple("Anna Berg", "meet", "Karl Tamm", "Person", "Person", confidence=0.8,
               time="2015", time_text="in 2015", **_at(t, S1, "Anna Berg", "in 2015")),
        Triple("Anna Berg", "praise", "new terminal", "Person", "Concept",
               **_at(t, S2, "Berg", "terminal")),
        Triple("Karl Tamm", "sell", "port", "Person", "Concept", modality="may",
               attribution="Liisa Kask", **_at(t, S3, "Tamm", "port")),
        Triple("Nordvik Shipping", "buy", "new terminal", "Organization", "Concept",
               polarity="negative", **_at(t, S4, "Nordvik", "terminal")),
    ]  # fmt: skip
    entities = {
        ("Anna Berg", "Person"): Entity("Anna Berg", "Person", {"Berg"}),
        ("Nordvik Shipping", "Organization"): Entity(
            "Nordvik Shipping", "Organization", {"Nordvik"}
        ),
        ("Karl Tamm", "Person"): Entity("Karl Tamm", "Person", {"Tamm"}),
    }
    mentions = [
        _mention(NEWS, t, S1, "Anna Berg", "Anna Berg", "Person", "name"),
        _mention(NEWS, t, S2, "Berg", "Anna Berg", "Person", "surname"),
        _mention(NEWS, t, S1, "Nordvik Shipping", "Nordvik Shipping", "Organization", "name"),
        _mention(NEWS, t, S4, "Nordvik", "Nordvik Shipping", "Organization", "short-name"),
        _mention(NEWS, t, S1, "Karl Tamm", "Karl Tamm", "Person", "name"),
        _mention(NEWS, t, S3, "Tamm", "Karl Tamm", "Person", "surname"),
    ]
    return DocumentGraph(NEWS, t, triples, entities, source="/data/harbour.txt", mentions=mentions)


def hostile_doc() -> DocumentGraph:
    """Labels, an alias, a relation, an attribution, a document id and text that are markup."""
    t = HOSTILE_TEXT
    triples = [
        Triple(HOSTILE_PERSON, "chief executive of", HOSTILE_ORG, "Person", "Organization",
               confidence=0.9, **_at(t, H1, HOSTILE_PERSON, HOSTILE_ORG)),
        Triple(HOSTILE_ORG, "<i>href</i>", "Anna Berg", "Organization", "Person",
               attribution="</script>\"'", **_at(t, H1, HOSTILE_ORG, "alert(3)")),
    ]  # fmt: skip
    entities = {
        (HOSTILE_ORG, "Organization"): Entity(HOSTILE_ORG, "Organization", {HOSTILE_ALIAS}),
        (HOSTILE_PERSON, "Person"): Entity(HOSTILE_PERSON, "Person"),
    }
    return DocumentGraph(HOSTILE_DOC, t, triples, entities)


def web_docs() -> list[DocumentGraph]:
    return [news_doc(), hostile_doc()]


def serve_web_docs() -> Iterator[Any]:
    """A server over an in-memory store of :func:`web_docs` (for a module's fixture)."""
    from kg.store.graph import KnowledgeGraph
    from tests.serve.served import _start, _stop

    with KnowledgeGraph.open() as graph:
        graph.add_many(web_docs())
        server, thread = _start(graph)
        yield server
        _stop(server, thread)
