"""Incidents' recorded history read back: every revision, in order, and a check against it.

The `revisions` table is the append-only, hash-chained record of every change (see
incidents.py for the writing side). Reading it for many incidents at once is one query, so an
export of hundreds of entries does not read each entry again just to learn that it exists.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from diary.domain.errors import NotFound
from diary.domain.incident import Author, Revision, canonical_json
from diary.domain.times import parse_utc_stamp

from ..sharing.received_history import foreign_revisions
from ..storage import chain
from ..storage.database import Connection
from .authorship import STATE_IN

# Well under SQLite's limit on the number of values one statement may take.
_BATCH = 500


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def _revisions_from_row(r: tuple[Any, ...]) -> Iterable[Revision]:
    content = json.loads(r[5])
    recorded_at = parse_utc_stamp(r[4])
    received = r[2] in ("import", "propose")
    if r[2] == "import":
        # Entries received in a share: first their own history, as the sender's record gives
        # it (the sender's, received when this diary received it; its authors and times are
        # the sender's claims), then the import itself.
        yield from foreign_revisions(
            r[1], content.get("revisions", []), recorded_at, str(content.get("shared_by", ""))
        )
    if received:
        # A proposal's own history stays in the record, not in this entry's history: it is
        # the history of a version this diary does not hold.
        count = len(content.get("revisions", []))
        content = {k: v for k, v in content.items() if k != "revisions"}
        content["revisions_received"] = count
    yield Revision(
        seq=r[0],
        incident_id=r[1],
        event=r[2],
        author=Author.SENDER if received else Author(r[3]),
        recorded_at=recorded_at,
        content=content,
        prev_hash=r[6],
        hash=r[7],
        received_from=str(content.get("shared_by", "")) if received else "",
    )


def histories(
    conn: Connection, incident_ids: list[int], *, with_content: bool = True
) -> dict[int, list[Revision]]:
    """Each incident's revisions, oldest first, withdrawn ones included.

    Without with_content, each revision's content is left empty (an export's audit trail needs
    only who changed what when), except an import's or a proposal's, which name the sender (an
    import's holds the sender's own revisions too), and a deletion's or a file's removal, which
    say why.
    Raises NotFound (naming the first in the list) if any of them is not in the diary.
    """
    content = (
        "content"
        if with_content
        else "CASE WHEN event IN ('import', 'propose', 'delete', 'detach') THEN content"
        " ELSE '{}' END"
    )
    wanted = list(dict.fromkeys(incident_ids))
    found: dict[int, list[Revision]] = defaultdict(list)
    known: set[int] = set()
    for batch in _batches(wanted):
        marks = ",".join("?" * len(batch))
        known.update(
            row[0] for row in conn.execute(f"SELECT id FROM incidents WHERE id IN ({marks})", batch)
        )
        rows = conn.execute(
            f"SELECT seq, incident_id, event, author, recorded_at, {content}, prev_hash, hash"
            f" FROM revisions WHERE incident_id IN ({marks}) ORDER BY incident_id, seq",
            batch,
        )
        for row in rows:
            found[row[1]].extend(_revisions_from_row(row))
    for incident_id in wanted:
        if incident_id not in known:
            raise NotFound(f"There is no incident {incident_id} in this diary.")
    return {incident_id: found[incident_id] for incident_id in wanted}


def history(conn: Connection, incident_id: int) -> list[Revision]:
    """One incident's revisions, oldest first (NotFound if there is no such incident)."""
    return histories(conn, [incident_id])[incident_id]


_STATE_EVENTS = "('create', 'edit', 'delete', 'import', 'accept', 'adopt', 'restore')"


def consistency_problems(conn: Connection) -> list[str]:
    """Incidents whose current state is not what their latest revision says."""
    problems = []
    latest = {
        row[0]: (row[1], row[2])
        for row in conn.execute(
            f"SELECT incident_id, event, content FROM revisions WHERE event IN {_STATE_EVENTS}"
            f" AND seq IN (SELECT max(seq) FROM revisions WHERE event IN {_STATE_EVENTS}"
            " GROUP BY incident_id)"
        )
    }
    for incident_id, content, deleted in conn.execute("SELECT id, content, deleted FROM incidents"):
        event, body = latest.get(incident_id, (None, None))
        if event is None:
            problems.append(f"incident {incident_id} has no recorded history")
            continue
        if event in STATE_IN:
            # Received, accepted or adopted: the state travels inside the revision's record.
            body = canonical_json(json.loads(body).get(STATE_IN[event])).decode()
        if deleted != (event == "delete") or (event != "delete" and body != content):
            problems.append(f"incident {incident_id} differs from its recorded history")
    return problems


def recorded_links(conn: Connection, incident_ids: list[int]) -> dict[int, list[chain.Link]]:
    """Each incident's revisions exactly as hashed, oldest first: what an evidence bundle needs
    for anyone to work every hash out again. An entry received in a share has the sender's
    revisions (carried verbatim in the import revision) just before the import itself."""
    found: dict[int, list[chain.Link]] = {incident_id: [] for incident_id in incident_ids}
    for batch in _batches(list(found)):
        rows = conn.execute(
            "SELECT incident_id, seq, incident_uid, event, author, recorded_at, content,"
            f" prev_hash, hash FROM revisions WHERE incident_id IN ({','.join('?' * len(batch))})"
            " ORDER BY incident_id, seq",
            batch,
        )
        for incident_id, *row in rows:
            link = chain.Link(*row)
            if link.event == "import":
                found[incident_id] += [
                    chain.Link(
                        int(r["seq"]),
                        link.incident_uid,
                        str(r["event"]),
                        str(r["author"]),
                        str(r["recorded_at"]),
                        str(r["content"]),
                        str(r["prev_hash"]),
                        str(r["hash"]),
                        received=True,
                    )
                    for r in json.loads(link.content).get("revisions", [])
                ]
            found[incident_id].append(link)
    return found
