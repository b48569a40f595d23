"""Adopting a received account: the person takes a sender's words as their own.

Until then, an entry that arrived in a share is its sender's: shown as theirs, kept out of the
person's first-person statement, and closed to the person's own edits. Adopting is one new
revision by the person, at this diary's time, holding the words as they stand and naming the
sender they came from; from then on they are the person's own account, and say so in the record.
"""

from __future__ import annotations

import json
from datetime import datetime

from diary.domain.errors import InvalidInput
from diary.domain.incident import Author, canonical_json
from diary.domain.times import utc_stamp

from ..entries.incidents import _uid_of
from ..storage import chain
from ..storage.database import Connection, transaction


def adopt(conn: Connection, incident_id: int, now: datetime) -> None:
    """Make a received entry's words the person's own (the victim's), from now."""
    stamp = utc_stamp(now)
    with transaction(conn):
        uid = _uid_of(conn, incident_id)
        last_author, sender, content = conn.execute(
            "SELECT coalesce(last_author, author), received_from, content FROM incidents"
            " WHERE id = ?",
            (incident_id,),
        ).fetchone()
        if last_author != Author.SENDER.value:
            raise InvalidInput(
                f"Entry {incident_id} is not a received account waiting to be adopted: its "
                f"words are already the {last_author}'s. Nothing was changed."
            )
        (latest,) = conn.execute(
            "SELECT hash FROM revisions WHERE incident_id = ? AND event IN"
            " ('create', 'edit', 'import', 'accept', 'adopt') ORDER BY seq DESC LIMIT 1",
            (incident_id,),
        ).fetchone()
        event = {
            "content": json.loads(content),
            "received_from": sender or "",
            "adopted_revision": latest,
        }
        conn.execute(
            "UPDATE incidents SET last_author = ?, updated_at = ?, revisions = revisions + 1"
            " WHERE id = ?",
            (Author.VICTIM.value, stamp, incident_id),
        )
        chain.append(
            conn,
            incident_id,
            uid,
            "adopt",
            Author.VICTIM.value,
            stamp,
            canonical_json(event).decode(),
        )
