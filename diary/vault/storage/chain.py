"""The revision hash chain: every change to the diary, each hashing the one before.

A revision's hash covers the previous hash, its header (sequence, incident, event, author, time)
and its full content as stored. Putting back an older copy of a page or of the whole database
passes SQLCipher's page authentication; it does not pass this chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from diary.domain.errors import DiaryDamaged

from .database import Connection

GENESIS = "0" * 64


def revision_hash(
    prev_hash: str,
    seq: int,
    incident_uid: str,
    event: str,
    author: str,
    recorded_at: str,
    content: str,
) -> str:
    h = hashlib.sha256()
    h.update(f"{prev_hash}\n{seq}\n{incident_uid}\n{event}\n{author}\n{recorded_at}\n".encode())
    h.update(content.encode("utf-8"))
    return h.hexdigest()


@dataclass(frozen=True)
class Link:
    """One revision exactly as it was hashed: what revision_hash() takes, and the hash.

    An evidence bundle carries these for the entries it holds, so that anyone can work each hash
    out again from the text alone. `received` marks a version from the diary that shared the
    entry, carried verbatim inside this diary's 'import' revision: its seq and prev_hash are
    that diary's, not this one's."""

    seq: int
    incident_uid: str
    event: str
    author: str
    recorded_at: str  # the UTC stamp exactly as stored
    content: str  # the content exactly as stored (canonical JSON text)
    prev_hash: str
    hash: str
    received: bool = False

    def recomputed(self) -> str:
        return revision_hash(
            self.prev_hash,
            self.seq,
            self.incident_uid,
            self.event,
            self.author,
            self.recorded_at,
            self.content,
        )


def listing(conn: Connection) -> list[tuple[str, str]]:
    """(incident uid, hash) of every revision, the first first: the diary's whole chain without
    its content, each revision named by the entry it belongs to."""
    rows = conn.execute("SELECT incident_uid, hash FROM revisions ORDER BY seq")
    return [(str(uid), str(digest)) for uid, digest in rows]


def head(conn: Connection) -> tuple[int, str]:
    """The last revision's sequence number and hash (0 and the genesis hash when empty)."""
    row = conn.execute("SELECT seq, hash FROM revisions ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def append(
    conn: Connection,
    incident_id: int,
    incident_uid: str,
    event: str,
    author: str,
    recorded_at: str,
    content: str,
) -> str:
    """Add one revision after the current head (inside the caller's transaction)."""
    appender = Appender(conn)
    digest = appender.add(incident_id, incident_uid, event, author, recorded_at, content)
    appender.flush()
    return digest


class Appender:
    """append() for many revisions in the caller's transaction (an import of thousands of
    entries): the head is read once, and the rows are written when flush() is called."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.seq, self.head = head(conn)
        self._rows: list[tuple[int, int, str, str, str, str, str, str, str]] = []

    def add(
        self,
        incident_id: int,
        incident_uid: str,
        event: str,
        author: str,
        recorded_at: str,
        content: str,
    ) -> str:
        self.seq += 1
        digest = revision_hash(
            self.head, self.seq, incident_uid, event, author, recorded_at, content
        )
        row = (self.seq, incident_id, incident_uid, event, author, recorded_at, content)
        self._rows.append((*row, self.head, digest))
        self.head = digest
        return digest

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO revisions (seq, incident_id, incident_uid, event, author, recorded_at,"
            " content, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._rows,
        )
        self._rows.clear()


_ROWS = (
    "SELECT seq, incident_uid, event, author, recorded_at, content, prev_hash, hash"
    " FROM revisions WHERE seq > ? ORDER BY seq"
)


def broken_links(
    rows: Iterable[tuple[int, str, str, str, str, str, str, str]],
    *,
    after: tuple[int, str] = (0, GENESIS),
) -> list[str]:
    """Problems found walking (seq, uid, event, author, recorded_at, content, prev, hash) rows
    that follow the revision `after` names by (seq, hash): the first of the chain by default."""
    problems: list[str] = []
    expected_seq, expected_prev = after[0] + 1, after[1]
    for seq, uid, event, author, recorded_at, content, prev, digest in rows:
        if seq != expected_seq:
            problems.append(f"revision {expected_seq} is missing")
        if prev != expected_prev:
            problems.append(f"revision {seq} does not follow the one before it")
        # Every column is NOT NULL: a NULL is read only from a damaged or older page.
        damaged = None in (uid, event, author, recorded_at, content, prev, digest)
        if damaged or revision_hash(prev, seq, uid, event, author, recorded_at, content) != digest:
            problems.append(f"revision {seq} has been changed")
        expected_prev = digest
        expected_seq = seq + 1
    return problems


def problems_after(
    conn: Connection, after: tuple[int, str] = (0, GENESIS), cancelled: Callable[[], bool] = bool
) -> list[str]:
    """Problems in the revisions that follow `after` (seq, hash), which must itself be the
    revision stored at that seq; all of them from the first by default. Stops early, with
    what it found so far, once cancelled() is true."""
    problems: list[str] = []
    seq, digest = after
    if seq:
        row = conn.execute("SELECT hash FROM revisions WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            return [f"revision {seq} is missing"]
        if row[0] != digest:
            return [f"revision {seq} is not the one checked before"]
    batch = 20_000  # a background walk can stop between batches
    while not cancelled():
        rows = conn.execute(_ROWS + " LIMIT ?", (seq, batch)).fetchall()
        if not rows:
            break
        problems += broken_links(rows, after=(seq, digest))
        seq, digest = int(rows[-1][0]), str(rows[-1][7])
        if len(rows) < batch:
            break
    return problems


def damage(problems: list[str]) -> DiaryDamaged:
    """The error that names the first of problems found in the chain."""
    return DiaryDamaged(
        "The diary's record of changes does not add up "
        f"({problems[0]}): part of it was changed or an older copy was put back. "
        "The files were left as they are; restore from a backup or ask for help."
    )


def verify(conn: Connection) -> str:
    """Walk the whole chain; return the head hash, or raise DiaryDamaged naming the first break."""
    problems = problems_after(conn)
    if problems:
        raise damage(problems)
    return head(conn)[1]
