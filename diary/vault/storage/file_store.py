"""The encrypted store of attachment files: one file per attachment, each under its own key.

Attachments are the bulk of a diary and never change once kept, so they live outside the
SQLCipher database, in the `files/` folder beside it. Keeping them out means a change of
secrets re-encrypts only the (small) database and wraps each file's key afresh; the files
themselves are never rewritten, and backups can share them instead of copying them again.

Each file is named by a random id (never a hash of its contents, which would tell anyone holding
a known picture that the diary has it) and holds only ciphertext::

    8 bytes   magic b"EDFILE01"
    16 bytes  the file id
    then, for each 1 MiB of the original (the last piece may be shorter):
              AES-256-GCM ciphertext of the piece, then its 16-byte tag

Every piece is sealed under the file's own random 256-bit key with a nonce made of its index
(11 bytes, big-endian) and a last-piece flag (1 byte), and with the 24-byte header as associated
data. A key seals exactly one file, once, so nonces never repeat; pieces cannot be reordered,
moved to another file, dropped from the end or added after it without a tag failing (the
"STREAM" construction of Hoang, Reyhanitabar, Rogaway and Vizár). Plaintext from a piece is
handed out only after its tag has been checked.

The file's key is stored in the database row beside the attachment, wrapped (AES-256-GCM) under a
key derived from the database key, with the file id as associated data. A file is written and
fsynced before the transaction that refers to it commits; a file no row refers to is left by an
import that did not finish, and is removed at the next open (sweep()).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from diary.domain.errors import DiaryDamaged, DiaryError, StorageFull, is_storage_full

from .files import fsync_folder

FILES_FOLDER = "files"
PIECE_BYTES = 1024 * 1024
MAGIC = b"EDFILE01"
HEADER_BYTES = len(MAGIC) + 16
TAG_BYTES = 16
PARTIAL_SUFFIX = ".partial"
_ID = re.compile(r"^[0-9a-f]{32}$")
_WRAP_CONTEXT = b"evidence-diary/file-key/v1:"


def wrapping_key(database_key: bytes) -> bytes:
    """The key that wraps file keys: derived from the database's key, so it changes with it."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"evidence-diary/file-keys/v1"
    ).derive(database_key)


def wrap(wrapping: bytes, file_id: str, file_key: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(wrapping).encrypt(nonce, file_key, _WRAP_CONTEXT + file_id.encode())


def unwrap(wrapping: bytes, file_id: str, wrapped: bytes | None) -> bytes | None:
    """The file key, or None when wrapped was not made under this wrapping key."""
    if not wrapped or len(wrapped) != 12 + 32 + TAG_BYTES:
        return None
    try:
        return AESGCM(wrapping).decrypt(
            wrapped[:12], wrapped[12:], _WRAP_CONTEXT + file_id.encode()
        )
    except InvalidTag:
        return None


def pieces_for(size: int) -> int:
    return max(1, -(-size // PIECE_BYTES))


def stored_size_for(size: int) -> int:
    """The size of the encrypted file holding size bytes."""
    return HEADER_BYTES + size + pieces_for(size) * TAG_BYTES


def is_file_id(name: str) -> bool:
    return bool(_ID.match(name))


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _header(file_id: str) -> bytes:
    return MAGIC + bytes.fromhex(file_id)


@dataclass(frozen=True)
class StoredFile:
    """Where an attachment's bytes are and how to read them (key unwrapped, in memory only)."""

    file_id: str
    key: bytes
    pieces: int
    stored_size: int


def damaged(name: str, why: str) -> DiaryDamaged:
    return DiaryDamaged(
        f"The stored copy of {name} {why}, so it cannot be read as it was kept. Nothing was "
        "changed; run 'diary check' and restore the diary from a backup."
    )


def write_error(exc: OSError, folder: Path) -> DiaryError:
    """A plain message for a file that could not be written into a store."""
    if is_storage_full(exc):
        return StorageFull(
            "The disk is full, so nothing was saved. Free some space and try again; "
            "the diary is unchanged."
        )
    return DiaryError(
        f"A file could not be written in {folder} ({exc.strerror or exc}). Nothing was saved."
    )


class FileWriter:
    """Encrypts one new file into folder, piece by piece, as bytes arrive. A failure to write
    is a DiaryError (StorageFull for a full disk); abort() then removes what was written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file_id = secrets.token_hex(16)
        self.key = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self.key)
        self._header = _header(self.file_id)
        self.partial = folder / (self.file_id + PARTIAL_SUFFIX)
        self._out: BinaryIO | None = None
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._out = os.fdopen(fd, "wb")
            self._out.write(self._header)
        except OSError as exc:
            self.abort()
            raise write_error(exc, folder) from exc
        self._pending = bytearray()
        self._index = 0
        self.size = 0
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self.sha256.update(data)
        self._pending += data
        # A full piece is held back until more comes: only then is it known not to be the last.
        while len(self._pending) > PIECE_BYTES:
            self._seal(bytes(self._pending[:PIECE_BYTES]), last=False)
            del self._pending[:PIECE_BYTES]

    def _seal(self, piece: bytes, last: bool) -> None:
        assert self._out is not None
        try:
            self._out.write(self._aead.encrypt(_nonce(self._index, last), piece, self._header))
        except OSError as exc:
            raise write_error(exc, self.folder) from exc
        self._index += 1

    def finish(self) -> StoredFile:
        """Seal the last piece, make the file durable under its final name, and describe it."""
        self._seal(bytes(self._pending), last=True)
        self._pending = bytearray()
        out, self._out = self._out, None
        assert out is not None
        final = self.folder / self.file_id
        try:
            try:
                out.flush()
                os.fsync(out.fileno())
            finally:
                out.close()
            os.replace(self.partial, final)
            fsync_folder(self.folder)
            return StoredFile(self.file_id, self.key, self._index, final.stat().st_size)
        except OSError as exc:
            raise write_error(exc, self.folder) from exc

    def abort(self) -> None:
        """Remove what was written (an import that failed or was refused)."""
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
        for path in (self.partial, self.folder / self.file_id):
            with contextlib.suppress(OSError):
                path.unlink()


def _open(folder: Path, stored: StoredFile, name: str) -> BinaryIO:
    try:
        fp = (folder / stored.file_id).open("rb")
    except FileNotFoundError as exc:
        raise damaged(name, "is missing from the diary's files folder") from exc
    except OSError as exc:
        raise damaged(name, f"could not be read ({exc.strerror or exc})") from exc
    try:
        if os.fstat(fp.fileno()).st_size != stored.stored_size:
            raise damaged(name, "is not the size it was when it was kept")
        if fp.read(HEADER_BYTES) != _header(stored.file_id):
            raise damaged(name, "does not start as it should")
    except BaseException:
        fp.close()
        raise
    return fp


def _open_piece(stored: StoredFile, aead: AESGCM, index: int, sealed: bytes, name: str) -> bytes:
    last = index == stored.pieces - 1
    try:
        return aead.decrypt(_nonce(index, last), sealed, _header(stored.file_id))
    except InvalidTag as exc:
        raise damaged(name, f"fails its check at piece {index + 1} of {stored.pieces}") from exc


def iter_pieces(folder: Path, stored: StoredFile, name: str) -> Iterator[bytes]:
    """The original bytes, piece by piece, each checked before it is handed out."""
    aead = AESGCM(stored.key)
    with _open(folder, stored, name) as fp:
        for index in range(stored.pieces):
            sealed = fp.read(PIECE_BYTES + TAG_BYTES)
            if len(sealed) < TAG_BYTES:
                raise damaged(name, "ends early")
            piece = _open_piece(stored, aead, index, sealed, name)
            del sealed  # one piece held while the reader has it, not two
            yield piece


def read_piece(folder: Path, stored: StoredFile, index: int, name: str) -> bytes:
    """One piece of the original (for reading a large file at any position)."""
    if not 0 <= index < stored.pieces:
        return b""
    with _open(folder, stored, name) as fp:
        fp.seek(HEADER_BYTES + index * (PIECE_BYTES + TAG_BYTES))
        sealed = fp.read(PIECE_BYTES + TAG_BYTES)
        return _open_piece(stored, AESGCM(stored.key), index, sealed, name)


def checked_copy(
    source: Path, stored: StoredFile, sha256: str | None, size: int, name: str
) -> Iterator[bytes]:
    """The encrypted file in folder source exactly as it is on disk, piece by piece; every
    piece's tag is checked on the way, and (unless sha256 is None) the whole against its SHA-256
    at the end (raising DiaryDamaged, after which what was yielded must not be kept).

    The tags alone already prove the file is the one sealed under its key: the key was made for
    this file only, and the file id, every piece's position and the last piece are bound in.
    The SHA-256 is taken again where the original is checked through (restore, `diary check`),
    not for each copy between folders of the same ciphertext."""
    digest, total = hashlib.sha256() if sha256 is not None else None, 0
    aead = AESGCM(stored.key)
    with _open(source, stored, name) as fp:
        yield _header(stored.file_id)
        for index in range(stored.pieces):
            sealed = fp.read(PIECE_BYTES + TAG_BYTES)
            piece = _open_piece(stored, aead, index, sealed, name)
            if digest is not None:
                digest.update(piece)
            total += len(piece)
            yield sealed
    if total != size or (digest is not None and digest.hexdigest() != sha256):
        raise damaged(name, "does not match the SHA-256 taken when it was kept")


def place(target: Path, file_id: str, data: Iterator[bytes]) -> None:
    """Write a file into the store folder target under a partial name, make it durable, and
    only then give it its name (a file under its name in a store is always whole)."""
    target.mkdir(mode=0o700, exist_ok=True)
    partial = target / (file_id + PARTIAL_SUFFIX)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in data:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target / file_id)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def copy_checked(
    source: Path, target: Path, stored: StoredFile, sha256: str | None, size: int, name: str
) -> bool:
    """Copy the encrypted file from folder source to folder target, never decrypting it to
    disk, checked on the way (checked_copy). A file of that name and size already in target is
    left as it is (a store's files never change). Whether it was copied."""
    final = target / stored.file_id
    with contextlib.suppress(FileNotFoundError):
        if final.stat().st_size == stored.stored_size:
            return False
    place(target, stored.file_id, checked_copy(source, stored, sha256, size, name))
    return True


def sweep(folder: Path, referred: set[str]) -> list[str]:
    """Remove from folder every file no row refers to (left by an import or a copy that did not
    finish); return the names removed. Only names this store writes are touched."""
    removed = []
    with contextlib.suppress(FileNotFoundError):
        for path in folder.iterdir():
            base = path.name.removesuffix(PARTIAL_SUFFIX)
            if not is_file_id(base) or path.name in referred:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path.name)
    if removed:
        fsync_folder(folder)
    return removed


@dataclass
class FileStore:
    """The files folder a connection reads attachments from, and the key wrapping their keys
    (database.connect gives every connection one; a change of secrets replaces the key)."""

    folder: Path
    wrapping: bytes
