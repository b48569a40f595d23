"""Typed errors shared by the command line and the window.

Each error carries a message written for the person using the app (plain, calm, and saying what
to do next) and the exit code the command line reports for it.
"""

from __future__ import annotations

import errno

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_WRONG_KEY = 3
EXIT_DAMAGED = 4
EXIT_VERIFY_FAILED = 5


class DiaryError(Exception):
    """Base of every error the app reports to a person. The message is safe to show."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DiaryError):
    """Something typed, pasted or chosen cannot be accepted; nothing was changed."""

    exit_code = EXIT_USAGE


class AmbiguousTime(InvalidInput):
    """A wall-clock time that happened twice in its zone (clocks went back)."""

    def __init__(self, message: str, wall: str, zone: str, offsets: tuple[str, str]) -> None:
        super().__init__(message)
        self.wall = wall
        self.zone = zone
        self.offsets = offsets


class NonexistentTime(InvalidInput):
    """A wall-clock time that never happened in its zone (clocks went forward)."""

    def __init__(self, message: str, wall: str, zone: str) -> None:
        super().__init__(message)
        self.wall = wall
        self.zone = zone


class WrongPassphrase(DiaryError):
    """The passphrase or recovery key does not open this diary."""

    exit_code = EXIT_WRONG_KEY


class DiaryDamaged(DiaryError):
    """The diary's files are damaged or have been changed outside the app."""

    exit_code = EXIT_DAMAGED


class DiaryNotFound(DiaryError):
    """There is no diary in the folder given."""


class DiaryExists(DiaryError):
    """A diary already exists where a new one was to be created."""


class DiaryInUse(DiaryError):
    """Another copy of the app has this diary open."""


class NotFound(DiaryError):
    """An incident or attachment with that id does not exist."""


class AttachmentTooLarge(InvalidInput):
    """A file is larger than one attachment may be."""


class StorageFull(DiaryError):
    """The disk is full; the write was abandoned and the diary is unchanged."""


def is_storage_full(exc: OSError) -> bool:
    """Whether a failed write ran out of room (a full disk, a quota, a file-size limit)."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class VerificationFailed(DiaryError):
    """A bundle or backup does not match its manifest."""

    exit_code = EXIT_VERIFY_FAILED
