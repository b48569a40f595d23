"""Reading attachments back: an original's bytes as a file object or chunk by chunk, its
thumbnail, and the check of every original against its SHA-256 (for `diary check`).

Originals are in the encrypted file store (stored_files.py); those kept before version 8 may
still be chunks inside the database until they are moved out. Reading serves both.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import BinaryIO, cast

from diary.domain.errors import DiaryError, NotFound

from ..storage import file_store
from ..storage.database import Connection
from ..storage.file_store import StoredFile
from . import stored_files

CHUNK_BYTES = 1024 * 1024


class _ChunkReader(io.RawIOBase):
    """A read-only file over an attachment's stored pieces (or, for one not yet moved out of
    the database, its chunks), for previews of large files."""

    def __init__(self, conn: Connection, attachment_id: int, stored: StoredFile | None) -> None:
        self._conn = conn
        self._id = attachment_id
        self._stored = stored
        self._piece: tuple[int, bytes] = (-1, b"")
        if stored is not None:
            self._count = stored.pieces
            self._size = stored.stored_size - file_store.HEADER_BYTES
            self._size -= stored.pieces * file_store.TAG_BYTES
        else:
            self._count = conn.execute(
                "SELECT count(*) FROM attachment_chunks WHERE attachment_id = ?", (attachment_id,)
            ).fetchone()[0]
            self._size = self._count and (
                (self._count - 1) * CHUNK_BYTES
                + conn.execute(
                    "SELECT length(data) FROM attachment_chunks"
                    " WHERE attachment_id = ? AND idx = ?",
                    (attachment_id, self._count - 1),
                ).fetchone()[0]
            )
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def _chunk(self, idx: int) -> bytes:
        if self._piece[0] == idx:
            return self._piece[1]
        if self._stored is not None:
            folder = stored_files.store_of(self._conn).folder
            chunk = file_store.read_piece(folder, self._stored, idx, f"attachment {self._id}")
        else:
            (chunk,) = self._conn.execute(
                "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND idx = ?",
                (self._id, idx),
            ).fetchone()
        self._piece = (idx, bytes(chunk))
        return self._piece[1]

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        idx, offset = divmod(self._pos, CHUNK_BYTES)
        piece = self._chunk(idx)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)


def open_original(conn: Connection, attachment_id: int) -> BinaryIO:
    """The original bytes of an attachment as a read-only file object (nothing on disk)."""
    name = _name(conn, attachment_id)
    stored = stored_files.stored_file(conn, attachment_id, name)
    reader = io.BufferedReader(_ChunkReader(conn, attachment_id, stored), buffer_size=CHUNK_BYTES)
    return cast(BinaryIO, reader)


def iter_original(conn: Connection, attachment_id: int) -> Iterator[bytes]:
    """The original bytes of an attachment, chunk by chunk, in order, each checked as read."""
    name = _name(conn, attachment_id)
    stored = stored_files.stored_file(conn, attachment_id, name)
    if stored is not None:
        yield from stored_files.read(conn, stored, name)
        return
    cur = conn.execute(
        "SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY idx", (attachment_id,)
    )
    for (chunk,) in cur:
        yield bytes(chunk)


def _name(conn: Connection, attachment_id: int) -> str:
    row = conn.execute("SELECT filename FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no attachment {attachment_id} in this diary.")
    return str(row[0])


def read_original(conn: Connection, attachment_id: int) -> bytes:
    return b"".join(iter_original(conn, attachment_id))


def thumbnail(conn: Connection, attachment_id: int) -> bytes | None:
    row = _require(conn, attachment_id)
    return bytes(row[0]) if row[0] is not None else None


def _require(conn: Connection, attachment_id: int) -> tuple[bytes | None]:
    row = conn.execute(
        "SELECT thumbnail FROM attachments WHERE id = ?", (attachment_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no attachment {attachment_id} in this diary.")
    return (row[0],)


def hash_problems(conn: Connection) -> list[str]:
    """Attachments whose stored bytes no longer match the SHA-256 taken at import."""
    problems = []
    for attachment_id, expected, size, name in conn.execute(
        "SELECT id, sha256, size, filename FROM attachments ORDER BY id"
    ).fetchall():
        digest = hashlib.sha256()
        total = 0
        try:
            for chunk in iter_original(conn, attachment_id):
                digest.update(chunk)
                total += len(chunk)
        except DiaryError as exc:
            problems.append(f"attachment {attachment_id} ({name}): {exc.message}")
            continue
        if digest.hexdigest() != expected or total != size:
            problems.append(f"attachment {attachment_id} ({name}) does not match its hash")
    return problems
