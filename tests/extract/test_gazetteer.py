"""kg.extract.gazetteer: the places a reader knows, without a model."""

from __future__ import annotations

import pytest

from kg.extract.gazetteer import is_famous_place

# --- famous places -----------------------------------------------------------------------

#: (name, does a reader take it for the place before a person?)
FAMOUS_PLACES = [
    ("Florence", True),
    ("Houston", True),
    ("Estonia", True),
    ("Tallinn", True),
    ("Madrid", True),
    # small towns that are also given names or surnames
    ("Nancy", False),
    ("Crewe", False),
    # surnames and invented names
    ("Meitner", False),
    ("Lind", False),
    ("Vollmer", False),
    # a longer name containing a country is not the country
    ("Vichy France", False),
]


@pytest.mark.parametrize(("name", "expected"), FAMOUS_PLACES, ids=[r[0] for r in FAMOUS_PLACES])
def test_names_is_famous_place(name, expected):
    assert is_famous_place(name) is expected
