"""Attachments kept the way diaries before schema version 8 kept them: chunks in the database.

Tests that make a diary at an older version patch this in for attachments.store_in_transaction,
so that the upgrade (and the moving of the bytes out into the file store) meets what an older
app really wrote.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

import pytest

from diary.domain.filetypes import claimed
from diary.domain.incident import Author, Source, canonical_json
from diary.domain.times import utc_stamp
from diary.vault.attachments import attachments, previews
from diary.vault.entries.incidents import _uid_of
from diary.vault.storage import chain
from diary.vault.storage.database import Connection


def store_in_database(
    conn: Connection,
    incident_id: int,
    name: str,
    media_type: str,
    content: tuple[bytes | None, bytes, BinaryIO],
    pending: Callable[[], attachments.Made] | None,
    source: Source,
    author: Author,
    now: datetime,
    max_bytes: int = attachments.MAX_ATTACHMENT_BYTES,
) -> int:
    data, head, fp = content
    whole = data if data is not None else head + fp.read()
    uid = uuid.uuid4().hex
    stamp = utc_stamp(now)
    cur = conn.execute(
        "INSERT INTO attachments (uid, incident_id, sha256, filename, size, media_type,"
        " claimed_type, imported_at, source) VALUES (?, ?, '', ?, 0, ?, ?, ?, ?)",
        (uid, incident_id, name, media_type, claimed(name), stamp, "{}"),
    )
    attachment_id = int(cur.lastrowid)
    for idx, start in enumerate(range(0, len(whole), attachments.CHUNK_BYTES)):
        conn.execute(
            "INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES (?, ?, ?)",
            (attachment_id, idx, whole[start : start + attachments.CHUNK_BYTES]),
        )
    preview = pending().preview if pending else previews.make_preview(io.BytesIO(whole), media_type)
    sha = hashlib.sha256(whole).hexdigest()
    conn.execute(
        "UPDATE attachments SET sha256 = ?, size = ?, thumbnail = ? WHERE id = ?",
        (sha, len(whole), preview.thumbnail, attachment_id),
    )
    record = {"attachment": uid, "sha256": sha, "filename": name, "size": len(whole)}
    record.update(media_type=media_type, source=source.to_dict())
    chain.append(
        conn,
        incident_id,
        _uid_of(conn, incident_id),
        "attach",
        author.value,
        stamp,
        canonical_json(record).decode(),
    )
    return attachment_id


def keep_in_database(patch: pytest.MonkeyPatch) -> None:
    """Inside patch's context, new attachments are kept as before version 8."""
    patch.setattr(attachments, "store_in_transaction", store_in_database)
