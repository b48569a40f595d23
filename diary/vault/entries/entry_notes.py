"""A private note on an entry: for the person (or their advocate) alone, never for an export.

Where it is safe to call back, a refuge's address, what a support worker advised: things that
belong beside an entry but must never reach the police pack, whose contents are disclosable to
the defence. So the note is kept apart from the entry's content and from its hash-chained
revisions, which travel whole in shares and bundles. Nothing that writes a share, a bundle,
entries.json or a PDF reads this table; the pack learns only which entries have a note, to tell
the officer that such notes exist (and are available on request) without saying what they hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from diary.domain.errors import InvalidInput
from diary.domain.incident import Author, check_diary_author, check_text
from diary.domain.times import parse_utc_stamp, utc_stamp

from ..storage.database import Connection, transaction
from .incidents import _uid_of

MAX_NOTE_CHARS = 100_000


@dataclass(frozen=True)
class PrivateNote:
    text: str
    author: Author  # who wrote it as it stands
    written_at: datetime  # when it was last written


def private_note(conn: Connection, incident_id: int) -> PrivateNote | None:
    row = conn.execute(
        "SELECT text, author, written_at FROM entry_private_notes WHERE incident_id = ?",
        (incident_id,),
    ).fetchone()
    if row is None:
        return None
    return PrivateNote(str(row[0]), Author(row[1]), parse_utc_stamp(row[2]))


def set_private_note(
    conn: Connection, incident_id: int, text: str, author: Author, now: datetime
) -> None:
    """Keep text as the entry's private note, replacing any; empty text removes the note."""
    check_diary_author(author)
    check_text(text, "private note")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(
            f"The private note is longer than {MAX_NOTE_CHARS:,} characters; keep it shorter."
        )
    with transaction(conn):
        _uid_of(conn, incident_id)  # an unknown or deleted entry is said plainly
        if not text.strip():
            conn.execute("DELETE FROM entry_private_notes WHERE incident_id = ?", (incident_id,))
            return
        conn.execute(
            "INSERT INTO entry_private_notes (incident_id, text, author, written_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(incident_id) DO UPDATE SET text = excluded.text,"
            " author = excluded.author, written_at = excluded.written_at",
            (incident_id, text, author.value, utc_stamp(now)),
        )


def ids_with_notes(conn: Connection, incident_ids: Iterable[int]) -> set[int]:
    """Which of these entries have a private note (not what the notes say)."""
    wanted = set(incident_ids)
    if not wanted:
        return set()
    rows = conn.execute("SELECT incident_id FROM entry_private_notes").fetchall()
    return {int(r[0]) for r in rows} & wanted
