"""The files that come with an entry received in a share: read, checked, and kept or passed over.

Every file's bytes are read from the share and their SHA-256 checked, whether or not they are
kept, so a damaged share is found whole. Only a new entry's files are kept; the type is detected
again from the bytes, and the sender's exhibit mark is kept when this diary has not used it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from diary.domain.filetypes import claimed, detect
from diary.domain.incident import Source, canonical_json
from diary.domain.times import utc_now, utc_stamp

from ..attachments import previews, stored_files
from ..attachments.attachments import CHUNK_BYTES, open_original
from ..storage.database import Connection
from .received_check import ReceivedEntryError
from .share_crypto import ShareReader

_MARK = re.compile(r"^[A-Z]{1,4}/([1-9][0-9]{0,8})$")


def store_attachment(
    conn: Connection,
    reader: ShareReader,
    incident_id: int,
    a: dict[str, Any],
    keep: bool,
    received_at: str,
) -> bool:
    """Read one attachment's bytes from the share (stored when keep); check its SHA-256.

    A file kept is imported into this diary when the share is received (received_at, this
    diary's clock); when the sender's file says it was imported stays in the import revision."""
    digest = hashlib.sha256()
    size, remaining = 0, int(a["size"])
    attachment_id = None
    if keep:
        cur = conn.execute(
            "INSERT INTO attachments (uid, incident_id, sha256, filename, size, media_type,"
            " claimed_type, imported_at, exif_captured_at, source)"
            " VALUES (?, ?, '', ?, 0, ?, ?, ?, ?, ?)",
            (
                str(a["uid"]),
                incident_id,
                a["filename"],
                a["media_type"],
                claimed(a["filename"]),
                received_at,
                a["exif_captured_at"],
                canonical_json(Source.from_dict(a["source"]).to_dict()).decode(),
            ),
        )
        attachment_id = int(cur.lastrowid)
    new = stored_files.writer(conn) if attachment_id is not None else None
    try:
        head = b""
        while remaining > 0:
            chunk = reader.read_exactly(min(CHUNK_BYTES, remaining))
            head = head or chunk
            remaining -= len(chunk)
            size += len(chunk)
            digest.update(chunk)
            if new is not None:
                new.write(chunk)
        if digest.hexdigest() != a["sha256"]:
            raise ReceivedEntryError(f"the file {a['filename']!r} does not match its SHA-256")
        if attachment_id is None or new is None:
            return False
        stored_files.record(conn, attachment_id, new.finish())
        _describe(conn, attachment_id, a, size, head)
    except BaseException:
        if new is not None:
            new.abort()
        raise
    return True


def _describe(
    conn: Connection, attachment_id: int, a: dict[str, Any], size: int, head: bytes
) -> None:
    # The type is detected again from the bytes, as for any file kept here, not taken on trust.
    media_type = detect(head)
    preview = previews.make_preview(open_original(conn, attachment_id), media_type)
    conn.execute(
        "UPDATE attachments SET sha256 = ?, size = ?, media_type = ?, thumbnail = ?,"
        " preview_problem = ? WHERE id = ?",
        (a["sha256"], size, media_type, preview.thumbnail, preview.problem, attachment_id),
    )
    _keep_mark(conn, attachment_id, a.get("exhibit_mark"))


def _keep_mark(conn: Connection, attachment_id: int, mark: object) -> None:
    """Keep the sender's exhibit mark unless this diary uses it or its number already (then it
    stays on record in the import revision, and the exhibit is marked afresh when exported)."""
    match = _MARK.match(mark) if isinstance(mark, str) else None
    if match is None:
        return
    taken = conn.execute(
        "SELECT 1 FROM exhibit_marks WHERE mark = ? OR number = ?", (mark, int(match[1]))
    ).fetchone()
    if taken is None:
        conn.execute(
            "INSERT INTO exhibit_marks (attachment_id, number, mark, assigned_at)"
            " VALUES (?, ?, ?, ?)",
            (attachment_id, int(match[1]), mark, utc_stamp(utc_now())),
        )
