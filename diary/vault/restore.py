"""Restoring a backup file into a new folder, never over an existing diary.

Order matters: the file is checked whole (a damaged backup is refused before anything is asked
or written), the key is unwrapped (a wrong passphrase changes nothing), the database is written
and checked under a temporary name, and keys.json goes last, since a folder with keys.json is a
complete diary. Finally the restored diary is opened and checked like `diary check`; if that
fails, what was written is removed again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from diary.domain.errors import DiaryDamaged, DiaryExists, InvalidInput, WrongPassphrase

from . import backup_file, keys
from .auto_backup import set_second_folder
from .backup import Summary, remove_database_files, verify_database
from .database import DB_FILE
from .files import fsync_folder, write_atomically
from .key_change import KeyChange
from .vault import LOCK_FILE, CheckReport, Vault, is_diary

Unwrap = Callable[[keys.KeyFile], bytes | None]


def restore_with_passphrase(backup: Path, folder: Path, passphrase: str) -> CheckReport:
    return _restore(
        backup, folder, lambda kf: keys.unwrap_with_passphrase(kf, passphrase), "passphrase"
    )


def restore_with_recovery(
    backup: Path, folder: Path, recovery_key: str, new_passphrase: str
) -> tuple[CheckReport, KeyChange]:
    """Restore with the recovery key, then put the diary under a new passphrase and a new
    recovery key (in the KeyChange returned, to show once)."""
    keys.parse_recovery_key(recovery_key)
    keys.check_new_passphrase(new_passphrase)
    report = _restore(
        backup,
        Path(folder),
        lambda kf: keys.unwrap_with_recovery(kf, recovery_key),
        "recovery key",
    )
    vault = Vault.open_with_recovery(folder, recovery_key)
    try:
        # Its backups go to this diary's own folder until a second place is chosen again: the
        # one it came with may hold the original diary's backups, which are not this one's.
        set_second_folder(vault, None)
        # The forgotten passphrase and the recovery key just used open nothing from now on.
        change = vault.change_passphrase(new_passphrase)
    finally:
        vault.close()
    return report, change


def _check_target(folder: Path) -> bool:
    """Refuse a folder holding a diary or anything else; return whether it must be made."""
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
        return False
    return True


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
    make_folder = _check_target(folder)
    data_key = unwrap(keyfile)
    if data_key is None:
        raise WrongPassphrase(f"That {what} does not open this backup. Nothing was changed.")
    if make_folder:
        folder.mkdir(mode=0o700, parents=True)
    db_partial = folder / (DB_FILE + ".partial")
    try:
        backup_file.extract_database(Path(backup), contents, db_partial)
        restored: Summary = verify_database(db_partial, keys.derive_database_key(data_key))
        os.replace(db_partial, folder / DB_FILE)
        write_atomically(folder / keys.KEYS_FILE, contents.keys_json)
        fsync_folder(folder)
        vault = Vault._open(folder, lambda _kf: (data_key, None), what)
        try:
            report = vault.check()
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


def _remove_restored(folder: Path, made_folder: bool) -> None:
    """Take away only what this restore wrote."""
    remove_database_files(folder / (DB_FILE + ".partial"))
    remove_database_files(folder / DB_FILE)
    for name in (keys.KEYS_FILE, keys.KEYS_FILE + ".partial", LOCK_FILE):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    if made_folder:
        with contextlib.suppress(OSError):
            folder.rmdir()
