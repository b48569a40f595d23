"""The timeline's rows: only what a list of ten thousand entries shows, read in one query.

Building every full `Incident` takes a few hundred milliseconds for ten thousand entries; the
window's list needs only when, where, behaviours, the start of the account, the evidence count
and the police reference. The whole entry is read when one is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from diary.domain.times import Moment, parse_utc_stamp

from ..storage.database import Connection
from . import stored_json

SUMMARY_CHARS = 300

# SQLite's json_extract is slower here than Python's json module (every parse allocates, and
# freed memory is wiped), so the content is parsed once, in Python.
_SQL = """
SELECT i.id, i.content,
       (SELECT count(*) FROM attachments a WHERE a.incident_id = i.id AND a.removed_at IS NULL),
       (SELECT group_concat(m.mark, ', ') FROM attachments a
            JOIN exhibit_marks m ON m.attachment_id = a.id
            WHERE a.incident_id = i.id AND a.removed_at IS NULL),
       CASE WHEN coalesce(i.last_author, i.author) = 'sender'
            THEN coalesce(i.received_from, '') END,
       (SELECT count(*) FROM proposals p WHERE p.incident_id = i.id AND p.status = 'pending'),
       coalesce(i.last_author, i.author),
       CASE WHEN i.deleted THEN i.updated_at END
FROM incidents i
WHERE i.deleted IN ({deleted}){only}
ORDER BY i.occurred_utc, i.id
"""

# The newest entries, from the index on time alone (schema 8): a first screen without reading
# the whole table.
_NEWEST = """
 AND i.id IN (SELECT id FROM incidents WHERE deleted IN ({deleted})
              ORDER BY occurred_utc DESC, id DESC LIMIT ?)"""


@dataclass(slots=True)
class TimelineRow:
    id: int
    occurred: Moment
    location: str
    behaviours: tuple[str, ...]
    summary: str  # the start of what happened
    police_ref: str
    attachments: int
    marks: str  # exhibit marks given so far, e.g. "AS/1, AS/2"
    received_from: str | None = None  # the sender, when its words are a sender's (not adopted)
    proposals_waiting: int = 0  # changes received in shares, not yet accepted or declined
    advocate: str | None = None  # the advocate's name, when its words are an advocate's
    told_by: str | None = None  # who told the writer, when they did not see or hear it
    deleted_at: datetime | None = None  # when it was deleted, for a deleted entry


def timeline_rows(
    conn: Connection, *, with_deleted: bool = False, newest: int | None = None
) -> list[TimelineRow]:
    """Every live incident (and, with_deleted, every deleted one too), in time order, as the
    timeline shows it; with newest, only that many of the latest (still in time order)."""
    deleted = "0, 1" if with_deleted else "0"
    if newest is None:
        return [_row(*found) for found in conn.execute(_SQL.format(deleted=deleted, only=""))]
    only = _NEWEST.format(deleted=deleted)
    return [
        _row(*found) for found in conn.execute(_SQL.format(deleted=deleted, only=only), (newest,))
    ]


def timeline_row(conn: Connection, incident_id: int) -> TimelineRow | None:
    """One incident as the timeline shows it (after a save); None once it is deleted."""
    sql = _SQL.format(deleted="0", only=" AND i.id = ?")
    found = conn.execute(sql, (incident_id,)).fetchone()
    return _row(*found) if found else None


def _row(
    incident_id: int,
    content: str,
    attachments: int,
    marks: str | None,
    sender: str | None,
    waiting: int,
    words_by: str,
    deleted_at: str | None,
) -> TimelineRow:
    c = stored_json.loads(content)
    advocate = str(c.get("written_by") or "") if words_by == "advocate" else None
    return TimelineRow(
        incident_id,
        Moment.from_dict(c["occurred"]),
        c.get("location") or "",
        tuple(c.get("behaviours") or ()),
        (c.get("text") or "")[:SUMMARY_CHARS],
        c.get("police_ref") or "",
        attachments,
        marks or "",
        sender,
        waiting,
        advocate,
        None if c.get("first_hand", True) is not False else str(c.get("told_by") or ""),
        parse_utc_stamp(deleted_at) if deleted_at else None,
    )
