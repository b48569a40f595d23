"""The evidence pack as an immutable snapshot, read from an open vault on the calling thread.

Everything the PDF and the bundle need is copied here: the incidents in time order (each keeping
its number in the diary), apart from them the entries received from others and not adopted (the
senders' accounts, numbered R1, R2, ...), their exhibits (marks given once and kept for ever,
hashes), every version of each exactly as it was hashed, the entries deleted from the diary,
what the selection was chosen from, the case details and the diary's chain of revision hashes.
The renderers get this object and nothing else: no connection, no key. Only the fields listed
in domain/records.py are taken, so anything kept private in the diary (safety plans, notes)
never reaches an export.

The exhibits' original files are the one thing not copied: they can be large (a video, hundreds
of photos), so the pack holds a read-only reader (vault.exhibit_files) that sees the diary as it
was when the pack was read, and each file is read only when it is written. Close the pack when
the export is done (it is a context manager); locking the diary closes it too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any

from diary.domain.case import CaseDetails
from diary.domain.contemporaneity import Writing, writing
from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Attachment, Author, Incident
from diary.domain.marks import natural_key
from diary.domain.times import Moment, parse_utc_stamp, utc_now
from diary.vault import Vault
from diary.vault.attachments.derived_forms import DerivedForm
from diary.vault.attachments.exhibit_files import ExhibitFiles
from diary.vault.entries.authorship import SENDER_EVENTS
from diary.vault.sharing.received_history import ReceivedDetails, received_details
from diary.vault.storage.chain import GENESIS, Link

from .disclosure import (
    Disclosure,
    left_out_record,
    read_disclosure,
    revision_holds_impact,
    without_impact,
)
from .entries_json import EntriesHeader, entries_chunks
from .entries_messages import logged_records
from .message_pack import MessageLogs, with_message_logs
from .pack_times import pack_zone
from .signing import diary_signing_key, key_fingerprint

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
    history: tuple[AuditEvent, ...]
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
    chain: tuple[tuple[str, str], ...] = field(repr=False)
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

    @property
    def bundled_exhibits(self) -> tuple[Exhibit, ...]:
        """The exhibits whose originals go into the bundle (all but those the person chose to
        leave out for their location data)."""
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


def _matches(incident: Incident, options: PackOptions) -> bool:
    day = incident.content.occurred.local.date()
    if (options.start and day < options.start) or (options.end and day > options.end):
        return False
    return not options.behaviours or bool(
        set(options.behaviours) & set(incident.content.behaviours)
    )


def chosen_by_dates_and_kinds(incident: Incident, options: PackOptions) -> bool:
    """Whether the dates and behaviours chosen take this entry in (before any is left out)."""
    return _matches(incident, options)


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
    chosen = [i for i in found if _matches(i, options)]
    if options.left_out:
        missing = sorted(set(options.left_out) - {i.id for i in chosen})
        if missing:
            raise NotFound(
                f"Entry {', '.join(map(str, missing))} is not among those chosen for this pack, "
                "so it cannot be left out of it; nothing was written. 'diary list' shows the "
                "entries."
            )
        chosen = [i for i in chosen if i.id not in set(options.left_out)]
    return chosen


def _deleted(vault: Vault, options: PackOptions) -> tuple[DeletedEntry, ...]:
    """The deleted entries a pack of this choice lists: those the choice would have taken in
    (by dates and behaviours, as they stood when deleted). Entries chosen by number are the
    ones asked for, so no other is listed beside them."""
    if options.ids:
        return ()
    gone = [i for i in vault.deleted_incidents() if _matches(i, options)]
    if not gone:
        return ()
    histories = vault.histories([i.id for i in gone], with_content=False)
    entries = []
    for incident in gone:
        deletion = next(r for r in reversed(histories[incident.id]) if r.event == "delete")
        entries.append(
            DeletedEntry(
                incident.id,
                incident.content.occurred,
                incident.recorded_at,
                deletion.recorded_at,
                deletion.author,
                incident.uid,
                str(deletion.content.get("reason") or ""),
            )
        )
    return tuple(entries)


def _audit_events(links: list[Link]) -> tuple[AuditEvent, ...]:
    """An entry's versions as the pack shows them. What arrived in a share (an import, a
    proposal) names the sender the share gave; the sender's own revisions an import carries come
    just before it, and are dated by its arrival here."""
    events: list[AuditEvent] = []
    carried: list[Link] = []
    for link in links:
        if link.received:
            carried.append(link)
            continue
        sender = ""
        if link.event in SENDER_EVENTS:
            shared_by = json.loads(link.content).get("shared_by", "")
            sender = shared_by if isinstance(shared_by, str) else ""
        arrived = parse_utc_stamp(link.recorded_at)
        events += [AuditEvent(c, sender, arrived) for c in carried]
        events.append(AuditEvent(link, sender))
        carried = []
    return tuple(events)


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
    # Every version exactly as hashed: the bundle carries them so that anyone can check them.
    links = vault.recorded_links([i.id for i in incidents])
    if not options.include_impact and not disclosure.impact_left_out:
        # An earlier version may record impact though the entry now does not: it is left out too.
        held = any(revision_holds_impact(link.content) for ls in links.values() for link in ls)
        disclosure = replace(disclosure, impact_left_out=held)
    # Counted as the statement counts them: the person's own entries, not those received.
    selection = Selection(
        vault.entry_count(),
        sum(1 for i in incidents if not i.is_received),
        options.start,
        options.end,
        options.behaviours,
        options.ids,
        tuple(sorted(set(options.left_out))),
    )
    deleted = _deleted(vault, options)
    listing = tuple(vault.chain_listing())
    files = vault.exhibit_files()
    try:
        own: list[PackIncident] = []
        received: list[PackIncident] = []
        for incident in incidents:
            details = received_details(vault.conn, incident.id) if incident.is_received else None
            into = received if incident.is_received else own
            into.append(
                PackIncident(
                    len(into) + 1 if incident.is_received else incident.id,
                    incident,
                    tuple(
                        Exhibit(marks[a.id], a, incident.id, files) for a in incident.attachments
                    ),
                    _audit_events(links[incident.id]),
                    details,
                )
            )
        statement_name = options.statement_name.strip() or case.name
        produced_at = utc_now()
        key = diary_signing_key(vault)
        zone = pack_zone(i.content for i in incidents)
        header = EntriesHeader(
            case,
            statement_name,
            selection,
            deleted,
            listing,
            zone,
            produced_at,
            left_out_record(disclosure, own + received, marks),
            impact_left_out=not options.include_impact,
        )
        items = (*own, *received)
        logged = logged_records(vault.conn, [i.id for i in incidents])
        digest = hashlib.sha256()
        for chunk in entries_chunks(header, items, logged):
            digest.update(chunk)
        pack = EvidencePack(
            case=case,
            statement_name=statement_name,
            occupation=options.occupation.strip() or case.occupation,
            options=options,
            incidents=tuple(own),
            received=tuple(received),
            selection=selection,
            deleted=deleted,
            chain=listing,
            zone=zone,
            produced_at=produced_at,
            signing_key_fingerprint=key_fingerprint(key),
            entries_header=header,
            entries_items=items,
            entries_logged=logged,
            entries_sha256=digest.hexdigest(),
            files=files,
            disclosure=disclosure,
            discreet=vault.setting("discreet", "0") == "1",
        )
        return with_message_logs(vault, pack, assign_marks)
    except BaseException:
        files.close()
        raise
