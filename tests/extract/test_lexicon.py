"""kg.extract.lexicon: every hedge cue of the lexicon, on real parses (one row per cue).

One row per cue: a sentence written for this test, the verb whose claim the
cue qualifies, and the polarity, modality and attribution the Open IE layer
must give it. Every claim in the table is hedged, so none may be asserted.
"""

from __future__ import annotations

import pytest

from kg.extract.clauses import extractions
from kg.extract.lexicon import HEDGE_ADJECTIVES, HEDGE_ADVERBS
from tests.extract.test_hedges import _claim

#: (sentence, verb lemma of the claim, polarity, modality, attribution)
CUES = [
    # adverbs: a modality, never a source; hardly and scarcely also deny
    ("Halden Lines will hardly accept the offer.", "accept", "negative", "hardly", None),
    ("The council scarcely used the terminal.", "use", "negative", "scarcely", None),
    ("Brightwell Software barely survived the recession.", "survive", "positive", "barely", None),
    ("Kestrel Group allegedly bribed an inspector.", "bribe", "positive", "allegedly", None),
    ("Harlow Energy reportedly bought Greyfield Power.", "buy", "positive", "reportedly", None),
    ("Sofia Marin apparently sold her shares.", "sell", "positive", "apparently", None),
    ("Greyfield Power presumably lacks the money.", "lack", "positive", "presumably", None),
    ("Lars Holm supposedly advised Sofia Marin.", "advise", "positive", "supposedly", None),
    ("Veloria seemingly abandoned its plan.", "abandon", "positive", "seemingly", None),
    ("The letter purportedly came from Daniel Okafor.", "come", "positive", "purportedly", None),
    ("Kestrel Group ostensibly supports the law.", "support", "positive", "ostensibly", None),
    ("Harlow Energy will probably build a wind farm.", "build", "positive", "probably", None),
    ("Marta Kovac possibly designed the chapel.", "design", "positive", "possibly", None),
    ("Perhaps Claire Dumas will join the board.", "join", "positive", "perhaps", None),
    ("Maybe Claire Dumas will join the board.", "join", "positive", "maybe", None),
    ("Greyfield Power will likely close the plant.", "close", "positive", "likely", None),
    # governing verbs: the infinitive is not a fact
    ("Anna Berg seems to own the yard.", "own", "positive", "seem", None),
    ("Kestrel Group appears to control Brightwell Software.", "control", "positive", "appear",
     None),
    ("Anna Berg tried to buy Halden Lines.", "buy", "positive", "try", None),
    ("Halden Lines attempted to block the merger.", "block", "positive", "attempt", None),
    ("Veloria aims to open a store.", "open", "positive", "aim", None),
    ("Daniel Okafor hopes to win the election.", "win", "positive", "hope", None),
    ("Kestrel Group plans to acquire Veloria.", "acquire", "positive", "plan", None),
    ("Veloria expects to open a store.", "open", "positive", "expect", None),
    ("The council intends to restore the theatre.", "restore", "positive", "intend", None),
    ("Brightwell Software seeks to raise new capital.", "raise", "positive", "seek", None),
    ("Harlow Energy wants to build a wind farm.", "build", "positive", "want", None),
    ("Nordvik Shipping failed to pay the fine.", "pay", "negative", "fail", None),
    # "described X as located": how the subject sees the object, not a fact
    ("In 1930 the Courier described the market as located on Dock Street.", "locate",
     "positive", "describe", None),
    # a causative's participle is what the governor hedges ("applied to have X recognised")
    ("In 2002 the council applied to have the harbour recognised as a heritage site.",
     "recognise", "positive", "apply", None),
    ("It seems that Lars Holm left the board.", "leave", "positive", "seem", None),
    ("It appears that Lars Holm sold the yard.", "sell", "positive", "appear", None),
    # adjectives before an infinitive or a that-clause
    ("Greyfield Power is likely to close the plant.", "close", "positive", "likely", None),
    ("Halden Lines was unable to repay the loan.", "repay", "negative", "unable", None),
    ("It is likely that Veloria owns the store.", "own", "positive", "likely", None),
    # denial: the claim is denied, by the one who denies it
    ("Kestrel Group denied that Lars Holm bribed the inspector.", "bribe", "negative", None,
     "Kestrel Group"),
    ("Sofia Marin disputed that Harlow Energy owns the dock.", "own", "negative", None,
     "Sofia Marin"),
    # modal verbs; plain future "will" is no hedge (see test_clauses)
    ("Halden Lines would sell the ferry.", "sell", "positive", "would", None),
    ("Halden Lines could sell the ferry.", "sell", "positive", "could", None),
    ("Halden Lines might sell the ferry.", "sell", "positive", "might", None),
    # conditions and questions
    ("If the city pays, Harlow Energy will build the plant.", "build", "positive", "if", None),
    ("Harlow Energy will close the plant unless Narva buys the site.", "close", "positive",
     "unless", None),
    ("Did Nordvik Shipping pay the fine?", "pay", "positive", "question", None),
    ("The board asked whether Veloria had repaid the loan.", "repay", "positive", "whether",
     None),
    ("Jonas Kask asked if Halden Lines sold the ferry.", "sell", "positive", "whether", None),
]  # fmt: skip


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "lemma", "polarity", "modality", "attribution"), CUES, ids=[c[0] for c in CUES]
)
def test_hedges_cue_lexicon(nlp, sentence, lemma, polarity, modality, attribution):
    doc = nlp(sentence)
    claim = _claim(extractions(doc), doc, lemma)
    assert (claim.polarity, claim.modality, claim.attribution) == (polarity, modality, attribution)
    assert not claim.asserted


def test_hedges_table_covers_every_adverb_and_adjective_of_the_lexicon():
    modalities = {c[3] for c in CUES}
    assert set(HEDGE_ADVERBS) <= modalities
    assert {"likely", "unable"} <= modalities & set(HEDGE_ADJECTIVES)
    # the cues that deny are the ones the lexicon says deny
    denying = {c[3] for c in CUES if c[2] == "negative"} - {None}
    assert denying == {a for a, d in HEDGE_ADVERBS.items() if d} | {"fail", "unable"}
