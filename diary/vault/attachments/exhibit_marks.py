"""Exhibit marks (SE/1, SE/2, ...): given to attachments the first time they go into a pack,
never changed or reused after."""

from __future__ import annotations

from datetime import datetime

from diary.domain.errors import DiaryError
from diary.domain.times import utc_stamp

from ..storage.database import Connection, transaction
from .originals import _require


def _next_marks(
    conn: Connection, attachment_ids: list[int], initials: str
) -> tuple[dict[int, str], list[tuple[int, int, str]]]:
    """The marks these attachments have, and the (id, number, mark) each unmarked one would get."""
    existing = dict(conn.execute("SELECT attachment_id, mark FROM exhibit_marks").fetchall())
    (top,) = conn.execute("SELECT coalesce(max(number), 0) FROM exhibit_marks").fetchone()
    new: list[tuple[int, int, str]] = []
    for attachment_id in attachment_ids:
        if attachment_id in existing:
            continue
        _require(conn, attachment_id)
        top += 1
        existing[attachment_id] = f"{initials}/{top}"
        new.append((attachment_id, top, existing[attachment_id]))
    return {i: existing[i] for i in attachment_ids}, new


def provisional_exhibit_marks(
    conn: Connection, attachment_ids: list[int], initials: str
) -> dict[int, str]:
    """The marks the next export would give, without giving them (for a preview)."""
    return _next_marks(conn, attachment_ids, initials)[0]


def stored_exhibit_marks(
    conn: Connection, attachment_ids: list[int], initials: str
) -> dict[int, str]:
    """The marks these attachments were given before, for a diary that cannot be written to
    (read-only media): one that has none yet cannot be given one, since marks never change."""
    marks, new = _next_marks(conn, attachment_ids, initials)
    if new:
        raise DiaryError(
            f"{len(new)} of the attachments chosen have never been in an evidence pack, so they "
            "have no exhibit mark yet, and a mark can only be given where the diary's folder can "
            "be written to (marks never change once given). Export from a copy of the folder "
            "somewhere you can write to, or leave those entries out. Nothing was written."
        )
    return marks


def assign_exhibit_marks(
    conn: Connection, attachment_ids: list[int], initials: str, now: datetime
) -> dict[int, str]:
    """Give each attachment without a mark the next number; marks once given never change."""
    with transaction(conn):
        marks, new = _next_marks(conn, attachment_ids, initials)
        conn.executemany(
            "INSERT INTO exhibit_marks (attachment_id, number, mark, assigned_at)"
            " VALUES (?, ?, ?, ?)",
            [(i, number, mark, utc_stamp(now)) for i, number, mark in new],
        )
    return marks
