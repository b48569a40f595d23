"""Creating and opening a diary: the lock, read-only media, and what an open settles.

Vault.create, Vault.open and Vault.open_with_recovery run these. Opening takes the folder's lock
(or, on read-only media, reads without one), tries each key file, brings the database up to
date, verifies the hash chain from its checkpoint, and then settles what a change of secrets, a
restore, an import, an upgrade or an export stopped part way left behind.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import filelock

from diary.domain.case import CaseDetails
from diary.domain.errors import (
    DiaryDamaged,
    DiaryError,
    DiaryExists,
    DiaryInUse,
    DiaryNotFound,
    InvalidInput,
    WrongPassphrase,
)

from .attachments import derived_files, stored_files, unfinished_files
from .checking import check_readable_as_it_is
from .folders import UNFINISHED_RESTORE, is_diary
from .keys import key_change, keys
from .storage import chain_checkpoint
from .storage.database import DB_FILE, Connection, as_diary_error, connect
from .storage.files import empty_folder, fsync_folder, write_atomically
from .storage.read_only import READ_ONLY_NOTE, SharedLock, can_create_files, read_only_access
from .storage.schema import migrate

if TYPE_CHECKING:
    from .unlocked_diary import UnlockedDiary

LOCK_FILE = "diary.lock"
# Opens one key file: the data key (None if the secret does not fit), and what a passphrase
# derived to, kept for later changes (None for the recovery key).
Unwrap = Callable[[keys.KeyFile], tuple[bytes | None, keys.PassphraseKey | None]]
# The class opened: Vault, made by its classmethods.
Diary = TypeVar("Diary", bound="UnlockedDiary")


def _take_lock(folder: Path) -> filelock.BaseFileLock:
    # Not thread-local: the window unlocks in a worker thread and locks on the GUI thread.
    lock = filelock.FileLock(str(folder / LOCK_FILE), timeout=0, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise DiaryInUse(
            "This diary is already open in another window or program. "
            "Close it there first (only one copy can write to a diary at a time)."
        ) from exc
    except OSError as exc:
        raise DiaryError(f"The diary's folder could not be used ({exc.strerror}).") from exc
    return lock


def _refuse_read_only(folder: Path) -> DiaryError:
    return DiaryError(
        f"{folder} cannot be written to (it is on read-only media, or its permissions forbid "
        "it), so the diary cannot be opened here for changes. The command line can still read "
        "it ('diary list', 'show', 'search', 'export'), or copy the folder somewhere you can "
        "write to. Nothing was changed."
    )


def _unfinished_restore(folder: Path) -> DiaryError:
    return DiaryError(
        f"A restore into {folder} was stopped before it finished, so this is not yet a diary. "
        "Run the same 'diary restore' again (or restore again from the Backup & restore page); "
        "it starts afresh in this folder."
    )


def create(
    cls: type[Diary],
    folder: Path,
    passphrase: str,
    case: CaseDetails,
    *,
    kdf: keys.KdfParams | None = None,
    confirm_recovery_key: bool = False,
) -> tuple[Diary, str]:
    """Make a new diary in folder (empty or absent) as cls; return it and its recovery key
    (Vault.create)."""
    keys.check_new_passphrase(passphrase)
    folder = Path(folder)
    if is_diary(folder):
        raise DiaryExists(f"There is already a diary in {folder}; it was left untouched.")
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file, not a folder. Choose a folder for the diary.")
    if folder.is_dir() and any(folder.iterdir()):
        raise InvalidInput(
            f"{folder} already holds other files. Choose a new or empty folder for the "
            "diary, so that its files stay together and apart from anything else."
        )
    made_folder = not folder.exists()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = _take_lock(folder)
    conn: Connection | None = None
    vault: Diary | None = None
    try:
        data_key = secrets.token_bytes(32)
        secret = keys.passphrase_key(passphrase, kdf or keys.calibrate())
        keyfile, recovery = keys.key_file_for(data_key, secret)
        conn = connect(folder / DB_FILE, keys.derive_database_key(data_key), create=True)
        migrate(conn)
        vault = cls(folder, conn, lock, data_key, keyfile, [])
        vault._passphrase_key = secret
        vault.set_case(case)
        if confirm_recovery_key:
            vault.set_setting(key_change.RECOVERY_UNCONFIRMED, "yes")
        # The key file goes last: a diary folder with keys.json is a complete diary.
        keys.write_key_file(folder, keyfile)
        fsync_folder(folder)
    except BaseException as exc:
        plain = as_diary_error(exc, folder)  # while the folder is there to measure
        with contextlib.suppress(Exception):
            if vault is not None:
                vault.close()
            elif conn is not None:
                conn.close()
        lock.release()
        # The folder was new or empty: what is in it now, this attempt made. Removed, so
        # that creating the diary (after a full disk) can simply be tried again.
        empty_folder(folder, remove_it=made_folder)
        if plain is not None:
            raise plain from exc
        raise
    return vault, recovery


def open_diary(
    cls: type[Diary],
    folder: Path,
    unwrap: Unwrap,
    what: str,
    *,
    read_only_ok: bool = False,
    finishing_restore: bool = False,
) -> Diary:
    """Open the diary in folder as cls with the first key file unwrap opens (Vault._open);
    what names the secret in the message when none does."""
    folder = Path(folder)
    if (folder / UNFINISHED_RESTORE).exists() and not finishing_restore:
        raise _unfinished_restore(folder)
    if not folder.is_dir() or not is_diary(folder):
        raise DiaryNotFound(f"There is no diary in {folder}. Create one with 'diary init'.")
    found, warnings = keys.read_key_files(folder)
    changing = (folder / keys.NEXT_FILE).exists()  # a change of secrets under way
    read_only = not can_create_files(folder)
    if read_only and not read_only_ok:
        raise _refuse_read_only(folder)
    immutable = False
    lock: filelock.BaseFileLock | SharedLock
    if read_only:
        access = read_only_access(folder, DB_FILE, LOCK_FILE)
        lock, immutable = access.lock, access.immutable
        warnings.append(READ_ONLY_NOTE)
    else:
        lock = _take_lock(folder)
    try:
        damage: DiaryDamaged | None = None
        # keys.json, a new key file left by a change of secrets that was stopped part way,
        # then the spare copy: the database is under exactly one of them.
        retired = key_change.retired_key_files(folder)
        for name, keyfile in found:
            if key_change.key_file_id(keyfile.to_json()) in retired:
                continue  # replaced by a change of secrets: opens nothing any more
            data_key, secret = unwrap(keyfile)
            if data_key is None:
                continue
            try:
                conn = connect(
                    folder / DB_FILE,
                    keys.derive_database_key(data_key),
                    read_only=read_only,
                    immutable=immutable,
                )
            except DiaryDamaged as exc:
                # With a change under way, a key file that unwraps but does not open the
                # database is the one the change replaced: a retired secret, not damage.
                if not changing:
                    damage = exc
                continue
            try:
                if read_only:
                    check_readable_as_it_is(conn)
                else:
                    migrate(conn)
                vault = cls(
                    folder,
                    conn,
                    lock,
                    data_key,
                    keyfile,
                    warnings,
                    read_only=read_only,
                    immutable=immutable,
                )
                vault._passphrase_key = secret
                vault.chain_head, due = chain_checkpoint.verify_on_open(
                    conn, keys.derive_checkpoint_key(data_key)
                )
                vault._checkpoint_due = None if read_only else due
                if not read_only:
                    _settle_key_files(vault, name, changing)
                    _clean_up_unfinished_files(vault)
                    _settle_stored_files(vault)
            except BaseException as exc:
                conn.close()
                plain = as_diary_error(exc, folder)
                if plain is not None:
                    raise plain from exc
                raise
            return vault
        if damage is not None:
            raise damage
        raise WrongPassphrase(f"That {what} does not open this diary. Nothing was changed.")
    except BaseException:
        lock.release()
        raise


def _settle_key_files(vault: UnlockedDiary, opened_with: str, changing: bool) -> None:
    """After opening: finish or drop a change of secrets that was stopped part way, and
    make sure keys.json and its spare are both the key file in force."""
    if opened_with == keys.NEXT_FILE:
        try:
            replaced = (vault.folder / keys.KEYS_FILE).read_bytes()
        except FileNotFoundError:
            replaced = b""
        key_change.put_in_force(vault.folder, vault._keyfile, replaced)
        return
    if changing:  # stopped before the database was re-encrypted: the old key is in force
        key_change.drop_next(vault.folder)
    in_force = vault._keyfile.to_json()
    for name in (keys.KEYS_FILE, keys.SPARE_FILE):
        path = vault.folder / name
        try:
            same = path.read_bytes() == in_force
        except FileNotFoundError:
            same = False
        if not same:
            if name == keys.KEYS_FILE:
                vault.warnings.append(
                    "The diary's key file (keys.json) was damaged; it has been put back "
                    "from its spare copy."
                )
            with contextlib.suppress(OSError):  # read-only media: left as it is
                write_atomically(path, in_force)


def _settle_stored_files(vault: UnlockedDiary) -> None:
    """Finish what a change of secrets, an import or an upgrade stopped part way left in
    the file store: the key in force wraps every file's key, no file lies there that
    nothing refers to, and the bytes of attachments kept before version 8 are moved out of
    the database into the store (a file made durable before its chunks are deleted).
    Then the derived forms of videos, recordings and HEIC photos kept before version 10,
    and of PDFs kept before their pages were drawn apart, are made, for a bounded time at
    each open: made once here, they are never decoded again by an export or the window
    (which make a missing one in memory meanwhile)."""
    try:
        stored_files.settle(vault.conn)
        stored_files.sweep(vault.conn)
        stored_files.move_out(vault.conn)
        derived_files.make_missing(vault.conn)
    except DiaryError as exc:
        # Every file still reads as it is (from the database, or under either wrapping):
        # the diary opens, and this is tried again at the next open.
        vault.warnings.append(
            "The diary's attachment files could not all be put in order yet "
            f"({exc.message}) Nothing was lost; this is tried again the next time the "
            "diary is opened."
        )


def _clean_up_unfinished_files(vault: UnlockedDiary) -> None:
    """Remove what an export or backup stopped part way left outside the diary (the files
    Vault.remember_unfinished noted), and say so among the warnings."""
    removed, left = unfinished_files.clean_up(vault.conn)
    if removed:
        vault.warnings.append(
            "An export or backup that was stopped part-way had left unfinished files; "
            f"they were removed: {', '.join(map(str, removed))}."
        )
    if left:
        vault.warnings.append(
            "An export or backup that was stopped part-way left unfinished files that could "
            f"not be removed: {', '.join(map(str, left))}. Delete them yourself; they are "
            "tried again at the next unlock."
        )
