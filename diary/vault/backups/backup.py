"""Making and checking backups of an open diary.

A backup carries the diary's database under its own key (so it is never decrypted on the way),
packed with the key file into one file (see backup_file.py), and is verified before it is given
its final name. Once every change is in the database file itself (a full checkpoint), that file
is copied into the backup as it is: its pages are checked under the key where they lie (every
page's HMAC, the file's length in pages, the hash chain), nothing writes to it until the backup
is made (the vault's one connection is making it), and the backup is read back from the disk and
compared byte for byte with that file (and with the attachment files it carries), so it holds
exactly the pages that were checked. No loose copy of the database is made,
so a backup needs no more free disk than the database and the attachment files that are new.
While a reader (an export) holds the write-ahead log, SQLite's online backup copies the pages
into a database of their own instead, which is checked before it is packed.
The attachment files go with it still encrypted, every piece checked on the way against its
authenticated encryption (restore also checks each whole against its SHA-256): inside the
file, or (for the automatic backups) into the `files/` folder beside it, where a file already
there is not copied again.
Until then it is called `NAME.partial`, so a crash or a full disk never leaves a file that looks
like a good backup. Those partial files are noted inside the diary while they exist
(unfinished_files.py), so that what a killed backup leaves is removed at the next unlock; the
note is in the database the backup carries, and a restore removes it before anything else.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from diary.domain.errors import (
    DiaryDamaged,
    DiaryError,
    InvalidInput,
    StorageFull,
    is_storage_full,
)
from diary.domain.times import utc_now, utc_stamp

from ..attachments import derived_files, stored_files
from ..backups import backup_file
from ..keys.keys import derive_checkpoint_key, derive_database_key
from ..storage import chain, chain_checkpoint, file_store
from ..storage.database import DB_FILE, Connection, cipher_integrity_errors, connect, translate
from ..storage.file_store import FILES_FOLDER
from ..storage.files import fsync_folder

if TYPE_CHECKING:
    from ..vault import Vault

PARTIAL_SUFFIX = ".partial"
_DB_PARTIAL_SUFFIX = ".db.partial"


@dataclass(frozen=True)
class Summary:
    """What a database holds, for comparing a copy with its original."""

    incidents: int
    revisions: int
    attachments: int
    chain_head: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created_at: str
    summary: Summary
    size: int


def summarise(conn: Connection) -> Summary:
    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return Summary(
        count("incidents"), count("revisions"), count("attachments"), chain.head(conn)[1]
    )


def verify_database(
    path: Path, raw_key: bytes, *, structure: bool = True, checkpoint_key: bytes | None = None
) -> Summary:
    """Open a database copy with the key and check it through; DiaryDamaged if anything fails.

    Every page's HMAC, the whole file's length in pages and the hash chain are always checked;
    with structure, SQLite's own integrity check too. A copy of the diary's pages exactly as
    they are needs no structural pass of its own: its HMACs prove each page is the one written
    under the key, so it has the structure the diary has (which `diary check` and every
    restore's closing check examine). With checkpoint_key (a backup of the open diary), the
    chain is walked from the copy's authenticated checkpoint on, as an open walks it: the pages
    before it carry their HMACs, and every restore walks the whole chain again."""
    conn = connect(path, raw_key)
    try:
        return check_database(
            conn, path, structure=structure, checkpoint_key=checkpoint_key, what="The copy"
        )
    finally:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


def check_database(
    conn: Connection,
    path: Path,
    *,
    structure: bool = False,
    checkpoint_key: bytes | None = None,
    what: str,
) -> Summary:
    """verify_database on a connection open on the database file at path: its pages, length
    and chain (and, with structure, SQLite's own check); what names it in the message."""
    try:
        if structure:
            problems = cipher_integrity_errors(conn)
        else:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
            (pages,) = conn.execute("PRAGMA page_count").fetchone()
            (page_size,) = conn.execute("PRAGMA page_size").fetchone()
            if int(pages) * int(page_size) != path.stat().st_size:
                problems.append("its length is not the length its pages say")
        if problems:
            raise DiaryDamaged(f"{what} failed its integrity check ({problems[0]}).")
        if checkpoint_key is None:
            chain.verify(conn)
        else:
            chain_checkpoint.verify_on_open(conn, checkpoint_key)
        return summarise(conn)
    except sqlcipher3.Error as exc:
        raise translate(exc) from exc


_DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def remove_database_files(path: Path) -> None:
    for suffix in _DATABASE_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def _disk_error(exc: OSError, out: Path) -> DiaryError:
    if is_storage_full(exc):
        return StorageFull(
            f"There is not enough space in {out.parent} for the backup, so none was made. "
            "Free some space or choose another place; earlier backups are untouched."
        )
    return DiaryError(
        f"The backup could not be written to {out.parent} ({exc.strerror or exc}). "
        "No backup was made; earlier backups are untouched."
    )


def write_backup(vault: Vault, out: Path, *, files_beside: bool = False) -> BackupResult:
    """Back up the open diary to out, verified, or raise and leave nothing named out.

    With files_beside, the attachment files go to the `files/` folder beside out (shared by
    the backups there) rather than inside the one file."""
    out = Path(out)
    if out.exists():
        raise InvalidInput(
            f"{out} already exists. Choose a new name; a backup never replaces another file."
        )
    if not out.parent.is_dir():
        raise InvalidInput(f"There is no folder {out.parent} to put the backup in.")
    partial = out.with_name(out.name + PARTIAL_SUFFIX)
    db_copy = out.with_name(out.name + _DB_PARTIAL_SUFFIX)
    raw_key = derive_database_key(vault._data_key)
    created_at = utc_stamp(utc_now())
    written = [partial, *(db_copy.with_name(db_copy.name + s) for s in _DATABASE_SUFFIXES)]
    store = out.parent / FILES_FOLDER if files_beside else None
    if not vault.read_only:
        # A damaged view made for packs would stop every backup: it is forgotten, and made
        # again from its original at the next open.
        derived_files.drop_unusable(vault.conn)
    with vault.writing_outside(written):
        return _write_backup(vault, out, partial, db_copy, raw_key, created_at, store)


def _write_backup(
    vault: Vault,
    out: Path,
    partial: Path,
    db_copy: Path,
    raw_key: bytes,
    created_at: str,
    store: Path | None,
) -> BackupResult:
    try:
        remove_database_files(db_copy)
        database, expected = _checked_database(vault, db_copy, raw_key)
        # The vault's one connection does all writing: these are the files the copy refers to.
        files = tuple(stored_files.referred_files(vault.conn))
        source = stored_files.store_of(vault.conn).folder
        carried = None
        if store is not None:
            for stored, _sha, size, name in stored_files.described(vault.conn):
                file_store.copy_checked(source, store, stored, None, size, name)
            fsync_folder(store)
        else:
            carried = (
                chunk
                for stored, _sha, size, name in stored_files.described(vault.conn)
                for chunk in file_store.checked_copy(source, stored, None, size, name)
            )
        keys_json = vault._keyfile.to_json()
        start, written_hash = _write_container(
            partial, keys_json, database, created_at, files, carried
        )
        inside = [source / file_id for file_id, _ in files] if carried is not None else []
        parts: list[bytes | Path] = [start, database, backup_file.file_list(files), *inside]
        _check_written(partial, parts, written_hash, files, store)
        os.replace(partial, out)
        fsync_folder(out.parent)
    except OSError as exc:
        raise _disk_error(exc, out) from exc
    except StorageFull as exc:
        raise _disk_error(OSError(errno.ENOSPC, "disk full"), out) from exc
    finally:
        if store is not None:
            with contextlib.suppress(OSError):
                store.rmdir()  # only when empty: made for this backup and nothing in it
        remove_database_files(db_copy)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return BackupResult(out, created_at, expected, out.stat().st_size)


def _checked_database(vault: Vault, db_copy: Path, raw_key: bytes) -> tuple[Path, Summary]:
    """The database file the backup is to carry, its pages and chain checked, and what it
    holds. The vault's one connection does all writing, so nothing changes it from here until
    the backup is made. Once every change is in the diary's database file (a full checkpoint),
    that file is the one carried and its pages are checked where they lie; while a reader (an
    export) holds the write-ahead log, SQLite's online backup copies the pages to db_copy
    instead, never decrypting them to disk, and the copy is checked."""
    source = vault.conn
    checkpoint_key = derive_checkpoint_key(vault._data_key)
    database = stored_files.store_of(source).folder.parent / DB_FILE
    try:
        busy, *_ = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlcipher3.Error as exc:
        raise translate(exc) from exc
    if busy == 0 and database.is_file():
        try:
            found = check_database(
                source, database, checkpoint_key=checkpoint_key, what="The diary"
            )
        except DiaryDamaged as exc:
            raise DiaryDamaged(
                f"{exc.message} No backup was made; earlier backups are untouched. "
                "Run 'diary check' to see what is damaged."
            ) from exc
        return database, found
    try:
        copy = connect(db_copy, raw_key, create=True)
        try:
            source.backup(copy)
        finally:
            copy.close()
        expected = summarise(source)
    except sqlcipher3.Error as exc:
        raise translate(exc) from exc
    found = verify_database(db_copy, raw_key, structure=False, checkpoint_key=checkpoint_key)
    if found != expected:
        raise DiaryDamaged(
            "The backup copy does not hold the same entries as the diary, so it was not kept."
        )
    return db_copy, expected


def _write_container(
    partial: Path,
    keys_json: bytes,
    database: Path,
    created_at: str,
    files: backup_file.FileList,
    carried: Iterator[bytes] | None,
) -> tuple[bytes, str]:
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fp:
        written = backup_file.write(fp, keys_json, database, created_at, files, carried)
        fp.flush()
        os.fsync(fp.fileno())
    return written


def _check_written(
    partial: Path,
    parts: list[bytes | Path],
    written_hash: str,
    files: backup_file.FileList,
    store: Path | None,
) -> None:
    """Read the file back from disk: it must be, byte for byte, what it was written from (the
    database file whose pages were checked, the attachment files carried inside) and the hash
    taken as it was written, which therefore fits it; and every file it lists must be in the
    folder beside it (when they are kept there)."""
    if not backup_file.holds_exactly(partial, parts, written_hash):
        raise DiaryDamaged(
            "The backup read back from the disk differs from what was written, so it was not "
            "kept. Earlier backups are untouched; try again, or choose another place."
        )
    if store is None:
        return
    for file_id, size in files:
        try:
            present = (store / file_id).stat().st_size == size
        except FileNotFoundError:
            present = False
        if not present:
            raise DiaryDamaged(f"An attachment file is missing from {store} after it was copied.")
