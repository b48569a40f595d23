"""Incidents in the database: plain functions over a connection, each write one revision.

The `incidents` table holds each incident as it stands now (for listing and search); the
`revisions` table holds every version in full, hash-chained. A save appends a revision in the
same transaction as the change, so the two cannot disagree after a crash.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import (
    Attachment,
    Author,
    Incident,
    IncidentContent,
    Source,
    canonical_json,
    check_diary_author,
    check_text,
)
from diary.domain.times import parse_utc_stamp, utc_stamp

from ..storage import chain
from ..storage.database import Connection, transaction
from .listing import line_assignment, line_column

_COLUMNS = (
    "id, uid, content, author, recorded_at, updated_at, revisions, deleted, last_author,"
    " received_from"
)
_ATTACHMENT_COLUMNS = (
    "a.id, a.incident_id, a.sha256, a.filename, a.size, a.media_type, a.claimed_type,"
    " a.imported_at, a.exif_captured_at, a.source, a.thumbnail IS NOT NULL, a.preview_problem,"
    " m.mark"
)


def _index(conn: Connection, incident_id: int, content: IncidentContent) -> None:
    conn.execute("DELETE FROM incident_fts WHERE rowid = ?", (incident_id,))
    cols = content.searchable_text()
    conn.execute(
        "INSERT INTO incident_fts (rowid, location, body, words, people, impact, refs)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (incident_id, *cols.values()),
    )


def _set_behaviours(conn: Connection, incident_id: int, behaviours: tuple[str, ...]) -> None:
    conn.execute("DELETE FROM incident_behaviours WHERE incident_id = ?", (incident_id,))
    conn.executemany(
        "INSERT INTO incident_behaviours (incident_id, kind) VALUES (?, ?)",
        [(incident_id, kind) for kind in behaviours],
    )


def insert(
    conn: Connection,
    content: IncidentContent,
    author: Author,
    now: datetime,
    *,
    uid: str | None = None,
) -> int:
    """Save a new incident with its first revision; return its id."""
    with transaction(conn):
        return insert_in_transaction(conn, content, author, now, uid=uid)


def insert_in_transaction(
    conn: Connection,
    content: IncidentContent,
    author: Author,
    now: datetime,
    *,
    uid: str | None = None,
) -> int:
    """insert() inside the caller's transaction, for imports that save many rows or none."""
    check_diary_author(author)
    content = attributed(conn, content.validate(), author)
    record = content.to_dict()
    body = canonical_json(record).decode()
    stamp = utc_stamp(now)
    uid = uid or uuid.uuid4().hex
    column, placeholder, line = line_column(record)
    cur = conn.execute(
        "INSERT INTO incidents (uid, occurred_utc, author, recorded_at, updated_at,"
        f" revisions, deleted, content, last_author{column})"
        f" VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?{placeholder})",
        (
            uid,
            utc_stamp(content.occurred.instant),
            author.value,
            stamp,
            stamp,
            body,
            author.value,
            *line,
        ),
    )
    incident_id = int(cur.lastrowid)
    _set_behaviours(conn, incident_id, content.behaviours)
    _index(conn, incident_id, content)
    chain.append(conn, incident_id, uid, "create", author.value, stamp, body)
    return incident_id


def diary_advocate(conn: Connection) -> str:
    """The advocate named in the diary's case details ('' when none is)."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'case'").fetchone()
    try:
        case = json.loads(row[0]) if row else {}
    except ValueError:
        return ""
    return " ".join(str(case.get("advocate") or "").split()) if isinstance(case, dict) else ""


def attributed(conn: Connection, content: IncidentContent, author: Author) -> IncidentContent:
    """content as saved by author: an advocate's words carry the advocate's name (the one given
    with them, else the diary's advocate), the person's words none. Who wrote a version is
    the vault's to say, so a form or a command cannot put one writer's name on another's."""
    if author is Author.ADVOCATE:
        return replace(
            content, written_by=" ".join(content.written_by.split()) or diary_advocate(conn)
        )
    return replace(content, written_by="")


def insert_many_in_transaction(
    conn: Connection,
    contents: Sequence[IncidentContent],
    author: Author,
    now: datetime,
    batch: int = 500,
) -> list[int]:
    """insert_in_transaction() for many new incidents (an import of thousands of rows): the
    same rows, written in batches, with nothing to clear first since every incident is new."""
    stamp = utc_stamp(now)
    (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM incidents").fetchone()
    ids: list[int] = []
    revisions = chain.Appender(conn)
    rows: list[tuple[Any, ...]] = []
    behaviours: list[tuple[int, str]] = []
    indexed: list[tuple[Any, ...]] = []

    column, placeholder, _ = line_column({})

    def write() -> None:
        conn.executemany(
            "INSERT INTO incidents (id, uid, occurred_utc, author, recorded_at, updated_at,"
            f" revisions, deleted, content, last_author{column})"
            f" VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?, ?{placeholder})",
            rows,
        )
        conn.executemany(
            "INSERT INTO incident_behaviours (incident_id, kind) VALUES (?, ?)", behaviours
        )
        conn.executemany(
            "INSERT INTO incident_fts (rowid, location, body, words, people, impact, refs)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            indexed,
        )
        revisions.flush()  # after the incidents they refer to
        for written in (rows, behaviours, indexed):
            written.clear()

    for content in contents:
        content = attributed(conn, content.validate(), author)
        record = content.to_dict()
        body = canonical_json(record).decode()
        uid, incident_id = uuid.uuid4().hex, next_id + len(ids)
        occurred = utc_stamp(content.occurred.instant)
        row = (incident_id, uid, occurred, author.value, stamp, stamp, body, author.value)
        rows.append(row + line_column(record)[2])
        behaviours.extend((incident_id, kind) for kind in content.behaviours)
        indexed.append((incident_id, *content.searchable_text().values()))
        revisions.add(incident_id, uid, "create", author.value, stamp, body)
        ids.append(incident_id)
        if len(rows) >= batch:
            write()
    write()
    return ids


def _uid_of(conn: Connection, incident_id: int) -> str:
    row = conn.execute(
        "SELECT uid FROM incidents WHERE id = ? AND deleted = 0", (incident_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no incident {incident_id} in this diary.")
    return str(row[0])


def received_words_note(incident_id: int, sender: str) -> str:
    """Why the person cannot change an entry whose words are a sender's (and what to do)."""
    return (
        f"Entry {incident_id} holds words received from {sender or 'someone unnamed'}, not "
        "yours, so it cannot be changed as yours. If it is your own account, adopt it first "
        f"('diary adopt {incident_id}', or 'Adopt as my own account' in the window); nothing "
        "was changed."
    )


def _check_may_change(conn: Connection, incident_id: int, author: Author) -> None:
    """An edit by the person themselves would make a sender's words theirs without their
    saying so: that is what adopting is for. (An advocate's edit is theirs, and says so.)"""
    check_diary_author(author)
    row = conn.execute(
        "SELECT last_author, received_from FROM incidents WHERE id = ?", (incident_id,)
    ).fetchone()
    if row is not None and row[0] == Author.SENDER.value and author is Author.VICTIM:
        raise InvalidInput(received_words_note(incident_id, str(row[1] or "")))


def update(
    conn: Connection, incident_id: int, content: IncidentContent, author: Author, now: datetime
) -> None:
    """Save a new version of an incident; the earlier versions stay in its history."""
    with transaction(conn):
        update_in_transaction(conn, incident_id, content, author, now)


def update_in_transaction(
    conn: Connection, incident_id: int, content: IncidentContent, author: Author, now: datetime
) -> None:
    """update(), inside a transaction the caller holds."""
    content.validate()
    stamp = utc_stamp(now)
    uid = _uid_of(conn, incident_id)
    _check_may_change(conn, incident_id, author)
    # Where an entry was transcribed from is fixed when it is imported, like recorded_at:
    # an edit (from a form that does not show it) never drops or changes it.
    (current,) = conn.execute(
        "SELECT content FROM incidents WHERE id = ?", (incident_id,)
    ).fetchone()
    kept = json.loads(current)
    content = replace(
        attributed(conn, content, author),
        transcribed_on=kept.get("transcribed_on", ""),
        written_on=kept.get("written_on", ""),
        transcribed_from=kept.get("transcribed_from", ""),
    )
    record = content.to_dict()
    body = canonical_json(record).decode()
    line, value = line_assignment(record)
    conn.execute(
        "UPDATE incidents SET occurred_utc = ?, updated_at = ?, revisions = revisions + 1,"
        f" content = ?, last_author = ?{line} WHERE id = ?",
        (utc_stamp(content.occurred.instant), stamp, body, author.value, *value, incident_id),
    )
    _set_behaviours(conn, incident_id, content.behaviours)
    _index(conn, incident_id, content)
    chain.append(conn, incident_id, uid, "edit", author.value, stamp, body)


MAX_REASON_CHARS = 500


def check_reason(reason: str) -> None:
    """A reason for deleting or removing is a line or two, kept in the record for good."""
    check_text(reason, "reason")
    if len(reason.strip()) > MAX_REASON_CHARS:
        raise InvalidInput(
            f"The reason is longer than {MAX_REASON_CHARS} characters. Say it in a line or two; "
            "nothing was changed."
        )


def delete(conn: Connection, incident_id: int, reason: str, author: Author, now: datetime) -> None:
    """Withdraw an incident. Its history stays, and the deletion itself is a revision."""
    check_diary_author(author)
    check_reason(reason)
    stamp = utc_stamp(now)
    body = canonical_json({"reason": reason.strip()}).decode()
    with transaction(conn):
        uid = _uid_of(conn, incident_id)
        conn.execute(
            "UPDATE incidents SET deleted = 1, updated_at = ?, revisions = revisions + 1"
            " WHERE id = ?",
            (stamp, incident_id),
        )
        conn.execute("DELETE FROM incident_fts WHERE rowid = ?", (incident_id,))
        chain.append(conn, incident_id, uid, "delete", author.value, stamp, body)


def restore(conn: Connection, incident_id: int, author: Author, now: datetime) -> None:
    """Put a deleted incident back as it stood; the restoring is a revision too, carrying the
    entry as restored (so its record alone says what the entry holds again)."""
    check_diary_author(author)
    stamp = utc_stamp(now)
    with transaction(conn):
        row = conn.execute(
            "SELECT uid, content, deleted FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no incident {incident_id} in this diary.")
        uid, current, deleted = str(row[0]), str(row[1]), bool(row[2])
        if not deleted:
            raise InvalidInput(
                f"Entry {incident_id} is not deleted, so there is nothing to restore."
            )
        content = IncidentContent.from_dict(json.loads(current))
        conn.execute(
            "UPDATE incidents SET deleted = 0, updated_at = ?, revisions = revisions + 1"
            " WHERE id = ?",
            (stamp, incident_id),
        )
        _index(conn, incident_id, content)
        body = canonical_json({"content": json.loads(current)}).decode()
        chain.append(conn, incident_id, uid, "restore", author.value, stamp, body)


def _attachment_from_row(row: tuple[Any, ...]) -> Attachment:
    return Attachment(
        id=row[0],
        incident_id=row[1],
        sha256=row[2],
        filename=row[3],
        size=row[4],
        media_type=row[5],
        claimed_type=row[6],
        imported_at=parse_utc_stamp(row[7]),
        exif_captured_at=row[8],
        source=Source.from_dict(json.loads(row[9])),
        has_thumbnail=bool(row[10]),
        preview_problem=row[11],
        exhibit_mark=row[12],
    )


def attachments_for(
    conn: Connection, incident_ids: list[int] | None, *, removed: bool = False
) -> dict[int, list[Attachment]]:
    """Attachments grouped by incident id, oldest first (all incidents when ids is None).

    Files removed from their entry are left out (they are in no pack or share), unless removed
    is True, which gives only those: their bytes and their record stay in the diary."""
    sql = (
        f"SELECT {_ATTACHMENT_COLUMNS} FROM attachments a"
        " LEFT JOIN exhibit_marks m ON m.attachment_id = a.id"
        f" WHERE a.removed_at IS {'NOT ' if removed else ''}NULL"
    )
    params: list[int] = []
    if incident_ids is not None:
        if not incident_ids:
            return {}
        sql += f" AND a.incident_id IN ({','.join('?' * len(incident_ids))})"
        params = incident_ids
    grouped: dict[int, list[Attachment]] = defaultdict(list)
    for row in conn.execute(sql + " ORDER BY a.id", params):
        grouped[row[1]].append(_attachment_from_row(row))
    return grouped


def attachment(conn: Connection, attachment_id: int) -> Attachment:
    """One attachment by id (its incident's others are not read)."""
    row = conn.execute(
        f"SELECT {_ATTACHMENT_COLUMNS} FROM attachments a"
        " LEFT JOIN exhibit_marks m ON m.attachment_id = a.id WHERE a.id = ?",
        (attachment_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no attachment {attachment_id} in this diary.")
    return _attachment_from_row(row)


class StoredIncident(Incident):
    """An Incident read from the diary, whose content is decoded from its JSON on first use.

    Decoding is most of the cost of listing: ten thousand entries take several times as long
    to decode as to fetch. A timeline shows a screenful at a time, so it decodes only those;
    anything that reads `content` gets exactly what an eagerly decoded Incident would hold.
    """

    @property
    def content(self) -> IncidentContent:
        held = self.__dict__
        cached: IncidentContent | None = held.get("_content")
        if cached is None:
            raw = held.get("_content_json")
            if raw is None:  # decoded by another thread just now
                return held["_content"]  # type: ignore[no-any-return]
            cached = IncidentContent.from_dict(json.loads(raw))
            held["_content"] = cached
            # The JSON is dropped once decoded (an export holds every entry it packs); set
            # first, so that a thread finding no JSON finds the content.
            held.pop("_content_json", None)
        return cached

    @content.setter
    def content(self, value: IncidentContent) -> None:
        # Only the dataclass __init__ (as dataclasses.replace calls it) sets this.
        self.__dict__["_content"] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Incident):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(Incident))

    __hash__ = Incident.__hash__


def _incident_from_row(row: tuple[Any, ...], attachments: list[Attachment]) -> Incident:
    incident = StoredIncident.__new__(StoredIncident)
    # Filled in directly: the frozen dataclass __init__ costs more than the fetch itself.
    incident.__dict__.update(
        id=row[0],
        uid=row[1],
        _content_json=row[2],
        author=Author(row[3]),
        recorded_at=parse_utc_stamp(row[4]),
        updated_at=parse_utc_stamp(row[5]),
        revisions=row[6],
        deleted=bool(row[7]),
        last_author=Author(row[8]) if row[8] else Author(row[3]),
        received_from=row[9],
        attachments=tuple(attachments),
    )
    return incident


def get(conn: Connection, incident_id: int, *, include_deleted: bool = False) -> Incident:
    row = conn.execute(f"SELECT {_COLUMNS} FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    if row is None or (row[7] and not include_deleted):
        raise NotFound(f"There is no incident {incident_id} in this diary.")
    return _incident_from_row(row, attachments_for(conn, [incident_id]).get(incident_id, []))


def select(
    conn: Connection,
    *,
    start: date | None = None,
    end: date | None = None,
    behaviour: str | None = None,
    ids: list[int] | None = None,
) -> list[Incident]:
    """Incidents in time order, filtered by local calendar day of occurrence and behaviour."""
    clauses = ["deleted = 0"]
    params: list[Any] = []
    if behaviour:
        clauses.append("id IN (SELECT incident_id FROM incident_behaviours WHERE kind = ?)")
        params.append(behaviour)
    if ids is not None:
        clauses.append(f"id IN ({','.join('?' * len(ids))})" if ids else "0")
        params.extend(ids)
    # Widen by a day in SQL (the index does the work), then apply the exact local-day rule.
    if start:
        clauses.append("occurred_utc >= ?")
        params.append(f"{start - timedelta(days=1)}T00:00:00Z")
    if end:
        clauses.append("occurred_utc < ?")
        params.append(f"{end + timedelta(days=2)}T00:00:00Z")
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM incidents WHERE {' AND '.join(clauses)} ORDER BY occurred_utc, id",
        params,
    ).fetchall()
    everything = ids is None and not (start or end or behaviour)
    attachments = attachments_for(conn, None if everything else [r[0] for r in rows])
    found = [_incident_from_row(r, attachments.get(r[0], [])) for r in rows]
    if start or end:
        found = [i for i in found if _within(i.content.occurred.local.date(), start, end)]
    return found


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def withdrawn(conn: Connection) -> list[Incident]:
    """Deleted incidents in time order, as they stood when deleted (their history is kept)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM incidents WHERE deleted = 1 ORDER BY occurred_utc, id"
    ).fetchall()
    attachments = attachments_for(conn, [r[0] for r in rows])
    return [_incident_from_row(r, attachments.get(r[0], [])) for r in rows]
