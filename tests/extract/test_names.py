"""What a name says about itself: kg.extract.names, without a model (gender, places: own files).

Entity resolution (issue 11) decides from these pure functions whether two
mentions may be one entity: a person's parsed name, whether two full names
can be one person, the class a name's head word gives it, the spelling key of
an organisation, acronyms, the gender of given names and titles, and whether
a name is a place a reader knows. Every name here is invented for the test
(places are real and used generically).
"""

from __future__ import annotations

import pytest

from kg.extract.names import (
    is_acronym,
    is_acronym_of,
    name_head_class,
    name_key,
    person_name,
    same_person,
)

# --- person_name -------------------------------------------------------------------------

#: (name as written, (given names, surname, suffix)); None: it cannot be a person's name.
PERSON_NAMES = [
    # a hyphenated given name is one given name
    ("Hans-Dietrich Vollmer", (("hans-dietrich",), "vollmer", "")),
    ("Jean-Luc Marchetti", (("jean-luc",), "marchetti", "")),
    ("Anna-Lena Vogt", (("anna-lena",), "vogt", "")),
    # particles belong to the surname
    ("Pieter van der Berg", (("pieter",), "van der berg", "")),
    ("Greta von Falkenrath", (("greta",), "von falkenrath", "")),
    ("Lukas de Vries", (("lukas",), "de vries", "")),
    ("Omar al-Rashidi", (("omar",), "al-rashidi", "")),
    ("Omar al Rashidi", (("omar",), "al rashidi", "")),
    ("Anne-Marie de la Cruz", (("anne-marie",), "de la cruz", "")),
    ("Karim bin Salman", (("karim",), "bin salman", "")),
    # initials are given names, spaced or not
    ("J. R. R. Hollis", (("j", "r", "r"), "hollis", "")),
    ("J.R.R. Hollis", (("j", "r", "r"), "hollis", "")),
    ("Edwin P. Harrow", (("edwin", "p"), "harrow", "")),
    # titles and honorifics are not part of the name
    ("Dr. Mara Lind", (("mara",), "lind", "")),
    ("Prof. Ilse Brandt", (("ilse",), "brandt", "")),
    ("Professor Ilse Brandt", (("ilse",), "brandt", "")),
    ("Sir Edwin Harrow", (("edwin",), "harrow", "")),
    ("Mrs. Ada Quill", (("ada",), "quill", "")),
    ("Lady Ada Quill", (("ada",), "quill", "")),
    ("Rev. Amos Whitcombe", (("amos",), "whitcombe", "")),
    ("President Liisa Aho", (("liisa",), "aho", "")),
    # post-nominal letters are dropped
    ("Anna Berg, CIH", (("anna",), "berg", "")),
    ("Karl Tamm PhD", (("karl",), "tamm", "")),
    ("Halvard Sund, Ph.D.", (("halvard",), "sund", "")),
    ("Ilse Brandt MBE", (("ilse",), "brandt", "")),
    # a generational suffix is kept: it tells father and son apart
    ("Tobias Reed Jr.", (("tobias",), "reed", "Jr.")),
    ("Tobias Reed Jr", (("tobias",), "reed", "Jr.")),
    ("Tobias Reed Sr.", (("tobias",), "reed", "Sr.")),
    ("Tobias Reed III", (("tobias",), "reed", "III")),
    ("Tobias Reed Jr., PhD", (("tobias",), "reed", "Jr.")),
    # Chinese family names come first
    ("Zhao Lina", (("lina",), "zhao", "")),
    # not a person's name at all
    ("Harwick F.C.", None),
    ("Nordvik Shipping Ltd", None),
    ("NATO", None),
    ("Route 66", None),
    ("anna berg", None),
]


def _ids(rows):
    return [r.id if hasattr(r, "marks") else r[0] for r in rows]


@pytest.mark.parametrize(("name", "expected"), PERSON_NAMES, ids=_ids(PERSON_NAMES))
def test_names_person_name_parts(name, expected):
    parsed = person_name(name)
    if expected is None:
        assert parsed is None
    else:
        assert parsed is not None
        assert (parsed.given, parsed.surname, parsed.suffix) == expected


# --- same_person -------------------------------------------------------------------------

#: (full name, full name, can they be one person?)
SAME_PERSON = [
    # compatible: a middle name left out, initials, a title, post-nominals
    ("Edwin Paul Harrow", "Edwin Harrow", True),
    ("E. P. Harrow", "Edwin Paul Harrow", True),
    ("Edwin P. Harrow", "Edwin Paul Harrow", True),
    ("J. R. R. Hollis", "John Ronald Reuel Hollis", True),
    ("Dr. Mara Lind", "Mara Lind", True),
    ("Anna Berg, CIH", "Anna Berg", True),
    ("Karl Tamm PhD", "Karl Tamm", True),
    ("Tobias Reed Jr.", "Tobias Reed Jr", True),
    ("Hans-Dietrich Vollmer", "H. D. Vollmer", True),
    ("Hans-Dietrich Vollmer", "Hans Dietrich Vollmer", True),
    ("J.R.R. Hollis", "John Ronald Reuel Hollis", True),
    # never one person: different given names
    ("Mara Lind", "Tove Lind", False),
    ("Jean-Luc Marchetti", "Jean Marchetti", False),
    ("Marie-Claire Dubois", "Claire Dubois", False),
    ("J. Hollis", "K. Hollis", False),
    ("K. Tamm", "Lars Tamm", False),
    # never: father and son, or two generations
    ("Tobias Reed", "Tobias Reed Jr.", False),
    ("Tobias Reed Sr.", "Tobias Reed Jr.", False),
    ("Tobias Reed Jr.", "Tobias Reed III", False),
    # never: different middle names (father and son often share the first)
    ("Edwin Paul Harrow", "Edwin Simon Harrow", False),
    ("Edwin P. Harrow", "Edwin Simon Harrow", False),
    # never: different surnames, however close
    ("Mara Lind", "Mara Lindqvist", False),
    ("Anna Berg", "Anna Borg", False),
    ("Rhys Edwards", "Rhys Edward", False),
]


def _pair_ids(rows):
    return [r.id if hasattr(r, "marks") else f"{r[0]}|{r[1]}" for r in rows]


@pytest.mark.parametrize(("a", "b", "expected"), SAME_PERSON, ids=_pair_ids(SAME_PERSON))
def test_names_same_person(a, b, expected):
    pa, pb = person_name(a), person_name(b)
    assert pa is not None and pb is not None
    assert same_person(pa, pb) is expected
    assert same_person(pb, pa) is expected  # symmetric


# --- name_head_class ---------------------------------------------------------------------

#: (name, the class its head word gives it, or None when the head says nothing)
HEAD_CLASSES = [
    # awards named after a person are awards
    ("Mara Lind Prize", "Award"),
    ("Vollmer Award", "Award"),
    ("Ilse Brandt Medal", "Award"),
    ("Reed Trophy", "Award"),
    ("Aldergrove Prizes", "Award"),
    # firms and institutes named after a person are organisations
    ("Vollmer Consulting", "Organization"),
    ("Reed GmbH", "Organization"),
    ("Lind Institute", "Organization"),
    ("Nordic Institute of Marine Studies", "Organization"),
    ("Institute for Baltic Studies", "Organization"),
    ("Coldwater University", "Organization"),
    # buildings, memorials and grounds are places
    ("Emil Rask Cottage", "Place"),
    ("Tomas Quill Memorial", "Place"),
    ("Okafor Stadium", "Place"),
    ("Karl Okafor Stand", "Place"),
    ("Lind Park", "Place"),
    ("Tamm Dam", "Place"),
    ("Calder Street", "Place"),
    # competitions are events, in the plural too
    ("Harwick Cup", "Event"),
    ("Baltic Cups", "Event"),
    ("Nordic Championships", "Event"),
    # a person's name has no head of its own class
    ("Mara Lind", None),
    ("Hans-Dietrich Vollmer", None),
    ("Harwick", None),
]


@pytest.mark.parametrize(("name", "expected"), HEAD_CLASSES, ids=[r[0] for r in HEAD_CLASSES])
def test_names_name_head_class(name, expected):
    assert name_head_class(name) == expected


# --- name_key ----------------------------------------------------------------------------

#: (name, name, are they spellings of one name?)
NAME_KEYS = [
    # club endings
    ("Harwick F.C.", "Harwick FC", True),
    ("Harwick FC", "Harwick Football Club", True),
    ("Harwick F.C.", "Harwick Football Club", True),
    ("Harwick A.F.C.", "Harwick AFC", True),
    ("the Harwick FC", "Harwick FC", True),
    # a plural last word is the same name, counted
    ("Baltic Cup", "Baltic Cups", True),
    # legal forms and their abbreviations
    ("Nordvik Shipping Ltd.", "Nordvik Shipping Limited", True),
    ("Nordvik Shipping Ltd", "Nordvik Shipping", True),
    ("Brightwell Software Inc.", "Brightwell Software", True),
    ("Kestrel Group plc", "Kestrel Group", True),
    ("Kestrel Corp.", "Kestrel Corporation", True),
    ("Harlow & Sons", "Harlow and Sons", True),
    # case
    ("NORDVIK SHIPPING", "Nordvik Shipping", True),
    # different names stay different
    ("Harwick FC", "Harwick Town FC", False),
    ("Harwick FC", "Harwick United", False),
    ("Baltic Cup", "Baltic Cup Final", False),
    ("Kestrel Group", "Kestrel Holdings", False),
    ("Harwick FC", "Dunmore FC", False),
]


@pytest.mark.parametrize(("a", "b", "same"), NAME_KEYS, ids=[f"{a}|{b}" for a, b, _ in NAME_KEYS])
def test_names_name_key_variants(a, b, same):
    assert (name_key(a) == name_key(b)) is same


# --- acronyms ----------------------------------------------------------------------------

#: (acronym, name, does the acronym spell the name?)
ACRONYMS = [
    ("BMC", "Baltic Maritime Council", True),
    ("B.M.C.", "Baltic Maritime Council", True),
    ("CRA", "Coastal Rescue Agency", True),
    ("BFA", "Baltic Ferry Authority", True),
    # with or without the initials of "of" / "for"
    ("NIMS", "Nordic Institute of Marine Studies", True),
    ("NIOMS", "Nordic Institute of Marine Studies", True),
    ("NIMS", "Nordic Institute for Marine Studies", True),
    # the initials of the name's core, before "of"
    ("KGI", "Kestrel Gray Institute of Chemistry", True),
    # hyphenated words give one initial each part
    ("KGI", "Kestrel-Gray Institute", True),
    # "the" is never an initial
    ("MC", "The Maritime Council", True),
    ("TMC", "The Maritime Council", False),
    # wrong or missing letters
    ("BMX", "Baltic Maritime Council", False),
    ("BMC", "Baltic Maritime", False),
    ("BMCA", "Baltic Maritime Council", False),
    # a one-word name has no acronym
    ("NS", "Nordvik", False),
]


@pytest.mark.parametrize(
    ("acronym", "name", "expected"), ACRONYMS, ids=[f"{a}|{n}" for a, n, _ in ACRONYMS]
)
def test_names_is_acronym_of(acronym, name, expected):
    assert is_acronym_of(acronym, name) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("BMC", True), ("U.S.", True), ("NIMS", True), ("Nims", False), ("B", False),
     ("bmc", False)],
)  # fmt: skip
def test_names_is_acronym(text, expected):
    assert is_acronym(text) is expected
