"""The extractor: pure functions over spaCy Docs.

- ``clauses``: Open IE layer (one ``Extraction`` per predicate)
- ``entities``: mentions → entities (NER, titles, aliases, demonyms, acronyms)
- ``coref``: pronouns and nominal mentions → entities
- ``triples``: KG layer (``Extraction`` → compact ``Triple``)
- ``pipeline``: documents → ``DocumentGraph``

This ``__init__`` imports nothing, so ``import kg`` stays light; note that
``kg.extract`` (the attribute of the package ``kg``) is the function
``kg.api.extract``, while ``kg.extract.<module>`` imports keep working.
"""
