"""Durable file writes: a crash leaves either the old file or the new one, never half of each."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in folder durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to path via a sibling file, fsync, and rename over the original."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    fsync_folder(path.parent)


def empty_folder(folder: Path, remove_it: bool) -> None:
    """Remove the files in folder (and folder itself, if remove_it and it is then empty): undoing
    a diary creation that failed, in the new or empty folder it was made in."""
    for path in folder.iterdir():
        if path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
    if remove_it:
        with contextlib.suppress(OSError):
            folder.rmdir()
