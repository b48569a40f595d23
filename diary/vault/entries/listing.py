"""The command line's list and search: only what one line shows, read as it is printed.

A full `Incident` (its content decoded field by field, its attachments' details) costs several
times what its row costs to read; a listing of a hundred thousand entries holds none of them.
Each row is parsed with the json module alone and handed on at once, so memory stays flat
however long the list; the full entry is read only by `show`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from diary.domain.incident import Author
from diary.domain.times import PRECISIONS, Precision, parse_utc_stamp

from ..storage.database import Connection
from . import stored_json
from .search import fts_query

_SQL = """
SELECT i.id, i.content, i.author, i.last_author, i.received_from
FROM incidents i
WHERE {where}
ORDER BY i.occurred_utc, i.id
"""
# Every entry's count of files at once (one pass over an index, before the rows), not a count
# asked for each row as it is read.
_FILES = "SELECT incident_id, count(*) FROM attachments GROUP BY incident_id"


_AUTHORS = {a.value: a for a in Author}  # quicker than Author(value), once a line


class ListRow(NamedTuple):
    """One entry as a list line shows it. A named tuple: a list of a hundred thousand makes one
    a line, and a tuple is made several times faster than a frozen dataclass."""

    id: int
    instant: datetime  # when it happened, UTC
    offset_minutes: int  # the offset in force where it happened, for the wall clock
    precision: Precision
    location: str
    behaviours: tuple[str, ...]
    text: str
    first_hand: bool
    told_by: str
    written_by: str
    last_changed_by: Author
    received_from: str | None
    attachments: int

    @property
    def is_received(self) -> bool:
        return self.last_changed_by is Author.SENDER


def list_rows(
    conn: Connection,
    *,
    start: date | None = None,
    end: date | None = None,
    behaviours: frozenset[str] = frozenset(),
    matching: str | None = None,
) -> Iterator[ListRow]:
    """Live entries in time order, as Vault.incidents() orders and filters them (by local day,
    any of behaviours), or only those matching the words of `matching` as Vault.search finds
    them."""
    clauses = ["i.deleted = 0"]
    params: list[Any] = []
    if matching is not None:
        query = fts_query(matching)
        if not query:
            return
        clauses.append("i.id IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)")
        params.append(query)
    # Widen by a day in SQL (the index does the work), then apply the exact local-day rule.
    if start:
        clauses.append("i.occurred_utc >= ?")
        params.append(f"{start - timedelta(days=1)}T00:00:00Z")
    if end:
        clauses.append("i.occurred_utc < ?")
        params.append(f"{end + timedelta(days=2)}T00:00:00Z")
    files = dict(conn.execute(_FILES).fetchall())
    cursor = conn.execute(_SQL.format(where=" AND ".join(clauses)), params)
    for incident_id, content, author, last_author, received_from in cursor:
        c = stored_json.loads(content)
        kinds = tuple(c.get("behaviours") or ())
        if behaviours and behaviours.isdisjoint(kinds):
            continue
        occurred = c["occurred"]
        instant = parse_utc_stamp(occurred["instant"])
        offset = occurred["offset_minutes"]
        offset = offset if isinstance(offset, int) else int(offset)
        if start or end:
            day = (instant + timedelta(minutes=offset)).date()
            if (start and day < start) or (end and day > end):
                continue
        yield ListRow(
            incident_id,
            instant,
            offset,
            PRECISIONS.get(occurred["precision"]) or Precision(occurred["precision"]),
            c.get("location") or "",
            kinds,
            c.get("text") or "",
            c.get("first_hand", True) is not False,
            c.get("told_by") or "",
            c.get("written_by") or "",
            _AUTHORS.get(last_author or author) or Author(last_author or author),
            received_from,
            files.get(incident_id, 0),
        )
