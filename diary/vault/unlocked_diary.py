"""An unlocked diary: its folder's lock, its connection, its key, and its settings.

The part of the Vault that opens and locks: Vault.create, Vault.open and Vault.open_with_recovery
(opening.py does the work), close() and the context manager, the readers that work on another
thread with a connection of their own under the same key (exhibit files for an export, the
whole-chain walk, the timeline's rows), and the settings kept in the database (the case details,
who keeps the diary). Vault (vault.py) adds every read and write of what the diary holds.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Self

import filelock

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryError
from diary.domain.incident import Author, check_diary_author

from . import opening
from .attachments.exhibit_files import ExhibitFiles
from .entries.timeline import TimelineRow, timeline_rows
from .keys import keys
from .opening import Unwrap
from .storage import chain, chain_checkpoint
from .storage.database import DB_FILE, Connection, connect, transaction
from .storage.read_only import SharedLock

# The setting naming who keeps the diary (Vault.kept_by).
KEPT_BY = "kept_by"


class UnlockedDiary:
    """An unlocked diary. Use as a context manager, or call close().

    A diary whose folder cannot be written to is opened only when asked for (read_only_ok), for
    reading: read_only is then true, no lock file is taken (read_only.py), and every write is
    refused by the database with a plain message."""

    def __init__(
        self,
        folder: Path,
        conn: Connection,
        lock: filelock.BaseFileLock | SharedLock,
        data_key: bytes,
        keyfile: keys.KeyFile,
        warnings: list[str],
        *,
        read_only: bool = False,
        immutable: bool = False,
    ) -> None:
        self.folder = folder
        self._conn = conn
        self._lock = lock
        self._data_key = data_key
        self._keyfile = keyfile
        # Kept while open when the passphrase opened it, to make a new recovery key without it.
        self._passphrase_key: keys.PassphraseKey | None = None
        self.warnings = warnings
        self.chain_head = ""
        # The verified head, written as the chain's checkpoint at close unless damage was found
        # meanwhile (chain_checkpoint.py).
        self._checkpoint_due: tuple[int, str] | None = None
        self._exhibit_files: list[ExhibitFiles] = []
        self.read_only = read_only
        self._immutable = immutable

    # ----- creating and opening -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        case: CaseDetails,
        *,
        kdf: keys.KdfParams | None = None,
        confirm_recovery_key: bool = False,
    ) -> tuple[Self, str]:
        """Make a new diary in folder (empty or absent); return it and its recovery key.

        With confirm_recovery_key, the key counts as not yet written down until
        confirm_recovery_key() is called (the window asks the person to type its end)."""
        return opening.create(
            cls, folder, passphrase, case, kdf=kdf, confirm_recovery_key=confirm_recovery_key
        )

    @classmethod
    def open(cls, folder: Path, passphrase: str, *, read_only_ok: bool = False) -> Self:
        """Unlock the diary in folder with its passphrase. With read_only_ok, a diary whose
        folder cannot be written to is opened for reading (else that is refused plainly)."""

        def unwrap(keyfile: keys.KeyFile) -> tuple[bytes | None, keys.PassphraseKey]:
            secret = keys.passphrase_key(passphrase, keyfile.params, keyfile.salt)
            return keys.unwrap_passphrase_key(keyfile, secret), secret

        return cls._open(folder, unwrap, "passphrase", read_only_ok=read_only_ok)

    @classmethod
    def open_with_recovery(cls, folder: Path, recovery_key: str) -> Self:
        """Unlock the diary in folder with its recovery key (then set a new passphrase)."""
        keys.parse_recovery_key(recovery_key)  # a typo is reported before any work
        return cls._open(
            folder, lambda kf: (keys.unwrap_with_recovery(kf, recovery_key), None), "recovery key"
        )

    @classmethod
    def _open(
        cls,
        folder: Path,
        unwrap: Unwrap,
        what: str,
        *,
        read_only_ok: bool = False,
        finishing_restore: bool = False,
    ) -> Self:
        return opening.open_diary(
            cls,
            folder,
            unwrap,
            what,
            read_only_ok=read_only_ok,
            finishing_restore=finishing_restore,
        )

    def close(self) -> None:
        """Lock the diary: close the database, forget the key, release the folder."""
        for files in self._exhibit_files:  # an export still writing stops with a plain message
            files.close()
        self._exhibit_files = []
        if self._conn is not None:
            if self._checkpoint_due is not None:
                chain_checkpoint.move(
                    self._conn, keys.derive_checkpoint_key(self._data_key), self._checkpoint_due
                )
                self._checkpoint_due = None
            if not self.read_only:
                with contextlib.suppress(Exception):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._conn = None
        self._data_key = b""
        self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:  # whatever went wrong, the files are left as they are
            self.found_damage()
        self.close()

    def found_damage(self) -> None:
        """Something read from the diary was found damaged: closing it then writes nothing of
        its own (the chain's checkpoint stays where it was)."""
        self._checkpoint_due = None

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise DiaryError("The diary is locked.")
        return self._conn

    # ----- readers on other threads, with connections of their own ------------------------------

    def exhibit_files(self) -> ExhibitFiles:
        """A reader of original files for an export written on another thread, seeing the diary
        as it is now. Close it when the export is done; locking the diary closes it too."""
        conn = connect(
            self.folder / DB_FILE,
            keys.derive_database_key(self._data_key),
            read_only=self.read_only,
            immutable=self._immutable,
        )
        try:
            files = ExhibitFiles(conn)
        except BaseException:
            conn.close()
            raise
        self._exhibit_files = [f for f in self._exhibit_files if f.is_open] + [files]
        return files

    def chain_walk(self) -> Callable[[Callable[[], bool]], list[str]]:
        """The whole-chain walk an open leaves out (it starts from the checkpoint), to run on
        another thread with a connection of its own: called with a `cancelled` callable, it
        returns the problems found ([] when the chain holds, or when cancelled first)."""
        folder, read_only, immutable = self.folder, self.read_only, self._immutable
        database_key = keys.derive_database_key(self._data_key)

        def walk(cancelled: Callable[[], bool]) -> list[str]:
            conn = connect(folder / DB_FILE, database_key, read_only=read_only, immutable=immutable)
            try:
                problems = chain.problems_after(conn, cancelled=cancelled)
            finally:
                conn.close()
            return [chain.damage(problems).message] if problems else []

        return walk

    def timeline_reader(self) -> Callable[[Callable[[], bool]], list[TimelineRow]]:
        """Every entry's timeline row (deleted ones too), read on another thread with a
        connection of its own, so the window can show its first screen before the rest is
        read: called with a `cancelled` callable, it returns the rows ([] when cancelled)."""
        folder, read_only, immutable = self.folder, self.read_only, self._immutable
        database_key = keys.derive_database_key(self._data_key)

        def read(cancelled: Callable[[], bool]) -> list[TimelineRow]:
            conn = connect(folder / DB_FILE, database_key, read_only=read_only, immutable=immutable)
            try:
                return [] if cancelled() else timeline_rows(conn, with_deleted=True)
            finally:
                conn.close()

        return read

    # ----- case details and settings ----------------------------------------------------------

    @property
    def case(self) -> CaseDetails:
        return CaseDetails.from_dict(json.loads(self.setting("case", "{}")))

    def set_case(self, case: CaseDetails) -> None:
        self.set_setting("case", json.dumps(case.to_dict(), ensure_ascii=False))

    def setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def kept_by(self) -> Author:
        """Who writes in this diary from the window: the person (the default), or an advocate
        keeping it for a client, whose new entries and changes are then the advocate's."""
        return Author.ADVOCATE if self.setting(KEPT_BY) == Author.ADVOCATE.value else Author.VICTIM

    def set_kept_by(self, author: Author) -> None:
        self.set_setting(KEPT_BY, check_diary_author(author).value)
