"""The evidence pack as an immutable snapshot, read from an open vault on the calling thread
(pack.build_pack).

Everything the PDF and the bundle need is copied here: the incidents in time order (each keeping
its number in the diary), apart from them the entries received from others and not adopted (the
senders' accounts, numbered R1, R2, ...), their exhibits (marks given once and kept for ever,
hashes), how many versions each has, the entries deleted from the diary, what the selection
was chosen from, the case details and the diary's chain of revision hashes.
The renderers get this object and nothing else: no connection, no key. Only the fields listed
in domain/records.py are taken, so anything kept private in the diary (safety plans, notes)
never reaches an export.

The exhibits' original files are not copied: they can be large (a video, hundreds of photos), so
the pack holds a read-only reader (vault.exhibit_files) that sees the diary as it was when the
pack was read, and each file is read only when it is written. Each entry's versions, exactly as
hashed, are read through the same reader whenever a section or entries.json reaches them
(pack_history.py), so a pack of any length does not hold them all. Close the pack when
the export is done (it is a context manager); locking the diary closes it too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from diary.domain.case import CaseDetails
from diary.domain.contemporaneity import Writing, writing
from diary.domain.incident import Attachment, Author, Incident
from diary.domain.marks import natural_key
from diary.domain.times import Moment, parse_utc_stamp
from diary.vault.attachments.derived_forms import DerivedForm
from diary.vault.attachments.exhibit_files import ExhibitFiles
from diary.vault.entries.authorship import SENDER_EVENTS
from diary.vault.sharing.received_history import ReceivedDetails
from diary.vault.storage.chain import GENESIS, Link

from .disclosure import Disclosure, revision_holds_impact
from .entries_json import EntriesHeader, entries_chunks
from .message_pack import MessageLogs

# Revisions that change an entry's words after it was first written.
WORD_CHANGES = ("edit", "accept")


@dataclass(frozen=True)
class PackOptions:
    """What the person chose to put in the pack."""

    start: date | None = None
    end: date | None = None
    behaviours: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()
    # Entries the choice above takes in that the person left out one by one (a duplicate, one
    # not relevant to this report): the pack says how many, and which.
    left_out: tuple[int, ...] = ()
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

    def derived(self) -> DerivedForm | None:
        """What was made of the file when it was kept (a video's frames, a HEIC photo upright),
        checked against the original; None when there is none to use."""
        return self.files.derived(self.attachment.id)

    @property
    def file_name(self) -> str:
        """The name it has in the bundle's exhibits/ folder: mark first, then the original name."""
        return f"{safe_name(self.mark)}_{safe_name(self.attachment.filename) or 'file'}"


@dataclass(frozen=True)
class AuditEvent:
    """One version of an entry: when it was written, by whom, and exactly what was hashed."""

    link: Link = field(repr=False)
    received_from: str = ""  # the sender, for what arrived in a share, as the share names them
    # For a revision carried in a share (the sender's own record): when this diary received it.
    received_at: datetime | None = None

    @property
    def seq(self) -> int:
        return self.link.seq

    @property
    def event(self) -> str:
        return self.link.event

    @property
    def received(self) -> bool:
        """A version from the diary that shared the entry, not written in this one."""
        return self.link.received

    @property
    def author(self) -> Author:
        """Who wrote it: a share's sender for anything that arrived in a share, whatever the
        sender's record says (claimed_author); else the victim or advocate."""
        if self.received or self.event in SENDER_EVENTS:
            return Author.SENDER
        return Author(self.link.author)

    @property
    def recorded_at(self) -> datetime:
        """When this diary recorded it: for a revision carried in a share, when it arrived."""
        if self.received and self.received_at is not None:
            return self.received_at
        return parse_utc_stamp(self.link.recorded_at)

    @property
    def claimed_author(self) -> str:
        """Who the sender's record says wrote a revision carried in a share (unchecked)."""
        return self.link.author if self.received else ""

    @property
    def claimed_at(self) -> str:
        """When the sender's record says a revision carried in a share was written (unchecked)."""
        return self.link.recorded_at if self.received else ""

    @property
    def hash(self) -> str:
        return self.link.hash

    def content(self) -> dict[str, Any]:
        """What this version holds (an entry's fields, a file added, a deletion's reason)."""
        value = json.loads(self.link.content)
        return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class PackIncident:
    # The entry's number in the diary, the same in every pack made from it; for an entry
    # received from someone else, its position among those (R1, R2, ...), which are never part
    # of the person's own account.
    number: int
    incident: Incident
    exhibits: tuple[Exhibit, ...]
    # Read from the diary again when reached (pack_history.History), or held (a tuple).
    history: Sequence[AuditEvent]
    received: ReceivedDetails | None = None  # where a received entry came from

    @property
    def label(self) -> str:
        """Its number as a column of numbers shows it: '40', or 'R1' for a received entry."""
        return f"R{self.number}" if self.incident.is_received else str(self.number)

    @property
    def reference(self) -> str:
        """How the pack refers to it: 'Entry 40', or 'R1' for a received entry."""
        return self.label if self.incident.is_received else f"Entry {self.number}"

    @property
    def source(self) -> str:
        """Its reference, naming the sender for a received entry: 'R1, received from Jo'."""
        if not self.incident.is_received:
            return self.reference
        return f"{self.reference}, received from {self.incident.received_from or 'someone unnamed'}"

    @property
    def edits(self) -> int:
        """How many times its words were changed after it was first written (edited, or a
        proposed change accepted)."""
        counted = getattr(self.history, "edits", None)  # a History knows without reading
        if isinstance(counted, int):
            return counted
        return sum(1 for h in self.history if h.event in WORD_CHANGES)

    @property
    def writing(self) -> Writing:
        return writing(self.incident)


@dataclass(frozen=True)
class DeletedEntry:
    """An entry deleted from the diary before this pack was made: listed, never shown."""

    number: int
    occurred: Moment
    recorded_at: datetime
    deleted_at: datetime
    deleted_by: Author
    uid: str
    reason: str = ""  # why, as the person gave it ('' when they gave none)


@dataclass(frozen=True)
class Selection:
    """Which of the diary's entries the pack holds, and how they were chosen."""

    in_diary: int  # entries in the diary when the pack was made (deleted ones not counted)
    in_pack: int
    start: date | None = None
    end: date | None = None
    behaviours: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()
    left_out: tuple[int, ...] = ()  # taken in by the choice above, left out one by one

    @property
    def whole(self) -> bool:
        """Every entry in the diary, none left out."""
        return not (self.start or self.end or self.behaviours or self.ids or self.left_out)

    @property
    def hand_picked(self) -> bool:
        """Chosen one by one (by number): the entries say nothing about how often it happened."""
        return bool(self.ids)


@dataclass(frozen=True)
class EvidencePack:
    case: CaseDetails
    statement_name: str
    occupation: str
    options: PackOptions
    incidents: tuple[PackIncident, ...]
    selection: Selection
    deleted: tuple[DeletedEntry, ...]
    # (entry uid, hash) of every revision in the diary, in order, when the pack was made: the
    # last is the chain head. Entries not in the pack are here by hash alone, so a selection can
    # still be placed in the diary's whole record of changes.
    chain: Sequence[tuple[str, str]] = field(repr=False)
    zone: str  # the zone the times the app recorded are shown in (pack_times.py)
    produced_at: datetime
    signing_key_fingerprint: str
    # entries.json is made again as it is written (entries_chunks), never held whole: what it
    # is made from, the entries as they were when the pack was made, and its SHA-256.
    entries_header: EntriesHeader = field(repr=False)
    entries_items: tuple[PackIncident, ...] = field(repr=False)
    # each entry's messages and calls, as entries.json records them (entries_messages.py)
    entries_logged: dict[int, list[dict[str, Any]]] = field(repr=False)
    entries_sha256: str
    files: ExhibitFiles = field(repr=False, compare=False)
    # Entries whose words are someone else's, received in a share and not adopted: in a section
    # of their own naming the sender, never in the person's chronology, statement or counts.
    received: tuple[PackIncident, ...] = ()
    # What the diary holds that this pack leaves out, and what was done with originals that
    # carry location data (disclosure.py).
    disclosure: Disclosure = field(default_factory=Disclosure)
    message_logs: MessageLogs = field(default_factory=MessageLogs, repr=False, compare=False)
    discreet: bool = False  # the diary is in discreet mode: nothing in the PDF names the app

    def close(self) -> None:
        """Close the reader of original files; the pack cannot be written after this."""
        self.files.close()

    def __enter__(self) -> EvidencePack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def chain_head(self) -> str:
        return self.chain[-1][1] if self.chain else GENESIS

    @cached_property
    def exhibits(self) -> tuple[Exhibit, ...]:
        """Every exhibit, the received entries' too, in the order of their marks (AD/2 before
        AD/10)."""
        return tuple(
            sorted(
                (e for item in self.incidents + self.received for e in item.exhibits),
                key=lambda e: natural_key(e.mark),
            )
        )

    @property
    def versions(self) -> int:
        """How many versions of the person's own entries in the pack the bundle holds."""
        return sum(len(item.history) for item in self.incidents)

    @property
    def edited(self) -> tuple[PackIncident, ...]:
        """The person's own entries in the pack whose words were changed after first written."""
        return tuple(item for item in self.incidents if item.edits)

    @cached_property
    def revisions_by_hash_only(self) -> int:
        """With impact left out, how many revisions of the entries in the pack are in
        entries.json by hash only, because their content records impact."""
        if self.options.include_impact:
            return 0
        return sum(
            1
            for item in self.incidents + self.received
            for h in item.history
            if revision_holds_impact(h.link.content)
        )

    @cached_property
    def bundled_exhibits(self) -> tuple[Exhibit, ...]:
        """The exhibits whose originals go into the bundle (all but those the person chose to
        leave out for their location data); asked for as each original goes in."""
        left_out = self.disclosure.left_out_originals
        return tuple(e for e in self.exhibits if e.attachment.id not in left_out)

    def entries_chunks(self) -> Iterator[bytes]:
        """entries.json, a piece at a time, as its SHA-256 (entries_sha256) was taken."""
        return entries_chunks(self.entries_header, self.entries_items, self.entries_logged)

    @property
    def entries_json(self) -> bytes:
        """entries.json whole (for a small pack, or a test; the bundle streams it)."""
        return b"".join(self.entries_chunks())

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
    lines = [f"{pack.entries_sha256}  entries.json\n"]
    lines += [f"{e.attachment.sha256}  exhibits/{e.file_name}\n" for e in pack.bundled_exhibits]
    return lines
