"""Receiving a share: entries arrive with their own history and hashes, and where they came from.

Each received entry gets one 'import' revision in this diary's own hash chain. Its content holds
the sender's revisions verbatim (so each of their hashes can still be recomputed), the head of
that history, the entry as it stands, and the provenance: who shared it, when, and when it was
received. The whole share is one transaction: a damaged or cut-short file adds nothing, and a
share already received adds nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diary.domain.errors import DiaryDamaged, InvalidInput
from diary.domain.filetypes import claimed, detect
from diary.domain.incident import Author, IncidentContent, Source, canonical_json
from diary.domain.times import utc_now, utc_stamp

from . import chain, previews
from .attachments import CHUNK_BYTES, open_original
from .database import Connection, transaction
from .incidents import _index, _set_behaviours
from .received_check import ReceivedEntryError, check_received_entry
from .received_history import last_author
from .share import read_manifest_json
from .share_crypto import ShareReader

if TYPE_CHECKING:
    from .vault import Vault

_MAX_MANIFEST = 512 * 1024 * 1024
_MARK = re.compile(r"^[A-Z]{1,4}/([1-9][0-9]{0,8})$")


@dataclass
class ShareImportReport:
    shared_by: str = ""
    shared_at: str = ""
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    # Entries changed here and, differently, by the sender since they last met: this diary's
    # version is kept and the sender's is not applied (the share file still holds it).
    kept: list[int] = field(default_factory=list)
    attachments: int = 0
    already_received_at: str = ""


def _damaged(why: str) -> DiaryDamaged:
    return DiaryDamaged(
        f"The share file is damaged or was not made by this app ({why}). Nothing was imported."
    )


def _store_attachment(
    conn: Connection, reader: ShareReader, incident_id: int, a: dict[str, Any], keep: bool
) -> bool:
    """Read one attachment's bytes from the share (stored when keep); check its SHA-256."""
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
                a["imported_at"],
                a["exif_captured_at"],
                canonical_json(Source.from_dict(a["source"]).to_dict()).decode(),
            ),
        )
        attachment_id = int(cur.lastrowid)
    idx, head = 0, b""
    while remaining > 0:
        chunk = reader.read_exactly(min(CHUNK_BYTES, remaining))
        head = head or chunk
        remaining -= len(chunk)
        size += len(chunk)
        digest.update(chunk)
        if attachment_id is not None:
            conn.execute(
                "INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES (?, ?, ?)",
                (attachment_id, idx, chunk),
            )
        idx += 1
    if digest.hexdigest() != a["sha256"]:
        raise _damaged(f"the file {a['filename']!r} does not match its SHA-256")
    if attachment_id is None:
        return False
    # The type is detected again from the bytes, as for any file kept here, not taken on trust.
    media_type = detect(head)
    preview = previews.make_preview(open_original(conn, attachment_id), media_type)
    conn.execute(
        "UPDATE attachments SET sha256 = ?, size = ?, media_type = ?, thumbnail = ?,"
        " preview_problem = ? WHERE id = ?",
        (a["sha256"], size, media_type, preview.thumbnail, preview.problem, attachment_id),
    )
    _keep_mark(conn, attachment_id, a.get("exhibit_mark"))
    return True


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


def _save_entry(
    conn: Connection, record: dict[str, Any], provenance: dict[str, Any], author: Author
) -> tuple[int, str]:
    """Add or bring up to date one received entry; return its id and what happened."""
    uid = str(record["uid"])
    head = check_received_entry(record)
    content = IncidentContent.from_dict(record["content"]).validate()
    body = canonical_json(record["content"]).decode()
    found = conn.execute(
        "SELECT i.id, o.foreign_head, i.content FROM incidents i"
        " LEFT JOIN imported_incidents o ON o.incident_id = i.id WHERE i.uid = ?",
        (uid,),
    ).fetchone()
    if found is not None:
        outcome = _compare(conn, int(found[0]), found[1], str(found[2]), body, head, record)
        if outcome != "update":
            return int(found[0]), outcome
    occurred = utc_stamp(content.occurred.instant)
    if found is None:
        cur = conn.execute(
            "INSERT INTO incidents (uid, occurred_utc, author, recorded_at, updated_at,"
            " revisions, deleted, content) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
            (
                uid,
                occurred,
                record["author"],
                record["recorded_at"],
                record["updated_at"],
                int(record["revisions"]),
                body,
            ),
        )
        incident_id, outcome = int(cur.lastrowid), "added"
    else:
        incident_id, outcome = int(found[0]), "updated"
        conn.execute(
            "UPDATE incidents SET occurred_utc = ?, updated_at = ?, revisions = ?, content = ?,"
            " deleted = 0 WHERE id = ?",
            (occurred, record["updated_at"], int(record["revisions"]), body, incident_id),
        )
    _set_behaviours(conn, incident_id, content.behaviours)
    _index(conn, incident_id, content)
    event = {
        **provenance,
        "foreign_head": head,
        "current": record["content"],
        "revisions": record["history"],
        "attachments": [
            {k: a[k] for k in ("uid", "sha256", "filename", "size", "exhibit_mark")}
            for a in record["attachments"]
        ],
    }
    stamp = provenance["received_at"]
    chain.append(
        conn, incident_id, uid, "import", author.value, stamp, canonical_json(event).decode()
    )
    conn.execute(
        "INSERT INTO imported_incidents (incident_id, share_id, foreign_head) VALUES (?, ?, ?)"
        " ON CONFLICT(incident_id) DO UPDATE SET share_id = excluded.share_id,"
        " foreign_head = excluded.foreign_head",
        (incident_id, provenance["share_id"], head),
    )
    conn.execute(
        "UPDATE incidents SET last_author = ? WHERE id = ?",
        (last_author(record["history"]).value, incident_id),
    )
    return incident_id, outcome


def kept_note(kept: list[int], sender: str) -> str:
    """What to tell the person about entries changed on both sides (report.kept)."""
    numbers = ", ".join(str(n) for n in kept)
    return (
        f"Entry {numbers} had been changed here and by {sender} since it was last shared, so "
        "this diary's version was kept and theirs was not applied; the share file still holds "
        "it. Compare the two, make one version, and share it again."
        if len(kept) == 1
        else f"Entries {numbers} had been changed here and by {sender} since they were last "
        "shared, so this diary's versions were kept and theirs were not applied; the share "
        "file still holds them. Compare the two, make one version, and share it again."
    )


def _known_hashes(history: list[dict[str, Any]]) -> set[str]:
    """Every version a history builds on: its own revisions' hashes and, inside each 'import'
    revision, the head and the revisions of the history it received."""
    known: set[str] = set()
    for rev in history:
        known.add(str(rev["hash"]))
        if rev["event"] == "import":
            event = json.loads(rev["content"])
            known.add(str(event.get("foreign_head", "")))
            known |= _known_hashes(list(event.get("revisions", [])))
    return known


def _local_history(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    """This diary's revisions of an entry that change what it says (not files attached)."""
    rows = conn.execute(
        "SELECT hash, event, content FROM revisions WHERE incident_id = ? AND event != 'attach'"
        " ORDER BY seq",
        (incident_id,),
    ).fetchall()
    return [{"hash": r[0], "event": r[1], "content": r[2]} for r in rows]


def _compare(
    conn: Connection,
    incident_id: int,
    received_before: str | None,
    ours: str,
    body: str,
    head: str,
    record: dict[str, Any],
) -> str:
    """What to do with a received entry already in this diary: 'update', 'unchanged' or 'kept'.

    The received version replaces ours only when it was made from ours: from the version this
    diary received last, not changed here since, or from this diary's own latest version (an
    advocate's edit of an entry the person shared). A version this diary has already seen is
    old news. Anything else means both sides changed the entry: ours is kept, nothing is lost,
    and the person is told."""
    if head == received_before or ours == body:
        return "unchanged"
    incoming = _known_hashes(record["history"])
    local = _local_history(conn, incident_id)
    latest = local[-1]
    untouched_since_received = received_before is not None and latest["event"] == "import"
    if (untouched_since_received and received_before in incoming) or latest["hash"] in incoming:
        return "update"
    if head in _known_hashes(local):
        return "unchanged"  # an older share, opened late
    return "kept"


def _receive_entry(
    conn: Connection,
    reader: ShareReader,
    record: dict[str, Any],
    provenance: dict[str, Any],
    author: Author,
    report: ShareImportReport,
) -> None:
    """One entry and its attachments' bytes (read from the share even when already here)."""
    incident_id, outcome = _save_entry(conn, record, provenance, author)
    if outcome == "unchanged":
        report.unchanged += 1
    else:
        getattr(report, outcome).append(incident_id)  # added, updated or kept
    for attachment in record["attachments"]:
        known = conn.execute(
            "SELECT 1 FROM attachments WHERE uid = ?", (str(attachment["uid"]),)
        ).fetchone()
        keep = outcome != "unchanged" and known is None  # new files of a kept entry too
        report.attachments += _store_attachment(conn, reader, incident_id, attachment, keep)


def read_contents(reader: ShareReader) -> dict[str, Any]:
    """The share's list of contents: a length, then that much JSON (bounded before reading)."""
    (length,) = struct.unpack(">I", reader.read_exactly(4))
    if length > _MAX_MANIFEST:
        raise _damaged("its list of contents is too large")
    return read_manifest_json(reader.read_exactly(length))


def import_share(
    vault: Vault, path: Path, passphrase: str, author: Author = Author.VICTIM
) -> ShareImportReport:
    """Bring a share's entries into the open diary, all of them or none."""
    conn = vault.conn
    report = ShareImportReport()
    if Path(path).is_dir():
        raise InvalidInput(f"{str(path)!r} is a folder; give the share file itself.")
    if not Path(path).is_file():
        raise InvalidInput(f"There is no share file {str(path)!r}.")
    with Path(path).open("rb") as fp:
        reader = ShareReader(fp, passphrase)
        try:
            manifest = read_contents(reader)
            provenance = {
                "share_id": str(manifest["share_id"]),
                "shared_by": str(manifest["shared_by"]),
                "shared_at": str(manifest["shared_at"]),
                "source_chain_head": str(manifest["source_chain_head"]),
                "received_at": utc_stamp(utc_now()),
            }
            records = list(manifest["incidents"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise _damaged("its list of contents cannot be read") from exc
        report.shared_by, report.shared_at = provenance["shared_by"], provenance["shared_at"]
        row = conn.execute(
            "SELECT received_at FROM shares_received WHERE share_id = ?",
            (provenance["share_id"],),
        ).fetchone()
        if row is not None:
            report.already_received_at = str(row[0])
            report.unchanged = len(records)
            return report
        with transaction(conn):
            conn.execute(
                "INSERT INTO shares_received (share_id, shared_by, shared_at, received_at,"
                " source_chain_head, entries) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    *(provenance[k] for k in ("share_id", "shared_by", "shared_at")),
                    provenance["received_at"],
                    provenance["source_chain_head"],
                    len(records),
                ),
            )
            for record in records:
                try:
                    _receive_entry(conn, reader, record, provenance, author, report)
                except ReceivedEntryError as exc:
                    raise _damaged(str(exc)) from exc
                except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
                    raise _damaged("an entry in it cannot be read") from exc
                except InvalidInput as exc:
                    raise _damaged(exc.message) from exc
            reader.finish()
    vault.chain_head = chain.head(conn)[1]
    return report
