"""Files begun outside the diary and not finished: remembered inside it, removed at the next unlock.

An export writes plaintext (the PDF, the bundle) into a folder the person chose, and a backup
writes encrypted copies beside its target. Each is written under a temporary `.partial` name and
renamed only when complete, and a failure removes it; but a process killed with kill -9, a
crash or a power cut leaves the partial file behind. On Linux an export writes without any name
(diary.export.output_file), so nothing is left at all; elsewhere, and for backups, the partial
names are remembered here before the files are begun and forgotten once the writing has ended,
however it ended. Whatever is still remembered when the diary is next unlocked (the window or
any command) was left by a process that died, and is removed then.

The list is kept inside the encrypted database, never beside it: a path can say as much as the
file (`…/police/pack.pdf.partial`). A backup carries the database as it is, list and all; a
restore removes the list before the restored diary is first opened (restore._checked_database),
so restoring an old backup never brings back paths to clean.

Limits, said plainly:
- until the next unlock, a partial file left by a killed export is on the disk as plaintext (on
  Linux there is none to leave); the app cannot read the list before it is unlocked;
- a diary opened read-only (diary.vault.storage.read_only) remembers nothing, so only the unnamed
  writing protects its exports;
- a partial on a disk that is not there at the unlock (an unplugged USB stick) stays listed and
  is removed at a later unlock; one that cannot be removed is listed again, and reported;
- removing a file frees its disk blocks without overwriting them, as for any deleted file.

Only regular files whose names end as this app names its partial files are ever removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..storage.database import Connection, transaction

SETTING = "unfinished_files"
PARTIAL_ENDINGS = (".partial", ".partial-wal", ".partial-shm", ".partial-journal")
# A list that keeps growing means paths on a disk that never comes back; the oldest go.
MAX_REMEMBERED = 200


def _listed(conn: Connection) -> list[str]:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
    if not row:
        return []
    try:
        value = json.loads(row[0])
    except ValueError:
        return []
    return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []


def _store(conn: Connection, paths: list[str]) -> None:
    if paths:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (SETTING, json.dumps(paths[-MAX_REMEMBERED:], ensure_ascii=False)),
        )
    else:
        conn.execute("DELETE FROM settings WHERE key = ?", (SETTING,))


def _text(path: Path) -> str:
    return os.fsdecode(os.path.abspath(path))


def remember(conn: Connection, paths: Iterable[Path]) -> None:
    """Note paths about to be written (before the first byte)."""
    with transaction(conn):
        listed = _listed(conn)
        listed += [p for p in map(_text, paths) if p not in listed]
        _store(conn, listed)


def forget(conn: Connection, paths: Iterable[Path]) -> None:
    """The writing at paths has ended (finished and renamed, or removed after a failure)."""
    with transaction(conn):
        gone = set(map(_text, paths))
        _store(conn, [p for p in _listed(conn) if p not in gone])


def _remove(path: Path) -> bool | None:
    """True: a partial file was removed; False: nothing (left) there; None: try again later."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        # Not there: finished, or its disk is away. A folder that is there settles it.
        return False if path.parent.is_dir() else None
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode) or not path.name.endswith(PARTIAL_ENDINGS):
        return False  # never the app's own partial file: left alone, and forgotten
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return None
    return True


def clean_up(conn: Connection) -> tuple[list[Path], list[Path]]:
    """Remove what killed processes left; return (removed, still there to try again)."""
    listed = _listed(conn)
    if not listed:
        return [], []
    removed: list[Path] = []
    kept: list[str] = []
    for text in listed:
        path = Path(text)
        outcome = _remove(path)
        if outcome is None:
            kept.append(text)
        elif outcome:
            removed.append(path)
    with contextlib.suppress(Exception), transaction(conn):
        _store(conn, kept)
    still = [Path(p) for p in kept if Path(p).exists()]
    return removed, still
