"""The evidence pack as an immutable snapshot, read from an open vault on the calling thread.

Everything the PDF and the bundle need is copied here: the incidents in time order, their
exhibits (marks given once and kept for ever, hashes), their audit history, the case details and
the chain head. The renderers get this object and nothing else: no connection, no key. Only the
fields listed in domain/records.py are taken, so anything kept private in the diary (safety
plans, notes) never reaches an export.

The exhibits' original files are the one thing not copied: they can be large (a video, hundreds
of photos), so the pack holds a read-only reader (vault.exhibit_files) that sees the diary as it
was when the pack was read, and each file is read only when it is written. Close the pack when
the export is done (it is a context manager); locking the diary closes it too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from diary.domain.case import CaseDetails
from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Attachment, Author, Incident
from diary.domain.records import SCHEMA_VERSION, incident_record
from diary.domain.times import utc_now, utc_stamp
from diary.vault import Vault, chain
from diary.vault.exhibit_files import ExhibitFiles
from diary.vault.received_history import ReceivedDetails, received_details

from .disclosure import Disclosure, left_out_record, read_disclosure, without_impact
from .signing import diary_signing_key, key_fingerprint


@dataclass(frozen=True)
class PackOptions:
    """What the person chose to put in the pack."""

    start: date | None = None
    end: date | None = None
    behaviours: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()
    include_impact: bool = True
    statement_name: str = ""  # the name on the statement, if not the diary's
    occupation: str = ""
    # For originals that carry location data: "include" or "leave-out" (disclosure.py); ""
    # when not chosen, which stops an export that finds any.
    located_originals: str = ""
    vps: bool = False  # add a draft Victim Personal Statement from the impact notes


@dataclass(frozen=True)
class Exhibit:
    """One attachment as produced: its mark, its record and a way to read its original file."""

    mark: str
    attachment: Attachment
    incident_id: int
    files: ExhibitFiles = field(repr=False, compare=False)

    def read(self) -> bytes:
        """The original file, byte for byte (checked against its SHA-256)."""
        return self.files.read(self.attachment.id)

    def chunks(self) -> Iterator[bytes]:
        """The original file in pieces, for writing it out without holding all of it."""
        return self.files.chunks(self.attachment.id)

    @property
    def file_name(self) -> str:
        """The name it has in the bundle's exhibits/ folder: mark first, then the original name."""
        return f"{safe_name(self.mark)}_{safe_name(self.attachment.filename) or 'file'}"


@dataclass(frozen=True)
class AuditEvent:
    """One revision of an entry, without its content: when it was written and by whom."""

    seq: int
    event: str
    author: Author
    recorded_at: datetime
    hash: str
    received_from: str = ""  # the sender, for what arrived in a share


@dataclass(frozen=True)
class PackIncident:
    # Its position in the chronology, from 1; for an entry received from someone else, its
    # position among those (R1, R2, ...), which are never part of the person's own account.
    number: int
    incident: Incident
    exhibits: tuple[Exhibit, ...]
    history: tuple[AuditEvent, ...]
    received: ReceivedDetails | None = None  # where a received entry came from

    @property
    def reference(self) -> str:
        """How the pack refers to it: 'No. 3', or 'R1' for a received entry."""
        return f"R{self.number}" if self.incident.is_received else f"No. {self.number}"

    @property
    def source(self) -> str:
        """Its reference, naming the sender for a received entry: 'R1, received from Jo'."""
        if not self.incident.is_received:
            return self.reference
        return f"{self.reference}, received from {self.incident.received_from or 'someone unnamed'}"


@dataclass(frozen=True)
class EvidencePack:
    case: CaseDetails
    statement_name: str
    occupation: str
    options: PackOptions
    incidents: tuple[PackIncident, ...]
    chain_head: str
    produced_at: datetime
    signing_key_fingerprint: str
    entries_json: bytes = field(repr=False)
    files: ExhibitFiles = field(repr=False, compare=False)
    # Entries whose words are someone else's, received in a share and not adopted: in a section
    # of their own naming the sender, never in the person's chronology, statement or counts.
    received: tuple[PackIncident, ...] = ()
    # What the diary holds that this pack leaves out, and what was done with originals that
    # carry location data (disclosure.py).
    disclosure: Disclosure = field(default_factory=Disclosure)

    def close(self) -> None:
        """Close the reader of original files; the pack cannot be written after this."""
        self.files.close()

    def __enter__(self) -> EvidencePack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def exhibits(self) -> tuple[Exhibit, ...]:
        return tuple(e for item in self.incidents + self.received for e in item.exhibits)

    @property
    def bundled_exhibits(self) -> tuple[Exhibit, ...]:
        """The exhibits whose originals go into the bundle (all but those the person chose to
        leave out for their location data)."""
        left_out = self.disclosure.left_out_originals
        return tuple(e for e in self.exhibits if e.attachment.id not in left_out)

    @property
    def content_fingerprint(self) -> str:
        """The fingerprint printed on the cover: SHA-256 over the hashes of entries.json and the
        exhibits, as `sha256sum` would list them (bundle.content_lines)."""
        return hashlib.sha256("".join(content_lines(self)).encode()).hexdigest()


def safe_name(name: str) -> str:
    """A file name that is safe on every system: letters, digits, dot, dash, underscore."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in name)
    return cleaned.strip(".-")[:80]


def content_lines(pack: EvidencePack) -> list[str]:
    """`sha256sum` lines for entries.json and every exhibit, in that order."""
    lines = [f"{hashlib.sha256(pack.entries_json).hexdigest()}  entries.json\n"]
    lines += [f"{e.attachment.sha256}  exhibits/{e.file_name}\n" for e in pack.bundled_exhibits]
    return lines


def _selected(vault: Vault, options: PackOptions) -> list[Incident]:
    found = vault.incidents(start=options.start, end=options.end, ids=list(options.ids) or None)
    if options.ids:
        # An entry asked for by number and missing is a mistake to say, not to skip silently:
        # the pack would look complete without it.
        missing = sorted(set(options.ids) - {i.id for i in vault.incidents(ids=list(options.ids))})
        if missing:
            raise NotFound(
                f"There is no entry {', '.join(map(str, missing))} in this diary (it may have "
                "been deleted); nothing was written. 'diary list' shows the entries."
            )
    if options.behaviours:
        wanted = set(options.behaviours)
        found = [i for i in found if wanted & set(i.content.behaviours)]
    return found


def entries_document(
    case: CaseDetails,
    statement_name: str,
    items: list[PackIncident],
    chain_head: str,
    produced_at: datetime,
    left_out: dict[str, Any] | None = None,
) -> bytes:
    """entries.json: the original UTF-8 text of everything in the pack, in the stable form."""
    header = {
        "schema": SCHEMA_VERSION,
        "produced_at": utc_stamp(produced_at),
        "statement_name": statement_name,
        "case": case.to_dict(),
        "chain_head": chain_head,
    }
    if left_out:
        header["left_out_of_this_pack"] = left_out
    records = []
    for item in items:
        record = incident_record(item.incident)
        record["pack_reference"] = item.reference
        if item.received:
            record["received"] = {
                "from": item.received.sender,
                "sender_name_checked": False,
                "received_at": utc_stamp(item.received.received_at),
                "claimed_by_sender": {
                    "author": item.received.claimed_author,
                    "recorded_at": item.received.claimed_recorded_at,
                    "updated_at": item.received.claimed_updated_at,
                    "shared_at": item.received.shared_at,
                },
            }
        for attachment in record["attachments"]:
            attachment["exhibit_mark"] = next(
                e.mark for e in item.exhibits if e.attachment.id == attachment["id"]
            )
        record["history"] = [
            {
                "seq": h.seq,
                "event": h.event,
                "author": h.author.value,
                "recorded_at": utc_stamp(h.recorded_at),
                "hash": h.hash,
                **({"received_from": h.received_from} if h.author is Author.SENDER else {}),
            }
            for h in item.history
        ]
        records.append(json.dumps(record, ensure_ascii=False))
    # One incident to a line: quick to write (json's indenting is slow), still easy to read.
    head = json.dumps(header, ensure_ascii=False)[:-1]
    return (head + ', "incidents": [\n' + ",\n".join(records) + "\n]}\n").encode("utf-8")


def build_pack(vault: Vault, options: PackOptions, *, assign_marks: bool = True) -> EvidencePack:
    """Read everything the pack needs from the open vault. Gives new exhibits their marks.

    With assign_marks=False (a preview) the marks are the ones the next export would give,
    and nothing is stored: only a pack really written out gives marks for good.
    """
    incidents = _selected(vault, options)
    if not incidents:
        raise InvalidInput("No entries match what was chosen, so there is nothing to export.")
    if all(i.is_received for i in incidents):
        raise InvalidInput(
            "Every entry chosen was received from someone else, so there is no account of your "
            "own to make a statement from. If one of them is your own account, adopt it first "
            "('diary adopt N', or 'Adopt as my own account' in the window); or choose entries "
            "you wrote."
        )
    disclosure = read_disclosure(vault, options, incidents, require_choice=assign_marks)
    if not options.include_impact:  # left out everywhere: the PDF, entries.json, every section
        incidents = [without_impact(i) for i in incidents]
    case = vault.case
    attachment_ids = [a.id for i in incidents for a in i.attachments]
    mark = vault.assign_exhibit_marks if assign_marks else vault.provisional_exhibit_marks
    marks = mark(attachment_ids) if attachment_ids else {}
    # Who changed what and when; the content of each revision is not needed here.
    histories = vault.histories([i.id for i in incidents], with_content=False)
    files = vault.exhibit_files()
    try:
        own: list[PackIncident] = []
        received: list[PackIncident] = []
        for incident in incidents:
            details = received_details(vault.conn, incident.id) if incident.is_received else None
            into = received if incident.is_received else own
            into.append(
                PackIncident(
                    len(into) + 1,
                    incident,
                    tuple(
                        Exhibit(marks[a.id], a, incident.id, files) for a in incident.attachments
                    ),
                    tuple(
                        AuditEvent(r.seq, r.event, r.author, r.recorded_at, r.hash, r.received_from)
                        for r in histories[incident.id]
                    ),
                    details,
                )
            )
        items = own + received
        statement_name = options.statement_name.strip() or case.name
        produced_at = utc_now()
        key = diary_signing_key(vault)
        head = chain.head(vault.conn)[1]
        return EvidencePack(
            case=case,
            statement_name=statement_name,
            occupation=options.occupation.strip() or case.occupation,
            options=options,
            incidents=tuple(own),
            received=tuple(received),
            chain_head=head,
            produced_at=produced_at,
            signing_key_fingerprint=key_fingerprint(key),
            entries_json=entries_document(
                case,
                statement_name,
                items,
                head,
                produced_at,
                left_out_record(disclosure, items, marks),
            ),
            files=files,
            disclosure=disclosure,
        )
    except BaseException:
        files.close()
        raise
