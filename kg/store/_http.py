"""HTTP requests with a deadline for the whole request and a cap on the reply (``kg.store.sparql``).

``urllib``'s timeout bounds each socket operation, not the request: a server that
sends a byte every few seconds keeps a request alive for ever, and a chunked reply
cut short raises ``http.client.IncompleteRead``, which is not an ``OSError``. Here a
timer shuts the request's sockets down at the deadline, wherever the request is
(connecting, sending, reading the headers or the body); the body is read in small
pieces, never more than ``max_bytes``; and every failure is one ``HTTPFailure``
with a one-line message.

Example:
    >>> post("http://127.0.0.1:1/", b"", headers={}, timeout=1)
    Traceback (most recent call last):
    ...
    kg.errors.HTTPFailure: cannot reach http://127.0.0.1:1/: [Errno 111] Connection refused
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

from kg.errors import HTTPFailure

#: The largest reply read, in bytes.
MAX_REPLY_BYTES = 512 << 20
_READ = 64 << 10


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Sockets:
    """The sockets one request opened, to shut them down when its deadline passes."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _tracked(base: type[http.client.HTTPConnection], sockets: _Sockets) -> Callable[..., Any]:
    class Connection(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            sockets.add(self.sock)

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, sockets: _Sockets) -> None:
        super().__init__()
        self._sockets = sockets

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_tracked(http.client.HTTPConnection, self._sockets), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, sockets: _Sockets) -> None:
        super().__init__()
        self._sockets = sockets

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _tracked(http.client.HTTPSConnection, self._sockets)
        return self.do_open(connection, req, context=getattr(self, "_context", None))


def _read(response: Any, max_bytes: int, url: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        part = response.read(_READ)  # small reads: a huge announced chunk is not allocated
        if not part:
            return b"".join(parts)
        size += len(part)
        if size > max_bytes:
            raise HTTPFailure(f"{url} sent a reply over the limit of {max_bytes:,} bytes")
        parts.append(part)


def post(
    url: str,
    body: bytes,
    *,
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int = MAX_REPLY_BYTES,
) -> bytes:
    """POST ``body`` to ``url``; the reply's bytes, within ``timeout`` seconds in all.

    Raises:
        HTTPFailure: an error status (``status``, with the reply's first line), the
            deadline (``timed_out``), a reply over ``max_bytes``, a broken reply or
            connection.
    """
    sockets = _Sockets()
    opener = urllib.request.build_opener(_HTTPHandler(sockets), _HTTPSHandler(sockets))
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    timer = threading.Timer(timeout, sockets.expire)
    timer.daemon = True
    started = time.monotonic()
    timer.start()
    try:
        with opener.open(request, timeout=timeout) as response:
            return _read(response, max_bytes, url)
    except urllib.error.HTTPError as err:
        with err:
            try:
                detail = _read(err, 64 << 10, url).decode("utf-8", "replace")
            except (HTTPFailure, OSError, http.client.HTTPException):
                detail = ""
        detail = _one_line(detail) or _one_line(str(err.reason))
        message = f"{url}: HTTP {err.code}: {detail}"
        raise HTTPFailure(message, status=err.code, detail=detail) from None
    except HTTPFailure:
        raise
    except (OSError, http.client.HTTPException, ValueError) as err:
        if sockets.expired or time.monotonic() - started >= timeout or _is_timeout(err):
            raise HTTPFailure(
                f"{url} did not answer within {timeout:g} s", timed_out=True
            ) from None
        if isinstance(err, http.client.HTTPException):
            raise HTTPFailure(f"{url} sent a broken reply ({type(err).__name__})") from None
        reason = err.reason if isinstance(err, urllib.error.URLError) else err
        raise HTTPFailure(f"cannot reach {url}: {_one_line(str(reason))}") from None
    finally:
        timer.cancel()


def _is_timeout(err: BaseException) -> bool:
    return isinstance(err, TimeoutError) or isinstance(
        getattr(err, "reason", None), TimeoutError | socket.timeout
    )
