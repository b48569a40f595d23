"""Changes to entries already in this diary, received in a share: proposals, never applied alone.

A share can claim that its version was made from this diary's own (it can copy any hash it has
seen), so no claim in it replaces what the person wrote. The change is kept whole in a
'propose' revision, authored by the share's sender, and listed here until the person decides:
'accept' is a new revision of their own taking the proposed wording (recording whose it was),
'decline' is recorded and the proposal stays on record. Files that came with a change are not
added to the entry; the proposal lists them (name, size, SHA-256), and the share file still
holds them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from diary.domain.content_changes import FieldChange, content_changes
from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Author, IncidentContent, canonical_json, check_diary_author
from diary.domain.times import parse_utc_stamp, utc_stamp

from ..entries import authorship
from ..entries.incidents import _index, _set_behaviours
from ..entries.listing import line_assignment
from ..storage import chain
from ..storage.database import Connection, transaction

PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


@dataclass(frozen=True)
class Proposal:
    number: int
    incident_id: int
    sender: str  # as the share named them; nothing checks it
    received_at: datetime  # this diary's clock
    shared_at: str  # the sender's clock (a claim)
    status: str  # PENDING, ACCEPTED or DECLINED
    decided_at: datetime | None
    decided_by: Author | None
    proposed: IncidentContent
    current: IncidentContent  # the entry as it stands in this diary now
    entry_withdrawn: bool
    files_not_added: tuple[dict[str, Any], ...]  # filename, size, sha256 of each

    @property
    def changes(self) -> list[FieldChange]:
        return content_changes(self.current, self.proposed)


def record_proposal(
    conn: Connection,
    incident_id: int,
    uid: str,
    event: dict[str, Any],
    share_id: str,
    head: str,
    stamp: str,
) -> int:
    """Keep a received change as a proposal (inside the caller's transaction); its number."""
    chain.append(
        conn,
        incident_id,
        uid,
        "propose",
        Author.SENDER.value,
        stamp,
        canonical_json(event).decode(),
    )
    seq = chain.head(conn)[0]
    cur = conn.execute(
        "INSERT INTO proposals (incident_id, share_id, proposed_seq, foreign_head)"
        " VALUES (?, ?, ?, ?)",
        (incident_id, share_id, seq, head),
    )
    return int(cur.lastrowid)


_SELECT = (
    "SELECT p.id, p.incident_id, p.status, r.recorded_at, r.content, d.recorded_at, d.author,"
    " i.content, i.deleted FROM proposals p"
    " JOIN revisions r ON r.seq = p.proposed_seq"
    " JOIN incidents i ON i.id = p.incident_id"
    " LEFT JOIN revisions d ON d.seq = p.decided_seq"
)


def _from_row(row: tuple[Any, ...]) -> Proposal:
    event = json.loads(row[4])
    return Proposal(
        number=row[0],
        incident_id=row[1],
        sender=str(event.get("shared_by", "")),
        received_at=parse_utc_stamp(row[3]),
        shared_at=str(event.get("shared_at", "")),
        status=row[2],
        decided_at=parse_utc_stamp(row[5]) if row[5] else None,
        decided_by=Author(row[6]) if row[6] else None,
        proposed=IncidentContent.from_dict(event["current"]),
        current=IncidentContent.from_dict(json.loads(row[7])),
        entry_withdrawn=bool(row[8]),
        files_not_added=tuple(event.get("files_not_added", ())),
    )


def proposals(
    conn: Connection, *, incident_id: int | None = None, pending_only: bool = False
) -> list[Proposal]:
    """Proposals, oldest first: all of them, or one entry's, or only those still to decide."""
    clauses, params = [], []
    if incident_id is not None:
        clauses.append("p.incident_id = ?")
        params.append(incident_id)
    if pending_only:
        clauses.append("p.status = 'pending'")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return [_from_row(r) for r in conn.execute(f"{_SELECT}{where} ORDER BY p.id", params)]


def proposal(conn: Connection, number: int) -> Proposal:
    row = conn.execute(f"{_SELECT} WHERE p.id = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(
            f"There is no proposed change {number} in this diary ('diary proposals' lists them)."
        )
    return _from_row(row)


def pending_counts(conn: Connection) -> dict[int, int]:
    """How many proposals each entry has waiting (entries with none are left out)."""
    rows = conn.execute(
        "SELECT incident_id, count(*) FROM proposals WHERE status = 'pending' GROUP BY incident_id"
    )
    return {int(r[0]): int(r[1]) for r in rows}


def _pending(conn: Connection, number: int) -> tuple[Proposal, str, str]:
    """The proposal (still to decide), its revision's hash, and its entry's uid."""
    found = proposal(conn, number)
    if found.status != PENDING:
        when = f" on {utc_stamp(found.decided_at)}" if found.decided_at else ""
        raise InvalidInput(
            f"Proposed change {number} was already {found.status}{when}; nothing was changed."
        )
    digest, uid = conn.execute(
        "SELECT r.hash, r.incident_uid FROM proposals p JOIN revisions r"
        " ON r.seq = p.proposed_seq WHERE p.id = ?",
        (number,),
    ).fetchone()
    return found, str(digest), str(uid)


def _decision(found: Proposal, digest: str) -> dict[str, Any]:
    return {"proposal": found.number, "proposal_revision": digest, "proposed_by": found.sender}


def accept(conn: Connection, number: int, author: Author, now: datetime) -> int:
    """Take a proposal's wording: a new revision by author; returns the entry's id.

    For an entry whose words are already the person's own (or the advocate's), the accepted
    wording becomes theirs, recording whose it was. For an entry that is still a sender's
    account (received, not adopted), it is brought up to date and stays the sender's: adopting
    is the one way a received account becomes the person's."""
    check_diary_author(author)
    stamp = utc_stamp(now)
    with transaction(conn):
        found, digest, uid = _pending(conn, number)
        if found.entry_withdrawn:
            raise InvalidInput(
                f"Entry {found.incident_id} was withdrawn, so proposed change {number} cannot be "
                "applied to it. Decline it to record that; nothing was changed."
            )
        # Where the entry was transcribed from stays as it was, as for any edit.
        content = replace(
            found.proposed,
            transcribed_on=found.current.transcribed_on,
            written_on=found.current.written_on,
        ).validate()
        event = canonical_json({**_decision(found, digest), "content": content.to_dict()}).decode()
        words = authorship.after(
            _words_now(conn, found.incident_id), "accept", author, stamp, event
        )
        record = content.to_dict()
        line, value = line_assignment(record)
        conn.execute(
            "UPDATE incidents SET occurred_utc = ?, updated_at = ?, revisions = revisions + 1,"
            f" content = ?, last_author = ?, received_from = ?{line} WHERE id = ?",
            (
                utc_stamp(content.occurred.instant),
                stamp,
                canonical_json(record).decode(),
                words.last_author.value,
                words.received_from,
                *value,
                found.incident_id,
            ),
        )
        _set_behaviours(conn, found.incident_id, content.behaviours)
        _index(conn, found.incident_id, content)
        chain.append(conn, found.incident_id, uid, "accept", author.value, stamp, event)
        _decided(conn, number, ACCEPTED)
    return found.incident_id


def decline(conn: Connection, number: int, author: Author, now: datetime) -> int:
    """Record that the proposal was declined; the entry is unchanged. Returns the entry's id."""
    check_diary_author(author)
    with transaction(conn):
        found, digest, uid = _pending(conn, number)
        event = canonical_json(_decision(found, digest)).decode()
        chain.append(conn, found.incident_id, uid, "decline", author.value, utc_stamp(now), event)
        _decided(conn, number, DECLINED)
    return found.incident_id


def _decided(conn: Connection, number: int, status: str) -> None:
    conn.execute(
        "UPDATE proposals SET status = ?, decided_seq = ? WHERE id = ?",
        (status, chain.head(conn)[0], number),
    )


def _words_now(conn: Connection, incident_id: int) -> authorship.Words:
    author, last, sender, recorded, updated = conn.execute(
        "SELECT author, coalesce(last_author, author), received_from, recorded_at, updated_at"
        " FROM incidents WHERE id = ?",
        (incident_id,),
    ).fetchone()
    return authorship.Words(Author(author), Author(last), sender, recorded, updated)


def proposal_problems(conn: Connection) -> list[str]:
    """Proposals whose listing disagrees with the record of changes (which holds them whole)."""
    proposed: dict[str, tuple[int, int]] = {}  # hash -> (seq, incident)
    decided: dict[str, list[tuple[int, str]]] = {}  # proposal's hash -> [(seq, event)]
    problems: list[str] = []
    for seq, incident_id, event, digest, content in conn.execute(
        "SELECT seq, incident_id, event, hash, CASE event WHEN 'propose' THEN '{}' ELSE content"
        " END FROM revisions WHERE event IN ('propose', 'accept', 'decline') ORDER BY seq"
    ):
        if event == "propose":
            proposed[digest] = (seq, incident_id)
            continue
        try:
            target = str(json.loads(content)["proposal_revision"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"revision {seq} decides a proposed change that cannot be read")
            continue
        decided.setdefault(target, []).append((seq, event))
    listed = {
        int(r[1]): (int(r[0]), int(r[2]), str(r[3]), r[4])
        for r in conn.execute(
            "SELECT id, proposed_seq, incident_id, status, decided_seq FROM proposals"
        )
    }
    for digest, (seq, incident_id) in proposed.items():
        row = listed.pop(seq, None)
        decisions = decided.pop(digest, [])
        expected = (
            (PENDING, None)
            if not decisions
            else ({"accept": ACCEPTED, "decline": DECLINED}[decisions[0][1]], decisions[0][0])
        )
        if row is None or row[1] != incident_id:
            problems.append(f"the change proposed in revision {seq} is missing from the list")
        elif len(decisions) > 1 or (row[2], row[3]) != expected:
            problems.append(f"proposed change {row[0]} is listed as decided otherwise")
    problems += [f"proposed change {row[0]} has no record of changes" for row in listed.values()]
    problems += [
        f"revision {seq} decides a proposed change that was never received"
        for targets in decided.values()
        for seq, _ in targets
    ]
    return problems
