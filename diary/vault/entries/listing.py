"""The command line's list and search: only what one line shows, read as it is printed.

A full `Incident` (its content decoded field by field, its attachments' details) costs several
times what its row costs to read; a listing of a hundred thousand entries holds none of them.
Each line is read from the index that holds, in time order, what a list line shows of an entry
(schema version 11: when, where, what kinds, the start of the text, whose words), a few hundred
bytes an entry instead of the entry's whole record, and handed on at once, so memory stays flat
however long the list; the full entry is read only by `show`, or for a line whose start of text
would not fill it (a text whose first characters are mostly spaces).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import orjson

from diary.domain.incident import Author
from diary.domain.times import PRECISIONS, Precision

from ..storage import schema
from ..storage.database import Connection
from ..storage.schema import LINE_PLACE_CHARS, LINE_TEXT_CHARS, line_of
from . import stored_json
from .search import fts_query

# A list line shows at most this many characters of an entry's text or place. A ListRow's text
# and location are whole, or a start of them that, its spaces run together, is longer than this
# (well within the starts the index keeps: schema.LINE_TEXT_CHARS, LINE_PLACE_CHARS).
LINE_CHARS = 80

# INDEXED BY: the list's own index, which holds the line (SQLite may otherwise choose the smaller
# index on time and read every entry's whole record from the table).
_SQL = """
SELECT i.id, CAST(i.list_line AS BLOB), i.author, i.last_author, i.received_from
FROM incidents i INDEXED BY incidents_listed
WHERE {where}
ORDER BY i.occurred_utc, i.id
"""
_CONTENT = "SELECT content FROM incidents WHERE id = ?"
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
    location: str  # the place, or a start of it that fills a line (see LINE_CHARS)
    behaviours: tuple[str, ...]
    text: str  # the text, or a start of it that fills a line (see LINE_CHARS)
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
    loads, new, authors = orjson.loads, tuple.__new__, _AUTHORS
    cursor = conn.execute(_SQL.format(where=" AND ".join(clauses)), params)
    for incident_id, line, author, last_author, received_from in cursor:
        try:
            stamp, offset, precision, place, place_len, kinds, text, text_len, first, told, by = (
                loads(line)
            )
            if (text_len != len(text) and _short(text)) or (
                place_len != len(place) and _short(place)
            ):
                raise ValueError("the line needs more of the entry than its start")
        except (ValueError, TypeError):  # a line that will not do: the entry itself, read whole
            stamp, offset, precision, place, kinds, text, first, told, by = _whole(
                conn, incident_id
            )
        kinds = tuple(kinds or ())
        if behaviours and behaviours.isdisjoint(kinds):
            continue
        instant = datetime.fromisoformat(stamp)
        offset = offset if offset.__class__ is int else int(offset)
        if start or end:
            day = (instant + timedelta(minutes=offset)).date()
            if (start and day < start) or (end and day > end):
                continue
        yield new(
            ListRow,
            (
                incident_id,
                instant,
                offset,
                PRECISIONS.get(precision) or Precision(precision),
                place or "",
                kinds,
                text or "",
                first is not False,
                told or "",
                by or "",
                authors.get(last_author or author) or Author(last_author or author),
                received_from,
                files.get(incident_id, 0),
            ),
        )


def _short(start: str) -> bool:
    """Whether the start of a text, its spaces run together, might not fill a line. (Printable
    text has no space but U+0020; with no two together, little is run together.)"""
    if start.isprintable() and "  " not in start:
        return len(start) <= LINE_CHARS + 2
    return len(" ".join(start.split())) <= LINE_CHARS


def _whole(conn: Connection, incident_id: int) -> tuple[Any, ...]:
    """What a line shows, from the entry's whole record (as the index's line holds it)."""
    (content,) = conn.execute(_CONTENT, (incident_id,)).fetchone()
    c = stored_json.loads(content)
    occurred = c["occurred"]
    return (
        occurred["instant"],
        occurred["offset_minutes"],
        occurred["precision"],
        c.get("location"),
        c.get("behaviours"),
        c.get("text"),
        c.get("first_hand", True),
        c.get("told_by"),
        c.get("written_by"),
    )


def line_problems(conn: Connection) -> list[str]:
    """Entries whose line in the list's index is not the one their record gives (a change made
    to the database outside the app): `diary check` compares every line with its entry.

    Each line is first compared with the entry as the app reads it (quick); only a line that
    differs is then worked out again by SQLite, as its triggers do, and reported if it still
    differs (an entry SQLite reads otherwise than the app, written by hand, is no damage)."""
    differing = []
    for incident_id, content, line in conn.execute(
        "SELECT id, content, list_line FROM incidents ORDER BY id"
    ):
        try:
            if orjson.loads(line) == _line_from(stored_json.loads(content)):
                continue
        except (ValueError, TypeError, AttributeError):
            pass
        differing.append(incident_id)
    stale = [
        incident_id
        for incident_id in differing
        if conn.execute(
            f"SELECT list_line IS NOT {line_of('content')} FROM incidents WHERE id = ?",
            (incident_id,),
        ).fetchone()[0]
    ]
    return [
        f"Entry {incident_id}'s line in the list does not match the entry itself (the database "
        "was changed outside the app). The entry, its history and the pack are as recorded; "
        "the line is made again when the entry is next saved."
        for incident_id in stale
    ]


LINES_SINCE = 11  # the schema version whose entries keep their list lines


def line_column(content: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    """What an INSERT of an entry adds to give its list line: the column, its placeholder and
    its value (nothing for a diary of a version before lines, which only tests write to: an
    open diary is always brought up to date first)."""
    if schema.SCHEMA_VERSION < LINES_SINCE:
        return "", "", ()
    return ", list_line", ", ?", (line_json(content),)


def line_assignment(content: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """What an UPDATE of an entry's content adds to set its list line (as line_column)."""
    if schema.SCHEMA_VERSION < LINES_SINCE:
        return "", ()
    return ", list_line = ?", (line_json(content),)


def line_json(content: dict[str, Any]) -> str:
    """The list line of an entry whose content (as stored, decoded) is content: what the app
    writes beside it whenever it writes an entry (the triggers make it only for a write that
    gives none, and for the entries of a diary upgraded to version 11)."""
    return orjson.dumps(_line_from(content)).decode()


def _line_from(c: dict[str, Any]) -> list[Any]:
    """An entry's list line (as schema.line_of makes it), from its content as read here."""
    occurred, place, text = c.get("occurred") or {}, c.get("location"), c.get("text")
    return [
        occurred.get("instant"),
        occurred.get("offset_minutes"),
        occurred.get("precision"),
        place[:LINE_PLACE_CHARS] if isinstance(place, str) else place,
        len(place) if isinstance(place, str) else None,
        c.get("behaviours"),
        text[:LINE_TEXT_CHARS] if isinstance(text, str) else text,
        len(text) if isinstance(text, str) else None,
        c.get("first_hand"),
        c.get("told_by"),
        c.get("written_by"),
    ]
