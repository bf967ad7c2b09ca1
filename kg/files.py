"""Writing files safely: a temporary file renamed over the target (readers see the old
file or the new one, never half of one), and stale temporaries of killed writers removed.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


#: A temporary file of ``write_atomically`` without a process id (older kg) is stale after this.
STALE_TEMP_SECONDS = 3600


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the hidden temporary files that killed writes of ``target`` left beside it.

    ``write_atomically`` names them ``.<name>.<pid>.<random>.tmp``: one whose process
    is gone is removed; one of a live process (another export running) is left alone.

    Returns:
        The files removed.
    """
    prefix = f".{target.name}."
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        middle = name[len(prefix) : -len(".tmp")]
        pid_text, dot, _ = middle.partition(".")
        leftover = target.parent / name
        try:
            if dot and pid_text.isdigit():
                stale = int(pid_text) != os.getpid() and not _pid_alive(int(pid_text))
            else:  # an older kg's name: stale once it is old
                stale = time.time() - leftover.stat().st_mtime > STALE_TEMP_SECONDS
            if stale:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue
    return removed


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Write a file through a temporary file beside it and a rename.

    ``write`` fills the temporary path; only a complete file replaces ``path``, so
    an interrupted write never destroys the previous one. Parent directories are
    created; the file gets the mode a plain ``open()`` would give it. Temporary
    files that earlier, killed writes of ``path`` left are removed first
    (``remove_stale_temporaries``).

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "out" / "a.txt"
        >>> write_atomically(target, lambda tmp: tmp.write_text("hi")).read_text()
        'hi'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    handle, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
    )
    os.close(handle)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
