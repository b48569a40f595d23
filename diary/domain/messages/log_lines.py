"""A logged message or call written out as a line a person reads: in an entry's view, in
`diary show`, and in the cells of the pack's message log exhibit, the same words everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from .local_time import LocalTime
from .log import CallType, Item, Kind
from .stored import LoggedItem

FIRST_LINES = 5  # how many lines of its message log an entry's view shows before 'show all'

CALLS = {
    CallType.INCOMING: "Incoming call, answered",
    CallType.OUTGOING: "Call made",
    CallType.MISSED: "Missed call",
    CallType.REJECTED: "Rejected call",
    CallType.BLOCKED: "Blocked call",
    CallType.VOICEMAIL: "Call to voicemail",
    CallType.UNKNOWN: "Call",
}


def duration_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min {rest} s"
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def words(item: Item) -> str:
    """The message as the file has it, with its subject and files; or the call."""
    if item.kind is Kind.CALL:
        text = CALLS[item.call or CallType.UNKNOWN]
        if item.duration:
            text += f", {duration_text(item.duration)}"
        return text
    parts = [f"Subject: {item.subject}"] if item.subject else []
    parts.append(item.text)
    for media in item.media:
        where = "in the exported file" if media.in_file else "not in the exported file"
        parts.append(f"[File: {media.name}, {where}]")
    return "\n".join(part for part in parts if part)


def when_text(item: Item, local: LocalTime) -> str:
    """'3 Jun 2024 21:04:00', the wall time in the zone the file was read in."""
    wall = local.wall(item.instant)
    return f"{wall.day} {wall:%b %Y} {wall:%H:%M:%S}"


@dataclass(frozen=True)
class EntryLog:
    """The messages and calls logged for one entry: how many, and the first of them (or all)."""

    count: int
    items: tuple[LoggedItem, ...] = ()

    @property
    def complete(self) -> bool:
        return len(self.items) >= self.count

    def lines(self) -> list[tuple[str, str, str]]:
        """(when, who, words) for each item held, in time order."""
        zones: dict[str, LocalTime] = {}
        out = []
        for logged in self.items:
            local = zones.get(logged.zone) or zones.setdefault(logged.zone, LocalTime(logged.zone))
            item = logged.item
            out.append((when_text(item, local), item.sender or item.sender_key, words(item)))
        return out

    def heading(self) -> str:
        """'32 messages and calls logged from the original file' (and how many are shown)."""
        shown = "" if self.complete else f"; the first {len(self.items)} are shown"
        noun = "message or call" if self.count == 1 else "messages and calls"
        return f"{self.count:,} {noun} logged from the original file{shown}"
