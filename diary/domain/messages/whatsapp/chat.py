"""WhatsApp's 'Export chat': the .txt (alone, or in the .zip with the media), from Android or
iPhone, with dates day-first or month-first and times in 12 or 24 hours.

Observed shapes (one message per line, later lines of a message follow on their own):

    Android  03/06/2024, 18:30 - Chris: text          6/3/24, 6:30 PM - Chris: text
    iPhone   [03/06/2024, 18:30:12] Chris: text       [6/3/24, 6:30:12 PM] Chris: text

System lines (no sender on Android; a marked text on iPhone) are counted, not imported. Media
lines ('<Media omitted>', 'IMG-….jpg (file attached)', '<attached: 0001-PHOTO-….jpg>') are
messages whose file is linked when the export holds it. Missed calls on iPhone are calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import BinaryIO

from ..clock import Pending, place, settle
from ..lines import shown, text_lines
from ..log import CallType, Item, Kind, Media, Notes, Unread, Where
from ..options import DateOrder, DatesUnclear, ReadOptions

HEAD = re.compile(
    r"^[\u200e\u200f\ufeff]?(?P<bracket>\[)?"
    r"(?P<stamp>(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4}),?\s"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
    r"(?:[\s\u202f\u00a0]?(?:(?P<ampm>[AaPp])\.?\s?[Mm]\.?|(?P<arabic>[\u0635\u0645])))?)"
    r"(?(bracket)\]\s|\s[-\u2013]\s)(?P<rest>.*)$"
)
_ATTACHED_ANDROID = re.compile(r"^(?P<name>[^<>\n]+?) \(file attached\)$")
_ATTACHED_IPHONE = re.compile(r"^<attached: (?P<name>[^<>\n]+)>$")
_MISSED_CALL = re.compile(r"^Missed (?:group )?(?:voice|video) call\b", re.IGNORECASE)
_MARKS = "\u200e\u200f"
# Lines the app writes itself (iPhone puts them under the chat's name, marked with U+200E).
_SYSTEM = re.compile(
    r"end-to-end encrypted|created (?:the )?group|changed (?:the|this) group|changed the "
    r"subject|changed their phone number|security code (?:with .* )?changed|"
    r"joined using this group|^you're now an admin|disappearing messages|added you|"
    r"\bleft$|\bremoved\b|is a contact\.?$|blocked this contact|unblocked this contact",
    re.IGNORECASE,
)

_ARABIC_AMPM = {"\u0635": "a", "\u0645": "p"}  # ص (morning), م (evening)

Opener = Callable[[], AbstractContextManager[BinaryIO]]
MediaLookup = Callable[[str], bool]


def _parts(match: re.Match[str], order: DateOrder | None) -> tuple[int, int, int]:
    """(year, month, day) of a matched line's date."""
    a, b, c = match["a"], match["b"], match["c"]
    if len(a) == 4:
        return int(a), int(b), int(c)
    year = int(c) + (2000 if len(c) <= 2 else 0)
    if order is DateOrder.MONTH_FIRST:
        return year, int(a), int(b)
    return year, int(b), int(a)


def date_order(lines: Iterable[tuple[int, str] | Unread]) -> tuple[DateOrder | None, str]:
    """The order of day and month, from the first date that can only be read one way, and a
    sentence saying which line showed it. (None, examples) when no date tells."""
    examples: list[str] = []
    for entry in lines:
        if isinstance(entry, Unread):
            continue
        number, text = entry
        match = HEAD.match(text)
        if match is None or len(match["a"]) == 4:
            continue
        a, b = int(match["a"]), int(match["b"])
        if a > 12 >= b:
            return DateOrder.DAY_FIRST, f"line {number} has the date {match['a']}/{match['b']}"
        if b > 12 >= a:
            return DateOrder.MONTH_FIRST, f"line {number} has the date {match['a']}/{match['b']}"
        if a != b and len(examples) < 3:
            examples.append(f"line {number}: {shown(match['stamp'])}")
    return None, "; ".join(examples)


_Day = tuple[int, int, int]
_Days = dict[tuple[str, str, str], _Day]


def _when(match: re.Match[str], order: DateOrder | None, days: _Days) -> datetime:
    """The wall time of a matched line (ValueError for one that does not exist). Days are
    remembered: a chat has many messages a day, and reading a date is most of the cost."""
    a, b, c, hour_text, minute, second, ampm_text, arabic = match.group(
        "a", "b", "c", "hour", "minute", "second", "ampm", "arabic"
    )
    day = days.get((a, b, c))
    if day is None:
        day = days[(a, b, c)] = _parts(match, order)
    hour = int(hour_text)
    ampm = (ampm_text or "").lower() or _ARABIC_AMPM.get(arabic or "", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("hour with am/pm")
        hour = hour % 12 + (12 if ampm == "p" else 0)
    return datetime(day[0], day[1], day[2], hour, int(minute), int(second or 0))


class _Message:
    """A message being read: its first line, and the lines that follow it."""

    __slots__ = ("first", "last", "match", "more")

    def __init__(self, match: re.Match[str], number: int) -> None:
        self.match, self.first, self.last = match, number, number
        self.more: list[str] = []


def _item(
    message: _Message,
    options: ReadOptions,
    member: str,
    media: MediaLookup,
    notes: Notes,
    days: _Days,
) -> Pending | None:
    match = message.match
    where = Where(message.first, message.last, member)
    try:
        wall = _when(match, options.date_order, days)
    except ValueError:
        order = options.date_order or DateOrder.DAY_FIRST
        return Unread(
            where,
            shown(match.string),
            f"{match['stamp']!r} is not a real date and time "
            f"(read {order.value.replace('-', ' ')})",
        )
    rest = match["rest"]
    sender, colon, first_words = rest.partition(": ")
    bare = first_words.strip(_MARKS)
    if (
        not colon
        or '"' in sender
        or "\u201c" in sender
        or (first_words[:1] in _MARKS and _SYSTEM.search(bare))
    ):
        notes.system_lines += 1
        return None
    placed = place(wall, options.zone)
    if placed is None:
        return Unread(
            where,
            shown(match.string),
            f"{match['stamp']} did not happen in {options.zone} (the clocks went forward); "
            "if the phone was set to another time zone, say which",
        )
    text = "\n".join([first_words, *message.more]) if message.more else first_words
    kind, call = Kind.MESSAGE, None
    # The patterns are tried only where they can match: most messages are words.
    if bare[:1] in "Mm" and _MISSED_CALL.match(bare):
        kind, call = Kind.CALL, CallType.MISSED
    files: tuple[Media, ...] = ()
    if bare.endswith((")", ">")):
        attached = _ATTACHED_ANDROID.match(bare) or _ATTACHED_IPHONE.match(bare)
        if attached:
            files = (Media(attached["name"], media(attached["name"])),)
    key = sender.strip(_MARKS + " ")
    item = Item(kind, placed[0], match["stamp"], sender, key, where, text, call=call, media=files)
    return item, placed[1]


def _pending(
    lines: Iterable[tuple[int, str] | Unread],
    options: ReadOptions,
    member: str,
    media: MediaLookup,
    notes: Notes,
) -> Iterator[Pending]:
    current: _Message | None = None
    days: _Days = {}
    for entry in lines:
        if isinstance(entry, Unread):
            yield entry
            continue
        number, text = entry
        match = HEAD.match(text)
        if match is not None:
            if current is not None and (
                done := _item(current, options, member, media, notes, days)
            ):
                yield done
            current = _Message(match, number)
        elif current is not None:
            current.more.append(text)
            current.last = number
        elif text.strip():
            yield Unread(
                Where(number, member=member),
                shown(text),
                "not a message line, and no message comes before it to continue",
            )
    if current is not None and (done := _item(current, options, member, media, notes, days)):
        yield done


def read(
    opener: Opener,
    options: ReadOptions,
    notes: Notes,
    unclear: list[int],
    member: str = "",
    media: MediaLookup = lambda _name: False,
    lines: tuple[int, int | None] = (1, None),
) -> Iterator[Item | Unread]:
    """Every message and call in the chat (or in its lines from lines[0] to lines[1]), in the
    file's order, and every line not understood.

    The order of day and month is read from the file first (a quick pass that stops at the first
    date only one order allows); a file no date of which tells raises DatesUnclear."""
    options = with_date_order(opener, options, notes, member)
    with opener() as stream:
        yield from settle(
            _pending(text_lines(stream, member, *lines), options, member, media, notes),
            options.repeated_hour,
            unclear,
        )


def with_date_order(
    opener: Opener, options: ReadOptions, notes: Notes, member: str = ""
) -> ReadOptions:
    """The options with the order of day and month the file shows (noted for the person), or
    as given; DatesUnclear when no date in the file tells."""
    if options.date_order is None:
        with opener() as stream:
            order, evidence = date_order(text_lines(stream, member))
        if order is None and evidence:
            raise DatesUnclear(
                "The dates in this chat could be day first or month first (for example "
                f"{evidence}), and none of them tells which. Say which the phone uses "
                "(day-first for 03/06 = 3 June, month-first for 03/06 = 6 March).",
                tuple(evidence.split("; ")),
            )
        if order is not None:
            options = ReadOptions(options.zone, order, options.repeated_hour)
            notes.date_order = order
            notes.lines.append(f"Dates read {order.value.replace('-', ' ')} ({evidence}).")
    return options
