"""Saving entries transcribed from an earlier record (a spreadsheet diary): all of them, or none."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from diary.domain.incident import Author, IncidentContent
from diary.domain.times import utc_now, utc_stamp

from ..storage.database import transaction
from .incidents import insert_many_in_transaction

if TYPE_CHECKING:
    from ..vault import Vault


def save_transcribed(
    vault: Vault, entries: list[IncidentContent], author: Author = Author.VICTIM
) -> list[int]:
    """Add every entry in one transaction; if any fails, the diary is left as it was."""
    now = utc_now()
    with transaction(vault.conn) as conn:
        return insert_many_in_transaction(conn, entries, author, now)


@dataclass(frozen=True)
class Transcribed:
    added: list[int]  # the new incidents' numbers, in the file's order
    already_here: int  # rows left out: an entry with the same time and words is in the diary


def save_new_transcribed(
    vault: Vault, entries: list[IncidentContent], author: Author = Author.VICTIM
) -> Transcribed:
    """save_transcribed, leaving out entries the diary already holds (the same time and the
    same words), so that importing the same spreadsheet twice does not count incidents twice."""
    times = sorted({utc_stamp(c.occurred.instant) for c in entries})
    here: set[tuple[str, str]] = set()
    for start in range(0, len(times), 500):
        batch = times[start : start + 500]
        rows = vault.conn.execute(
            "SELECT occurred_utc, content FROM incidents WHERE deleted = 0 AND occurred_utc IN"
            f" ({','.join('?' * len(batch))})",
            batch,
        ).fetchall()
        here |= {(str(r[0]), str(json.loads(r[1]).get("text", ""))) for r in rows}
    fresh = [c for c in entries if (utc_stamp(c.occurred.instant), c.text) not in here]
    added = save_transcribed(vault, fresh, author) if fresh else []
    return Transcribed(added, len(entries) - len(fresh))
