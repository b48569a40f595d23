"""The digest an entry's history holds of the messages and calls logged with it, and the check
that a set of logged records is the one the history recorded.

Each import that logs messages for an entry appends an 'attach' revision holding their count,
the first and last of their numbers and the SHA-256 of their records (each in the canonical
JSON form revisions are hashed in, in number order, joined by newlines). Anyone holding the
history and the records can work the digest out again: `diary check`, `diary verify` on a
bundle's entries.json, and a diary receiving them in a share.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from diary.domain.incident import canonical_json


def records_digest(records: list[str]) -> str:
    """The SHA-256 of records, each already in canonical JSON form."""
    return hashlib.sha256("\n".join(records).encode("utf-8")).hexdigest()


def logged_in(revision: dict[str, Any]) -> dict[str, Any] | None:
    """What an 'attach' revision says it logged ({count, first_id, last_id, digest, ...}), or
    None for a revision that logged no messages."""
    if revision.get("event") != "attach":
        return None
    try:
        content = json.loads(revision.get("content") or "{}")
    except (TypeError, ValueError, RecursionError):
        return None
    messages = content.get("messages") if isinstance(content, dict) else None
    return messages if isinstance(messages, dict) else None


def check_logged(name: str, records: dict[int, Any], history: list[Any]) -> list[str]:
    """What is wrong with an entry's logged records (its number -> the record as a JSON value)
    held against its history's revisions ([] when each is the one recorded)."""
    problems: list[str] = []
    covered: set[int] = set()
    for revision in history:
        messages = logged_in(revision) if isinstance(revision, dict) else None
        if messages is None:
            continue
        try:
            first, last = int(messages["first_id"]), int(messages["last_id"])
            count, digest = int(messages["count"]), str(messages["digest"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"{name}, revision {revision.get('seq')}: cannot be read")
            continue
        ids = [i for i in sorted(records) if first <= i <= last]
        covered.update(ids)
        here = [canonical_json(records[i]).decode() for i in ids]
        if len(ids) != count or records_digest(here) != digest:
            problems.append(
                f"{name}: the messages and calls logged with revision {revision.get('seq')} "
                f"are not those its history recorded ({count} recorded, {len(ids)} here, or "
                "their words or times differ)"
            )
    stray = len(set(records) - covered)
    if stray:
        problems.append(
            f"{name}: {stray} logged message(s) or call(s) are in no revision of its history"
        )
    return problems
