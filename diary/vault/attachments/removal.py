"""Removing a file from an entry: a recorded change, never an erasure.

A file added by mistake (the wrong screenshot, one of a duplicate pair) must stop going to the
police, yet a diary whose evidence can vanish without trace would be worth nothing. So the
file's bytes and its 'attach' revision stay; a 'detach' revision (which file, its hash, the
reason, who and when) joins the entry's hash-chained history, and `removed_at` keeps the file
out of the entry as it stands now: out of the window's entry, packs and shares. `diary check`
holds the two against each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Author, canonical_json, check_diary_author
from diary.domain.times import parse_utc_stamp, utc_stamp

from ..entries.incidents import check_reason
from ..storage import chain
from ..storage.database import Connection, transaction


@dataclass(frozen=True)
class RemovedFile:
    """A file taken out of an entry: what it was, when, by whom and why."""

    attachment_id: int
    incident_id: int
    filename: str
    sha256: str
    exhibit_mark: str | None
    removed_at: datetime
    removed_by: Author
    reason: str


def remove_attachment(
    conn: Connection, attachment_id: int, reason: str, author: Author, now: datetime
) -> int:
    """Take a file out of its entry (a 'detach' revision); returns the entry's number."""
    check_diary_author(author)
    check_reason(reason)
    stamp = utc_stamp(now)
    with transaction(conn):
        row = conn.execute(
            "SELECT a.incident_id, a.uid, a.sha256, a.filename, a.removed_at, i.uid, i.deleted"
            " FROM attachments a JOIN incidents i ON i.id = a.incident_id WHERE a.id = ?",
            (attachment_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no attachment {attachment_id} in this diary.")
        incident_id, uid, sha256, filename, removed, incident_uid, deleted = row
        if removed is not None:
            raise InvalidInput(f"{filename} was already removed from entry {incident_id}.")
        if deleted:
            raise InvalidInput(
                f"Entry {incident_id} is deleted; restore it first to change its files."
            )
        conn.execute("UPDATE attachments SET removed_at = ? WHERE id = ?", (stamp, attachment_id))
        conn.execute(
            "UPDATE incidents SET updated_at = ?, revisions = revisions + 1 WHERE id = ?",
            (stamp, incident_id),
        )
        body = {"attachment": uid, "sha256": sha256, "filename": filename}
        body["reason"] = reason.strip()
        chain.append(
            conn,
            incident_id,
            str(incident_uid),
            "detach",
            author.value,
            stamp,
            canonical_json(body).decode(),
        )
    return int(incident_id)


def removed_files(conn: Connection, incident_ids: list[int] | None = None) -> list[RemovedFile]:
    """Files removed from entries (of these entries, or all), in the order they were removed."""
    sql = (
        "SELECT a.id, a.incident_id, a.filename, a.sha256, m.mark, r.recorded_at, r.author,"
        " json_extract(r.content, '$.reason') FROM revisions r"
        " JOIN attachments a ON a.uid = json_extract(r.content, '$.attachment')"
        " LEFT JOIN exhibit_marks m ON m.attachment_id = a.id WHERE r.event = 'detach'"
    )
    params: list[int] = []
    if incident_ids is not None:
        if not incident_ids:
            return []
        sql += f" AND r.incident_id IN ({','.join('?' * len(incident_ids))})"
        params = list(incident_ids)
    return [
        RemovedFile(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            parse_utc_stamp(row[5]),
            Author(row[6]),
            str(row[7] or ""),
        )
        for row in conn.execute(sql + " ORDER BY r.seq", params)
    ]


def removal_problems(conn: Connection) -> list[str]:
    """Files whose removal is not what the record of changes says."""
    recorded = {
        str(uid)
        for (uid,) in conn.execute(
            "SELECT json_extract(content, '$.attachment') FROM revisions WHERE event = 'detach'"
        )
    }
    problems = []
    for attachment_id, uid, removed in conn.execute(
        "SELECT id, uid, removed_at FROM attachments ORDER BY id"
    ):
        if (removed is not None) != (uid in recorded):
            problems.append(f"attachment {attachment_id} differs from its recorded history")
    return problems
