"""Messages and calls logged for an entry, carried in a share with the original file they were
logged from, and checked and kept on receipt like the rest of what arrives.

In the share, an entry with a message log has::

    "message_log": {"items": [{"id", "source", "fingerprint", "record"}],
                    "sources": [{"uid", "format", "member", "zone", "imported_at", "details",
                                 "carried", and when carried an attachment's record}]}

`items` are the sender's logged messages and calls (`id` their number in the sender's diary,
`source` the uid of the file they came from, `record` as the diary keeps it). `sources` are the
files they came from; a file is carried (its bytes following the entry's own attachments' in the
share) once, with the first entry of the share that needs it, and not at all when it is one of
that entry's own attachments.

On receipt the items are held against the sender's history (each 'attach' revision that logged
messages holds their count and digest; the history's hashes are checked already), so a share
whose messages were changed, added or taken out is refused whole. A new entry keeps them, as
the sender's: one 'attach' revision authored by the sender covers each file's items in this
diary's own chain. A change to an entry already here keeps none (it is a proposal).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from diary.domain.incident import Author, canonical_json
from diary.domain.messages.log_digest import check_logged, records_digest
from diary.domain.messages.stored import item_from_record
from diary.domain.records import attachment_record
from diary.domain.times import utc_stamp

from ..entries.incidents import attachment
from ..messages import message_log
from ..storage import chain
from ..storage.database import Connection
from .received_check import ReceivedEntryError
from .received_files import store_attachment
from .share_crypto import ShareReader

if TYPE_CHECKING:
    from ..vault import Vault

_FORMATS = ("whatsapp", "sms", "calls", "email", "mbox", "telegram")


def message_log_record(
    vault: Vault, incident_id: int, own_uids: set[str], sent: set[str]
) -> tuple[dict[str, Any] | None, list[int]]:
    """An entry's message log for a share, and the attachment ids of the files of messages to
    carry with it (added to sent, by uid)."""
    conn = vault.conn
    rows = conn.execute(
        "SELECT l.id, a.uid, l.source_id, l.fingerprint, l.record FROM logged_items l"
        " JOIN attachments a ON a.id = l.source_id WHERE l.incident_id = ? ORDER BY l.id",
        (incident_id,),
    ).fetchall()
    if not rows:
        return None, []
    items = [
        {"id": row_id, "source": uid, "fingerprint": fingerprint, "record": json.loads(record)}
        for row_id, uid, _, fingerprint, record in rows
    ]
    carried: list[int] = []
    records: list[dict[str, Any]] = []
    found = message_log.sources(conn, list({row[2] for row in rows}))
    for source_id, uid in dict.fromkeys((row[2], row[1]) for row in rows):
        source = found[source_id]
        meta: dict[str, Any] = {
            "uid": uid,
            "format": source.format,
            "member": source.member,
            "zone": source.zone,
            "imported_at": utc_stamp(source.imported_at),
            "details": source.details,
            "carried": uid not in own_uids and uid not in sent,
        }
        if meta["carried"]:
            sent.add(uid)
            carried.append(source_id)
            record = attachment_record(attachment(conn, source_id))
            del record["id"]
            meta.update(record)
        records.append(meta)
    return {"items": items, "sources": records}, carried


def _checked(record: dict[str, Any]) -> dict[str, Any] | None:
    """The entry's message log, its items checked against the sender's history; ValueError
    (the share is damaged) for one that cannot be read."""
    logged: dict[str, Any] | None = record.get("message_log")
    if logged is None:
        return None
    items, sources = logged["items"], logged["sources"]
    if not isinstance(items, list) or not isinstance(sources, list):
        raise ValueError("a message log cannot be read")
    for item in items:
        if not isinstance(item["id"], int) or not isinstance(item["source"], str):
            raise ValueError("a logged message cannot be read")
        str(item["fingerprint"])
        item_from_record(item["record"])  # every field this diary will read, readable
        if item["record"].get("zone") is None:
            raise ValueError("a logged message has no time zone")
    for source in sources:
        if (
            source.get("format") not in _FORMATS
            or not isinstance(source.get("details"), dict)
            or not isinstance(source.get("carried"), bool)
            or not isinstance(source.get("uid"), str)
        ):
            raise ValueError("a file of messages cannot be read")
    problems = check_logged(
        "an entry", {item["id"]: item["record"] for item in items}, record["history"]
    )
    if problems:
        raise ReceivedEntryError(
            f"the messages and calls logged for entry {str(record['uid'])[:8]} are not those "
            "its history recorded"
        )
    return logged


def receive_message_log(
    conn: Connection,
    reader: ShareReader,
    incident_id: int,
    record: dict[str, Any],
    keep: bool,
    provenance: dict[str, Any],
) -> tuple[int, int]:
    """Read (and check) the entry's files of messages from the share; when keep (a new entry),
    keep them and its logged messages and calls as the sender's. Returns (files kept, messages
    and calls logged); (0, 0) when there is no message log."""
    logged = _checked(record)
    if logged is None:
        return 0, 0
    received_at, sender = provenance["received_at"], provenance["shared_by"]
    files = 0
    for source in logged["sources"]:
        uid = str(source["uid"])
        if source["carried"] is True:
            known = conn.execute("SELECT 1 FROM attachments WHERE uid = ?", (uid,)).fetchone()
            stored = store_attachment(
                conn, reader, incident_id, source, keep and known is None, received_at
            )
            files += int(stored)
        if not keep:
            continue
        row = conn.execute(
            "SELECT a.id, m.attachment_id FROM attachments a LEFT JOIN message_sources m"
            " ON m.attachment_id = a.id WHERE a.uid = ?",
            (uid,),
        ).fetchone()
        if row is not None and row[1] is None:  # a file kept here, not yet known as messages
            conn.execute(
                "INSERT INTO message_sources (attachment_id, format, member, zone, imported_at,"
                " details) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    row[0],
                    source["format"],
                    str(source["member"]),
                    str(source["zone"]),
                    received_at,
                    canonical_json({**source["details"], "received_from": sender}).decode(),
                ),
            )
    if not keep:
        return files, 0
    uid = str(record["uid"])
    logged_count = 0
    by_source: dict[str, list[dict[str, Any]]] = {}
    for item in logged["items"]:
        by_source.setdefault(item["source"], []).append(item)
    for source_uid, items in by_source.items():
        row = conn.execute(
            "SELECT a.id, a.sha256 FROM attachments a JOIN message_sources m"
            " ON m.attachment_id = a.id WHERE a.uid = ?",
            (source_uid,),
        ).fetchone()
        if row is None:  # its file came with an entry already here, and was not kept
            continue
        source_id, sha = row
        (first,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM logged_items").fetchone()
        records = [canonical_json(item["record"]).decode() for item in items]
        conn.executemany(
            "INSERT INTO logged_items (id, incident_id, source_id, kind, occurred_utc,"
            " fingerprint, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    first + n,
                    incident_id,
                    source_id,
                    item_from_record(item["record"]).kind.value,
                    utc_stamp(item_from_record(item["record"]).instant),
                    str(item["fingerprint"]),
                    text,
                )
                for n, (item, text) in enumerate(zip(items, records, strict=True))
            ],
        )
        body = {
            "messages": {
                "source": source_uid,
                "sha256": sha,
                "count": len(records),
                "first_id": first,
                "last_id": first + len(records) - 1,
                "digest": records_digest(records),
                "received_from": sender,
            }
        }
        chain.append(
            conn,
            incident_id,
            uid,
            "attach",
            Author(provenance["received_by"]).value,
            received_at,
            canonical_json(body).decode(),
        )
        logged_count += len(records)
    return files, logged_count
