"""The exceptions kg raises.

    KGError                     root: catch this to catch everything kg raises on purpose
    ├── InputError              a document cannot be read or decoded (also an OSError)
    ├── ExtractionError         the extractor failed on a document
    ├── ModelError              the spaCy model is missing or unusable
    ├── StoreError              the store cannot be opened or written
    │   ├── StoreLockedError    another process is writing to the store
    │   └── HTTPFailure         an HTTP request to a SPARQL endpoint failed
    │       └── HTTPStatusError the endpoint answered with an error status
    ├── QueryError              a SPARQL query is malformed, forbidden or timed out
    │   ├── QueryTimeoutError   the query ran past its timeout
    │   └── QueryMemoryError    the query needed more memory than it may use
    └── FormatError             an unknown serialisation or output format (also a ValueError)

The CLI catches ``KGError`` once, prints its message on one line and exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable


class KGError(Exception):
    """Root of every error kg raises on purpose.

    Example:
        >>> import kg
        >>> try:
        ...     kg.open().query("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
        ... except kg.KGError as err:
        ...     print(type(err).__name__)
        QueryError
    """


class InputError(KGError, OSError):
    """A document cannot be read or decoded.

    Example:
        >>> import kg
        >>> from kg.io import read_document
        >>> try:
        ...     read_document("no/such/file.txt")
        ... except kg.InputError as err:
        ...     print(err)
        no/such/file.txt: no such file or directory
    """


class ExtractionError(KGError):
    """The extractor failed on one document (the message names it, with the reason).

    ``kg build`` reports it for that document and goes on with the others.

    Example:
        >>> import kg
        >>> err = kg.ExtractionError("a.txt: cannot extract: too long")
        >>> isinstance(err, kg.KGError), str(err)
        (True, 'a.txt: cannot extract: too long')
    """


class ModelError(KGError):
    """The spaCy model is missing or unusable (its message says what to install).

    Example:
        >>> import kg
        >>> [c.__name__ for c in kg.ModelError.__mro__[:3]]
        ['ModelError', 'KGError', 'Exception']
    """


class StoreError(KGError):
    """The store cannot be opened, read or written.

    Example:
        >>> import kg
        >>> graph = kg.open()
        >>> graph.close()
        >>> try:
        ...     len(graph)
        ... except kg.StoreError as err:
        ...     print(err)
        the store is closed
    """


class StoreLockedError(StoreError):
    """Another process holds the store's write lock.

    Example:
        >>> import kg
        >>> kg.StoreLockedError.__bases__ == (kg.StoreError,)
        True
    """


class HTTPFailure(StoreError):
    """An HTTP request failed: ``status`` for an error status, ``timed_out`` past the deadline.

    ``kg.store._http.post`` raises it; the remote store turns it into the error its
    callers expect (``HTTPStatusError``, ``QueryError``, ``QueryTimeoutError``).

    Example:
        >>> import kg
        >>> kg.HTTPFailure("timed out", timed_out=True).timed_out
        True
    """

    def __init__(
        self, message: str, *, status: int | None = None, detail: str = "", timed_out: bool = False
    ) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail  # the first line of an error reply
        self.timed_out = timed_out


class HTTPStatusError(HTTPFailure):
    """A SPARQL endpoint answered with an error status (``status``).

    Example:
        >>> import kg
        >>> kg.HTTPStatusError("bad request", 400).status
        400
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message, status=status)


class QueryError(KGError):
    """A SPARQL query is malformed or not allowed.

    Example:
        >>> import kg
        >>> try:
        ...     kg.open().query("SELECT ?s WHERE { ?s ?p }")
        ... except kg.QueryError:
        ...     print("refused")
        refused
    """


class QueryTimeoutError(QueryError):
    """A SPARQL query ran past its timeout.

    Example:
        >>> import kg
        >>> issubclass(kg.QueryTimeoutError, kg.QueryError)
        True
    """


class QueryMemoryError(QueryError):
    """A SPARQL query needed more memory than its worker may use, and was stopped.

    Example:
        >>> import kg
        >>> kg.QueryMemoryError("the query needed more memory").args
        ('the query needed more memory',)
    """


class FormatError(KGError, ValueError):
    """An unknown serialisation or output format.

    Example:
        >>> import kg
        >>> try:
        ...     kg.open().export("graph.xyz")
        ... except kg.FormatError as err:
        ...     print(str(err).split(';')[0])
        invalid format '.xyz'
    """


def value_invalid_msg(name: str, value: object, valid: Iterable[object] | None = None) -> str:
    """One wording for every "bad value" message.

    Example:
        >>> value_invalid_msg("format", "xml", ["jsonl", "tsv"])
        "invalid format 'xml'; expected one of: jsonl, tsv"
    """
    msg = f"invalid {name} {value!r}"
    if valid is not None:
        msg += "; expected one of: " + ", ".join(str(v) for v in valid)
    return msg
