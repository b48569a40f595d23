"""The chain's checkpoint: the head last verified, so an open walks only what came after it.

Walking the whole hash chain costs about 10 µs a revision: ten seconds at a million. An open
instead reads the checkpoint (sequence number and hash of the last revision it verified), checks
that the revision stored at that number still has that hash, and walks only the revisions added
since. The checkpoint moves to that head when the diary is closed after a session in which no
damage was found, so that a diary found damaged is left byte for byte as it was found.
`diary check` and the window's background pass after unlock still walk the whole chain, so a
change to an older revision is still found.

The checkpoint is kept in the encrypted settings table with an HMAC-SHA256 under a key derived
from the data key (keys.derive_checkpoint_key). One that does not authenticate (written under an
earlier data key, or by anyone without the key) is never trusted: the open walks the whole chain
and writes a new one. An authentic checkpoint the chain no longer matches (its revision changed
or gone) means the chain was changed after it was verified: the open refuses, as for any break.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json

import sqlcipher3

from diary.domain.errors import DiaryError

from . import chain
from .database import Connection, transaction

SETTING = "chain.checkpoint"


def _mac(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"{SETTING}\n{seq}\n{digest}".encode(), hashlib.sha256).hexdigest()


def read(conn: Connection, key: bytes) -> tuple[int, str] | None:
    """The authenticated checkpoint (seq, hash), or None when there is none that key made."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
    if row is None:
        return None
    try:
        found = json.loads(row[0])
        seq, digest, mac = int(found["seq"]), str(found["hash"]), str(found["mac"])
    except (ValueError, TypeError, KeyError):
        return None
    if seq < 0 or not hmac.compare_digest(mac, _mac(key, seq, digest)):
        return None
    return seq, digest


def write(conn: Connection, key: bytes, seq: int, digest: str) -> None:
    value = json.dumps({"seq": seq, "hash": digest, "mac": _mac(key, seq, digest)})
    with transaction(conn):
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (SETTING, value),
        )


def verify_on_open(conn: Connection, key: bytes) -> tuple[str, tuple[int, str] | None]:
    """The chain's head hash, verified from the checkpoint on (all of it when the checkpoint
    does not authenticate), and the checkpoint to write (None when it stands at the head
    already); raises DiaryDamaged naming the first break."""
    checkpoint = read(conn, key)
    problems = chain.problems_after(conn, checkpoint or (0, chain.GENESIS))
    if problems:
        if checkpoint is not None:  # name the first break in the whole chain, if it has one
            problems = chain.problems_after(conn) or problems
        raise chain.damage(problems)
    head = chain.head(conn)
    return head[1], None if checkpoint == head else head


def move(conn: Connection, key: bytes, head: tuple[int, str]) -> None:
    """Write the checkpoint at head (verified by verify_on_open). Only a shortcut for the next
    open: a full disk does not stop anything."""
    with contextlib.suppress(DiaryError, sqlcipher3.Error):
        write(conn, key, *head)


def re_authenticate(conn: Connection, old_key: bytes, new_key: bytes) -> None:
    """Keep the checkpoint across a change of data key (key_change.py): one that the old key
    made is written again under the new one; any other is left to fail, and be re-made."""
    checkpoint = read(conn, old_key)
    if checkpoint is not None:
        write(conn, new_key, *checkpoint)
