"""kg.extract.nominals: a role noun ("the club") stands for an entity when class and head fit."""

from __future__ import annotations

import pytest

from tests.extract.test_coref import _ids, _resolved

# --- role nouns --------------------------------------------------------------------------

#: (text, role noun[#n], the entity it stands for; () = nothing fits)
ROLE_NOUNS = [
    # the club is a club, never a company
    ("Harwick FC signed Karl Okafor. The club paid a record fee.", "club", {"Harwick FC"}),
    ("Nordvik Shipping signed Karl Okafor. The club paid a record fee.", "club", set()),
    (
        "Anna Berg founded Nordvik Shipping and Harwick FC. The club won three titles.",
        "club",
        {"Harwick FC"},
    ),
    (
        "Anna Berg founded Nordvik Shipping and Harwick FC. The company grew quickly.",
        "company",
        {"Nordvik Shipping"},
    ),
    ("Nordvik Shipping hired Karl Tamm. The bank paid him.", "bank", set()),
    # a section heading starts a new topic: a role noun does not look back across it
    ("Karl Tamm played for Harwick FC in 1990.\nLater years.\nThe club was sold.", "club", set()),
    # "the physicist" is the person the text called a physicist
    (
        "Leander Voss was a physicist. Anna Berg was a lawyer. The physicist moved to Kiel.",
        "physicist#2",
        {"Leander Voss"},
    ),
    (
        "Leander Voss, a physicist, married Anna Berg, a lawyer. The physicist moved to Kiel.",
        "physicist#2",
        {"Leander Voss"},
    ),
    (
        "Leander Voss, a physicist, married Anna Berg, a lawyer. The lawyer moved to Kiel.",
        "lawyer#2",
        {"Anna Berg"},
    ),
    # a noun that describes (a copula's complement) refers to nobody
    ("Leander Voss was a physicist. The physicist moved to Kiel.", "physicist", set()),
    ("Anna Berg was a lawyer. The physicist moved to Kiel.", "physicist", set()),
    # "the man" / "the woman" need the gender
    ("Karl Tamm met Anna Berg in Riga. The woman thanked him.", "woman", {"Anna Berg"}),
    ("Karl Tamm met Anna Berg in Riga. The man thanked her.", "man", {"Karl Tamm"}),
    # places: the noun must fit the place
    (
        "Estonia signed the treaty. The country then joined the alliance.",
        "country",
        {"Estonia"},
    ),
    ("Tallinn hosted the summit. The city spent millions.", "city", {"Tallinn"}),
    ("Anna Berg visited Tallinn. The island impressed her.", "island", set()),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "key", "expected"), ROLE_NOUNS, ids=_ids(ROLE_NOUNS))
def test_coref_role_nouns_resolve_only_when_class_and_head_fit(text, key, expected):
    assert _resolved(text, key) == expected
