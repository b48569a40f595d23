"""Changing the diary's secrets so that nothing old opens anything written afterwards.

A passphrase or a recovery key is changed because someone else may know it, or may have a copy
of the key file: an old `keys.json`, or one inside a backup. Wrapping the same data key under a
new passphrase would leave all of those working, so every change makes a new data key,
re-encrypts the database under it, makes a new recovery key, gives the diary a new signing key
for evidence bundles, and replaces the app's own backups with one made under the new key.

The steps, each safe to interrupt with a crash or a kill at any point:

1. `prepared`: inside the database, still under the old key, in one transaction: the new
   signing key, the new recovery key counted as not yet written down, and every attachment
   file's key wrapped under the new key too (beside its wrapping under the old one).
2. `next-written`: `keys.json.next` holds the new key file.
3. `rekeyed`: the database re-encrypted under the new data key, in one transaction. Before this
   the old secrets open the diary (`keys.json`); from here on only the new ones do, through
   `keys.json.next` until it has been moved into place. Then `rewrapped`: the file keys'
   new wrapping made the only one (an open does this too, whichever key opened the diary).
   The attachment files themselves are never rewritten: each is under its own key.
4. `checkpointed`: the re-encrypted pages moved from the write-ahead log into the database.
5. `retired`: the old key file listed in `keys.retired` (so it, and every backup holding it, is
   known for what it is wherever it turns up). Then `keys-written`, `spare-written`,
   `next-removed`: the new key file becomes `keys.json` and its spare copy `keys.json.prev`. An
   open that finds `keys.json.next` finishes these steps (it opened with the new file) or
   removes it (the database never reached step 3).
6. `backed-up`: a verified backup under the new key in each backup folder, then every backup
   made under a retired key file in those folders deleted.

So a crash leaves either the old or the new secrets working, never neither; the new recovery
key is shown or printed once the database is under the new key, and a key that could not be
shown (the app stopped first) counts as not written down, so the window makes another.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from diary.domain.errors import DiaryError
from diary.domain.times import utc_now, utc_stamp

from ..attachments import stored_files
from ..keys import keys
from ..storage import chain_checkpoint
from ..storage.database import Connection, transaction
from ..storage.file_store import FileStore, wrapping_key
from ..storage.files import fsync_folder, write_atomically

if TYPE_CHECKING:
    from ..vault import Vault

# The diary's Ed25519 key for signing evidence bundles (diary.export.signing uses it).
SIGNING_KEY_SETTING = "export_signing_key"
# In the diary's folder: the SHA-256 of every key file replaced by a change, one a line. An old
# key file found again (put back, or inside a backup) is then known for what it is, before the
# database can be read: its passphrase "does not open this diary", and its backups are deleted.
RETIRED_FILE = "keys.retired"
CHANGED_SETTING = "keys.changed_at"
RECOVERY_UNCONFIRMED = "recovery_key_unconfirmed"
# For tests only: the name of a step after which this process kills itself, as a crash would.
KILL_AT_ENV = "EVIDENCE_DIARY_TEST_KILL_AT"
STEPS = (
    "prepared",
    "next-written",
    "rekeyed",
    "rewrapped",
    "checkpointed",
    "retired",
    "keys-written",
    "spare-written",
    "next-removed",
    "backed-up",
)


@dataclass
class KeyChange:
    """What a change of secrets did: the new recovery key, and what became of the backups."""

    recovery_key: str
    made: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)

    def backups_message(self) -> str:
        """Plain words on the backups: what was replaced, and what an old one still reveals."""
        places = sorted({str(path.parent) for path in self.made})
        said = []
        if places:
            said.append(
                f"A new backup under the new key was made in {' and '.join(places)}"
                + (f"; {len(self.removed)} older ones were deleted." if self.removed else ".")
            )
        for problem in self.unreachable:
            said.append(f"Not replaced: {problem}")
        said.append(
            "A backup made before this change and kept anywhere else (one you saved yourself, "
            "or on a drive that was not plugged in) still opens with the passphrase or recovery "
            "key of its day, and shows the diary as it was then: delete it if someone else may "
            "have it."
        )
        return " ".join(said)


def reached(step: str) -> None:
    """Mark a step as done; in a test that asks for it, die here as a crash would."""
    if os.environ.get(KILL_AT_ENV) == step:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def retired_key_files(folder: Path) -> set[str]:
    """The key files replaced by changes of secrets in this folder, by SHA-256."""
    try:
        lines = (folder / RETIRED_FILE).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        lines = []
    return {line for line in lines if len(line) == 64}


def retire(folder: Path, raw: bytes) -> None:
    """Add the key file raw to the retired ones: it opens nothing from now on."""
    try:
        lines = (folder / RETIRED_FILE).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        lines = []
    if key_file_id(raw) not in lines:
        text = "".join(f"{line}\n" for line in [*lines, key_file_id(raw)])
        write_atomically(folder / RETIRED_FILE, text.encode("ascii"))


def key_file_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _forget_next_wrapping(conn: Connection) -> None:
    stored_files.forget_next_wrapping(conn)


def _set(
    conn: Connection, values: dict[str, str | None], also: Callable[[], None] = lambda: None
) -> None:
    with transaction(conn):
        also()
        for key, value in values.items():
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )


def change_secrets(
    vault: Vault,
    passphrase: keys.PassphraseKey,
    progress: Callable[[int], None] = lambda _percent: None,
) -> KeyChange:
    """Put the diary under a new data key, wrapped by passphrase and a new recovery key."""
    from ..backups.auto_backup import replace_backups

    conn, folder = vault.conn, vault.folder
    data_key = secrets.token_bytes(32)
    keyfile, recovery = keys.key_file_for(data_key, passphrase)
    old = vault._keyfile.to_json()
    unconfirmed = vault.setting(RECOVERY_UNCONFIRMED) or None
    signing = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    database_key = keys.derive_database_key(data_key)
    _set(
        conn,
        {
            SIGNING_KEY_SETTING: signing,
            RECOVERY_UNCONFIRMED: "yes",
            CHANGED_SETTING: utc_stamp(utc_now()),
        },
        lambda: stored_files.prepare_change(conn, wrapping_key(database_key)),
    )
    reached("prepared")
    progress(5)
    try:
        write_atomically(folder / keys.NEXT_FILE, keyfile.to_json())
        fsync_folder(folder)
        reached("next-written")
        progress(10)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"PRAGMA rekey = \"x'{database_key.hex()}'\"")
    except BaseException:
        # Nothing is under the new key: the old secrets stay in force, and so does the old
        # recovery key (it was not replaced after all).
        with contextlib.suppress(Exception):
            drop_next(folder)
            _set(conn, {RECOVERY_UNCONFIRMED: unconfirmed}, lambda: _forget_next_wrapping(conn))
        raise
    with contextlib.suppress(Exception):  # else the next open walks the whole chain once
        chain_checkpoint.re_authenticate(
            conn, keys.derive_checkpoint_key(vault._data_key), keys.derive_checkpoint_key(data_key)
        )
    vault._data_key, vault._keyfile, vault._passphrase_key = data_key, keyfile, passphrase
    conn.files = FileStore(stored_files.store_of(conn).folder, wrapping_key(database_key))
    reached("rekeyed")
    # Not a reason to withhold the new recovery key: either wrapping opens each file, and the
    # next open settles them.
    with contextlib.suppress(DiaryError):
        stored_files.settle(conn)
    reached("rewrapped")
    progress(60)
    change = KeyChange(recovery)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        reached("checkpointed")
        put_in_force(folder, keyfile, old)
    except (OSError, sqlcipher3.Error) as exc:
        # The new secrets already open the diary (through keys.json.next); the next unlock
        # finishes putting the key file in place. Not a reason to withhold the recovery key.
        why = getattr(exc, "strerror", None) or exc
        change.unreachable.append(
            f"the key file could not be put in place yet ({why}); this is finished the next "
            "time the diary is opened."
        )
        return change
    progress(70)
    replace_backups(vault, change, lambda done: progress(70 + done * 30 // 100))
    reached("backed-up")
    progress(100)
    return change


def put_in_force(folder: Path, keyfile: keys.KeyFile, replaced: bytes) -> None:
    """Retire the key file replaced, make keyfile keys.json and its spare, drop .next."""
    retire(folder, replaced)
    reached("retired")
    data = keyfile.to_json()
    write_atomically(folder / keys.KEYS_FILE, data)
    reached("keys-written")
    write_atomically(folder / keys.SPARE_FILE, data)
    reached("spare-written")
    drop_next(folder)
    reached("next-removed")


def drop_next(folder: Path) -> None:
    try:
        (folder / keys.NEXT_FILE).unlink()
    except FileNotFoundError:
        return
    fsync_folder(folder)
