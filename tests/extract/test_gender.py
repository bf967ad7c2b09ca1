"""kg.extract.gender: the gender given names and titles say, without a model."""

from __future__ import annotations

import pytest

from kg.extract.gender import name_gender, word_gender

# --- gender ------------------------------------------------------------------------------

#: (given name, the gender it says, or None when it is shared or unknown)
GIVEN_NAME_GENDERS = [
    ("Mara", "f"),
    ("Ilse", "f"),
    ("Ingrid", "f"),
    ("Tove", "f"),
    ("Liisa", "f"),
    ("Margit", "f"),
    ("Marie-Claire", "f"),
    ("Anna-Lena", "f"),
    ("Karl", "m"),
    ("Tobias", "m"),
    ("Jonas", "m"),
    ("Edwin", "m"),
    ("Carlos", "m"),
    ("Henrik", "m"),
    ("Hans-Dietrich", "m"),
    ("Jean-Luc", "m"),
    ("Karl-Heinz", "m"),
    # shared names say nothing
    ("Robin", None),
    ("Kim", None),
    ("Sasha", None),
    ("Jean", None),
    ("Taylor", None),
    # unknown words say nothing
    ("Xqzt", None),
]


@pytest.mark.parametrize(
    ("given", "expected"), GIVEN_NAME_GENDERS, ids=[r[0] for r in GIVEN_NAME_GENDERS]
)
def test_names_given_name_gender(given, expected):
    assert name_gender(given) == expected


#: (title or kinship word, the gender it says, or None)
WORD_GENDERS = [
    ("Mr", "m"),
    ("Mr.", "m"),
    ("Sir", "m"),
    ("Lord", "m"),
    ("King", "m"),
    ("Baron", "m"),
    ("Herr", "m"),
    ("son", "m"),
    ("Mrs", "f"),
    ("Ms.", "f"),
    ("Miss", "f"),
    ("Lady", "f"),
    ("Dame", "f"),
    ("Queen", "f"),
    ("Duchess", "f"),
    ("Frau", "f"),
    ("Madame", "f"),
    ("mother", "f"),
    # titles that either sex bears
    ("President", None),
    ("Dr", None),
    ("Professor", None),
    ("Senator", None),
]


@pytest.mark.parametrize(("word", "expected"), WORD_GENDERS, ids=[r[0] for r in WORD_GENDERS])
def test_names_word_gender(word, expected):
    assert word_gender(word) == expected
