"""The entries an import proposes: the chosen senders' messages and calls, grouped by day (or
by burst: a run with no gap longer than the person chose), each with a summary counted from the
file ('32 messages from Chris from 21:04 to 23:47; 5 missed calls from a withheld number') and
the lines most worth quoting. Nothing is saved here; the vault saves what the person ticks.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from operator import attrgetter
from typing import Any

from .backups.rows import Kept
from .local_time import LocalTime
from .log import CALL_WORDS, CallType, Format, Item, Kind, Notes, Unread
from .quoting import best_quotes
from .reading import read_items
from .survey import Survey

DEFAULT_GAP = timedelta(hours=1)
DEFAULT_QUOTES = 3


class Grouping(StrEnum):
    DAY = "day"
    BURST = "burst"


@dataclass(frozen=True, slots=True)
class Logged:
    """An item to be logged, and the fingerprint that tells it apart if imported again."""

    item: Item
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Part:
    """A proposal's messages or calls of one kind from one sender: how many, first and last."""

    name: str  # as who() gives it
    what: str  # 'message', 'missed call', …
    owner: bool
    count: int
    first: datetime
    last: datetime


Loader = Callable[[list["Proposal"]], None]


@dataclass(eq=False)
class Proposal:
    """One proposed entry: what it would hold, and what the person has chosen for it.

    Its items (and their fingerprints) may be read from the file only when asked for: until
    then the proposal carries their count, kinds, senders, first and last times, the lines to
    quote and where the items are in the file."""

    key: str  # '2024-06-03', or '2024-06-03 21:04' for a burst
    day: date
    count: int = 0
    parts: list[Part] = field(default_factory=list)  # by sender and kind, in order of first
    into: int | None = None  # an entry already in the diary to add these to, else a new one
    chosen: bool = True
    already: int = 0  # items the diary holds already (the file, or part of it, came before)
    senders: frozenset[str] = frozenset()  # the keys of its items' senders
    lines: tuple[int, int] = (0, 0)  # the file's lines holding its items (first, last)
    from_top: bool = False  # its items are read from the file's first line (see whatsapp.plan)
    _logged: list[Logged] | None = None
    _load: Loader | None = None
    _quotes: list[int] | None = None
    _most_quotes: int = DEFAULT_QUOTES

    @property
    def quotes(self) -> list[int]:
        """Positions in items, to quote: at first the most threatening (read with the items)."""
        if self._quotes is None:
            self._quotes = best_quotes([e.item for e in self.items], self._most_quotes)
        return self._quotes

    @quotes.setter
    def quotes(self, positions: list[int]) -> None:
        self._quotes = positions

    @classmethod
    def of(cls, key: str, day: date, items: list[Logged]) -> Proposal:
        proposal = cls(key, day)
        proposal.items = items
        return proposal

    @classmethod
    def of_day(
        cls,
        day: date,
        parts: list[Part],
        senders: frozenset[str],
        quotes: int,
        loader: Loader,
        ties: bool,
        **where: Any,
    ) -> Proposal | None:
        """One day's proposal from its parts, each sender's kind in the order of its first item,
        its items left to the loader. Parts that begin at the same instant keep the order given
        when ties says that order is the file's; otherwise there is no proposal (None)."""
        ordered = sorted(parts, key=attrgetter("first"))
        if not ties and len({part.first for part in ordered}) < len(ordered):
            return None
        return cls(
            day.isoformat(),
            day,
            count=sum(part.count for part in ordered),
            parts=ordered,
            senders=senders,
            _load=loader,
            _most_quotes=quotes,
            **where,
        )

    @property
    def items(self) -> list[Logged]:
        if self._logged is None:
            assert self._load is not None
            self._load([self])
            assert self._logged is not None
        return self._logged

    @items.setter
    def items(self, logged: list[Logged]) -> None:
        self._logged = logged
        self.count = len(logged)
        self.parts = parts([e.item for e in logged])
        self.senders = frozenset(e.item.sender_key for e in logged)

    @property
    def loaded(self) -> bool:
        return self._logged is not None

    @property
    def first(self) -> datetime:
        return min(p.first for p in self.parts)

    @property
    def last(self) -> datetime:
        return max(p.last for p in self.parts)


def load(proposals: list[Proposal]) -> None:
    """Read the items of the proposals not yet read, in one pass over the file."""
    waiting = [p for p in proposals if not p.loaded]
    if waiting:
        assert waiting[0]._load is not None
        waiting[0]._load(waiting)


@dataclass
class ImportPlan:
    survey: Survey
    senders: tuple[str, ...]  # the keys chosen
    grouping: Grouping
    gap: timedelta
    proposals: list[Proposal]
    local: LocalTime
    already_here: int = 0  # items left out of the proposals: the diary holds them already

    @property
    def chosen(self) -> list[Proposal]:
        # What the diary holds already was taken out of the proposals (message_log.prepare): what
        # each holds now is new.
        return [p for p in self.proposals if p.chosen and p.count]


def fingerprint(item: Item, occurrence: int) -> str:
    """The same message or call, in this export or a later one, has the same fingerprint: its
    kind, instant, sender, words (or call details) and how many identical ones came before."""
    parts = (
        item.kind.value,
        item.instant.isoformat(),
        item.sender_key,
        item.text,
        item.call.value if item.call else "",
        "" if item.duration is None else str(item.duration),
        str(occurrence),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _groups(
    logged: list[Logged], local: LocalTime, grouping: Grouping, gap: timedelta
) -> list[Proposal]:
    logged.sort(key=lambda entry: entry.item.instant)
    proposals: list[Proposal] = []
    for entry in logged:
        instant = entry.item.instant
        day = local.day(instant)
        last = proposals[-1] if proposals else None
        if last is not None and (
            (grouping is Grouping.DAY and last.day == day)
            or (grouping is Grouping.BURST and instant - last.items[-1].item.instant <= gap)
        ):
            last.items.append(entry)
            continue
        key = day.isoformat()
        if grouping is Grouping.BURST:
            key += f" {local.clock(instant)}"
        proposals.append(Proposal(key, day, _logged=[entry]))
    for proposal in proposals:
        proposal.items = proposal.items  # counted
    return proposals


def read_logged(
    survey: Survey, wanted: set[str], cancelled: Callable[[], bool] = lambda: False
) -> list[Logged]:
    """The chosen senders' items, read from the file, with their fingerprints."""
    seen: Counter[tuple[object, ...]] = Counter()
    logged: list[Logged] = []
    read = read_items(survey.source, survey.options, Notes(), [], frozenset(wanted))
    for count, entry in enumerate(read):
        if count % 4096 == 0 and cancelled():
            break
        if isinstance(entry, Unread) or entry.sender_key not in wanted:
            continue
        base = (entry.kind, entry.instant, entry.sender_key, entry.text, entry.call, entry.duration)
        occurrence = seen[base]
        seen[base] = occurrence + 1
        logged.append(Logged(entry, fingerprint(entry, occurrence)))
    return logged


def plan(
    survey: Survey,
    senders: list[str],
    grouping: Grouping = Grouping.DAY,
    gap: timedelta = DEFAULT_GAP,
    quotes: int = DEFAULT_QUOTES,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportPlan:
    """Read the file again for the chosen senders' items and group them into proposals (a
    WhatsApp chat's items, and a backup's, are read only when asked for: see whatsapp.plan and
    backups.plan)."""
    local = LocalTime(survey.options.zone)
    if survey.source.format is Format.WHATSAPP:
        from .whatsapp import bulk as whatsapp_bulk
        from .whatsapp import plan as whatsapp_plan

        try:
            made = whatsapp_plan.proposals(survey, senders, grouping, gap, quotes, cancelled)
        except whatsapp_bulk.Fallback:
            pass
        else:
            return ImportPlan(survey, tuple(senders), grouping, gap, made, local)
    if survey.source.format in (Format.SMS, Format.CALLS):
        from .backups import plan as backup_plan

        if isinstance(survey.rows, Kept):
            made = backup_plan.proposals(survey, survey.rows, senders, grouping, gap, quotes)
            return ImportPlan(survey, tuple(senders), grouping, gap, made, local)
    proposals = _groups(read_logged(survey, set(senders), cancelled), local, grouping, gap)
    for proposal in proposals:
        proposal.quotes = best_quotes([e.item for e in proposal.items], quotes)
    return ImportPlan(survey, tuple(senders), grouping, gap, proposals, local)


def plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    if word.endswith(" made"):
        return f"{count} {word.replace('call', 'calls')}"
    return f"{count:,} {word}s"


def who(item: Item) -> str:
    if item.sender_key == "withheld":
        return "a withheld number"
    return item.sender or item.sender_key


def parts(items: list[Item]) -> list[Part]:
    """The items counted by sender and kind, in order of first appearance."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        what = "message"
        if item.kind is Kind.CALL:
            what = CALL_WORDS[item.call or CallType.UNKNOWN]
        groups.setdefault((who(item), what), []).append(item)
    return [
        Part(name, what, g[0].sent_by_owner, len(g), g[0].instant, g[-1].instant)
        for (name, what), g in groups.items()
    ]


def summary(items: list[Item], local: LocalTime) -> str:
    """'32 messages from Chris from 21:04 to 23:47; 5 missed calls from a withheld number at
    22:10', counted from the items, by sender and kind, in order of first appearance."""
    return parts_summary(parts(items), local)


def proposal_summary(proposal: Proposal, local: LocalTime) -> str:
    return parts_summary(proposal.parts, local)


def parts_summary(counted: list[Part], local: LocalTime) -> str:
    out = []
    for part in counted:
        name, owner = part.name, part.owner
        link = "" if owner else " from"
        name = name.removeprefix("You, ") if owner else name
        lead = f"{plural(part.count, part.what)}" + (
            f" sent by you {name}" if owner else f"{link} {name}"
        )
        first, last = local.clock(part.first), local.clock(part.last)
        out.append(f"{lead} " + (f"at {first}" if first == last else f"from {first} to {last}"))
    return "; ".join(out)
