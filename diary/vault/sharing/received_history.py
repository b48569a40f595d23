"""What came with an entry received in a share, as this diary reads it back.

An 'import' revision holds the sender's revisions verbatim, so each of their hashes can still be
recomputed. Read back, each is the sender's: authored by the sender this diary knows (the name
the share gave), recorded at the time this diary received it, with the author and time the
sender's record gives it kept beside as claims this diary cannot check. A share can say anything
about who wrote it and when; only the receiving is this diary's own record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from diary.domain.incident import Author, Revision
from diary.domain.times import parse_utc_stamp

from ..storage.database import Connection


def foreign_revisions(
    incident_id: int, revisions: list[dict[str, Any]], received_at: datetime, sender: str
) -> list[Revision]:
    return [
        Revision(
            seq=int(f["seq"]),
            incident_id=incident_id,
            event=str(f["event"]),
            author=Author.SENDER,
            recorded_at=received_at,
            content=json.loads(f["content"]),
            prev_hash=str(f["prev_hash"]),
            hash=str(f["hash"]),
            received_from=sender,
            claimed_author=str(f["author"]),
            claimed_at=str(f["recorded_at"]),
        )
        for f in revisions
    ]


@dataclass(frozen=True)
class ReceivedDetails:
    """Where an entry's received words came from: this diary's record, then the share's claims."""

    sender: str  # as the sender typed it; nothing checks it
    received_at: datetime  # this diary's clock
    shared_at: str  # the sender's clock (a claim)
    claimed_author: str  # who the sender's file says wrote it ('victim', 'advocate', ...)
    claimed_recorded_at: str  # when the sender's file says it was first written
    claimed_updated_at: str  # and last changed


def received_details(conn: Connection, incident_id: int) -> ReceivedDetails | None:
    """The latest share this entry arrived in (None for an entry that never did)."""
    row = conn.execute(
        "SELECT recorded_at, content FROM revisions WHERE incident_id = ? AND event = 'import'"
        " ORDER BY seq DESC LIMIT 1",
        (incident_id,),
    ).fetchone()
    if row is None:
        return None
    event = json.loads(row[1])
    claimed = event.get("claimed") or {}
    history = event.get("revisions") or [{}]
    # Shares received before version 4 kept no separate claims: the sender's first revision has
    # them.
    return ReceivedDetails(
        sender=str(event.get("shared_by", "")),
        received_at=parse_utc_stamp(row[0]),
        shared_at=str(event.get("shared_at", "")),
        claimed_author=str(claimed.get("author", history[0].get("author", ""))),
        claimed_recorded_at=str(claimed.get("recorded_at", history[0].get("recorded_at", ""))),
        claimed_updated_at=str(claimed.get("updated_at", history[-1].get("recorded_at", ""))),
    )
