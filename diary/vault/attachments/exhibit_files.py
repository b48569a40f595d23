"""The original files of a diary's attachments, read on another thread while an export is written.

An export reads its pack from the vault on the calling thread, then writes the PDF and the
bundle in a worker. The originals are read only when each is written, one chunk at a time, so
exporting a pack with many pictures or a long video holds one file in memory, not all of them.

This reader has a connection of its own, read-only, and holds a read transaction from the moment
it is opened: it sees the diary exactly as it was when the pack was read, whatever is written
meanwhile. Every file is checked against the SHA-256 taken when it was imported; a file that no
longer matches stops the export. Locking the diary closes the reader; a read after that fails
with a plain message, and the export writes nothing.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from diary.domain.errors import DiaryDamaged, DiaryError

from ..entries import incident_history
from ..storage import chain, file_store
from ..storage.database import Connection, translate
from . import derived_files, stored_files
from .derived_forms import DerivedForm

LOCKED = "The diary was locked, so the export stopped. Nothing was written."
T = TypeVar("T")


class ExhibitFiles:
    """Read-only access to attachments' original bytes; safe to use from one other thread."""

    def __init__(self, conn: Connection) -> None:
        self._conn: Connection | None = conn
        self._guard = threading.Lock()
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM attachments").fetchone()  # the snapshot starts here

    def _read(self, read: Callable[[Connection], T]) -> T:
        """read(connection), one thread at a time; a plain message once the diary is locked,
        or when the database cannot be read."""
        with self._guard:
            if self._conn is None:
                raise DiaryError(LOCKED)
            try:
                return read(self._conn)
            except Exception as exc:
                raise translate(exc) from exc

    def _query(self, sql: str, args: tuple[object, ...]) -> tuple[Any, ...] | None:
        row = self._read(lambda conn: conn.execute(sql, args).fetchone())
        return tuple(row) if row is not None else None

    def chunks(self, attachment_id: int) -> Iterator[bytes]:
        """The original file, chunk by chunk, checked against its SHA-256 at the end."""
        found = self._query(
            "SELECT sha256, filename FROM attachments WHERE id = ?", (attachment_id,)
        )
        if found is None:
            raise DiaryDamaged(f"Attachment {attachment_id} is missing from the diary.")
        expected, name = found
        digest = hashlib.sha256()
        with self._guard:
            if self._conn is None:
                raise DiaryError(LOCKED)
            stored = stored_files.stored_file(self._conn, attachment_id, name)
            folder = stored_files.store_of(self._conn).folder
        if stored is not None:
            for piece in file_store.iter_pieces(folder, stored, name):
                if self._conn is None:
                    raise DiaryError(LOCKED)
                digest.update(piece)
                yield piece
        idx = 0
        while (
            stored is None
            and (
                row := self._query(
                    "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND idx = ?",
                    (attachment_id, idx),
                )
            )
            is not None
        ):
            chunk = bytes(row[0])
            digest.update(chunk)
            yield chunk
            idx += 1
        if digest.hexdigest() != expected:
            raise DiaryDamaged(
                f"The stored copy of {name} no longer matches the SHA-256 taken when it was "
                "imported, so it cannot be exported. Nothing was written; run 'diary check' "
                "and restore the diary from a backup."
            )

    def derived(self, attachment_id: int) -> DerivedForm | None:
        """The form made of the file when it was kept (a video's frames, a HEIC photo upright),
        checked against the original's SHA-256; None when there is none that can be used."""
        return self._read(lambda conn: derived_files.load(conn, attachment_id))

    def recorded_links(self, incident_ids: list[int]) -> dict[int, list[chain.Link]]:
        """Each incident's revisions exactly as hashed, as the diary held them when this reader
        was opened (an export reads them again as it writes them, rather than holding them all)."""
        return self._read(lambda conn: incident_history.recorded_links(conn, incident_ids))

    def read(self, attachment_id: int) -> bytes:
        """The whole original file, checked against its SHA-256."""
        return b"".join(self.chunks(attachment_id))

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        """End the read transaction and close the connection (waits for a read under way)."""
        with self._guard:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.execute("ROLLBACK")
            finally:
                conn.close()
