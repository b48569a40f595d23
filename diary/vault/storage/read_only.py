"""Reading a diary on read-only media: a write-protected USB stick, a DVD, a folder whose
permissions forbid writing. It can be listed, shown, searched and exported; nothing is changed.

Nothing can be written there: not the lock file, not SQLite's `-wal` and `-shm` files. SQLite
opens a WAL database read-only only if those two files are already there, or if it is told the
file is immutable (https://sqlite.org/wal.html#readonly, https://sqlite.org/uri.html#uriimmutable).
Immutable turns off SQLite's locking and its reading of the WAL, and is safe only if nothing can
change the file while it is open. So:

- a `-wal` holding changes, with its `-shm` (a copy made while the app was running, or after a
  crash): mode=ro, and SQLite reads the WAL through a private in-memory index;
- a `-wal` holding changes without its `-shm`: refused, since the main file alone is an older
  diary than the person last saw;
- otherwise (the usual case: the app merges and removes the WAL when it locks) mode=ro and
  immutable=1, only when the folder is truly read-only: this process cannot create a file in it
  (tried, not guessed from permission bits, which root and ACLs ignore), and no copy of the app
  holds the diary's lock. A shared lock on the existing lock file is then held while the diary is
  open (where the system has flock), so a copy of the app that can write there is kept out.

The lock file cannot be made, so the usual one-writer lock is skipped; the caller says so.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from diary.domain.errors import DiaryError, DiaryInUse

READ_ONLY_NOTE = (
    "The diary's folder cannot be written to, so the diary was opened for reading only, without "
    "its lock file: it can be listed, shown, searched and exported; nothing in it can be changed."
)


def can_create_files(folder: Path) -> bool:
    """Whether this process can make a file in folder, found by making one that has no name
    (Linux), or that is deleted at once: the only test that root, ACLs and read-only mounts
    all answer truly."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


class SharedLock:
    """A shared lock on the diary's existing lock file (none where there is no such file or
    no flock): readers share it, and the app's exclusive writer lock cannot be taken."""

    def __init__(self, path: Path) -> None:
        self._fd: int | None = None
        try:
            import fcntl
        except ImportError:  # Windows: nothing to take
            return
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return  # no lock file: no copy of the app has ever written here
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise DiaryInUse(
                "This diary is open for changes in another window or program. Close it there "
                "first, then read it here."
            ) from exc
        except OSError:
            os.close(fd)
            return
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


@dataclass(frozen=True)
class ReadOnlyAccess:
    immutable: bool
    lock: SharedLock


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


def read_only_access(folder: Path, db_file: str, lock_file: str) -> ReadOnlyAccess:
    """How to open the diary in folder, which this process cannot write to (see module note)."""
    wal = _size(folder / f"{db_file}-wal")
    shm = _size(folder / f"{db_file}-shm")
    if wal > 0 and shm < 0:
        raise DiaryError(
            f"The diary's folder cannot be written to, and its latest changes are still in "
            f"{db_file}-wal, which can only be read together with {db_file}-shm (missing here). "
            "Copy the whole folder somewhere you can write to and open it there. "
            "Nothing was changed."
        )
    lock = SharedLock(folder / lock_file)
    return ReadOnlyAccess(immutable=wal <= 0, lock=lock)
