"""entries.json: the original UTF-8 text of every entry in the pack, and every version of each
exactly as it was hashed, so that anyone can work the hashes out again (docs/cli.md).

Each entry has its reference in the pack ('Entry 40', or 'R1' for an entry received from others,
which also says where it came from, the sender's claims labelled as such). Beside the entries:
which of the diary's entries the pack holds and how they were chosen, the entries deleted from
the diary that the choice would have taken in (listed, never shown), and every revision in the
diary in order, as the uid of its entry and its hash, the last hash being the chain head on the
cover. Entries not in the pack are there by hash alone: enough to place the pack's versions in
the diary's whole record of changes, and to hold two packs from one diary against each other.
An entry with messages and calls logged from an exported file carries them too, each as the diary
keeps it (entries_messages.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from diary.domain.case import CaseDetails
from diary.domain.incident import Author
from diary.domain.records import SCHEMA_VERSION, incident_record
from diary.domain.times import utc_stamp
from diary.vault.sharing.received_history import ReceivedDetails
from diary.vault.storage.chain import GENESIS

from .disclosure import revision_holds_impact

if TYPE_CHECKING:
    from .pack import AuditEvent, DeletedEntry, PackIncident, Selection


@dataclass(frozen=True)
class EntriesHeader:
    case: CaseDetails
    statement_name: str
    selection: Selection
    deleted: tuple[DeletedEntry, ...]
    chain: Sequence[tuple[str, str]]  # (entry uid, hash) of every revision in the diary
    zone: str
    produced_at: datetime
    left_out: dict[str, Any] | None = None  # what exists and is not in this pack (disclosure)
    # With impact left out, a revision whose content records impact is listed by hash only.
    impact_left_out: bool = False


def _selection(selection: Selection) -> dict[str, Any]:
    record: dict[str, Any] = {
        "entries_in_diary": selection.in_diary,
        "entries_in_pack": selection.in_pack,
        "from": selection.start.isoformat() if selection.start else None,
        "to": selection.end.isoformat() if selection.end else None,
        "behaviours": list(selection.behaviours),
        "ids": list(selection.ids),
    }
    if selection.left_out:  # entries the choice took in that the person left out one by one
        record["left_out"] = list(selection.left_out)
    return record


def _deleted(entry: DeletedEntry) -> dict[str, Any]:
    return {
        "id": entry.number,
        "uid": entry.uid,
        "occurred_at": entry.occurred.iso(),
        "recorded_at": utc_stamp(entry.recorded_at),
        "deleted_at": utc_stamp(entry.deleted_at),
        "deleted_by": entry.deleted_by.value,
        **({"reason": entry.reason} if entry.reason else {}),
    }


def _received(details: ReceivedDetails) -> dict[str, Any]:
    """Where a received entry came from: this diary's record, then the sender's claims."""
    return {
        "from": details.sender,
        "sender_name_checked": False,
        "received_at": utc_stamp(details.received_at),
        "claimed_by_sender": {
            "author": details.claimed_author,
            "recorded_at": details.claimed_recorded_at,
            "updated_at": details.claimed_updated_at,
            "shared_at": details.shared_at,
        },
    }


def _version(h: AuditEvent, impact_left_out: bool) -> dict[str, Any]:
    """One revision exactly as hashed. What arrived in a share names its sender beside; for a
    revision of the sender's own record, its author and time are what that record says. With
    impact left out, a revision that records impact has no content here, only its hash (verify
    counts it as listed by hash only)."""
    version: dict[str, Any] = {
        "seq": h.seq,
        "event": h.event,
        "author": h.link.author,
        "recorded_at": h.link.recorded_at,
        "hash": h.hash,
        "prev_hash": h.link.prev_hash,
        "received": h.received,
        "content": h.link.content,
    }
    if impact_left_out and revision_holds_impact(h.link.content):
        del version["content"]
        version["content_left_out"] = "impact"
    if h.author is Author.SENDER:  # as the share named them; nothing checks it
        version["received_from"] = h.received_from
    return version


def _record(
    item: PackIncident, impact_left_out: bool, logged: list[dict[str, Any]] | None
) -> dict[str, Any]:
    record = incident_record(item.incident)
    record["pack_reference"] = item.reference
    if item.received:
        record["received"] = _received(item.received)
    for attachment in record["attachments"]:
        attachment["exhibit_mark"] = next(
            e.mark for e in item.exhibits if e.attachment.id == attachment["id"]
        )
    record["history"] = [_version(h, impact_left_out) for h in item.history]
    if logged:
        record["message_log"] = logged
    return record


def entries_document(
    header: EntriesHeader,
    items: Sequence[PackIncident],
    logged: dict[int, list[dict[str, Any]]] | None = None,
) -> bytes:
    """entries.json whole (entries_chunks, joined)."""
    return b"".join(entries_chunks(header, items, logged))


def entries_chunks(
    header: EntriesHeader,
    items: Sequence[PackIncident],
    logged: dict[int, list[dict[str, Any]]] | None = None,
) -> Iterator[bytes]:
    """entries.json in its stable form, a piece at a time (a pack of thousands of entries is
    hashed and written without ever being held whole): one entry to a line after the header,
    then the chain, one revision to a line. The same pieces every time for the same pack.
    logged holds each entry's messages and calls (entries_messages)."""
    logged = logged or {}
    chain = header.chain
    head = {
        "schema": SCHEMA_VERSION,
        "produced_at": utc_stamp(header.produced_at),
        "statement_name": header.statement_name,
        "case": header.case.to_dict(),
        "chain_head": chain[-1][1] if chain else GENESIS,
        "zone": header.zone,
        "selection": _selection(header.selection),
        "deleted": [_deleted(entry) for entry in header.deleted],
    }
    if header.left_out:
        head["left_out_of_this_pack"] = header.left_out
    # Quick to write (json's indenting is slow), still easy to read.
    start = json.dumps(head, ensure_ascii=False)[:-1]
    yield f'{start}, "incidents": [\n'.encode()
    for n, item in enumerate(items):
        record = json.dumps(
            _record(item, header.impact_left_out, logged.get(item.incident.id)),
            ensure_ascii=False,
        )
        yield (",\n" + record if n else record).encode("utf-8")
    yield f'\n],\n"chain": {{"revisions": {len(chain)}, "links": [\n'.encode()
    for at in range(0, len(chain), _LINKS_AT_ONCE):
        links = ",\n".join(
            f'["{uid}", "{digest}"]' for uid, digest in chain[at : at + _LINKS_AT_ONCE]
        )
        yield (",\n" + links if at else links).encode("utf-8")
    yield b"\n]}}\n"


_LINKS_AT_ONCE = 10_000
