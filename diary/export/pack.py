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

from diary.domain.case import CaseDetails
from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Attachment, Author, Incident
from diary.domain.records import SCHEMA_VERSION, incident_record
from diary.domain.times import utc_now, utc_stamp
from diary.vault import Vault, chain
from diary.vault.exhibit_files import ExhibitFiles

from .message_pack import MessageLogs, with_message_logs
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


@dataclass(frozen=True)
class PackIncident:
    number: int  # its position in the chronology, from 1
    incident: Incident
    exhibits: tuple[Exhibit, ...]
    history: tuple[AuditEvent, ...]


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
    message_logs: MessageLogs = field(default_factory=MessageLogs, repr=False, compare=False)

    def close(self) -> None:
        """Close the reader of original files; the pack cannot be written after this."""
        self.files.close()

    def __enter__(self) -> EvidencePack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def exhibits(self) -> tuple[Exhibit, ...]:
        return tuple(e for item in self.incidents for e in item.exhibits)

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
    lines += [f"{e.attachment.sha256}  exhibits/{e.file_name}\n" for e in pack.exhibits]
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
) -> bytes:
    """entries.json: the original UTF-8 text of everything in the pack, in the stable form."""
    header = {
        "schema": SCHEMA_VERSION,
        "produced_at": utc_stamp(produced_at),
        "statement_name": statement_name,
        "case": case.to_dict(),
        "chain_head": chain_head,
    }
    records = []
    for item in items:
        record = incident_record(item.incident)
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
    case = vault.case
    attachment_ids = [a.id for i in incidents for a in i.attachments]
    mark = vault.assign_exhibit_marks if assign_marks else vault.provisional_exhibit_marks
    marks = mark(attachment_ids) if attachment_ids else {}
    # Who changed what and when; the content of each revision is not needed here.
    histories = vault.histories([i.id for i in incidents], with_content=False)
    files = vault.exhibit_files()
    try:
        items = []
        for number, incident in enumerate(incidents, start=1):
            exhibits = tuple(
                Exhibit(marks[a.id], a, incident.id, files) for a in incident.attachments
            )
            history = tuple(
                AuditEvent(r.seq, r.event, r.author, r.recorded_at, r.hash)
                for r in histories[incident.id]
            )
            items.append(PackIncident(number, incident, exhibits, history))
        statement_name = options.statement_name.strip() or case.name
        produced_at = utc_now()
        key = diary_signing_key(vault)
        head = chain.head(vault.conn)[1]
        pack = EvidencePack(
            case=case,
            statement_name=statement_name,
            occupation=options.occupation.strip() or case.occupation,
            options=options,
            incidents=tuple(items),
            chain_head=head,
            produced_at=produced_at,
            signing_key_fingerprint=key_fingerprint(key),
            entries_json=entries_document(case, statement_name, items, head, produced_at),
            files=files,
        )
        return with_message_logs(vault, pack, assign_marks)
    except BaseException:
        files.close()
        raise
