"""What a message or call file holds, as plain data: each item, each line not understood.

An item keeps the words exactly as the file has them, the time both as the file shows it and
as an instant, and where in the file it came from, so anyone holding the original file can find
it again (line numbers count from 1, as editors show them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .options import DateOrder


class Kind(StrEnum):
    MESSAGE = "message"
    CALL = "call"


class CallType(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    MISSED = "missed"
    REJECTED = "rejected"
    BLOCKED = "blocked"
    VOICEMAIL = "voicemail"
    UNKNOWN = "unknown"


class Format(StrEnum):
    WHATSAPP = "whatsapp"
    SMS = "sms"
    CALLS = "calls"
    EMAIL = "email"
    MBOX = "mbox"
    TELEGRAM = "telegram"


FORMAT_NAMES: dict[Format, str] = {
    Format.WHATSAPP: "WhatsApp chat export",
    Format.SMS: "text messages (SMS Backup & Restore)",
    Format.CALLS: "call log (SMS Backup & Restore)",
    Format.EMAIL: "e-mail (.eml)",
    Format.MBOX: "mailbox of e-mails (.mbox)",
    Format.TELEGRAM: "Telegram Desktop chat export",
}

# Where the items of each format were received, said in the entry's 'where'.
PLATFORMS: dict[Format, str] = {
    Format.WHATSAPP: "WhatsApp",
    Format.SMS: "Text messages",
    Format.CALLS: "Phone calls",
    Format.EMAIL: "E-mail",
    Format.MBOX: "E-mail",
    Format.TELEGRAM: "Telegram",
}

# How an entry's text names the file its counts come from.
FILE_PHRASES: dict[Format, str] = {
    Format.WHATSAPP: "a WhatsApp chat export",
    Format.SMS: "an SMS Backup & Restore file of text messages",
    Format.CALLS: "an SMS Backup & Restore call log",
    Format.EMAIL: "an e-mail file",
    Format.MBOX: "a mailbox file",
    Format.TELEGRAM: "a Telegram Desktop chat export",
}


def exported_file_kind(platform: str) -> str | None:
    """How a pack speaks of a file kept by import-messages (told by its platform), else None."""
    if platform == PLATFORMS[Format.CALLS]:
        return "an exported call log"
    if platform in PLATFORMS.values():
        return "an exported file of messages"
    return None


# How a summary names each kind of call ('3 missed calls from …').
CALL_WORDS = {
    CallType.INCOMING: "answered call",
    CallType.OUTGOING: "call made",
    CallType.MISSED: "missed call",
    CallType.REJECTED: "rejected call",
    CallType.BLOCKED: "blocked call",
    CallType.VOICEMAIL: "call to voicemail",
    CallType.UNKNOWN: "call",
}

WITHHELD = "withheld"  # the sender key of calls and texts whose number was not shown


@dataclass(frozen=True, slots=True)
class Where:
    """Where in the original file an item came from."""

    line: int  # first line, from 1 (0 when the format has no lines that mean anything)
    end_line: int = 0  # last line, when it runs over several
    member: str = ""  # the file inside a zip, or the message number in a mailbox
    ref: str = ""  # the item's own identifier in the file (Message-ID, Telegram id)

    def text(self) -> str:
        """e.g. '_chat.txt, lines 12-14', 'line 40', 'message 3, line 120'."""
        parts = [self.member] if self.member else []
        if self.line:
            if self.end_line > self.line:
                parts.append(f"lines {self.line}-{self.end_line}")
            else:
                parts.append(f"line {self.line}")
        if self.ref:
            parts.append(f"id {self.ref}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Media:
    """A file a message refers to ('IMG-20240603-WA0001.jpg (file attached)')."""

    name: str
    in_file: bool = False  # the file is inside the export (a zip with media)
    sha256: str = ""  # of the file inside the export, when it is there


@dataclass(frozen=True, slots=True)
class Item:
    """One message or call."""

    kind: Kind
    instant: datetime  # aware, UTC
    shown: str  # the time exactly as the file gives it ('03/06/2024, 18:30')
    sender: str  # the name or number as the file gives it ('' when withheld)
    sender_key: str  # what a person picks in the list of senders
    where: Where
    text: str = ""  # the words exactly as the file has them
    recipients: str = ""
    subject: str = ""
    call: CallType | None = None
    duration: int | None = None  # seconds, for calls
    media: tuple[Media, ...] = ()
    sent_by_owner: bool = False  # sent from the phone or account the file was exported from


@dataclass(frozen=True, slots=True)
class Unread:
    """A line (or entry) the reader did not understand, kept apart and shown to the person."""

    where: Where
    text: str  # the start of the line as read, control characters and all
    why: str


@dataclass
class Notes:
    """What a reader learned while reading, for the person: how dates were read, and so on."""

    lines: list[str] = field(default_factory=list)
    system_lines: int = 0  # lines from the app itself ('Messages are end-to-end encrypted')
    date_order: DateOrder | None = None  # as the file showed it, when it had to be found
