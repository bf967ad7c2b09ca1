"""kg's extractor as a spaCy pipeline component: ``nlp.add_pipe("kg_triples")``.

The component is a thin wrapper over the pure functions the rest of kg uses
(``clauses.extractions``, ``entities.resolve_entities``,
``coref.resolve_coreference``, ``triples.document_triples``). It sets two
``Doc`` extensions:

- ``doc._.triples``: the KG layer, a list of ``kg.Triple`` (compact subject,
  normalised relation, object, with polarity, modality, attribution,
  confidence and character offsets into the ``Doc`` text);
- ``doc._.extractions``: the Open IE layer, a list of ``kg.Extraction``.

Both are ``None`` on a ``Doc`` the component has not seen, and empty lists on
a ``Doc`` without a dependency parse (the component needs ``token.dep``,
``token.pos``, ``token.lemma`` and ``doc.ents``, so put it after the parser
and the NER).

The values live in ``doc.user_data`` as plain dicts (the extensions turn them
into dataclasses when read), so ``Doc.to_bytes`` and ``DocBin(store_user_data=True)``
carry them (and so does ``nlp.pipe(n_process=...)``, which ships Docs as
bytes). The component has no weights: the pipeline's ``to_disk`` writes its
settings in ``config.cfg``, and ``spacy.load`` finds the factory through kg's
``spacy_factories`` entry point.

Example:
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> import kg.extract.component
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("kg_triples")
    >>> nlp.pipe_names
    ['kg_triples']
    >>> nlp("No parser here.")._.triples    # no parse: nothing to extract
    []
    >>> Doc(nlp.vocab, words=["unseen"])._.triples is None
    True
"""

from __future__ import annotations

import dataclasses
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.clauses import extractions as clause_extractions
from kg.extract.coref import resolve_coreference
from kg.extract.entities import resolve_entities
from kg.extract.triples import document_triples
from kg.model import Argument, Extraction, Triple

#: The factory name: ``nlp.add_pipe(COMPONENT_NAME)``.
COMPONENT_NAME = "kg_triples"
#: What the component reads from the ``Doc``.
REQUIRES = ["token.dep", "token.pos", "token.lemma", "doc.ents"]
#: What the component writes.
ASSIGNS = ["doc._.triples", "doc._.extractions"]
#: ``doc.user_data`` keys holding the plain-dict form of each layer.
TRIPLES_KEY = "kg_triples"
EXTRACTIONS_KEY = "kg_extractions"


# ---------------------------------------------------------------- extensions


def _get_triples(doc: Doc) -> list[Triple] | None:
    data = doc.user_data.get(TRIPLES_KEY)
    return None if data is None else [Triple(**item) for item in data]


def _set_triples(doc: Doc, value: list[Triple] | None) -> None:
    doc.user_data[TRIPLES_KEY] = None if value is None else [dataclasses.asdict(t) for t in value]


def _argument(data: dict[str, Any]) -> Argument:
    return Argument(**data)


def _extraction(data: dict[str, Any]) -> Extraction:
    # msgpack (Doc.to_bytes) turns tuples into lists: make them tuples again.
    fields = dict(data)
    fields["arg1"] = _argument(fields["arg1"])
    fields["args"] = tuple(_argument(a) for a in fields["args"])
    fields["rel_tokens"] = tuple(fields["rel_tokens"])
    return Extraction(**fields)


def _get_extractions(doc: Doc) -> list[Extraction] | None:
    data = doc.user_data.get(EXTRACTIONS_KEY)
    return None if data is None else [_extraction(item) for item in data]


def _set_extractions(doc: Doc, value: list[Extraction] | None) -> None:
    doc.user_data[EXTRACTIONS_KEY] = (
        None if value is None else [dataclasses.asdict(e) for e in value]
    )


def register_extensions() -> None:
    """Declare ``Doc._.triples`` and ``Doc._.extractions`` (once; later calls do nothing).

    Example:
        >>> from spacy.tokens import Doc
        >>> register_extensions()
        >>> Doc.has_extension("triples"), Doc.has_extension("extractions")
        (True, True)
    """
    if not Doc.has_extension("triples"):
        Doc.set_extension("triples", getter=_get_triples, setter=_set_triples)
    if not Doc.has_extension("extractions"):
        Doc.set_extension("extractions", getter=_get_extractions, setter=_set_extractions)


# ---------------------------------------------------------------- the component


class KGTriples:
    """The ``kg_triples`` pipeline component (create it with ``nlp.add_pipe``).

    Args:
        nlp: the pipeline it belongs to.
        name: its name in the pipeline.
        min_confidence: drop triples scored below this (0 keeps them all).
        asserted_only: keep only plainly asserted triples (no negated, hedged or
            attributed ones).

    Example:
        >>> import spacy, kg.extract.component
        >>> nlp = spacy.blank("en")
        >>> nlp.add_pipe("kg_triples", config={"asserted_only": True}).asserted_only
        True
    """

    def __init__(
        self,
        nlp: Language,
        name: str = COMPONENT_NAME,
        *,
        min_confidence: float = 0.0,
        asserted_only: bool = False,
    ) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], not {min_confidence!r}")
        self.name = name
        self.min_confidence = min_confidence
        self.asserted_only = asserted_only
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        """Extract the ``Doc``'s Open IE extractions and KG triples into ``doc._``."""
        if not doc.has_annotation("DEP"):  # no parse: nothing to read
            doc._.extractions = []
            doc._.triples = []
            return doc
        exts = clause_extractions(doc)
        index = resolve_entities(doc)
        corefs = resolve_coreference(doc, index)
        triples = [
            triple
            for triple, _subject, _object in document_triples(doc, exts, index, corefs)
            if triple.confidence >= self.min_confidence
            and (triple.asserted or not self.asserted_only)
        ]
        doc._.extractions = exts
        doc._.triples = triples
        return doc


@Language.factory(
    COMPONENT_NAME,
    requires=REQUIRES,
    assigns=ASSIGNS,
    default_config={"min_confidence": 0.0, "asserted_only": False},
)
def make_kg_triples(
    nlp: Language, name: str, min_confidence: float, asserted_only: bool
) -> KGTriples:
    """spaCy factory of the ``kg_triples`` component (see ``KGTriples``).

    Registered when this module is imported, and through the ``spacy_factories``
    entry point ``kg_triples`` once kg is installed, so ``spacy.load`` finds it.

    Example:
        >>> import spacy
        >>> from kg.extract.component import make_kg_triples
        >>> make_kg_triples(spacy.blank("en"), "kg", 0.5, False).min_confidence
        0.5
    """
    return KGTriples(nlp, name, min_confidence=min_confidence, asserted_only=asserted_only)
