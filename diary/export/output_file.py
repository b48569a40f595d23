"""A file of the export that appears at its path only when it is complete, and otherwise never.

The PDF and the bundle are plaintext, written into a folder the person chose. On Linux each is
written into an unnamed file (O_TMPFILE) in that folder and linked to its name only when whole
and on the disk: a process killed part-way (kill -9, a crash, a power cut) leaves no file with
a name, and the kernel frees the unnamed one. Where that cannot be done (other systems; file
systems without O_TMPFILE, such as FAT on many USB sticks, or network shares), it is written to
a `NAME.partial` sibling and renamed; the caller notes that path inside the encrypted diary
beforehand (Vault.writing_outside), and the next unlock removes what a killed export left.

Limits: until that unlock, a killed export on those systems leaves its partial plaintext on the
disk; on every system, the disk blocks of a removed or unnamed file are freed, not overwritten.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO, cast

from diary.vault.storage.files import fsync_folder

PARTIAL = ".partial"
# Off on systems without O_TMPFILE; tests turn it off to check the named fallback.
UNNAMED_WRITING = hasattr(os, "O_TMPFILE")


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


def _unnamed_in(folder: Path) -> int | None:
    """An unnamed file in folder, open for reading and writing, that can be linked to a name
    later; None where this system or file system has none."""
    if not UNNAMED_WRITING or not os.path.isdir("/proc/self/fd"):  # linked through /proc
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
    except OSError:  # EOPNOTSUPP, EISDIR (old kernels), EINVAL: not on this file system
        return None


class OutputFile:
    """One file being written for an export: fp to write (and read back), then finish() to give
    it its name, or discard() to leave nothing. A failure in finish() leaves nothing either."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.partial: Path | None = None
        fd = _unnamed_in(self.path.parent)
        if fd is None:
            self.partial = partial_path(self.path)
            fd = os.open(self.partial, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        self.fp = cast(BinaryIO, os.fdopen(fd, "w+b"))

    @property
    def unnamed(self) -> bool:
        return self.partial is None

    def finish(self) -> None:
        """Put the whole file on the disk, then give it its name."""
        self.fp.flush()
        os.fsync(self.fp.fileno())
        try:
            if self.partial is None:
                # Linking through /proc needs no privilege, unlike linkat(AT_EMPTY_PATH); a
                # src_dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW), not link(). A file
                # already at path (made since the export began) is never replaced.
                folder = os.open(self.path.parent, os.O_RDONLY)
                try:
                    os.link(
                        f"/proc/self/fd/{self.fp.fileno()}",
                        self.path,
                        src_dir_fd=folder,
                        follow_symlinks=True,
                    )
                finally:
                    os.close(folder)
            else:
                os.replace(self.partial, self.path)
        except BaseException:
            self.discard()
            raise
        self.fp.close()
        fsync_folder(self.path.parent)

    def discard(self) -> None:
        """Close the file and remove it (an unnamed one simply goes when closed)."""
        with contextlib.suppress(OSError):
            self.fp.close()
        if self.partial is not None:
            with contextlib.suppress(FileNotFoundError):
                self.partial.unlink()

    def unlink_finished(self) -> None:
        """Take back a file already finished (its partner could not be finished)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
