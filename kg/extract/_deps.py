"""The spaCy label sets the extractor tests tokens against, each named for what it means.

Dependency labels (``Token.dep_``), coarse parts of speech (``Token.pos_``), fine
Penn Treebank tags (``Token.tag_``) and named-entity labels (``Token.ent_type_``)
of ``en_core_web_sm``. A single label compared once stays a string literal where
it is used (``tok.dep_ == "prep"``); every *set* of labels lives here.

This module imports nothing from kg, so every other module can import it.
"""

from __future__ import annotations

# --- Dependency labels: subjects and objects ---------------------------------

#: Subjects of a clause.
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
#: Subjects of a clause and the expletive "there"/"it" that stands for one (a
#: conjunct with its own subject is a clause of its own).
SUBJ_OR_EXPL_DEPS = SUBJ_DEPS | {"expl"}
#: Nominal subjects, active or passive.
NOMINAL_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Subjects of a passive clause.
PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: The marks of a passive: its subject or its auxiliary.
PASSIVE_MARK_DEPS = frozenset({"nsubjpass", "auxpass"})
#: A nominal subject or a direct object: the core arguments of a verb.
SUBJ_OR_DOBJ_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
#: Direct objects.
DIRECT_OBJ_DEPS = frozenset({"dobj", "obj"})
#: Objects of a verb that a discourse centre can be ("gave him", "named her").
VERB_OBJ_DEPS = frozenset({"dobj", "iobj", "dative", "oprd"})
#: The nominal arguments of one verb, which bind each other ("he briefed him").
ARGUMENT_DEPS = NOMINAL_SUBJ_DEPS | VERB_OBJ_DEPS
#: A nominal subject or the subordinator of a clause ("while", "after"): what a
#: participle clause with an understood subject lacks.
SUBJ_OR_MARK_DEPS = NOMINAL_SUBJ_DEPS | {"mark"}
#: A direct object or the object of a preposition.
DOBJ_OR_POBJ_DEPS = frozenset({"dobj", "pobj"})
#: Second objects ("gave him the book").
DATIVE_DEPS = frozenset({"dative", "iobj"})
#: Predicative complements of copulas and verbs like "become", "name".
COMPLEMENT_DEPS = frozenset({"attr", "acomp", "oprd"})
#: Where a noun describes rather than refers: titles, appositions, copula complements.
PREDICATIVE_DEPS = frozenset({"compound", "appos", "attr", "oprd", "acomp"})

# --- Dependency labels: prepositions ------------------------------------------

#: Prepositional children; ``agent`` is the ``by`` of a passive.
PREP_DEPS = frozenset({"prep", "agent"})
#: Objects of a preposition: a noun or a clause ("after signing").
PREP_OBJ_DEPS = frozenset({"pobj", "pcomp"})
#: A preposition or a clause under one: words between a verb and the clause whose
#: subject it borrows.
PREP_OR_PCOMP_DEPS = frozenset({"prep", "pcomp"})

# --- Dependency labels: the verb group and clauses ------------------------------

#: Words of the verb group itself.
VERB_GROUP_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})
#: Auxiliaries, active or passive.
AUX_DEPS = frozenset({"aux", "auxpass"})
#: Auxiliaries and the negation of a verb group.
AUX_OR_NEG_DEPS = frozenset({"aux", "auxpass", "neg"})
#: Dependency labels of verbs that are not clause heads.
NON_CLAUSE_DEPS = frozenset({"aux", "auxpass", "amod", "compound", "nmod"})
#: Clausal complements ("said that ...").
CLAUSE_OBJ_DEPS = frozenset({"ccomp"})
#: A "that" clause as object or as subject ("said that ...", "that he won surprised").
THAT_CLAUSE_DEPS = frozenset({"ccomp", "csubj"})
#: Clausal complements, open or closed ("wants to go", "said that ...").
COMPLEMENT_CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
#: Clauses that take their subject from the clause they hang off.
INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp"})
#: Verbs that continue the verb they hang off ("tried to leave", "came and went").
VERB_CHAIN_DEPS = frozenset({"xcomp", "conj"})
#: A clause beside the main one ("[...], X said").
SIDE_CLAUSE_DEPS = frozenset({"parataxis", "advcl"})
#: Fronted constituents whose pronoun refers ahead to the clause's subject without doubt.
CATAPHORA_DEPS = frozenset({"advcl"})
#: Clauses that modify a noun ("the man who came", "the plan announced").
NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})
#: Clauses that describe a noun rather than assert along with their verb.
DESCRIPTIVE_DEPS = frozenset({"relcl", "acl", "appos"})
#: Bare noun phrases that are time adjuncts ("last week").
TIME_NP_DEPS = frozenset({"npadvmod", "advmod", "tmod"})

# --- Dependency labels: inside a noun phrase --------------------------------------

#: Children whose subtree is never part of an argument phrase: a relative
#: clause is an extraction of its own.
DROPPED_DEPS = frozenset({"relcl"})
#: Clauses left out wherever they hang in the phrase.
DEEP_DROPPED_DEPS = frozenset({"relcl"})
#: What an apposition's two sides leave out: relative clauses and the apposition.
RELCL_OR_APPOS_DEPS = frozenset({"relcl", "appos"})
#: Coordination inside a phrase; dropped when conjuncts are split.
COORD_DEPS = frozenset({"cc", "conj", "preconj"})
#: The words that mark a coordination ("and", "both").
COORD_MARK_DEPS = frozenset({"cc", "preconj"})
#: Dependency labels of a word that modifies a noun ("the Putin-Xi summit", a title
#: noun's "former", "chief", "vice").
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
#: A noun's modifiers and its possessor ("the company's new chief").
NOUN_MODIFIER_OR_POSS_DEPS = NOUN_MODIFIER_DEPS | {"poss"}
#: A compound noun or an adjective before a noun.
COMPOUND_OR_AMOD_DEPS = frozenset({"compound", "amod"})
#: Left modifiers kept in a concept phrase ("Russian demand", "foreign policy aide").
CONCEPT_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
#: Words inside a modifier that stay with it ("video-conference", "well known").
INNER_MODIFIER_DEPS = frozenset(
    {"compound", "amod", "advmod", "npadvmod", "punct", "nmod", "nummod"}
)
#: A noun inside another noun phrase ("Meitner" in "Meitner's father").
EMBEDDED_NOUN_DEPS = frozenset({"poss", "compound", "nmod", "appos"})
#: Determiners and numbers before a noun ("the", "two", "all").
DETERMINER_DEPS = frozenset({"det", "nummod", "predet"})
#: Links from a name up to a kinship noun: conjuncts, appositions, compounds and
#: the copula ("his son Robert", "a brother, Abraham").
KIN_LINK_DEPS = frozenset({"conj", "appos", "compound", "attr", "nsubj", "npadvmod"})
#: Children of a time phrase's head that are not part of the time ("in 1878 in Warsaw").
NOT_TIME_DEPS = frozenset({"prep", "relcl", "acl", "appos", "punct"})

# --- Parts of speech ---------------------------------------------------------------

#: Parts of speech of verbs (and of the heads of clauses).
VERB_POS = frozenset({"VERB", "AUX"})
#: A verb or a pronoun.
VERB_OR_PRON_POS = VERB_POS | {"PRON"}
#: Common and proper nouns.
NOUN_POS = frozenset({"NOUN", "PROPN"})
#: Nouns and the words the tagger could not place ("X"), which are mostly names.
NOUN_OR_X_POS = NOUN_POS | {"X"}
#: Nouns and pronouns.
NOUN_OR_PRON_POS = NOUN_POS | {"PRON"}
#: Nouns and adjectives.
NOUN_OR_ADJ_POS = NOUN_POS | {"ADJ"}
#: A common noun or an adjective (a relational predicate: "capital", "famous").
COMMON_NOUN_OR_ADJ_POS = frozenset({"NOUN", "ADJ"})
#: Words that can be an apposition ("locals all" is not one).
APPOSITIVE_POS = frozenset({"NOUN", "PROPN", "NUM"})
#: Heads that can carry an apposition or a title.
APPOSITION_HEAD_POS = APPOSITIVE_POS | {"PRON"}
#: Words that can head a noun phrase: nouns, pronouns, numbers, and unplaced words.
NOUN_PHRASE_HEAD_POS = APPOSITION_HEAD_POS | {"X"}
#: Words that are never a node: pronouns, determiners, prepositions, punctuation, "and".
NON_NODE_POS = frozenset({"PRON", "DET", "ADP", "PUNCT", "CCONJ"})
#: Determiners and prepositions.
DET_OR_ADP_POS = frozenset({"DET", "ADP"})
#: Parts of speech that never begin or end a person's name ("Surely Hahn", "Meitner became").
NOT_NAME_EDGE_POS = frozenset(
    {"ADV", "VERB", "AUX", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "PART", "PUNCT", "NUM", "SYM"}
)
#: Of those, the ones that are a stray word at a name's edge only in a person's name.
EDGE_OF_ANY_NAME_POS = frozenset({"PUNCT", "NUM", "DET"})
#: Parts of speech a known surname the tagger slipped on never has ("He", "The").
NOT_NAME_POS = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "NUM"})
#: Parts of speech of an ordinary word that opens a sentence capitalised ("Absent", "Sorry").
OPENER_POS = frozenset({"ADJ", "INTJ", "ADV", "VERB", "NOUN"})
#: Those, but for nouns.
OPENER_NON_NOUN_POS = frozenset({"VERB", "ADJ", "ADV", "INTJ"})
#: Tags a name's first word gets when the tagger misreads it ("Dunmore later won").
MISTAGGED_NAME_POS = frozenset({"NOUN", "ADV", "ADJ"})

# --- Fine tags ------------------------------------------------------------------------

#: Verb forms of a subordinate clause that borrows its subject ("..., citing costs").
NONFINITE_TAGS = frozenset({"VB", "VBG", "VBN"})
#: Participles ("citing", "cited").
PARTICIPLE_TAGS = frozenset({"VBG", "VBN"})
#: Present-tense verb forms that agree with "they" ("they say", "they do say").
PLURAL_PRESENT_TAGS = frozenset({"VBP", "VB"})
#: Adverbs and comparative adverbs ("strictly", "longer").
ADVERB_TAGS = frozenset({"RB", "RBR"})
#: Wh-pronouns ("who", "which").
WH_PRONOUN_TAGS = frozenset({"WP", "WDT"})
#: Every wh-word ("who", "which", "whose", "where").
WH_TAGS = WH_PRONOUN_TAGS | {"WP$", "WRB"}
#: Proper nouns, singular and plural.
PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
#: Plural nouns, common and proper.
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})

# --- Named-entity labels -----------------------------------------------------------------

#: Named-entity labels of an organisation or place a title belongs to.
ORG_ENTS = frozenset({"GPE", "ORG", "NORP", "LOC"})
#: Named-entity labels of places.
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
#: Named-entity labels of times.
TIME_ENTS = frozenset({"DATE", "TIME"})
#: Times and counts ("1932", "three").
TIME_OR_COUNT_ENTS = TIME_ENTS | {"CARDINAL"}
#: NER labels of values: a date, a time or an amount is never a node.
VALUE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
#: Named things that no time preposition makes a time ("after Anna Berg", "before NATO").
NAMED_ENTS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
#: No entity label, or a person's.
NO_ENT_OR_PERSON = frozenset({"", "PERSON"})
