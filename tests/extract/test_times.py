"""Times are qualifiers, not nodes: kg.extract.times and the time of KG-layer triples.

Also the one relation form of agentless passives and participles ("based in").
"""

from __future__ import annotations

import pytest

from kg.extract.times import normalize_time, time_datatype
from kg.model import Triple

# fmt: off
TIMES = [
    # a year, a month, a day, as written in many ways
    ("1932", "1932"),
    ("in 1932", "1932"),
    ("March 1967", "1967-03"),
    ("in March 1967", "1967-03"),
    ("Sept. 1939", "1939-09"),
    ("7 November 1878", "1878-11-07"),
    ("on 7 November 1878", "1878-11-07"),
    ("November 7, 1878", "1878-11-07"),
    ("on the 7th of November 1878", "1878-11-07"),
    ("1878-11-07", "1878-11-07"),
    # a part of a year or month lies in it
    ("in the spring of 1932", "1932"),
    ("mid-1932", "1932"),
    ("the end of 1932", "1932"),
    ("early March 1967", "1967-03"),
    ("during 1932", "1932"),
    # vague, relative, or not a point: words only
    ("the 1930s", None),
    ("last year", None),
    ("December 15", None),
    ("on Monday", None),
    ("in May", None),
    ("1932–1934", None),
    ("in 1932 and 1933", None),
    ("before 1932", None),
    ("after 1932", None),
    ("since 1932", None),
    ("until 1932", None),
    ("31 February 1900", None),
    ("the Treaty of 1932", None),
    ("for 2,000 years", None),
    ("", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), TIMES, ids=[t or "empty" for t, _ in TIMES])
def test_times_normalize(text, value):
    assert normalize_time(text) == value


@pytest.mark.parametrize(
    ("value", "kind"), [("1932", "gYear"), ("1967-03", "gYearMonth"), ("1878-11-07", "date")]
)
def test_times_datatype(value, kind):
    assert time_datatype(value) == kind


@pytest.mark.parametrize("value", ["", "32", "1932-3", "1932-03-07T10:00", "March 1932"])
def test_times_datatype_rejects_other_text(value):
    with pytest.raises(ValueError, match="not a kg time value"):
        time_datatype(value)


# --- the KG layer --------------------------------------------------------------------------


def _by_relation(text: str) -> dict[str, Triple]:
    import kg

    return {t.relation: t for t in kg.triples(text)}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "subject", "relation", "time", "time_text"),
    [
        ("The Aalto Stadium opened in 1932.", "Aalto Stadium", "open", "1932", "in 1932"),
        ("Marta Kovac died in 1998.", "Marta Kovac", "die", "1998", "in 1998"),
        ("Marta Kovac was born on 7 November 1948.", "Marta Kovac", "born", "1948-11-07",
         "on 7 November 1948"),
        ("Anna Berg retired last year.", "Anna Berg", "retire", None, "last year"),
    ],
)  # fmt: skip
def test_times_clause_with_only_a_time_is_a_statement_without_object(
    text, subject, relation, time, time_text
):
    found = _by_relation(text)
    assert relation in found, sorted(found)
    t = found[relation]
    assert (t.subject, t.object, t.object_type) == (subject, "", "")
    assert (t.time, t.time_text) == (time, time_text)
    assert t.asserted and not t.has_object
    assert time_text in text[t.start : t.end]  # the statement's words include its time
    assert not any(x.object.endswith(("1932", "1998", "1948")) for x in found.values())


@pytest.mark.model
def test_times_statement_with_an_object_carries_its_time():
    found = _by_relation("Kestrel Group moved its head office to Oslo in March 1967.")
    moved = found["move"]
    assert (moved.subject, moved.object) == ("Kestrel Group", "head office")
    assert (moved.time, moved.time_text) == ("1967-03", "in March 1967")
    record = moved.as_dict()
    assert (record["time"], record["time_text"]) == ("1967-03", "in March 1967")


@pytest.mark.model
def test_times_a_place_hung_on_a_date_belongs_to_the_verb():
    found = _by_relation("Jonas Kask was born on 2 May 1961 in Narva.")
    born = found["born in"]
    assert (born.subject, born.object) == ("Jonas Kask", "Narva")
    assert (born.time, born.time_text) == ("1961-05-02", "on 2 May 1961")


@pytest.mark.model
def test_times_no_date_becomes_a_node():
    import kg

    triples = kg.triples(
        "Halden Lines was founded in 1932. It moved to Tallinn in March 1967. "
        "The company opened a new terminal on 7 November 1978."
    )
    assert triples
    assert all(t.object_type != "Time" for t in triples), [(t.relation, t.object) for t in triples]


# --- one relation form for agentless passives and participles -------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Halden Lines is based in Tallinn.", ("Halden Lines", "based in", "Tallinn")),
        ("Veloria, a startup based in Lyon, makes bicycles.", ("Veloria", "based in", "Lyon")),
        ("The inspector was banned from the port.", ("inspector", "banned from", "port")),
        ("Greyfield Power, located in Narva, sells power.", ("Greyfield Power", "located in",
                                                             "Narva")),
        ("Lars Holm was born in Oslo in 1950.", ("Lars Holm", "born in", "Oslo")),
        # a misparse: no verb of its own, so the participle is the verb (active lemma)
        ("Daniel Okafor, a former banker, invested in Veloria.", ("Daniel Okafor", "invest in",
                                                                 "Veloria")),
    ],
)  # fmt: skip
def test_times_agentless_passive_and_participle_share_one_relation(text, triple):
    import kg

    found = {(t.subject, t.relation, t.object) for t in kg.triples(text)}
    assert triple in found, found
    relations = {r for _, r, _ in found}
    assert not any(r.startswith("be ") for r in relations)
    assert "base in" not in relations and "locate in" not in relations
