"""Incidents, attachments and revisions as plain data.

`IncidentContent` is everything the person writes about one incident (DOMAIN.md, "What a diary
entry holds"). It is what each revision stores in full, so it round-trips through JSON exactly.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from .behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED, check_kind, check_kinds
from .errors import InvalidInput
from .times import Moment

# One field may hold a long account (a pasted chat log), but not an accidental disk image.
MAX_TEXT_CHARS = 5_000_000


class Author(StrEnum):
    """Who wrote a revision: the person it happened to, their advocate, or (for anything that
    arrived in a share) the share's sender, named by the share itself."""

    VICTIM = "victim"
    ADVOCATE = "advocate"
    SENDER = "sender"


# The people who write in a diary themselves; a sender's words only ever arrive in a share.
DIARY_AUTHORS = (Author.VICTIM, Author.ADVOCATE)


def check_diary_author(author: Author) -> Author:
    """author, when it is someone writing in this diary; InvalidInput for a share's sender."""
    if author not in DIARY_AUTHORS:
        raise InvalidInput(
            "Only the person it happened to or their advocate can write in this diary; "
            "a sender's words arrive only in a share."
        )
    return author


def _kind(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Witness:
    """Someone who saw or heard it, or was told of it. Their contact details go into a pack
    only when the person chooses (contact_in_pack): what is handed to police may be disclosed."""

    name: str
    saw: str = ""  # what they saw or heard, in the person's words
    first_hand: bool = True  # saw or heard it themselves; False: they were told of it
    contact: str = ""
    contact_in_pack: bool = False

    def __post_init__(self) -> None:
        for name in ("name", "saw", "contact"):
            check_text(getattr(self, name), f"witness's {name}")
        if not self.name.strip():
            raise InvalidInput("Give each witness a name, or a description such as 'my neighbour'.")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Witness:
        return cls(
            name=str(data.get("name", "")),
            saw=str(data.get("saw") or ""),
            first_hand=data.get("first_hand") is not False,
            contact=str(data.get("contact") or ""),
            contact_in_pack=data.get("contact_in_pack") is True,
        )

    @property
    def line(self) -> str:
        """'Jo, my colleague: saw them by the bus stop (told of it)', as the entry shows it."""
        text = self.name + (f": {self.saw}" if self.saw else "")
        return text + ("" if self.first_hand else " (was told of it)")


@dataclass(frozen=True, slots=True)
class IncidentContent:
    """What the person records about one incident. Optional text fields are '' when empty."""

    occurred: Moment
    location: str
    text: str  # what happened, in the person's own words
    until: Moment | None = None
    behaviours: tuple[str, ...] = ()
    channel: str | None = None
    words: str = ""  # exact words used
    suspect: str = ""  # who, how they looked, anyone acting for them
    vehicle: str = ""
    visibility: str = ""  # how well they were seen (light, distance, how long)
    witnesses: tuple[str, ...] = ()
    others_involved: str = ""  # children or others present or affected
    feared_violence: bool | None = None
    fear: str = ""  # what they feared
    feelings: str = ""  # how it felt
    impact: str = ""  # effect on day-to-day life, in their words
    effects: tuple[str, ...] = ()  # EFFECTS checklist
    actions: str = ""  # what the person did
    reported: str | None = None  # REPORTED kind
    police_ref: str = ""
    officer: str = ""  # officer name and collar number
    cctv: str = ""  # nearby CCTV, doorbell or dashcam
    # Entries copied from an earlier record (a spreadsheet diary): the day they were copied in,
    # and the day the person says the original was written ("" when not known). Kept apart
    # from recorded_at, which is when this app first stored the entry.
    transcribed_on: str = ""
    written_on: str = ""
    # Whose words these are and how the writer knows. written_by names the advocate who wrote
    # this version ('' when the person it happened to wrote it; set by the vault from who saves
    # it, never typed). first_hand is False when the writer did not see or hear it themselves
    # but was told of it, by told_by when they say who. What the person was told, and what an
    # advocate wrote, are never part of the person's first-person statement.
    written_by: str = ""
    first_hand: bool = True
    told_by: str = ""
    # What it was copied from, e.g. "the spreadsheet old-diary.csv, line 4" ("" for entries
    # copied before this was kept, and for entries written here).
    transcribed_from: str = ""
    # Witnesses as the window records them, one by one (name, what they saw, first-hand or
    # told, contact); `witnesses` above is free text, one a line, as older entries hold them.
    witness_details: tuple[Witness, ...] = ()
    # What is said in a recording attached to the entry, typed by the person: pairs of (the
    # file's SHA-256, the words). Printed on the exhibit's page as typed by the person.
    transcripts: tuple[tuple[str, str], ...] = ()

    def validate(self) -> IncidentContent:
        """Raise InvalidInput for anything that cannot be saved; return self when all is well.

        Called by the vault on every write rather than on construction, so that reading ten
        thousand stored entries does not re-check each one.
        """
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                check_text(value, f.name)
            elif f.name == "transcripts":
                for sha256, words in value:
                    check_text(sha256, "file of a transcript")
                    check_text(words, "transcript")
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, str):
                        check_text(item, f.name)
        if not self.location.strip():
            raise InvalidInput("Say where it happened (a place, or 'online' or 'by phone').")
        if not self.text.strip():
            raise InvalidInput("Say what happened; a sentence is enough for now.")
        check_kinds(list(self.behaviours), BEHAVIOURS, "behaviour")
        check_kind(self.channel, CHANNELS, "channel")
        check_kinds(list(self.effects), EFFECTS, "effect")
        check_kind(self.reported, REPORTED, "report")
        if self.until is not None and self.until.instant < self.occurred.instant:
            raise InvalidInput("The end time is before the start time.")
        if not isinstance(self.first_hand, bool):
            raise InvalidInput("Whether it was seen or heard first-hand must be yes or no.")
        if self.first_hand and self.told_by.strip():
            raise InvalidInput(
                "Someone is named as having told of it, but it is marked as seen or heard "
                "first-hand. Choose one."
            )
        return self

    @property
    def hearsay(self) -> bool:
        """Whether the writer was told of it rather than seeing or hearing it themselves."""
        return not self.first_hand

    def to_dict(self) -> dict[str, Any]:
        # Every other field holds a str, bool or None: the dict asdict() would give, without
        # its deep copies (a tenth of the time of a large import went to them).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["occurred"] = self.occurred.to_dict()
        data["until"] = self.until.to_dict() if self.until else None
        for key in ("behaviours", "witnesses", "effects"):
            data[key] = list(data[key])
        data["witness_details"] = [w.to_dict() for w in self.witness_details]
        data["transcripts"] = [list(pair) for pair in self.transcripts]
        # Stored only when they say something: the stored form of every entry written before
        # these existed (which each revision's hash covers) stays exactly what it was.
        for key, default in _OMITTED_WHEN_DEFAULT.items():
            if data[key] == default:
                del data[key]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IncidentContent:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["occurred"] = Moment.from_dict(data["occurred"])
        values["until"] = Moment.from_dict(data["until"]) if data.get("until") else None
        values["witnesses"] = tuple(data.get("witnesses") or ())
        # Kinds from short lists: one copy of each name, however many entries hold it.
        for key in ("behaviours", "effects"):
            values[key] = tuple(_kind(k) for k in data.get(key) or ())
        for key in ("channel", "reported"):
            if isinstance(values.get(key), str):
                values[key] = sys.intern(values[key])
        values["witness_details"] = tuple(
            Witness.from_dict(w) for w in data.get("witness_details") or () if isinstance(w, dict)
        )
        values["transcripts"] = tuple(
            (str(pair[0]), str(pair[1])) for pair in data.get("transcripts") or ()
        )
        return cls(**values)

    def transcript_of(self, sha256: str) -> str:
        """The words the person typed for the attached file with this SHA-256, or ''."""
        return next((words for digest, words in self.transcripts if digest == sha256), "")

    def with_changes(self, **changes: Any) -> IncidentContent:
        return replace(self, **changes)

    def searchable_text(self) -> dict[str, str]:
        """The text columns the full-text index holds."""
        return {
            "location": self.location,
            "body": "\n".join(
                [
                    self.text,
                    self.feelings,
                    self.actions,
                    self.others_involved,
                    *(words for _, words in self.transcripts),
                ]
            ),
            "words": self.words,
            "people": "\n".join(
                [
                    self.suspect,
                    self.vehicle,
                    *self.witnesses,
                    *(w.line for w in self.witness_details),
                    self.told_by,
                ]
            ),
            "impact": "\n".join([self.impact, self.fear]),
            "refs": "\n".join([self.police_ref, self.officer, self.cctv]),
        }


# Fields added after entries were first stored; each is left out of the stored (hashed) form
# while it holds its default.
_OMITTED_WHEN_DEFAULT: dict[str, object] = {
    "written_by": "",
    "first_hand": True,
    "told_by": "",
    "transcribed_from": "",
    "witness_details": [],
    "transcripts": [],
}


def canonical_json(data: Any) -> bytes:
    """The one byte form that revision hashes are taken over."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def check_text(value: str, field_name: str) -> None:
    """Refuse text that cannot be stored faithfully, with a message saying which field."""
    label = field_name.replace("_", " ")
    if "\x00" in value:
        raise InvalidInput(
            f"The {label} contains a null character, which usually means binary data was pasted. "
            "Remove it and try again."
        )
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"The {label} is longer than {MAX_TEXT_CHARS:,} characters. "
            "Attach a long record as a file instead."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(
            f"The {label} contains a broken character (a lone surrogate) that cannot be saved. "
            "Retype or paste that part again."
        ) from exc


@dataclass(frozen=True)
class Source:
    """Where a screenshot or file of online material came from."""

    platform: str = ""
    url: str = ""
    profile: str = ""  # profile name or handle shown
    shown_time: str = ""  # the time shown on the post or message, as the person read it
    captured_at: str = ""  # when the screenshot was taken, if known
    device: str = ""  # what it was taken or recorded on ("my phone, a Samsung A52")

    def __post_init__(self) -> None:
        for f in fields(self):
            check_text(getattr(self, f.name), f.name)

    def to_dict(self) -> dict[str, str]:
        data = asdict(self)
        if not data["device"]:
            # As for an entry's newer fields: what was stored before is stored the same way.
            del data["device"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Source:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})


@dataclass(frozen=True)
class NewFile:
    """A file to keep as evidence: bytes already in memory (a pasted screenshot) or a path."""

    incident_id: int
    filename: str  # the name to keep it under (for a path, usually the path's own name)
    source: Source = field(default_factory=Source)
    data: bytes | None = None
    path: Path | None = None

    @classmethod
    def from_path(cls, incident_id: int, path: Path, source: Source | None = None) -> NewFile:
        return cls(incident_id, path.name, source or Source(), path=path)


@dataclass(frozen=True)
class Attachment:
    """An original file kept as evidence. The bytes themselves stay in the vault."""

    id: int
    incident_id: int
    sha256: str
    filename: str  # the name it had when imported (claimed)
    size: int
    media_type: str  # detected from the bytes
    claimed_type: str  # implied by the file name's extension
    imported_at: datetime
    exif_captured_at: str = ""
    source: Source = field(default_factory=Source)
    exhibit_mark: str | None = None
    has_thumbnail: bool = False
    preview_problem: str = ""  # why no thumbnail could be made, if none was

    @property
    def type_mismatch(self) -> bool:
        return bool(self.claimed_type) and self.claimed_type != self.media_type


@dataclass(frozen=True)
class Revision:
    """One entry in the diary's append-only, hash-chained record of changes."""

    seq: int
    incident_id: int
    # "create", "edit", "attach", "delete"; "import" (an entry received in a share), "propose"
    # (a change to an entry received in a share, not applied), "accept" and "decline" (of such a
    # proposal), "adopt" (a received account taken by the person as their own).
    event: str
    author: Author
    recorded_at: datetime  # by this diary's clock
    content: dict[str, Any]
    prev_hash: str
    hash: str
    # A revision from the sender's own record, carried in a share: who sent it, and the author
    # and time their record gives it, which this diary cannot check ('' for this diary's own).
    received_from: str = ""
    claimed_author: str = ""
    claimed_at: str = ""


@dataclass(frozen=True)
class Incident:
    """An incident as it stands now, with when it was first written and how often changed."""

    id: int
    uid: str
    content: IncidentContent
    recorded_at: datetime  # when first written; set by the app, never edited
    updated_at: datetime
    revisions: int
    author: Author
    attachments: tuple[Attachment, ...] = ()
    deleted: bool = False
    # Who wrote the words as they stand now (an advocate may edit a victim's entry; SENDER when
    # they are words received in a share and not adopted).
    last_author: Author | None = None
    # The sender named by the share this entry, or its wording, arrived in (None if it never
    # did). Kept after the person adopts it, so where it came from stays visible.
    received_from: str | None = None

    @property
    def last_changed_by(self) -> Author:
        return self.last_author or self.author

    @property
    def is_received(self) -> bool:
        """Whether its words as they stand now are a sender's (received, not adopted)."""
        return self.last_changed_by is Author.SENDER
