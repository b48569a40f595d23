"""Who wrote what: each entry's authors, sender and times must agree with its record of changes.

The current state of an entry keeps who first wrote it, whose its words are as they stand now
(the victim, an advocate, or a share's sender), the sender it was received from, and when it was
written and last changed. All of it is derived from the hash-chained revisions, so `diary check`
derives it again and compares: a changed attribution is reported like a changed text.

The rule that keeps a share from putting words in the person's mouth lives here too: whatever a
share says about its own authors, what arrived in it ('import') is the sender's, and only the
person's own act ('create', 'edit', 'adopt', or 'accept' of a change to their own words) makes
words theirs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from diary.domain.incident import Author

from ..storage.database import Connection

# Events that set what an entry says (or, for 'delete' and 'restore', withdraw it or put it
# back, and for 'detach', take a file out of it): its last change.
CHANGING_EVENTS = ("create", "edit", "import", "accept", "adopt", "delete", "restore", "detach")
# Revisions that carry the entry's new state inside their record, and under which key (the
# others that set it, 'create' and 'edit', are the state itself).
STATE_IN = {"import": "current", "accept": "content", "adopt": "content", "restore": "content"}
# Events written by a share's sender; every other event is written by someone in this diary.
SENDER_EVENTS = ("import", "propose")


@dataclass(frozen=True)
class Words:
    """Who an entry's words are, as its record of changes says."""

    author: Author  # who first wrote it (SENDER for an entry that arrived in a share)
    last_author: Author  # whose its words are now
    received_from: str | None  # the sender it, or its wording, arrived from
    recorded_at: str  # this diary's time of its first revision
    updated_at: str  # this diary's time of its last change


def after(words: Words | None, event: str, author: str, stamp: str, content: str) -> Words:
    """The entry's words after one more revision (content is needed for 'import' and 'accept')."""
    if words is None:
        first = Author.SENDER if event == "import" else Author(author)
        words = Words(first, first, None, stamp, stamp)
    if event in ("create", "edit", "adopt"):  # changing events, the most common by far
        # Built at once (dataclasses.replace is slow): every revision comes here in a check.
        return Words(words.author, Author(author), words.received_from, words.recorded_at, stamp)
    if event in CHANGING_EVENTS:
        words = replace(words, updated_at=stamp)
    if event == "import":
        sender = str(json.loads(content).get("shared_by", ""))
        return replace(words, last_author=Author.SENDER, received_from=sender)
    if event == "accept":
        if words.last_author is Author.SENDER:
            # Bringing a received copy up to date keeps it received: the wording is still the
            # sender's, now the one who proposed it. Only adopting makes it the person's.
            sender = str(json.loads(content).get("proposed_by", ""))
            return replace(words, received_from=sender)
        return replace(words, last_author=Author(author))
    return words


def _walk(
    rows: Iterable[tuple[int, int, str, str, str, str]],
) -> tuple[dict[int, Words], list[str]]:
    words: dict[int, Words] = {}
    problems: list[str] = []
    for seq, incident_id, event, author, stamp, content in rows:
        if (author == Author.SENDER.value) != (event in SENDER_EVENTS) and event != "import":
            # Entries received before version 4 have 'import' revisions under the receiver's
            # role; their words are still the sender's (after() says so), whoever that names.
            problems.append(f"revision {seq} names the wrong author for what it records")
        try:
            words[incident_id] = after(words.get(incident_id), event, author, stamp, content)
        except (ValueError, TypeError, AttributeError):
            problems.append(f"incident {incident_id} has a record of changes that cannot be read")
    return words, problems


def authorship_problems(conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT seq, incident_id, event, author, recorded_at,"
        " CASE WHEN event IN ('import', 'accept') THEN content ELSE '' END"
        " FROM revisions ORDER BY incident_id, seq"
    )
    expected, problems = _walk(rows)
    for incident_id, author, last_author, sender, recorded_at, updated_at in conn.execute(
        "SELECT id, author, coalesce(last_author, author), received_from, recorded_at,"
        " updated_at FROM incidents"
    ):
        words = expected.get(incident_id)
        if words is None:
            continue  # reported by consistency_problems: no recorded history at all
        if (author, last_author) != (words.author.value, words.last_author.value):
            problems.append(f"incident {incident_id} names the wrong author for its words")
        elif sender != words.received_from:
            problems.append(f"incident {incident_id} names the wrong sender for its words")
        if (recorded_at, updated_at) != (words.recorded_at, words.updated_at):
            problems.append(
                f"incident {incident_id} gives times its record of changes does not give"
            )
    return problems
