"""Plain data passed between the stages of kg.

Every stage of the pipeline (see DESIGN.md) takes and returns these
dataclasses, so each stage can be tested and replaced on its own:

    text ──► spaCy Doc ──► Extraction (Open IE layer)
                       └─► Entity + Triple (KG layer) ──► DocumentGraph ──► RDF

Character offsets are always into the original document text (not the
sentence), half-open ``[start, end)``. Token indices are spaCy ``Doc`` token
indices and are only meaningful while that ``Doc`` is alive; they never
leave the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Polarity = Literal["positive", "negative"]

#: Ontology classes an entity can have (local names in the ``kg:`` namespace).
ENTITY_TYPES: tuple[str, ...] = (
    "Award",
    "Concept",
    "CreativeWork",
    "Event",
    "Group",
    "Language",
    "Law",
    "Organization",
    "Person",
    "Place",
    "Product",
    "Quantity",
    "Time",
)

#: spaCy NER label → ontology class.
NER_TYPES: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "Group",
    "EVENT": "Event",
    "WORK_OF_ART": "CreativeWork",
    "PRODUCT": "Product",
    "LAW": "Law",
    "LANGUAGE": "Language",
    "DATE": "Time",
    "TIME": "Time",
    "MONEY": "Quantity",
    "QUANTITY": "Quantity",
    "PERCENT": "Quantity",
    "CARDINAL": "Quantity",
    "ORDINAL": "Quantity",
}


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of an Open IE extraction, as written in the sentence.

    Attributes:
        text: the full argument phrase ("the Russian demand of talks with the West").
        start: character offset of the phrase in the document.
        end: end character offset (exclusive).
        head: ``Doc`` token index of the phrase's syntactic head, or -1 when
            the argument has no token of its own (an implicit "be", say).
        role: what the argument is to the predicate: ``"subject"``, ``"object"``,
            ``"agent"`` (the ``by`` phrase of a passive), ``"complement"``
            (a copula's attribute or predicative noun), ``"prep"`` (object of a
            preposition that is part of the relation), ``"time"``, ``"place"``
            or ``"other"`` for extra arguments.
    """

    text: str
    start: int
    end: int
    head: int = -1
    role: str = "object"


@dataclass(frozen=True, slots=True)
class Extraction:
    """Open IE layer: one predicate of one sentence, as faithful to the text as possible.

    Attributes:
        arg1: the subject phrase.
        relation: the relation as written ("was designed by", "met with", "is the capital of").
        args: second and further arguments, in order (arg2, then time, place, ...).
        predicate: ``Doc`` token index of the predicate's head word (verb, or
            relational noun for copulas and appositions); -1 when synthetic.
        rel_tokens: ``Doc`` token indices of the words that make up ``relation``.
        kind: the construction that produced it: ``"verb"``, ``"passive"``,
            ``"copula"``, ``"apposition"``, ``"possessive"``, ``"title"``,
            ``"relative"``, ``"participle"``, ...
        polarity: ``"negative"`` when the predicate is negated or denied ("not",
            "will hardly", "failed to", "denied that").
        modality: None when plainly asserted, else the hedge: a modal verb
            ("may", "could", "would"), a governing verb ("refuse", "plan", "try",
            "fail"), a hedging adverb or adjective ("reportedly", "hardly",
            "likely"), "if" / "unless" for a condition, "whether" or "question"
            for a question (the cue words: ``kg.extract.lexicon``).
        attribution: who says so ("Yuri Ushakov" for "according to Yuri Ushakov"),
            or None.
        confidence: a score in [0, 1] from features of the parse.
        sentence_start: character offset of the sentence in the document.
        sentence_end: end offset of the sentence.

    Example:
        >>> import kg
        >>> from kg.model import Argument
        >>> e = kg.Extraction(Argument("Anna Berg", 0, 9, role="subject"), "may visit",
        ...                   (Argument("Helsinki", 20, 28),), modality="may")
        >>> e.arg2.text, e.asserted
        ('Helsinki', False)
    """

    arg1: Argument
    relation: str
    args: tuple[Argument, ...]
    predicate: int = -1
    rel_tokens: tuple[int, ...] = ()
    kind: str = "verb"
    polarity: Polarity = "positive"
    modality: str | None = None
    attribution: str | None = None
    confidence: float = 0.5
    sentence_start: int = 0
    sentence_end: int = 0

    @property
    def arg2(self) -> Argument | None:
        """The first argument after the relation, or None."""
        return self.args[0] if self.args else None

    @property
    def asserted(self) -> bool:
        """True when the text states this as a plain fact."""
        return self.polarity == "positive" and self.modality is None and self.attribution is None


@dataclass(slots=True, eq=False)
class Entity:
    """A node of the knowledge graph: a named entity or a concept phrase.

    ``name`` and ``type`` identify the entity across documents; ``aliases``
    collects the other names it went by (short names, acronyms, demonyms).
    Entities compare by identity: within a document there is one object per node.

    Example:
        >>> import kg
        >>> berg = kg.Entity("Anna Berg", "Person", {"Berg"})
        >>> berg.key, sorted(berg.aliases)
        (('Anna Berg', 'Person'), ['Berg'])
    """

    name: str
    type: str = "Concept"
    aliases: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str]:
        """The identity of the entity: (canonical name, type)."""
        return (self.name, self.type)


#: The keys of a triple's JSON record, in order (``Triple.as_dict``).
_TRIPLE_KEYS = (
    "doc", "subject", "relation", "object", "subject_type", "object_type", "polarity",
    "modality", "attribution", "asserted", "confidence", "sentence", "sentence_start",
    "sentence_end", "start", "end", "time", "time_text",
)  # fmt: skip
#: The keys of a mention's JSON record, in order (``EntityMention.as_dict``).
_MENTION_KEYS = ("doc", "start", "end", "text", "entity", "class", "iri", "via")


def _record(item: object, keys: tuple[str, ...], **computed: Any) -> dict[str, Any]:
    """``item``'s attributes under ``keys``, in order; ``computed`` values replace some."""
    return {key: computed[key] if key in computed else getattr(item, key) for key in keys}


@dataclass(frozen=True, slots=True)
class Triple:
    """KG layer: a compact subject–relation–object statement between two nodes.

    A statement can also have no object: "The stadium opened in 1932" says
    *when* the stadium opened, not what it opened. Such a statement has
    ``object == ""`` and ``object_type == ""`` and always a time
    (``time_text``); RDF writes it as a ``kg:Statement`` without ``rdf:object``
    and without a direct triple, and graph views show it on its subject node.

    Attributes:
        subject: canonical name of the subject node ("Xi Jinping").
        relation: normalised predicate ("support", "chief executive of", "travel to").
        object: canonical name of the object node ("Russian demand"); "" when
            the statement has no object (see above).
        subject_type: ontology class of the subject (see ``ENTITY_TYPES``).
        object_type: ontology class of the object; "" when there is no object.
        polarity: ``"positive"`` or ``"negative"``.
        modality: None when plainly asserted, else a word such as "may", "refuse", "plan".
        attribution: who the claim is attributed to, or None.
        confidence: a score in [0, 1].
        sentence: the text of the sentence it came from.
        sentence_start: offset of the sentence in the document.
        sentence_end: end offset of the sentence.
        start: offset of the first character of the statement (subject, relation or object).
        end: end offset of the statement.
        doc: the document it came from (a path as given, or an id).
        time: when the statement holds, normalised (``kg.extract.times``):
            "1878-11-07" (a day), "1967-03" (a month) or "1932" (a year); None
            when the text gives no time or too vague a one ("the 1930s", "last year").
        time_text: the time as written, with its preposition ("in March 1967",
            "last year"), or None.

    Example:
        >>> import kg
        >>> t = kg.Triple("Anna Berg", "meet", "Karl Tamm", "Person", "Person", confidence=0.8)
        >>> t.asserted, kg.Triple("Olsen", "comment on", "price", modality="refuse").asserted
        (True, False)
        >>> opened = kg.Triple("Aalto Stadium", "open", "", "Place", "", time="1932",
        ...                    time_text="in 1932")
        >>> opened.has_object, opened.as_dict()["time"]
        (False, '1932')
    """

    subject: str
    relation: str
    object: str
    subject_type: str = "Concept"
    object_type: str = "Concept"
    polarity: Polarity = "positive"
    modality: str | None = None
    attribution: str | None = None
    confidence: float = 0.5
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    start: int = 0
    end: int = 0
    doc: str = ""
    time: str | None = None
    time_text: str | None = None

    @property
    def asserted(self) -> bool:
        """True when the text states this as a plain fact (positive, unhedged, unattributed)."""
        return self.polarity == "positive" and self.modality is None and self.attribution is None

    @property
    def has_object(self) -> bool:
        """False for a statement with only a subject and a time ("opened in 1932")."""
        return bool(self.object)

    def as_dict(self) -> dict[str, Any]:
        """The triple as a JSON-ready dict (the ``kg extract --format jsonl`` record)."""
        return _record(self, _TRIPLE_KEYS, confidence=round(self.confidence, 4))


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of an entity in a document: a name, a pronoun or a role noun.

    This is how resolution can be audited: every name and every third-person
    pronoun of the text, with the entity it was resolved to (``entity`` None
    when it was left unresolved) and the rule that decided it.

    Attributes:
        doc: the document id.
        start: character offset of the mention in the document.
        end: end offset (exclusive).
        text: the mention as written.
        entity: the canonical name of its entity, or None when unresolved.
        type: the entity's class, or None when unresolved.
        via: how the mention was resolved: ``"name"`` (it is the entity's name),
            ``"variant"`` (another spelling of it), ``"surname"``, ``"nickname"``, ``"given-name"``,
            ``"acronym"``, ``"native-name"``, ``"other-name"``, ``"short-name"``,
            ``"place-alias"``, ``"demonym"``, ``"pronoun"`` or ``"role-noun"``.
        iri: the entity's IRI in the store (``kg.entities`` fills it in), else None.

    A pronoun that refers to several entities ("they" after "Putin and Xi") is
    one EntityMention per entity, with the same offsets.

    Example:
        >>> import kg
        >>> m = kg.EntityMention("d", 30, 33, "She", "Anna Berg", "Person", "pronoun")
        >>> m.as_dict()["entity"], m.resolved
        ('Anna Berg', True)
    """

    doc: str
    start: int
    end: int
    text: str
    entity: str | None
    type: str | None
    via: str
    iri: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the mention was resolved to an entity."""
        return self.entity is not None

    def as_dict(self) -> dict[str, Any]:
        """The mention as a JSON-ready dict (the ``kg entities --format jsonl`` record)."""
        return _record(self, _MENTION_KEYS, **{"class": self.type})


@dataclass(slots=True)
class DocumentGraph:
    """Everything the extractor found in one document, ready for the RDF stage.

    Attributes:
        doc_id: the document's name (a path as given, or an id the caller chose).
        text: the document text the offsets refer to.
        triples: KG-layer triples, in document order.
        entities: every node the triples mention, keyed by ``Entity.key``.
        extractions: the Open IE layer, in document order.
        source: where the text came from (a path or URL), if known.
        mentions: every name, pronoun and role-noun mention and what it resolved
            to, in document order (the merge evidence of ``entities``).
    """

    doc_id: str
    text: str
    triples: list[Triple] = field(default_factory=list)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    extractions: list[Extraction] = field(default_factory=list)
    source: str | None = None
    mentions: list[EntityMention] = field(default_factory=list)
