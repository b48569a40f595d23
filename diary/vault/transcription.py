"""Saving entries transcribed from an earlier record (a spreadsheet diary): all of them, or none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diary.domain.incident import Author, IncidentContent
from diary.domain.times import utc_now

from .database import transaction
from .incidents import insert_in_transaction

if TYPE_CHECKING:
    from .vault import Vault


def save_transcribed(
    vault: Vault, entries: list[IncidentContent], author: Author = Author.VICTIM
) -> list[int]:
    """Add every entry in one transaction; if any fails, the diary is left as it was."""
    now = utc_now()
    with transaction(vault.conn) as conn:
        return [insert_in_transaction(conn, content, author, now) for content in entries]
