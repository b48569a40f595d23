"""Writing a share: chosen entries, with every revision, time, attachment and hash, encrypted.

The plaintext inside the encryption (share_crypto.py) is: 4 bytes (big-endian) giving the length
of a UTF-8 JSON manifest, the manifest, then the original bytes of each attachment in the order
the manifest lists them. The manifest::

    {"format": "evidence-diary-share-contents", "version": 1, "share_id": hex,
     "shared_by": name, "shared_at": UTC stamp, "source_chain_head": hex,
     "incidents": [{"uid", "author", "recorded_at", "updated_at", "revisions", "content",
                    "history": [{"seq", "event", "author", "recorded_at", "content" (the exact
                                 stored text), "prev_hash", "hash"}],
                    "attachments": [{"uid", "sha256", "filename", "size", "media_type",
                                     "claimed_type", "imported_at", "exif_captured_at",
                                     "source", "exhibit_mark"}],
                    "message_log": (version 2, only for an entry with one: share_messages.py)}]}

Each revision's hash can be recomputed from its fields, exactly as in the sender's diary.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diary.domain.errors import (
    DiaryError,
    InvalidInput,
    NotFound,
    StorageFull,
    is_storage_full,
)
from diary.domain.incident import Incident, canonical_json
from diary.domain.records import attachment_record
from diary.domain.times import utc_now, utc_stamp

from ..storage.files import fsync_folder
from .share_crypto import ShareWriter, new_share_passphrase
from .share_messages import message_log_record

if TYPE_CHECKING:
    from ..vault import Vault

CONTENTS_FORMAT = "evidence-diary-share-contents"
CONTENTS_VERSION = 2  # 2: entries may carry a message log (share_messages.py)


@dataclass(frozen=True)
class ShareResult:
    path: Path
    passphrase: str
    share_id: str
    incidents: int
    attachments: int


def _history(vault: Vault, incident_id: int) -> list[dict[str, Any]]:
    rows = vault.conn.execute(
        "SELECT seq, event, author, recorded_at, content, prev_hash, hash FROM revisions"
        " WHERE incident_id = ? ORDER BY seq",
        (incident_id,),
    )
    keys = ("seq", "event", "author", "recorded_at", "content", "prev_hash", "hash")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _attachments(vault: Vault, incident: Incident) -> list[dict[str, Any]]:
    uids = dict(
        vault.conn.execute(
            "SELECT id, uid FROM attachments WHERE incident_id = ?", (incident.id,)
        ).fetchall()
    )
    # The stable record, but named by uid: ids mean nothing in the diary that receives it.
    records = []
    for a in incident.attachments:
        record = attachment_record(a)
        del record["id"]
        records.append({"uid": uids[a.id], **record})
    return records


def choose(
    vault: Vault, ids: list[int] | None, start: date | None, end: date | None
) -> list[Incident]:
    """The entries to share: by id, by date range, or all of them."""
    if ids:
        for incident_id in ids:
            vault.incident(incident_id)  # NotFound names a missing id
    chosen = vault.incidents(start=start, end=end, ids=ids or None)
    if not chosen:
        raise NotFound("No entries match; nothing was shared.")
    return chosen


@dataclass(frozen=True)
class PreparedShare:
    """A share read from the diary, ready to be written on another thread: the manifest, and
    the attachments whose original bytes follow it, in order."""

    out: Path
    body: bytes
    share_id: str
    incidents: int
    attachment_ids: tuple[int, ...]


def prepare_share(
    vault: Vault, incidents: list[Incident], out: Path, shared_by: str
) -> PreparedShare:
    """Read what a share of these entries holds (on the diary's own thread)."""
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise InvalidInput(f"{out} already exists. Choose a new name for the share file.")
    if not out.parent.is_dir():
        raise InvalidInput(f"There is no folder {out.parent} to put the share file in.")
    records = []
    sent: set[str] = set()  # files whose bytes the share carries already
    carried: dict[int, list[int]] = {}  # entry -> files of messages carried with it
    for incident in incidents:
        attachments = _attachments(vault, incident)
        own = {str(a["uid"]) for a in attachments}
        log, carried[incident.id] = message_log_record(vault, incident.id, own, sent)
        sent |= own
        records.append(
            {
                "uid": incident.uid,
                "author": incident.author.value,
                "recorded_at": utc_stamp(incident.recorded_at),
                "updated_at": utc_stamp(incident.updated_at),
                "revisions": incident.revisions,
                "content": json.loads(
                    vault.conn.execute(
                        "SELECT content FROM incidents WHERE id = ?", (incident.id,)
                    ).fetchone()[0]
                ),
                "history": _history(vault, incident.id),
                "attachments": attachments,
                **({"message_log": log} if log else {}),
            }
        )
    share_id = uuid.uuid4().hex
    manifest = {
        "format": CONTENTS_FORMAT,
        # An app that reads only version 1 refuses a share carrying files of messages
        # (their bytes follow the entry's own) rather than reading it wrong.
        "version": CONTENTS_VERSION if any("message_log" in r for r in records) else 1,
        "share_id": share_id,
        "shared_by": shared_by,
        "shared_at": utc_stamp(utc_now()),
        "source_chain_head": vault.chain_head or "",
        "incidents": records,
    }
    # Each entry's own files, then the files of messages carried with it (share_messages.py).
    attachment_ids = tuple(
        n for i in incidents for n in [a.id for a in i.attachments] + carried[i.id]
    )
    return PreparedShare(out, canonical_json(manifest), share_id, len(records), attachment_ids)


def write_prepared(
    prepared: PreparedShare,
    chunks_of: Callable[[int], Iterable[bytes]],
    progress: Callable[[int], None] | None = None,
) -> ShareResult:
    """Write a prepared share (via out.partial), reading each original through chunks_of;
    return it with its new one-time passphrase."""
    out, body = prepared.out, prepared.body
    passphrase = new_share_passphrase()
    partial = out.with_name(out.name + ".partial")
    total = len(prepared.attachment_ids)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fp:
            writer = ShareWriter(fp, passphrase)
            writer.write(struct.pack(">I", len(body)) + body)
            for done, attachment_id in enumerate(prepared.attachment_ids):
                for chunk in chunks_of(attachment_id):
                    writer.write(chunk)
                if progress is not None:
                    progress(int(100 * (done + 1) / total))
            writer.close()
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(partial, out)
        fsync_folder(out.parent)
    except OSError as exc:
        if is_storage_full(exc):
            raise StorageFull(
                f"There is not enough space in {out.parent} for the share file, so none was "
                "written. Free some space or choose another place; the diary is unchanged."
            ) from exc
        raise DiaryError(
            f"The share file could not be written to {out.parent} ({exc.strerror or exc}). "
            "None was written; the diary is unchanged."
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return ShareResult(out, passphrase, prepared.share_id, prepared.incidents, total)


def write_share(vault: Vault, incidents: list[Incident], out: Path, shared_by: str) -> ShareResult:
    """Write the share to out (via out.partial); return it with its new one-time passphrase."""
    return write_prepared(prepare_share(vault, incidents, out, shared_by), vault.iter_original)


def read_manifest_json(raw: bytes) -> dict[str, Any]:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or data.get("format") != CONTENTS_FORMAT:
        raise ValueError("not a share manifest")
    if data.get("version") not in (1, CONTENTS_VERSION):
        raise ValueError("unknown share version")
    return data
