"""Opening the SQLCipher database: raw key, asserted pragmas, and plain messages for failures.

The only module that calls sqlcipher3.connect. A diary is never created by opening it: existing
diaries are opened with mode=rw, so a missing file is an error rather than a new empty diary.
A diary on read-only media is opened with mode=ro (and immutable=1 when read_only.py has found
that nothing can change it), and query_only, so that any write is refused.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3

from diary.domain.errors import DiaryDamaged, DiaryError, DiaryInUse, StorageFull

from .file_store import FILES_FOLDER, FileStore, wrapping_key

DB_FILE = "diary.db"

# What every open must find, read back from the database itself.
REQUIRED_PRAGMAS: dict[str, str] = {
    "journal_mode": "wal",
    "synchronous": "2",  # FULL
    "temp_store": "2",  # MEMORY: no plaintext etilqs_* files during sorts
    "foreign_keys": "1",
}

Connection = Any  # sqlcipher3.Connection has no type stubs


class _StoreConnection(sqlcipher3.Connection):  # type: ignore[misc]
    """A connection that knows where its diary's attachment files are, and the key wrapping
    their keys (file_store.py)."""

    files: FileStore | None = None


# What a read-only connection must find: its journal mode is whatever the file says.
READ_ONLY_PRAGMAS: dict[str, str] = {
    **{name: value for name, value in REQUIRED_PRAGMAS.items() if name != "journal_mode"},
    "query_only": "1",
}


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def connect(
    path: Path,
    raw_key: bytes,
    *,
    create: bool = False,
    read_only: bool = False,
    immutable: bool = False,
    files_folder: Path | None = None,
) -> Connection:
    """Open (or, with create, make) the database at path with a raw 32-byte key.

    read_only opens it for reading alone (mode=ro, query_only); immutable, only with read_only,
    also tells SQLite that nothing can change the file (read_only.py says when that is true).
    The attachment files are read from files_folder (by default `files/` beside the database).
    """
    if len(raw_key) != 32:
        raise ValueError("SQLCipher raw keys are 32 bytes")
    if create and read_only:
        raise ValueError("a database cannot be created read-only")
    mode = "rwc" if create else "rw"
    if read_only:
        mode = "ro&immutable=1" if immutable else "ro"
    if not create:
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise DiaryDamaged(
                f"The diary's database ({DB_FILE}) is missing from {path.parent}. "
                "Nothing was created in its place; restore it from a backup."
            ) from exc
        if size == 0:
            raise DiaryDamaged(
                f"The diary's database ({DB_FILE}) is empty. It was left as it is; "
                "restore it from a backup."
            )
    try:
        conn = sqlcipher3.connect(
            _uri(path, mode),
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=0.5,
            factory=_StoreConnection,
        )
    except sqlcipher3.Error as exc:
        raise translate(exc, path.parent) from exc
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
        conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA temp_store = MEMORY")
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
        check_pragmas(conn, READ_ONLY_PRAGMAS if read_only else REQUIRED_PRAGMAS)
        conn.files = FileStore(files_folder or path.parent / FILES_FOLDER, wrapping_key(raw_key))
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlcipher3.Error):
            raise translate(exc, path.parent) from exc
        raise
    return conn


def check_pragmas(conn: Connection, required: dict[str, str] = REQUIRED_PRAGMAS) -> None:
    """Raise DiaryError unless the connection is encrypted and set up as the design requires."""
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise DiaryError(
            "This copy of the app was built without encryption; it will not open a diary."
        )
    for name, expected in required.items():
        (value,) = conn.execute(f"PRAGMA {name}").fetchone()
        if str(value).lower() != expected:
            raise DiaryError(f"The database could not be set up safely ({name} is {value}).")
    (security,) = conn.execute("PRAGMA cipher_memory_security").fetchone()
    if str(security) != "1":
        raise DiaryError("The database could not be set up safely (memory security is off).")


def cipher_integrity_errors(conn: Connection) -> list[str]:
    """Pages whose authentication fails, plus SQLite's own structural check."""
    # cipher_integrity_check reads the database file itself, not the write-ahead log: pages
    # still waiting there (after a crash, or a change of key) would read as failing.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    return problems + structure_errors(conn)


def structure_errors(conn: Connection) -> list[str]:
    """SQLite's own structural check (every page it reads has its HMAC checked on the way)."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def table_structure_errors(conn: Connection) -> list[str]:
    """SQLite's structural check of every table and its indexes, one by one: what
    structure_errors checks but the full-text index compared again with every entry (it is
    made from them: half the time of the whole check) and the count of pages no table uses."""
    tables = [
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    problems = []
    for table in ["sqlite_schema", *tables]:
        quoted = '"' + table.replace('"', '""') + '"'
        rows = [str(row[0]) for row in conn.execute(f"PRAGMA integrity_check({quoted})")]
        if rows != ["ok"]:
            problems.extend(rows)
    return problems


# With less free space than this, an I/O error is taken to be the disk filling up.
_LOW_SPACE_BYTES = 1024 * 1024


def _out_of_space(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < _LOW_SPACE_BYTES
    except OSError:
        return False


def _folder_of(conn: Connection) -> Path | None:
    with contextlib.suppress(Exception):
        for _, name, file in conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file).parent
    return None


def translate(exc: BaseException, folder: Path | None = None) -> DiaryError:
    """A plain message for a database failure. The key was right, so damage means damage.

    folder, when known, lets a bare 'disk I/O error' be recognised as a full disk: SQLite
    reports a full disk that way when it cannot even grow its shared-memory file.
    """
    text = str(exc).lower()
    full = "disk i/o error" in text and _out_of_space(folder)
    if full or "disk is full" in text or "database or disk is full" in text:
        return StorageFull(
            "The disk is full, so nothing was saved. Free some space and try again; "
            "the diary is unchanged."
        )
    if "locked" in text or "busy" in text:
        return DiaryInUse(
            "The diary is busy in another window or program. Close it there and try again."
        )
    if "readonly" in text or "read-only" in text:
        return DiaryError(
            "The diary's folder cannot be written to (it is read-only). Nothing was saved."
        )
    if "unable to open" in text:
        return DiaryError("The diary's database could not be opened; check the folder exists.")
    if (
        "not a database" in text
        or "malformed" in text
        or "hmac" in text
        or "corrupt" in text
        or type(exc) in (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
    ):
        return DiaryDamaged(
            "The diary is damaged: part of its database no longer reads back as it was saved "
            "(the passphrase was right). The files were left exactly as they are; restore from "
            "a backup, or ask for help before changing anything."
        )
    return DiaryError(f"The diary could not be read or written ({exc}).")


def as_diary_error(exc: BaseException, folder: Path | None = None) -> DiaryError | None:
    """The plain DiaryError for a database failure that escaped as a raw sqlcipher3 error.

    A damaged page can fail any read, not only those inside transaction(); callers above the
    vault use this so a person sees "damaged" (exit 4) rather than a driver's message.
    """
    return translate(exc, folder) if isinstance(exc, sqlcipher3.Error) else None


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One write transaction: all of it lands, or none of it (and the error is made plain)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher3.Error as exc:
        raise translate(exc, _folder_of(conn)) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlcipher3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlcipher3.Error):
            raise translate(exc, _folder_of(conn)) from exc
        raise
