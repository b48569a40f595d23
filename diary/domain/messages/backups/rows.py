"""A backup's every message and call, kept as three arrays of numbers while the survey reads it
(24 bytes an item), so that its proposals are made without reading the file again (see
plan)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

from ..log import CALL_WORDS, WITHHELD, CallType, Item, Kind

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class Kept:
    """Every item of a file, in its order, as arrays: its instant (microseconds since 1970, UTC,
    or milliseconds: see unit), its day in the zone read in (an ordinal), and who sent it, as an
    index in names."""

    def __init__(self) -> None:
        self.unit = 1  # microseconds in one of instants' units
        self.instants = array("q")
        self.days = array("q")
        self.whos = array("q")
        self.names: list[tuple[str, str, bool]] = []  # (name as who() gives it, what, owner)
        self.keys: list[str] = []  # the sender's key, for each of names
        self._index: dict[tuple[str, str, str, bool], int] = {}
        # What fills instants, days and whos, when the reader left them empty (see items).
        self.fill: Callable[[], None] | None = None
        # The items of some senders (indices in names) counted by day, sender and kind, when the
        # reader counted them so: (day, who, how many, first and last instants), in the order of
        # each one's first item.
        self.day_counts: Callable[[set[int]], Iterable[tuple[int, int, int, int, int]]] | None = (
            None
        )

    def items(self) -> None:
        """Make sure instants, days and whos hold every item (a call log counted in bulk leaves
        them to be read again from the file if a proposal needs them)."""
        fill, self.fill = self.fill, None
        if fill is not None:
            fill()

    def who(self, label: str, key: str, what: str, owner: bool) -> int:
        """The index in names of items from this sender, of this kind."""
        found = self._index.get((label, key, what, owner))
        if found is None:
            name = "a withheld number" if key == WITHHELD else label or key
            found = self._index[(label, key, what, owner)] = len(self.names)
            self.names.append((name, what, owner))
            self.keys.append(key)
        return found

    def add(self, item: Item, day: date) -> None:
        what = "message"
        if item.kind is Kind.CALL:
            what = CALL_WORDS[item.call or CallType.UNKNOWN]
        self.whos.append(self.who(item.sender, item.sender_key, what, item.sent_by_owner))
        self.instants.append((item.instant - EPOCH) // MICROSECOND)
        self.days.append(day.toordinal())

    def at(self, instant: int) -> datetime:
        """One of instants as a time."""
        return EPOCH + timedelta(microseconds=instant * self.unit)
