"""Restoring a backup file into a new folder, never over an existing diary.

Order matters: the file is checked whole (a damaged backup is refused before anything is asked
or written), the key is unwrapped (a wrong passphrase changes nothing), the database is written
and checked under a temporary name, and keys.json goes last, since a folder with keys.json is a
complete diary. Finally the restored diary is opened and checked like `diary check`; if that
fails, what was written is removed again. Each piece is checked once: the database's pages
(every HMAC, its length) and its whole hash chain as soon as it is written, each attachment file
as it is put in place, and the rest (SQLite's own structural check, the state of every entry)
in that closing check.

A restore killed part-way (kill -9, a crash, a power cut) can simply be run again: the first file
it writes in the folder is a marker (folders.UNFINISHED_RESTORE, saying whether the restore made
the folder), removed only when everything else is done. A folder holding the marker and nothing
but a restore's own files counts as empty to the next restore, which clears them and starts
afresh; until then, opening it says that the restore did not finish.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from diary.domain.errors import DiaryDamaged, DiaryExists, InvalidInput, WrongPassphrase

from ..attachments import stored_files, unfinished_files
from ..backups import backup_file
from ..folders import UNFINISHED_RESTORE
from ..keys import keys
from ..keys.key_change import KeyChange
from ..storage import file_store
from ..storage.database import DB_FILE, connect, transaction, translate
from ..storage.file_store import FILES_FOLDER
from ..storage.files import fsync_folder, write_atomically
from ..vault import LOCK_FILE, CheckReport, Vault, is_diary
from .auto_backup import set_second_folder
from .backup import Summary, check_database

Unwrap = Callable[[keys.KeyFile], bytes | None]


# What a restore writes in its folder; a folder holding only these and the marker was left by
# a restore that did not finish.
_RESTORE_FILES = (
    *(
        name + suffix
        for name in (DB_FILE, DB_FILE + ".partial")
        for suffix in ("", "-wal", "-shm", "-journal")
    ),
    keys.KEYS_FILE,
    keys.KEYS_FILE + ".partial",
    keys.KEYS_FILE + keys.PREVIOUS_SUFFIX,
    keys.KEYS_FILE + keys.PREVIOUS_SUFFIX + ".partial",
    LOCK_FILE,
)
_MADE_FOLDER = b"made the folder\n"


def restore_with_passphrase(backup: Path, folder: Path, passphrase: str) -> CheckReport:
    folder = Path(folder)
    report = _restore(
        backup, folder, lambda kf: keys.unwrap_with_passphrase(kf, passphrase), "passphrase"
    )
    _finished(folder)
    return report


def restore_with_recovery(
    backup: Path, folder: Path, recovery_key: str, new_passphrase: str
) -> tuple[CheckReport, KeyChange]:
    """Restore with the recovery key, then put the diary under a new passphrase and a new
    recovery key (in the KeyChange returned, to show once)."""
    keys.parse_recovery_key(recovery_key)
    keys.check_new_passphrase(new_passphrase)
    folder = Path(folder)
    report = _restore(
        backup, folder, lambda kf: keys.unwrap_with_recovery(kf, recovery_key), "recovery key"
    )
    # Still marked as unfinished: killed before the new passphrase is in force, the restore is
    # simply run again, rather than leaving a diary that opens only with the forgotten one.
    vault = Vault._open(
        folder,
        lambda kf: (keys.unwrap_with_recovery(kf, recovery_key), None),
        "recovery key",
        finishing_restore=True,
    )
    try:
        # Its backups go to this diary's own folder until a second place is chosen again: the
        # one it came with may hold the original diary's backups, which are not this one's.
        set_second_folder(vault, None)
        # The forgotten passphrase and the recovery key just used open nothing from now on.
        change = vault.change_passphrase(new_passphrase)
    finally:
        vault.close()
    _finished(folder)
    return report, change


def _unfinished_restore_in(folder: Path) -> bool | None:
    """If folder holds only what a restore that did not finish left: whether that restore made
    the folder. None when it holds anything else."""
    try:
        marker = (folder / UNFINISHED_RESTORE).read_bytes()
    except OSError:
        return None
    if any(
        p.name not in (*_RESTORE_FILES, UNFINISHED_RESTORE, FILES_FOLDER) for p in folder.iterdir()
    ):
        return None
    return marker == _MADE_FOLDER


def _check_target(folder: Path) -> tuple[bool, bool]:
    """Refuse a folder holding a diary or anything else; return whether it must be made, and
    whether it holds a restore that did not finish (counted as the folder it was before)."""
    made_by_restore = _unfinished_restore_in(folder)
    if made_by_restore is not None:
        return made_by_restore, True
    if is_diary(folder):
        raise DiaryExists(
            f"There is already a diary in {folder}. A backup is only restored into a new, "
            "empty folder, so nothing was changed."
        )
    if folder.exists():
        if not folder.is_dir():
            raise InvalidInput(f"{folder} is a file; restore into a new, empty folder.")
        if any(folder.iterdir()):
            raise InvalidInput(
                f"{folder} is not empty. Restore into a new, empty folder; nothing was changed."
            )
        return False, False
    return True, False


def _mark_unfinished(folder: Path, made_folder: bool) -> None:
    fd = os.open(folder / UNFINISHED_RESTORE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as marker:
        marker.write(_MADE_FOLDER if made_folder else b"")
        marker.flush()
        os.fsync(marker.fileno())
    fsync_folder(folder)


def _restore(backup: Path, folder: Path, unwrap: Unwrap, what: str) -> CheckReport:
    folder = Path(folder)
    contents = backup_file.read(Path(backup))
    try:
        keyfile = keys.KeyFile.from_json(contents.keys_json)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise DiaryDamaged(
            f"The backup {Path(backup).name} is damaged (its key file cannot be read). "
            "Use another backup. Nothing was changed."
        ) from exc
    make_folder, unfinished = _check_target(folder)
    data_key = unwrap(keyfile)
    if data_key is None:
        raise WrongPassphrase(f"That {what} does not open this backup. Nothing was changed.")
    if unfinished:
        _remove_restored(folder, made_folder=False)
    if make_folder:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    db_partial = folder / (DB_FILE + ".partial")
    try:
        # First of all: a restore stopped from here on can be run again into this folder.
        _mark_unfinished(folder, make_folder)
        backup_file.extract_database(Path(backup), contents, db_partial)
        database_key = keys.derive_database_key(data_key)
        # Pages and chain now; the structure in the closing check of the diary as restored.
        restored = _checked_database(db_partial, database_key)
        _restore_files(Path(backup), contents, db_partial, database_key)
        os.replace(db_partial, folder / DB_FILE)
        write_atomically(folder / keys.KEYS_FILE, contents.keys_json)
        fsync_folder(folder)
        vault = Vault._open(folder, lambda _kf: (data_key, None), what, finishing_restore=True)
        try:
            # Each file was checked through as it was put in place; a version 1 backup's files
            # were moved out of its database at this open, so they are read through here.
            report = vault.check(attachments_read=not contents.files_where, pages_checked=True)
        finally:
            vault.close()
        if not report.ok or report.chain_head != restored.chain_head:
            raise DiaryDamaged(
                "The restored diary did not pass its check "
                f"({report.problems[0] if report.problems else 'record of changes differs'}); "
                "it was removed again. Use another backup."
            )
    except BaseException:
        _remove_restored(folder, make_folder)
        raise
    return report


def _checked_database(db_partial: Path, database_key: bytes) -> Summary:
    """Check the restored database's pages and its whole chain (verify_database), and remove
    the note of files the diary was writing when it was backed up: paths of its own partial
    files, which are no business of the restored diary (unfinished_files.py)."""
    conn = connect(db_partial, database_key)
    try:
        restored = check_database(conn, db_partial, what="The copy")
        with transaction(conn):
            conn.execute("DELETE FROM settings WHERE key = ?", (unfinished_files.SETTING,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlcipher3.Error as exc:
        raise translate(exc) from exc
    finally:
        conn.close()
    return restored


def _restore_files(
    backup: Path, contents: backup_file.BackupContents, db_partial: Path, database_key: bytes
) -> None:
    """Put every attachment file the restored database refers to in the new diary's store,
    each checked against its authenticated encryption and its SHA-256 on the way; one missing
    or changed is damage. (A version 1 backup keeps its files inside the database.)"""
    if not contents.files_where:
        return  # moved out of the database into the store when the restored diary is opened
    target = db_partial.parent / FILES_FOLDER
    conn = connect(db_partial, database_key)
    try:
        wanted = list(stored_files.described_originals(conn))
        views = list(stored_files.described_derived(conn))
    finally:
        conn.close()
    if contents.files_where == backup_file.FILES_INSIDE:
        offset = contents.store_offset
        for file_id, size in contents.files:
            file_store.place(target, file_id, backup_file.iter_section(backup, offset, size))
            offset += size
        source = target
    else:
        source = backup.parent / FILES_FOLDER
    for stored, sha, size, name in wanted:
        _restore_file(source, target, stored, sha, size, name)
    # A view made for packs that is damaged or missing is left out, never the restore: it is
    # made again from its original when the restored diary is opened.
    lost = []
    for stored, sha, size, name in views:
        try:
            _restore_file(source, target, stored, sha, size, name)
        except DiaryDamaged:
            lost.append(stored.file_id)
    if lost:
        conn = connect(db_partial, database_key)
        try:
            with transaction(conn):
                forget = [(file_id,) for file_id in lost]
                conn.executemany("DELETE FROM derived_files WHERE file_id = ?", forget)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    kept = {stored.file_id for stored, *_ in wanted + views if stored.file_id not in lost}
    file_store.sweep(target, kept)
    fsync_folder(target)


def _restore_file(
    source: Path, target: Path, stored: file_store.StoredFile, sha: str, size: int, name: str
) -> None:
    if source == target:  # placed already: read through, every piece and the whole checked
        for _ in file_store.checked_copy(source, stored, sha, size, name):
            pass
    else:
        file_store.copy_checked(source, target, stored, sha, size, name)


def _finished(folder: Path) -> None:
    """The restored diary is complete: the marker goes, last of all."""
    (folder / UNFINISHED_RESTORE).unlink()
    fsync_folder(folder)


def _remove_restored(folder: Path, made_folder: bool) -> None:
    """Take away only what a restore writes, the marker last."""
    for name in _RESTORE_FILES:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    shutil.rmtree(folder / FILES_FOLDER, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        (folder / UNFINISHED_RESTORE).unlink()
    if made_folder:
        with contextlib.suppress(OSError):
            folder.rmdir()
