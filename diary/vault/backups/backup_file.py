"""The backup file format: a diary's key file, its encrypted database, and its attachment files.

Layout (all integers big-endian)::

    8 bytes   magic b"EDBACKUP"
    4 bytes   length of the header
    header    UTF-8 JSON: {"format": "evidence-diary-backup", "version": 2,
                           "created_at": "2024-06-03T18:30:00Z", "files": "beside",
                           "sections": [{"name": "keys.json", "size": N},
                                        {"name": "diary.db", "size": M},
                                        {"name": "files", "size": L}]}
    N bytes   keys.json exactly as in the diary folder (holds nothing readable)
    M bytes   diary.db, a SQLCipher database under the diary's own key
    L bytes   the attachment files the database refers to: one ASCII line each, "<id> <size>\n"
    (S bytes  with "files": "inside", a fourth section "store": those files, one after another
              in the order listed, exactly as in the diary's encrypted store)
    32 bytes  SHA-256 of everything before it

With "files": "beside" (the automatic backups), the files are in the `files/` folder beside the
backup file, shared by every backup in that folder: each is copied there once, checked on the
way, and removed only when no backup there lists it. A backup made to a file of the person's
choosing carries its files inside ("inside"), so it restores from that one file. A version 1
backup (before attachment files left the database) has only the first two sections.

Nothing in the file is readable without the passphrase or the recovery key: the key file holds
only wrapped keys, the database is encrypted page by page, and each attachment file is
encrypted under its own key, wrapped inside the database; the list says only how many files
there are and their sizes. The final hash lets a damaged copy be recognised before anything is
asked of the person or written anywhere; each file is checked against its authenticated
encryption and its SHA-256 (recorded in the database) when it is restored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from diary.domain.errors import DiaryDamaged, InvalidInput

MAGIC = b"EDBACKUP"
FORMAT = "evidence-diary-backup"
VERSION = 2
KEYS_SECTION = "keys.json"
DB_SECTION = "diary.db"
FILES_SECTION = "files"
STORE_SECTION = "store"
FILES_BESIDE = "beside"
FILES_INSIDE = "inside"
_COPY_BYTES = 1024 * 1024
_MAX_HEADER = 64 * 1024
_MAX_KEYS = 64 * 1024
_MAX_LIST = 64 * 1024 * 1024  # a million files
_LINE = re.compile(rb"^([0-9a-f]{32}) ([1-9][0-9]{0,15})$")

FileList = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class BackupContents:
    """What a backup file's header says, and where its sections start."""

    created_at: str
    keys_json: bytes
    db_offset: int
    db_size: int
    files: FileList = ()
    files_where: str = ""  # "" for a version 1 backup (attachments inside the database)
    store_offset: int = 0


def _damaged(path: Path, why: str) -> DiaryDamaged:
    return DiaryDamaged(
        f"The backup {path.name} is damaged ({why}). It cannot be restored safely; "
        "use another backup. Nothing was changed."
    )


def file_list(files: FileList) -> bytes:
    return b"".join(f"{file_id} {size}\n".encode("ascii") for file_id, size in files)


def head(keys_json: bytes, db_size: int, created_at: str, files: FileList, inside: bool) -> bytes:
    """What a backup file holds before its database section: magic, header and key file."""
    sections = [
        {"name": KEYS_SECTION, "size": len(keys_json)},
        {"name": DB_SECTION, "size": db_size},
        {"name": FILES_SECTION, "size": len(file_list(files))},
    ]
    if inside:
        sections.append({"name": STORE_SECTION, "size": sum(size for _, size in files)})
    header = json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at,
            "files": FILES_INSIDE if inside else FILES_BESIDE,
            "sections": sections,
        },
        separators=(",", ":"),
    ).encode()
    return MAGIC + struct.pack(">I", len(header)) + header + keys_json


def write(
    out: BinaryIO,
    keys_json: bytes,
    db_path: Path,
    created_at: str,
    files: FileList = (),
    store: Iterator[bytes] | None = None,
) -> tuple[bytes, str]:
    """Write a backup to out; return what it holds before its database (head()) and the SHA-256
    of everything written (its last 32 bytes).

    With store (the listed files' bytes, in order), the files are carried inside; else they are
    to be found beside the backup."""
    db_size = db_path.stat().st_size
    start = head(keys_json, db_size, created_at, files, store is not None)
    whole = hashlib.sha256()

    def put(data: bytes) -> None:
        whole.update(data)
        out.write(data)

    put(start)
    copied = 0
    with db_path.open("rb") as db:
        while chunk := db.read(_COPY_BYTES):
            copied += len(chunk)
            put(chunk)
    if copied != db_size:
        raise DiaryDamaged("The database changed size while it was being copied.")
    put(file_list(files))
    if store is not None:
        carried = 0
        for chunk in store:
            carried += len(chunk)
            put(chunk)
        if carried != sum(size for _, size in files):
            raise DiaryDamaged("An attachment file changed size while it was being copied.")
    out.write(whole.digest())
    return start, whole.hexdigest()


def holds_exactly(path: Path, parts: Sequence[bytes | Path], digest: str) -> bool:
    """Whether the file at path is, byte for byte, parts one after another (bytes as given, a
    Path as that file's content) and then digest. A backup read back is compared with what it
    was written from, not with a hash of what was written: a byte that came out wrong from a
    source would be in that hash too, but not in the source."""
    with path.open("rb") as fp:
        for part in parts:
            if isinstance(part, bytes):
                if fp.read(len(part)) != part:
                    return False
                continue
            with part.open("rb") as source:
                while chunk := source.read(_COPY_BYTES):
                    if fp.read(len(chunk)) != chunk:
                        return False
        return fp.read(33) == bytes.fromhex(digest)  # the digest, and nothing after it


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
        version = header["version"]
        if version not in (1, VERSION):
            raise _damaged(path, "it was made by a newer version of the app")
        sections = [(str(s["name"]), int(s["size"])) for s in header["sections"]]
        created_at = str(header["created_at"])
        where = str(header.get("files", "")) if version == VERSION else ""
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise _damaged(path, "its header cannot be read") from exc
    expected = {
        "": [KEYS_SECTION, DB_SECTION],
        FILES_BESIDE: [KEYS_SECTION, DB_SECTION, FILES_SECTION],
        FILES_INSIDE: [KEYS_SECTION, DB_SECTION, FILES_SECTION, STORE_SECTION],
    }.get(where)
    if [name for name, _ in sections] != expected:
        raise _damaged(path, "it does not hold a key file and a database")
    keys_size, db_size = sections[0][1], sections[1][1]
    list_size = sections[2][1] if len(sections) > 2 else 0
    store_size = sections[3][1] if len(sections) > 3 else 0
    start = len(MAGIC) + 4 + length
    parts = keys_size + db_size + list_size + store_size
    if (
        not 0 < keys_size <= _MAX_KEYS
        or db_size <= 0
        or not 0 <= list_size <= _MAX_LIST
        or store_size < 0
        or start + parts + 32 != size
    ):
        raise _damaged(path, "its parts do not add up to its size")
    keys_json = fp.read(keys_size)
    fp.seek(start + keys_size + db_size)
    files = _parse_list(path, fp.read(list_size))
    if where == FILES_INSIDE and sum(s for _, s in files) != store_size:
        raise _damaged(path, "its files do not add up to their section")
    store_offset = start + keys_size + db_size + list_size
    return BackupContents(
        created_at, keys_json, start + keys_size, db_size, files, where, store_offset
    )


def _parse_list(path: Path, data: bytes) -> FileList:
    files = []
    for line in data.split(b"\n")[:-1] if data else []:
        match = _LINE.match(line)
        if match is None:
            raise _damaged(path, "its list of files cannot be read")
        files.append((match[1].decode("ascii"), int(match[2])))
    if data and not data.endswith(b"\n"):
        raise _damaged(path, "its list of files cannot be read")
    return tuple(files)


def final_hash(path: Path) -> str:
    """The SHA-256 a backup file ends with (read() checks that it fits the rest)."""
    with path.open("rb") as fp:
        fp.seek(-32, os.SEEK_END)
        return fp.read(32).hex()


def read_keys(path: Path) -> bytes:
    """The key file inside a backup, from its header alone (the file is not checked whole)."""
    with path.open("rb") as fp:
        return _parse_header(path, fp, path.stat().st_size).keys_json


def read_files(path: Path) -> FileList:
    """The files a backup lists, from its header and list alone (the file is not checked)."""
    with path.open("rb") as fp:
        return _parse_header(path, fp, path.stat().st_size).files


def iter_database(path: Path, contents: BackupContents) -> Iterator[bytes]:
    """The database section of a backup file, chunk by chunk."""
    return iter_section(path, contents.db_offset, contents.db_size)


def iter_section(path: Path, offset: int, size: int) -> Iterator[bytes]:
    """size bytes of a backup file from offset, chunk by chunk."""
    with path.open("rb") as fp:
        fp.seek(offset)
        remaining = size
        while remaining > 0:
            chunk = fp.read(min(_COPY_BYTES, remaining))
            if not chunk:
                raise _damaged(path, "it ends early")
            remaining -= len(chunk)
            yield chunk


def extract_database(path: Path, contents: BackupContents, target: Path) -> None:
    """Copy the database section to target (a new file, fsynced). read() has checked it whole
    against the file's final hash; its pages are checked under the key once it is written."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in iter_database(path, contents):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
