"""A first look at a file: who sent how many messages and calls, day by day, and what was not
understood. One pass, in memory that grows with the number of senders and days, not with the
size of the file; nothing of the words is kept."""

from __future__ import annotations

import hashlib
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from diary.domain.errors import InvalidInput

from .backups import calls_bulk
from .backups.rows import Kept
from .local_time import LocalTime
from .log import CallType, Format, Item, Kind, Notes, Unread
from .options import ReadOptions, RepeatedHourUnclear
from .reading import MessageFile, read_items
from .whatsapp import bulk as whatsapp_bulk
from .whatsapp import chat

MAX_UNREAD_KEPT = 50  # lines not understood kept to show; the rest are counted


@dataclass
class Tally:
    """Messages and calls, by kind of call, over a span of time."""

    messages: int = 0
    calls: Counter[CallType] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, item: Item) -> None:
        if item.kind is Kind.CALL:
            self.calls[item.call or CallType.UNKNOWN] += 1
        else:
            self.messages += 1
        if self.first is None or item.instant < self.first:
            self.first = item.instant
        if self.last is None or item.instant > self.last:
            self.last = item.instant

    @property
    def total(self) -> int:
        return self.messages + sum(self.calls.values())


@dataclass
class Sender:
    key: str
    name: str  # as the file first gives it
    tally: Tally = field(default_factory=Tally)
    owner: bool = False  # the phone's or account's own messages and calls


@dataclass
class Survey:
    source: MessageFile
    options: ReadOptions
    sha256: str
    senders: dict[str, Sender] = field(default_factory=dict)
    # Each sender's tally day by day: see days.
    by_day: dict[tuple[str, date], Tally] = field(default_factory=dict)
    unread: list[Unread] = field(default_factory=list)
    unread_count: int = 0
    notes: Notes = field(default_factory=Notes)
    # A WhatsApp chat's counts day by day (whatsapp.plan.ChatDays), or a backup's
    # messages or calls (backups.rows.Kept), kept so that its proposals are made without reading
    # the file again; None when it was read line by line.
    rows: object = field(default=None, repr=False, compare=False)
    # What fills by_day when it is first asked for (a call log's counts are kept by kind of call
    # and day, and summed by sender and day only if wanted).
    fill_days: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @property
    def days(self) -> dict[tuple[str, date], Tally]:
        """Each sender's messages and calls on each day."""
        fill, self.fill_days = self.fill_days, None
        if fill is not None:
            fill()
        return self.by_day

    @property
    def items(self) -> int:
        return sum(s.tally.total for s in self.senders.values())

    def ranked_senders(self) -> list[Sender]:
        """Senders with the most first."""
        return sorted(self.senders.values(), key=lambda s: (-s.tally.total, s.name.lower()))

    def match(self, wanted: str) -> list[Sender]:
        """The senders a name given by the person means: the exact key or name (any case),
        else the senders whose name or key contains it."""
        folded = wanted.strip().casefold()
        exact = [
            s for s in self.senders.values() if folded in (s.key.casefold(), s.name.casefold())
        ]
        if exact:
            return exact
        return [
            s
            for s in self.senders.values()
            if folded and (folded in s.key.casefold() or folded in s.name.casefold())
        ]


def file_sha256(path: Path, chunk: int = 1024 * 1024) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while block := stream.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def survey(
    source: MessageFile,
    options: ReadOptions,
    cancelled: Callable[[], bool] = lambda: False,
) -> Survey:
    """Count everything in the file by sender and by day. Raises DatesUnclear or
    RepeatedHourUnclear when the file leaves a question only the person can answer."""
    result = Survey(source, options, file_sha256(source.path))
    if source.format is Format.WHATSAPP and _bulk(result, cancelled):
        return result
    if source.format is Format.CALLS and _calls(result, cancelled):
        return result
    local = LocalTime(options.zone)
    unclear: list[int] = []
    senders, days = result.senders, result.days
    kept = Kept() if source.format in (Format.SMS, Format.CALLS) else None
    for count, entry in enumerate(read_items(source, options, result.notes, unclear)):
        if isinstance(entry, Unread):
            result.unread_count += 1
            if len(result.unread) < MAX_UNREAD_KEPT:
                result.unread.append(entry)
            continue
        sender = senders.get(entry.sender_key)
        if sender is None:
            sender = senders[entry.sender_key] = Sender(
                entry.sender_key, entry.sender, owner=entry.sent_by_owner
            )
        sender.tally.add(entry)
        day = local.day(entry.instant)
        day_key = (entry.sender_key, day)
        tally = days.get(day_key)
        if tally is None:
            tally = days[day_key] = Tally()
        tally.add(entry)
        if kept is not None:
            kept.add(entry, day)
        if count % 4096 == 0 and cancelled():
            kept = None
            break
    result.rows = kept
    if result.notes.date_order is not None and options.date_order is None:
        result.options = replace(options, date_order=result.notes.date_order)
    if unclear:
        shown_lines = ", ".join(str(n) for n in unclear[:8]) + (" …" if len(unclear) > 8 else "")
        raise RepeatedHourUnclear(
            f"{len(unclear)} message(s) were sent in an hour that happened twice in "
            f"{options.zone} (the clocks went back), and the order of the chat does not show "
            f"whether before or after the change (lines {shown_lines}). Say which: the first "
            "time round or the second.",
            tuple(unclear),
        )
    return result


def _bulk(result: Survey, cancelled: Callable[[], bool]) -> bool:
    """A WhatsApp chat counted in bulk into result, its counts day by day kept for the
    proposals; False (result untouched) when the file holds something only the line-by-line
    reader reads as it must."""
    from .whatsapp import plan  # it reads surveys

    source, notes = result.source, Notes()
    try:
        options = chat.with_date_order(source.open, result.options, notes, source.member)
        unread: list[Unread] = []
        counted = whatsapp_bulk.count(source.open, options, notes, cancelled, unread, source.member)
    except whatsapp_bulk.Fallback:
        return False
    result.rows = None if cancelled() else plan.ChatDays(counted)
    result.notes = notes
    result.unread, result.unread_count = unread[:MAX_UNREAD_KEPT], len(unread)
    if notes.date_order is not None and result.options.date_order is None:
        result.options = replace(result.options, date_order=notes.date_order)
    for found in counted.counts:
        sender = result.senders.get(found.key)
        if sender is None:
            sender = result.senders[found.key] = Sender(found.key, found.sender)
        tally = result.days.get((found.key, found.day))
        if tally is None:
            tally = result.days[(found.key, found.day)] = Tally()
        for into in (sender.tally, tally):
            into.messages += found.messages
            if found.missed:
                into.calls[CallType.MISSED] += found.missed
            assert found.first is not None and found.last is not None
            into.first = found.first if into.first is None else min(into.first, found.first)
            into.last = found.last if into.last is None else max(into.last, found.last)
    return True


def _calls(result: Survey, cancelled: Callable[[], bool]) -> bool:
    """A call log in the app's own layout counted in bulk into result, its calls kept as arrays
    for the proposals; False (result untouched) when the XML reader must read it."""
    kept, local = Kept(), LocalTime(result.options.zone)
    try:
        with result.source.open() as stream:
            counted = calls_bulk.count(stream, local, kept, cancelled, items=False)
    except (calls_bulk.Fallback, zipfile.BadZipFile, EOFError):  # a damaged zip: said as read
        return False
    if counted is None:  # cancelled
        return True

    def fill_items() -> None:  # each call's instant, day and sender: read again when needed
        try:
            with result.source.open() as stream:
                again = calls_bulk.count(stream, local, kept, lambda: False)
        except (calls_bulk.Fallback, zipfile.BadZipFile, EOFError):
            again = None
        if again is None or again.calls != counted.calls:
            raise InvalidInput(
                f"{result.source.name!r} has changed since it was read: its calls are no longer "
                "the ones counted. Nothing was saved. Choose the file again."
            )

    kept.fill = fill_items
    combos = counted.combos
    for key, (name, owner) in zip(combos.keys, combos.first_name, strict=True):
        result.senders[key] = Sender(key, name, owner=owner)
    for key, kinds in counted.by_sender().items():
        result.senders[key].tally.calls = kinds
    for key, (first, last) in counted.spans().items():
        tally = result.senders[key].tally
        tally.first, tally.last = _instant(first), _instant(last)

    def fill_days() -> None:
        for key, day, kinds, first, last in counted.by_day():
            result.by_day[(key, day)] = Tally(0, kinds, _instant(first), _instant(last))

    result.fill_days = fill_days
    result.rows = kept
    return True


def _instant(milliseconds: int) -> datetime:
    """As the XML reader makes it."""
    return datetime.fromtimestamp(milliseconds / 1000, UTC)
