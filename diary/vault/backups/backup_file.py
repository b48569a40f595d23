"""The backup file format: one file carrying a diary's key file and its encrypted database.

Layout (all integers big-endian)::

    8 bytes   magic b"EDBACKUP"
    4 bytes   length of the header
    header    UTF-8 JSON: {"format": "evidence-diary-backup", "version": 1,
                           "created_at": "2024-06-03T18:30:00Z",
                           "sections": [{"name": "keys.json", "size": N},
                                        {"name": "diary.db", "size": M}]}
    N bytes   keys.json exactly as in the diary folder (holds nothing readable)
    M bytes   diary.db, a SQLCipher database under the diary's own key
    32 bytes  SHA-256 of everything before it

Nothing in the file is readable without the passphrase or the recovery key: the key file holds
only wrapped keys and the database is encrypted page by page. The final hash lets a damaged copy
be recognised before anything is asked of the person or written anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from diary.domain.errors import DiaryDamaged, InvalidInput

MAGIC = b"EDBACKUP"
FORMAT = "evidence-diary-backup"
VERSION = 1
KEYS_SECTION = "keys.json"
DB_SECTION = "diary.db"
_COPY_BYTES = 1024 * 1024
_MAX_HEADER = 64 * 1024
_MAX_KEYS = 64 * 1024


@dataclass(frozen=True)
class BackupContents:
    """What a backup file's header says, and where its database starts."""

    created_at: str
    keys_json: bytes
    db_offset: int
    db_size: int


def _damaged(path: Path, why: str) -> DiaryDamaged:
    return DiaryDamaged(
        f"The backup {path.name} is damaged ({why}). It cannot be restored safely; "
        "use another backup. Nothing was changed."
    )


def write(out: BinaryIO, keys_json: bytes, db_path: Path, created_at: str) -> str:
    """Write a backup to out; return the SHA-256 of the database section as written."""
    db_size = db_path.stat().st_size
    header = json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at,
            "sections": [
                {"name": KEYS_SECTION, "size": len(keys_json)},
                {"name": DB_SECTION, "size": db_size},
            ],
        },
        separators=(",", ":"),
    ).encode()
    whole = hashlib.sha256()
    db_hash = hashlib.sha256()

    def put(data: bytes) -> None:
        whole.update(data)
        out.write(data)

    put(MAGIC + struct.pack(">I", len(header)) + header)
    put(keys_json)
    copied = 0
    with db_path.open("rb") as db:
        while chunk := db.read(_COPY_BYTES):
            db_hash.update(chunk)
            copied += len(chunk)
            put(chunk)
    if copied != db_size:
        raise DiaryDamaged("The database changed size while it was being copied.")
    out.write(whole.digest())
    return db_hash.hexdigest()


def read(path: Path) -> BackupContents:
    """Check the whole file against its final hash, then parse the header.

    Raises DiaryDamaged for anything that is not an intact backup file.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fp:
            whole = hashlib.sha256()
            remaining = size - 32
            if remaining < len(MAGIC) + 4:
                raise _damaged(path, "it is too short to be a backup")
            while remaining > 0:
                chunk = fp.read(min(_COPY_BYTES, remaining))
                if not chunk:
                    raise _damaged(path, "it ends early")
                whole.update(chunk)
                remaining -= len(chunk)
            if fp.read(32) != whole.digest():
                raise _damaged(path, "its contents do not match the check at its end")
            fp.seek(0)
            return _parse_header(path, fp, size)
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no backup file {str(path)!r}.") from exc
    except IsADirectoryError as exc:
        raise InvalidInput(f"{str(path)!r} is a folder, not a backup file.") from exc


def _parse_header(path: Path, fp: BinaryIO, size: int) -> BackupContents:
    if fp.read(len(MAGIC)) != MAGIC:
        raise _damaged(path, "it is not a diary backup")
    (length,) = struct.unpack(">I", fp.read(4))
    if length > _MAX_HEADER:
        raise _damaged(path, "its header is too large")
    try:
        header = json.loads(fp.read(length).decode("utf-8"))
        if header["format"] != FORMAT:
            raise ValueError("format")
        if header["version"] != VERSION:
            raise _damaged(path, "it was made by a newer version of the app")
        sections = [(str(s["name"]), int(s["size"])) for s in header["sections"]]
        created_at = str(header["created_at"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise _damaged(path, "its header cannot be read") from exc
    if [name for name, _ in sections] != [KEYS_SECTION, DB_SECTION]:
        raise _damaged(path, "it does not hold a key file and a database")
    keys_size, db_size = sections[0][1], sections[1][1]
    start = len(MAGIC) + 4 + length
    if not 0 < keys_size <= _MAX_KEYS or db_size <= 0 or start + keys_size + db_size + 32 != size:
        raise _damaged(path, "its parts do not add up to its size")
    return BackupContents(created_at, fp.read(keys_size), start + keys_size, db_size)


def read_keys(path: Path) -> bytes:
    """The key file inside a backup, from its header alone (the file is not checked whole)."""
    with path.open("rb") as fp:
        return _parse_header(path, fp, path.stat().st_size).keys_json


def iter_database(path: Path, contents: BackupContents) -> Iterator[bytes]:
    """The database section of a backup file, chunk by chunk."""
    with path.open("rb") as fp:
        fp.seek(contents.db_offset)
        remaining = contents.db_size
        while remaining > 0:
            chunk = fp.read(min(_COPY_BYTES, remaining))
            if not chunk:
                raise _damaged(path, "it ends early")
            remaining -= len(chunk)
            yield chunk


def extract_database(path: Path, contents: BackupContents, target: Path) -> str:
    """Copy the database section to target (a new file, fsynced); return its SHA-256."""
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in iter_database(path, contents):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return digest.hexdigest()


def database_hash(path: Path, contents: BackupContents) -> str:
    digest = hashlib.sha256()
    for chunk in iter_database(path, contents):
        digest.update(chunk)
    return digest.hexdigest()
