"""Who wrote what: each entry's `last_author` must agree with its record of changes.

The current state of an entry keeps who wrote its words as they stand now (the victim or an
advocate). It is derived data, so `diary check` compares it with the hash-chained revisions: a
changed attribution is reported like a changed text.
"""

from __future__ import annotations

import json

from diary.domain.incident import Author

from .database import Connection
from .received_history import last_author


def authorship_problems(conn: Connection) -> list[str]:
    latest = conn.execute(
        "SELECT r.incident_id, r.event, r.author, r.content, i.last_author FROM revisions r"
        " JOIN incidents i ON i.id = r.incident_id"
        " WHERE r.seq IN (SELECT max(seq) FROM revisions"
        " WHERE event IN ('create', 'edit', 'import') GROUP BY incident_id)"
    )
    problems = []
    for incident_id, event, author, content, recorded in latest:
        try:
            expected: Author = (
                last_author(json.loads(content)["revisions"])
                if event == "import"
                else Author(author)
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"incident {incident_id} has a record of changes that cannot be read")
            continue
        if recorded != expected.value:
            problems.append(f"incident {incident_id} names the wrong author for its words")
    return problems
