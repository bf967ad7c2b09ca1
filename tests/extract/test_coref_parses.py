"""Coreference on hand-built parses (no model): agreement and expletive "it".

The model tables are in ``test_coref.py``.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.coref import resolve_coreference
from kg.extract.entities import resolve_entities
from tests.extract.parses import VOCAB

# --- without the model -----------------------------------------------------------------


def _doc(words, heads, deps, pos, ents, lemmas=None):
    return Doc(
        VOCAB,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=["NNP" if p == "PROPN" else "PRP" if p == "PRON" else "XX" for p in pos],
        lemmas=lemmas or [w.lower() for w in words],
        ents=ents,
    )


def _refs(doc):
    refs = resolve_coreference(doc, resolve_entities(doc))
    return {doc[i].text: sorted(e.name for e in es) for i, es in refs.items()}


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (["Anna", "Lind"], {"She": ["Anna Lind"]}),  # the one woman
        (["Jonas", "Kask"], {}),  # two men: "she" is nobody
    ],
)
def test_coref_she_needs_a_woman(other, expected):
    # fmt: off
    doc = _doc(
        words=["Karl", "Tamm", "met", *other, ".", "She", "left", "."],
        heads=[1, 2, 2, 4, 2, 2, 7, 7, 7],
        deps=["compound", "nsubj", "ROOT", "compound", "dobj", "punct", "nsubj", "ROOT",
              "punct"],
        pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"],
    )
    # fmt: on
    assert _refs(doc) == expected


@pytest.mark.parametrize(
    "clause_head",
    [
        4,  # the that-clause hangs on "is"
        5,  # ... or on "likely", as the small model parses it
    ],
    ids=["under is", "under likely"],
)
def test_coref_expletive_it_before_a_that_clause_is_nobody(clause_head):
    # fmt: off
    doc = _doc(
        words=["Veloria", "grew", ".", "It", "is", "likely", "that", "Veloria", "moved", "."],
        heads=[1, 1, 1, 4, 4, 4, 8, 8, clause_head, 4],
        deps=["nsubj", "ROOT", "punct", "nsubj", "ROOT", "acomp", "mark", "nsubj", "ccomp",
              "punct"],
        pos=["PROPN", "VERB", "PUNCT", "PRON", "AUX", "ADJ", "SCONJ", "PROPN", "VERB",
             "PUNCT"],
        ents=["B-ORG", "O", "O", "O", "O", "O", "O", "B-ORG", "O", "O"],
        lemmas=["Veloria", "grow", ".", "it", "be", "likely", "that", "Veloria", "move", "."],
    )
    # fmt: on
    assert "It" not in _refs(doc)


def test_coref_referential_it_takes_the_organisation():
    # fmt: off
    doc = _doc(
        words=["Veloria", "grew", ".", "It", "hired", "engineers", "."],
        heads=[1, 1, 1, 4, 4, 4, 4],
        deps=["nsubj", "ROOT", "punct", "nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "VERB", "PUNCT", "PRON", "VERB", "NOUN", "PUNCT"],
        ents=["B-ORG", "O", "O", "O", "O", "O", "O"],
        lemmas=["Veloria", "grow", ".", "it", "hire", "engineer", "."],
    )
    # fmt: on
    assert _refs(doc)["It"] == ["Veloria"]
