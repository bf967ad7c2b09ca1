"""The extractor: pure functions over spaCy Docs.

- ``clauses``: Open IE layer (one ``Extraction`` per predicate)
- ``entities``: mentions → entities (NER, titles, aliases, demonyms, acronyms)
- ``coref``: pronouns and nominal mentions → entities
- ``triples``: KG layer (``Extraction`` → compact ``Triple``)
- ``pipeline``: documents → ``DocumentGraph``

This ``__init__`` imports nothing, so ``import kg`` stays light. The text-level
function is ``kg.triples`` (``kg.run.text``); this package only works on Docs.
"""
