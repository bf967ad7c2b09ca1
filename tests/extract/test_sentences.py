"""The per-document lookups the extractor shares between its passes (``kg.extract._sentences``)
and the surname index of entity resolution: a shared lookup must answer exactly what
finding it anew would, for whichever Doc is asked.
"""

from __future__ import annotations

from kg import nlp
from kg.extract._entity_merge import _surname_candidates, _surname_index
from kg.extract._sentences import Sentences
from kg.extract.names import person_name


def _sentence_texts(s: Sentences) -> list[str]:
    return [span.text for span in s.spans]


def test_the_passes_over_one_doc_share_its_sentences() -> None:
    doc = nlp.parse("Anna Berg founded Nordvik. She ran it for years. It grew.")
    shared = Sentences.of(doc)
    assert Sentences.of(doc) is shared
    assert _sentence_texts(shared) == [s.text for s in doc.sents]
    assert [shared.number(t.i) for t in doc] == [0] * 5 + [1] * 6 + [2] * 3


def test_another_doc_never_gets_the_sentences_of_the_last() -> None:
    first = nlp.parse("Ann left. Bo stayed.")
    second = nlp.parse("Cy came. Di went. Ed sat.")
    assert _sentence_texts(Sentences.of(first)) == ["Ann left.", "Bo stayed."]
    assert _sentence_texts(Sentences.of(second)) == ["Cy came.", "Di went.", "Ed sat."]
    # back to the first: found anew, right for it
    assert _sentence_texts(Sentences.of(first)) == ["Ann left.", "Bo stayed."]


def test_a_doc_whose_tokens_changed_is_looked_at_again() -> None:
    doc = nlp.parse("Anna Berg left. Bo stayed.")
    assert len(Sentences.of(doc).numbers) == 7
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])  # "Anna Berg" becomes one token
    assert Sentences.of(doc).numbers == [0, 0, 0, 1, 1, 1]


def test_surname_candidates_follow_the_order_of_the_people_after_a_root_moves() -> None:
    otto, lise, anna = person_name("Otto Hahn"), person_name("Lise Hahn"), person_name("Anna Berg")
    assert otto is not None and lise is not None and anna is not None
    parts = {0: [otto], 3: [lise], 5: [anna]}
    index = _surname_index(parts)
    assert _surname_candidates("Hahn", parts, index) == [0, 3]
    assert _surname_candidates("Berg", parts, index) == [5]
    assert _surname_candidates("Meitner", parts, index) == []
    parts[9] = parts.pop(0)  # Otto's cluster is now rooted at a later mention
    assert _surname_candidates("Hahn", parts, index) == [3, 9]
    assert _surname_candidates("hahn", parts, index) == [3, 9]


def test_a_surname_with_particles_is_found_as_written_and_without_them() -> None:
    name = person_name("Richard von Weizsäcker")
    assert name is not None
    parts = {2: [name]}
    index = _surname_index(parts)
    assert _surname_candidates("von Weizsäcker", parts, index) == [2]
    assert _surname_candidates("Weizsäcker", parts, index) == [2]
