"""Android 'SMS Backup & Restore': sms.xml (<sms> and <mms>) and calls.xml (<call>).

Observed layout (one element to a line; `date` is milliseconds since 1970, UTC):

    <smses count="2"><sms address="+447700900123" date="1717435800000" type="1" body="…"
        readable_date="3 Jun 2024 18:30:00" contact_name="Chris" /> …
    <mms date="…" msg_box="1" address="…"><parts><part ct="text/plain" text="…"/>
        <part ct="image/jpeg" cl="IMG.jpg" data="base64…"/></parts>
        <addrs><addr address="…" type="137"/></addrs></mms></smses>
    <calls count="1"><call number="…" duration="0" date="…" type="3" presentation="1"
        readable_date="…" contact_name="…"/></calls>

sms type: 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued. mms msg_box: 1 received,
2 sent. addr type 137 is the sender. call type: 1 incoming, 2 outgoing, 3 missed, 4 voicemail,
5 rejected, 6 blocked, 7 answered on another device. presentation 2: the caller withheld
their number; 3: unknown; 4: a payphone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import BinaryIO
from xml.parsers import expat

from diary.domain.errors import InvalidInput

from ..lines import shown
from ..log import WITHHELD, CallType, Item, Kind, Media, Notes, Unread, Where
from .xml_guard import Refused, feed, parser

CALL_TYPES = {
    "1": CallType.INCOMING,
    "2": CallType.OUTGOING,
    "3": CallType.MISSED,
    "4": CallType.VOICEMAIL,
    "5": CallType.REJECTED,
    "6": CallType.BLOCKED,
    "7": CallType.INCOMING,
}
HIDDEN = {"2": "Withheld number", "3": "Unknown number", "4": "Payphone"}
_NO_NUMBER = {"", "null", "-1", "-2", "-3", "unknown", "private", "withheld", "anonymous"}
_SENT_SMS = {"2", "4", "5", "6"}
_KNOWN = {"smses", "calls", "sms", "mms", "call", "parts", "part", "addrs", "addr"}


_LEFT_OUT = str.maketrans("", "", " -().\u00a0")


@lru_cache(maxsize=4096)  # a log holds the same few numbers many times
def number_key(number: str) -> str:
    """A number as a key: spaces, dashes, dots and brackets left out ('07700 900-123')."""
    cleaned = number.translate(_LEFT_OUT)
    return WITHHELD if cleaned.lower() in _NO_NUMBER else cleaned


def _value(attrs: dict[str, str], name: str) -> str:
    value = attrs.get(name, "")
    return "" if value == "null" else value


def _who(attrs: dict[str, str], number: str, hidden: str = "") -> tuple[str, str]:
    """(label, key) of the other party: 'Chris (+447700900123)', '+447700900123'."""
    key = number_key(number)
    if key == WITHHELD or hidden:
        return hidden or "Withheld number", WITHHELD
    contact = _value(attrs, "contact_name")
    if contact and contact != "(Unknown)":
        return f"{contact} ({number})", key
    return number, key


def _instant(attrs: dict[str, str]) -> datetime:
    return datetime.fromtimestamp(int(attrs["date"]) / 1000, UTC)


class _Reader:
    """Collects the items of the elements expat has read so far."""

    def __init__(self, member: str, notes: Notes, senders: frozenset[str] | None) -> None:
        self.member, self.notes, self.senders = member, notes, senders
        self.out: list[Item | Unread] = []
        self.mms: dict[str, str] | None = None
        self.mms_line = 0
        self.texts: list[str] = []
        self.media: list[Media] = []
        self.sender = ""
        self.recipients: list[str] = []
        self.drafts = 0
        self.p = parser(self.start, self.end)

    def where(self, line: int | None = None) -> Where:
        return Where(line or self.p.CurrentLineNumber, member=self.member)

    def unread(self, name: str, attrs: dict[str, str], why: str) -> None:
        text = " ".join(f'{k}="{v}"' for k, v in list(attrs.items())[:6])
        self.out.append(Unread(self.where(), shown(f"<{name} {text}>"), why))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        try:
            if name == "sms":
                self.sms(attrs)
            elif name == "call":
                self.call(attrs)
            elif name == "mms":
                self.mms, self.mms_line = attrs, self.p.CurrentLineNumber
                self.texts, self.media, self.sender, self.recipients = [], [], "", []
            elif name == "part" and self.mms is not None:
                self.part(attrs)
            elif name == "addr" and self.mms is not None:
                if attrs.get("type") == "137":
                    self.sender = attrs.get("address", "")
                else:
                    self.recipients.append(attrs.get("address", ""))
            elif name not in _KNOWN:
                self.unread(name, attrs, f"an element <{name}> this import does not know")
        except (KeyError, ValueError, OverflowError, OSError):
            self.unread(name, attrs, "its time ('date') is missing or not a time")

    def sms(self, attrs: dict[str, str]) -> None:
        kind = attrs.get("type", "1")
        if kind == "3":
            self.drafts += 1
            return
        number = _value(attrs, "address")
        label, key = _who(attrs, number)
        owner = kind in _SENT_SMS
        if owner:
            label, key = f"You, to {label}", f"to:{key}"
        if self.senders is not None and key not in self.senders:
            return
        self.out.append(
            Item(
                Kind.MESSAGE,
                _instant(attrs),
                _value(attrs, "readable_date") or attrs["date"],
                label,
                key,
                self.where(),
                attrs.get("body", ""),
                recipients=number if owner else "",
                subject=_value(attrs, "subject"),
                sent_by_owner=owner,
            )
        )

    def part(self, attrs: dict[str, str]) -> None:
        kind = attrs.get("ct", "")
        if kind == "text/plain":
            self.texts.append(attrs.get("text", ""))
        elif kind != "application/smil":
            name = _value(attrs, "cl") or _value(attrs, "fn") or _value(attrs, "name") or kind
            data = attrs.get("data", "")
            digest = ""
            if data:
                try:
                    digest = hashlib.sha256(base64.b64decode(data, validate=False)).hexdigest()
                except (binascii.Error, ValueError):
                    digest = ""
            self.media.append(Media(name, bool(digest), digest))

    def end(self, name: str) -> None:
        if name != "mms" or self.mms is None:
            return
        attrs, self.mms = self.mms, None
        owner = attrs.get("msg_box", "1") != "1"
        number = self.sender or _value(attrs, "address")
        label, key = _who(attrs, number)
        if owner:
            to = ", ".join(self.recipients) or _value(attrs, "address")
            label, key = f"You, to {_who(attrs, to)[0]}", f"to:{number_key(to)}"
        try:
            instant = _instant(attrs)
        except (KeyError, ValueError, OverflowError, OSError):
            self.out.append(
                Unread(self.where(self.mms_line), "<mms …>", "its time ('date') is not a time")
            )
            return
        self.out.append(
            Item(
                Kind.MESSAGE,
                instant,
                _value(attrs, "readable_date") or attrs["date"],
                label,
                key,
                Where(self.mms_line, self.p.CurrentLineNumber, self.member),
                "\n".join(self.texts),
                recipients=", ".join(self.recipients),
                subject=_value(attrs, "sub"),
                media=tuple(self.media),
                sent_by_owner=owner,
            )
        )

    def call(self, attrs: dict[str, str]) -> None:
        call = CALL_TYPES.get(attrs.get("type", ""), CallType.UNKNOWN)
        number = _value(attrs, "number")
        label, key = _who(attrs, number, HIDDEN.get(attrs.get("presentation", ""), ""))
        owner = call is CallType.OUTGOING
        if owner:
            label, key = f"You, to {label}", f"to:{key}"
        if self.senders is not None and key not in self.senders:
            return
        duration = attrs.get("duration", "")
        self.out.append(
            Item(
                Kind.CALL,
                _instant(attrs),
                _value(attrs, "readable_date") or attrs["date"],
                label,
                key,
                self.where(),
                call=call,
                duration=int(duration) if duration.isdigit() else None,
                sent_by_owner=owner,
            )
        )


def read(
    stream: BinaryIO, notes: Notes, member: str = "", senders: frozenset[str] | None = None
) -> Iterator[Item | Unread]:
    """Every text message, picture message and call in the file, in its order (only those of
    the senders named, and all picture messages, when senders are given)."""
    reader = _Reader(member, notes, senders)
    try:
        for _ in feed(reader.p, stream):
            yield from reader.out
            reader.out.clear()
    except Refused as exc:
        raise InvalidInput(
            f"This file was not read: {exc}, which SMS Backup & Restore never writes (such "
            "declarations can make a reader use all the computer's memory)."
        ) from exc
    except expat.ExpatError as exc:
        yield from reader.out
        ends = "no element found" in str(exc) or "unclosed token" in str(exc)
        why = (
            "the file ends in the middle of an entry (it may have been cut short when it was "
            "copied); everything before this point was read"
            if ends
            else f"the file stops being well-formed XML here ({expat.ErrorString(exc.code)}); "
            "nothing after this point could be read"
        )
        yield Unread(Where(exc.lineno, member=member), "", why)
    if reader.drafts:
        notes.lines.append(f"{reader.drafts} draft(s) never sent were left out.")
