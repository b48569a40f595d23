"""The messages and calls logged for an entry, in entries.json, and their check by verify.

Each logged message or call is carried as the diary keeps it: its record (words exactly as the
file has them, time, sender, where in the file), its number in the diary, and the SHA-256 of the
original file it was logged from (an exhibit of the bundle). The entry's history holds, in each
'attach' revision that logged messages, their count and the SHA-256 of their records; verify
works that out again from entries.json, so a record changed, added or taken out is found even
by someone who holds only the bundle.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from diary.domain.incident import canonical_json
from diary.vault.storage.database import Connection

_BATCH = 500


def logged_records(conn: Connection, incident_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """For each entry, its logged messages and calls as entries.json carries them, by id."""
    found: dict[int, list[dict[str, Any]]] = {}
    ids = list(dict.fromkeys(incident_ids))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        rows = conn.execute(
            "SELECT l.id, l.incident_id, a.sha256, l.record FROM logged_items l"
            " JOIN attachments a ON a.id = l.source_id"
            f" WHERE l.incident_id IN ({','.join('?' * len(batch))}) ORDER BY l.id",
            batch,
        )
        for row_id, incident_id, sha256, record in rows:
            found.setdefault(incident_id, []).append(
                {"id": row_id, "file_sha256": sha256, "record": json.loads(record)}
            )
    return found


def _digest(records: list[Any]) -> str:
    text = "\n".join(canonical_json(record).decode() for record in records)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_message_log(record: dict[str, Any], history: list[Any]) -> list[str]:
    """What is wrong with an entry's logged messages, held against its history ([] when all
    is well, or when the bundle was made before entries.json carried them)."""
    logged = record.get("message_log")
    if logged is None:
        return []
    number = record.get("id")
    if not isinstance(logged, list) or not all(
        isinstance(e, dict) and isinstance(e.get("id"), int) for e in logged
    ):
        return [f"entry {number}: its message log cannot be read"]
    by_id = {e["id"]: e.get("record") for e in logged}
    problems: list[str] = []
    covered: set[int] = set()
    for revision in history:
        if not isinstance(revision, dict) or revision.get("event") != "attach":
            continue
        try:
            content = json.loads(revision.get("content") or "{}")
        except (TypeError, ValueError, RecursionError):
            continue
        messages = content.get("messages") if isinstance(content, dict) else None
        if not isinstance(messages, dict):
            continue
        try:
            first, last = int(messages["first_id"]), int(messages["last_id"])
            count, digest = int(messages["count"]), str(messages["digest"])
        except (KeyError, TypeError, ValueError):
            problems.append(f"entry {number}, revision {revision.get('seq')}: cannot be read")
            continue
        ids = [i for i in sorted(by_id) if first <= i <= last]
        covered.update(ids)
        if len(ids) != count or _digest([by_id[i] for i in ids]) != digest:
            problems.append(
                f"entry {number}: the messages and calls logged with revision "
                f"{revision.get('seq')} are not those its history recorded ({count} recorded, "
                f"{len(ids)} here, or their words or times differ)"
            )
    stray = len(set(by_id) - covered)
    if stray:
        problems.append(
            f"entry {number}: {stray} logged message(s) or call(s) are in no revision of its "
            "history"
        )
    return problems
