"""The history that comes with an entry received in a share, as this diary reads it back.

An 'import' revision holds the sender's revisions verbatim. Reading them back gives each its
original sequence number, author, time and hash, so a history shows who wrote every version.
"""

from __future__ import annotations

import json
from typing import Any

from diary.domain.incident import Author, Revision
from diary.domain.times import parse_utc_stamp


def foreign_revisions(incident_id: int, revisions: list[dict[str, Any]]) -> list[Revision]:
    return [
        Revision(
            seq=int(f["seq"]),
            incident_id=incident_id,
            event=str(f["event"]),
            author=Author(f["author"]),
            recorded_at=parse_utc_stamp(f["recorded_at"]),
            content=json.loads(f["content"]),
            prev_hash=str(f["prev_hash"]),
            hash=str(f["hash"]),
        )
        for f in revisions
    ]


def last_author(history: list[dict[str, Any]]) -> Author:
    """Who last wrote the entry's words, looking inside entries the sender had received too."""
    for rev in reversed(history):
        if rev["event"] in ("create", "edit"):
            return Author(rev["author"])
        if rev["event"] == "import":
            inner = json.loads(rev["content"])
            return last_author(inner["revisions"])
    raise ValueError("no create or edit in history")
