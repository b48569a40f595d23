"""Receiving a share: entries arrive with their own history and hashes, and where they came from.

Nothing received speaks as the person. A new entry gets one 'import' revision in this diary's
own hash chain, authored by the share's sender and recorded at this diary's time. Its content
holds the sender's revisions verbatim (so each of their hashes can still be recomputed), the
head of that history, the entry as it stands, the provenance (who shared it, when by their
clock, when it was received by this one's) and the sender's claims about it (author, times),
labelled as claims. A version of an entry already here is never applied: it is kept as a
proposal (proposals.py) for the person to accept or decline. The whole share is one
transaction: a damaged or cut-short file adds nothing, and a share already received adds
nothing the second time.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diary.domain.errors import DiaryDamaged, InvalidInput
from diary.domain.incident import (
    Author,
    IncidentContent,
    canonical_json,
    check_diary_author,
    check_text,
)
from diary.domain.times import parse_utc_stamp, utc_now, utc_stamp

from ..entries.incidents import _index, _set_behaviours
from ..entries.listing import line_column
from ..storage import chain
from ..storage.database import Connection, transaction
from .proposals import record_proposal
from .received_check import ReceivedEntryError, check_received_entry
from .received_files import store_attachment
from .share import read_manifest_json
from .share_crypto import ShareReader
from .share_messages import receive_message_log

if TYPE_CHECKING:
    from ..vault import Vault

_MAX_MANIFEST = 512 * 1024 * 1024
MAX_SENDER_CHARS = 200


@dataclass
class ShareImportReport:
    shared_by: str = ""  # as the sender typed it; nothing checks it
    shared_at: str = ""  # by the sender's clock
    added: list[int] = field(default_factory=list)  # new entries, each the sender's
    # Changes to entries already here, kept as proposals (their numbers), not applied.
    proposed: list[int] = field(default_factory=list)
    unchanged: int = 0
    attachments: int = 0  # files stored (with new entries)
    files_not_added: int = 0  # files that came with proposed changes
    messages: int = 0  # messages and calls logged with new entries, as the sender's
    already_received_at: str = ""


def _damaged(why: str) -> DiaryDamaged:
    return DiaryDamaged(
        f"The share file is damaged or was not made by this app ({why}). Nothing was imported."
    )


def _event(provenance: dict[str, Any], record: dict[str, Any], head: str) -> dict[str, Any]:
    """What an 'import' or 'propose' revision keeps: where it came from, the entry as sent, the
    sender's record verbatim, the files, and the sender's claims about it, labelled as such."""
    return {
        **provenance,
        "foreign_head": head,
        "current": record["content"],
        "revisions": record["history"],
        "attachments": [
            {k: a[k] for k in ("uid", "sha256", "filename", "size", "exhibit_mark", "imported_at")}
            for a in record["attachments"]
        ],
        "claimed": {k: record[k] for k in ("author", "recorded_at", "updated_at", "revisions")},
    }


def _save_entry(
    conn: Connection, record: dict[str, Any], provenance: dict[str, Any]
) -> tuple[int, str, int]:
    """Add one received entry, or keep a change to one already here as a proposal.

    Returns the entry's id, what happened ('added', 'proposed' or 'unchanged') and the
    proposal's number (0 when none)."""
    uid = str(record["uid"])
    head = check_received_entry(record)
    content = IncidentContent.from_dict(record["content"]).validate()
    body = canonical_json(record["content"]).decode()
    stamp = provenance["received_at"]
    event = _event(provenance, record, head)
    found = conn.execute(
        "SELECT i.id, o.foreign_head, i.content FROM incidents i"
        " LEFT JOIN imported_incidents o ON o.incident_id = i.id WHERE i.uid = ?",
        (uid,),
    ).fetchone()
    if found is not None:
        incident_id = int(found[0])
        if not _is_news(conn, incident_id, found[1], str(found[2]), body, head):
            return incident_id, "unchanged", 0
        held = {
            str(r[0])
            for r in conn.execute(
                "SELECT uid FROM attachments WHERE incident_id = ?", (incident_id,)
            )
        }
        event["files_not_added"] = [
            {k: a[k] for k in ("filename", "size", "sha256")}
            for a in record["attachments"]
            if str(a["uid"]) not in held
        ]
        number = record_proposal(conn, incident_id, uid, event, provenance["share_id"], head, stamp)
        return incident_id, "proposed", number
    # New here: the sender's, received now. The times the share gives are the sender's claims
    # and stay in the import revision; this diary's record is its own clock.
    column, placeholder, line = line_column(record["content"])
    cur = conn.execute(
        "INSERT INTO incidents (uid, occurred_utc, author, recorded_at, updated_at, revisions,"
        f" deleted, content, last_author, received_from{column})"
        f" VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?{placeholder})",
        (
            uid,
            utc_stamp(content.occurred.instant),
            Author.SENDER.value,
            stamp,
            stamp,
            len(record["history"]),
            body,
            Author.SENDER.value,
            provenance["shared_by"],
            *line,
        ),
    )
    incident_id = int(cur.lastrowid)
    _set_behaviours(conn, incident_id, content.behaviours)
    _index(conn, incident_id, content)
    chain.append(
        conn,
        incident_id,
        uid,
        "import",
        Author.SENDER.value,
        stamp,
        canonical_json(event).decode(),
    )
    conn.execute(
        "INSERT INTO imported_incidents (incident_id, share_id, foreign_head) VALUES (?, ?, ?)",
        (incident_id, provenance["share_id"], head),
    )
    return incident_id, "added", 0


def proposals_note(report: ShareImportReport) -> str:
    """What to tell the person about changes to entries already here (report.proposed)."""
    count = len(report.proposed)
    sender = report.shared_by or "the sender"
    numbers = ", ".join(str(n) for n in report.proposed)
    text = (
        f"{sender} sent a change to an entry already in this diary. Nothing was changed: it is "
        f"kept as proposed change {numbers}, for you to compare with your version and accept "
        "or decline."
        if count == 1
        else f"{sender} sent {count} changes to entries already in this diary. Nothing was "
        f"changed: they are kept as proposed changes {numbers}, for you to compare with your "
        "versions and accept or decline."
    )
    if report.files_not_added:
        text += (
            f" {report.files_not_added} attached file{'s' if report.files_not_added != 1 else ''}"
            " that came with them were not added; the share file still holds them."
        )
    return text


def _known_hashes(history: list[dict[str, Any]]) -> set[str]:
    """Every version a history builds on: its own revisions' hashes and, inside each 'import'
    or 'propose' revision, the head and the revisions of the history it received."""
    known: set[str] = set()
    for rev in history:
        known.add(str(rev["hash"]))
        if rev["event"] in ("import", "propose"):
            event = json.loads(rev["content"])
            known.add(str(event.get("foreign_head", "")))
            known |= _known_hashes(list(event.get("revisions", [])))
    return known


def _local_history(conn: Connection, incident_id: int) -> list[dict[str, Any]]:
    """This diary's revisions of an entry, proposals received included (not files attached)."""
    rows = conn.execute(
        "SELECT hash, event, content FROM revisions WHERE incident_id = ? AND event != 'attach'"
        " ORDER BY seq",
        (incident_id,),
    ).fetchall()
    return [{"hash": r[0], "event": r[1], "content": r[2]} for r in rows]


def _is_news(
    conn: Connection,
    incident_id: int,
    received_before: str | None,
    ours: str,
    body: str,
    head: str,
) -> bool:
    """Whether a received version of an entry already here is worth proposing.

    Not when it says what the entry says, nor when this diary has seen that version already
    (received before, proposed before, or one of its own: an older share opened late). Any
    other version is news, whatever its history claims to be built on: a share can copy any
    hash it has seen, so no claim in it replaces what the person wrote."""
    if head == received_before or ours == body:
        return False
    return head not in _known_hashes(_local_history(conn, incident_id))


def _receive_entry(
    conn: Connection,
    reader: ShareReader,
    record: dict[str, Any],
    provenance: dict[str, Any],
    report: ShareImportReport,
) -> None:
    """One entry and its attachments' bytes (read from the share, and checked, in every case)."""
    incident_id, outcome, number = _save_entry(conn, record, provenance)
    if outcome == "unchanged":
        report.unchanged += 1
    elif outcome == "proposed":
        report.proposed.append(number)
    else:
        report.added.append(incident_id)
    for attachment in record["attachments"]:
        known = conn.execute(
            "SELECT 1 FROM attachments WHERE uid = ?", (str(attachment["uid"]),)
        ).fetchone()
        # Only a new entry's files are kept: a proposal's would join the person's entry.
        keep = outcome == "added" and known is None
        report.files_not_added += int(outcome == "proposed" and known is None)
        report.attachments += store_attachment(
            conn, reader, incident_id, attachment, keep, provenance["received_at"]
        )
    files, logged = receive_message_log(
        conn, reader, incident_id, record, outcome == "added", provenance
    )
    report.attachments += files
    report.messages += logged


def sender_name(value: object) -> str:
    """The sender's name as the share gives it (what they typed; nothing checks it), or
    ValueError for one no person would type."""
    if not isinstance(value, str) or len(value) > MAX_SENDER_CHARS:
        raise ValueError("not a name")
    check_text(value, "sender's name")
    return value.strip()


def read_contents(reader: ShareReader) -> dict[str, Any]:
    """The share's list of contents: a length, then that much JSON (bounded before reading)."""
    (length,) = struct.unpack(">I", reader.read_exactly(4))
    if length > _MAX_MANIFEST:
        raise _damaged("its list of contents is too large")
    return read_manifest_json(reader.read_exactly(length))


def import_share(
    vault: Vault, path: Path, passphrase: str, author: Author = Author.VICTIM
) -> ShareImportReport:
    """Bring a share's entries into the open diary, all of them or none.

    author is who is receiving it (recorded as such); what arrives is the sender's either way."""
    conn = vault.conn
    report = ShareImportReport()
    if Path(path).is_dir():
        raise InvalidInput(f"{str(path)!r} is a folder; give the share file itself.")
    if not Path(path).is_file():
        raise InvalidInput(f"There is no share file {str(path)!r}.")
    check_diary_author(author)
    with Path(path).open("rb") as fp:
        reader = ShareReader(fp, passphrase)
        try:
            manifest = read_contents(reader)
            provenance = {
                "share_id": str(manifest["share_id"]),
                "shared_by": sender_name(manifest["shared_by"]),
                "shared_at": utc_stamp(parse_utc_stamp(str(manifest["shared_at"]))),
                "source_chain_head": str(manifest["source_chain_head"]),
                "received_at": utc_stamp(utc_now()),
                "received_by": author.value,
            }
            records = list(manifest["incidents"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, InvalidInput) as exc:
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
                    _receive_entry(conn, reader, record, provenance, report)
                except ReceivedEntryError as exc:
                    raise _damaged(str(exc)) from exc
                except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
                    raise _damaged("an entry in it cannot be read") from exc
                except InvalidInput as exc:
                    raise _damaged(exc.message) from exc
            reader.finish()
    vault.chain_head = chain.head(conn)[1]
    return report
