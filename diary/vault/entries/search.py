"""Full-text search (FTS5, inside the encrypted database) over what people type.

A person's query is never FTS5 syntax: each word is quoted, so `"`, `*`, `AND`, `NEAR(` and
unbalanced brackets are searched for as text rather than raising a syntax error.
"""

from __future__ import annotations

import re
import unicodedata

from ..storage.database import Connection

_MAX_TERMS = 32


def fts_query(text: str, *, prefix_last: bool = True) -> str:
    """An FTS5 MATCH expression finding entries that contain every word of text."""
    # Control characters and broken surrogates cannot be in the index; they separate words.
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)
    terms = [t for t in re.split(r"\s+", text.strip()) if t][:_MAX_TERMS]
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms if re.search(r"\w", t)]
    if not quoted:
        return ""
    if prefix_last:
        quoted[-1] += "*"
    return " ".join(quoted)


def matching_ids(conn: Connection, text: str) -> list[int]:
    """Ids of live incidents matching text, best match first ([] for an empty query)."""
    query = fts_query(text)
    if not query:
        return []
    rows = conn.execute(
        "SELECT rowid FROM incident_fts WHERE incident_fts MATCH ? ORDER BY rank", (query,)
    )
    return [int(r[0]) for r in rows]


def matching_id_set(conn: Connection, text: str) -> frozenset[int]:
    """Ids of live incidents matching text, unordered: the quick form for filtering a list.

    Ranking every match costs far more than finding it (hundreds of milliseconds for ten
    thousand matches), and a filter needs no order.
    """
    query = fts_query(text)
    if not query:
        return frozenset()
    # One string of ids rather than a row each: a first letter can match every entry.
    (found,) = conn.execute(
        "SELECT group_concat(rowid) FROM incident_fts WHERE incident_fts MATCH ?", (query,)
    ).fetchone()
    return frozenset(map(int, found.split(","))) if found else frozenset()


def matches(conn: Connection, text: str, incident_id: int) -> bool:
    """Whether the live incident incident_id matches text (one saved entry, in a filtered list)."""
    query = fts_query(text)
    if not query:
        return False
    row = conn.execute(
        "SELECT 1 FROM incident_fts WHERE incident_fts MATCH ? AND rowid = ?", (query, incident_id)
    ).fetchone()
    return row is not None
