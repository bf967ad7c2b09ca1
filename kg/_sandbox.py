"""No network for the thread that runs a user query: a seccomp filter (Linux).

``kg.query`` checks every query before the engine sees it (no ``SERVICE``, no
``LOAD``). This is the second layer, for a check that is ever wrong: the thread
that evaluates a user query first installs a seccomp filter on itself that makes
``socket(AF_INET, ...)`` and ``socket(AF_INET6, ...)`` fail with ``EACCES``, so
Oxigraph cannot open a connection (nor resolve a host name) from it, whatever
the query says. Unix sockets, files and every other thread of the process are
untouched; the filter ends with the thread (and is inherited by the threads it
starts). Where seccomp is not available (not Linux, another CPU architecture, a
kernel or container that forbids it), ``deny_network`` returns False and the
check stands alone.

Example:
    >>> import socket, threading
    >>> def probe(out):
    ...     out.append(deny_network())
    ...     try:
    ...         socket.socket(socket.AF_INET).close()
    ...         out.append("connected")
    ...     except OSError:
    ...         out.append("refused")
    >>> out = []
    >>> t = threading.Thread(target=probe, args=(out,)); t.start(); t.join()
    >>> out in ([True, "refused"], [False, "connected"])
    True
    >>> socket.socket(socket.AF_INET).close()  # this thread keeps its network
"""

from __future__ import annotations

import ctypes
import errno
import functools
import platform
import sys
import threading

# Kernel constants (linux/prctl.h, linux/seccomp.h, linux/filter.h, linux/audit.h).
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_ABS_W = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K
_AF_INET, _AF_INET6 = 2, 10
_X32_BIT = 0x40000000
#: machine → (AUDIT_ARCH_*, the number of the socket() system call).
_ARCHES = {
    "x86_64": (0xC000003E, 41),
    "amd64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
    "arm64": (0xC00000B7, 198),
}

_local = threading.local()


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


@functools.cache
def _program() -> tuple[tuple[int, int, int, int], ...] | None:
    if not sys.platform.startswith("linux"):
        return None
    arch = _ARCHES.get(platform.machine().lower())
    if arch is None:
        return None
    audit_arch, socket_nr = arch
    deny = _RET_ERRNO | errno.EACCES
    return (
        (_LD_ABS_W, 0, 0, 4),  # 0: A = seccomp_data.arch
        (_JEQ_K, 1, 0, audit_arch),  # 1: another ABI (i386 on x86_64): deny
        (_RET_K, 0, 0, deny),  # 2
        (_LD_ABS_W, 0, 0, 0),  # 3: A = seccomp_data.nr
        (_JGE_K, 0, 1, _X32_BIT),  # 4: the x32 ABI: deny
        (_RET_K, 0, 0, deny),  # 5
        (_JEQ_K, 0, 3, socket_nr),  # 6: not socket(): allow
        (_LD_ABS_W, 0, 0, 16),  # 7: A = the low word of args[0], the address family
        (_JEQ_K, 2, 0, _AF_INET),  # 8: deny
        (_JEQ_K, 1, 0, _AF_INET6),  # 9: deny
        (_RET_K, 0, 0, _RET_ALLOW),  # 10
        (_RET_K, 0, 0, deny),  # 11
    )


def deny_network() -> bool:
    """Forbid this thread (and threads it starts) to open IPv4 and IPv6 sockets.

    Irreversible for the thread: call it only in a thread of its own. Calling it
    again in the same thread does nothing more.

    Returns:
        True when the filter is in place, False where seccomp is not available.
    """
    if getattr(_local, "denied", False):
        return True
    program = _program()
    if program is None:
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        filters = (_SockFilter * len(program))(*(_SockFilter(*p) for p in program))
        fprog = _SockFprog(len(program), filters)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    _local.denied = True
    return True
