"""The messages and calls logged for an entry, in entries.json, and their check by verify.

Each logged message or call is carried as the diary keeps it: its record (words exactly as the
file has them, time, sender, where in the file), its number in the diary, and the SHA-256 of the
original file it was logged from (an exhibit of the bundle). The entry's history holds, in each
'attach' revision that logged messages, their count and the SHA-256 of their records; verify
works that out again from entries.json, so a record changed, added or taken out is found even
by someone who holds only the bundle.
"""

from __future__ import annotations

import json
from typing import Any

from diary.domain.messages.log_digest import check_logged
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
    return check_logged(f"entry {number}", {e["id"]: e.get("record") for e in logged}, history)
