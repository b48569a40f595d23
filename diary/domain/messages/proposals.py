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
from datetime import date, timedelta
from enum import StrEnum

from .local_time import LocalTime
from .log import CallType, Item, Kind, Notes, Unread
from .quoting import best_quotes
from .reading import read_items
from .survey import Survey, Tally

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


@dataclass
class Proposal:
    """One proposed entry: what it would hold, and what the person has chosen for it."""

    key: str  # '2024-06-03', or '2024-06-03 21:04' for a burst
    day: date
    items: list[Logged]
    quotes: list[int] = field(default_factory=list)  # positions in items, to quote
    into: int | None = None  # an entry already in the diary to add these to, else a new one
    chosen: bool = True
    already: int = 0  # items the diary holds already (the file, or part of it, came before)

    @property
    def new_items(self) -> int:
        return len(self.items) - self.already


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
        return [p for p in self.proposals if p.chosen and p.new_items]


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
        proposals.append(Proposal(key, day, [entry]))
    return proposals


def plan(
    survey: Survey,
    senders: list[str],
    grouping: Grouping = Grouping.DAY,
    gap: timedelta = DEFAULT_GAP,
    quotes: int = DEFAULT_QUOTES,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportPlan:
    """Read the file again for the chosen senders' items and group them into proposals."""
    wanted = set(senders)
    seen: Counter[tuple[object, ...]] = Counter()
    logged: list[Logged] = []
    for count, entry in enumerate(read_items(survey.source, survey.options, Notes(), [])):
        if count % 4096 == 0 and cancelled():
            break
        if isinstance(entry, Unread) or entry.sender_key not in wanted:
            continue
        base = (entry.kind, entry.instant, entry.sender_key, entry.text, entry.call, entry.duration)
        occurrence = seen[base]
        seen[base] = occurrence + 1
        logged.append(Logged(entry, fingerprint(entry, occurrence)))
    local = LocalTime(survey.options.zone)
    proposals = _groups(logged, local, grouping, gap)
    for proposal in proposals:
        proposal.quotes = best_quotes([e.item for e in proposal.items], quotes)
    return ImportPlan(survey, tuple(senders), grouping, gap, proposals, local)


_CALL_WORDS = {
    CallType.INCOMING: "answered call",
    CallType.OUTGOING: "call made",
    CallType.MISSED: "missed call",
    CallType.REJECTED: "rejected call",
    CallType.BLOCKED: "blocked call",
    CallType.VOICEMAIL: "call to voicemail",
    CallType.UNKNOWN: "call",
}


def plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    if word.endswith(" made"):
        return f"{count} {word.replace('call', 'calls')}"
    return f"{count:,} {word}s"


def span(local: LocalTime, items: list[Item]) -> str:
    first, last = local.clock(items[0].instant), local.clock(items[-1].instant)
    return f"at {first}" if first == last else f"from {first} to {last}"


def who(item: Item) -> str:
    if item.sender_key == "withheld":
        return "a withheld number"
    return item.sender or item.sender_key


def summary(items: list[Item], local: LocalTime) -> str:
    """'32 messages from Chris from 21:04 to 23:47; 5 missed calls from a withheld number at
    22:10', counted from the items, by sender and kind, in order of first appearance."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        what = "message"
        if item.kind is Kind.CALL:
            what = _CALL_WORDS[item.call or CallType.UNKNOWN]
        groups.setdefault((who(item), what), []).append(item)
    parts = []
    for (name, what), group in groups.items():
        link = "" if group[0].sent_by_owner else " from"
        name = name.removeprefix("You, ") if group[0].sent_by_owner else name
        lead = f"{plural(len(group), what)}" + (
            f" sent by you {name}" if group[0].sent_by_owner else f"{link} {name}"
        )
        parts.append(f"{lead} {span(local, group)}")
    return "; ".join(parts)


def day_tally(survey: Survey, senders: list[str]) -> dict[date, Tally]:
    """Messages and calls per day from the chosen senders, from the survey's counts."""
    days: dict[date, Tally] = {}
    for (key, day), tally in survey.days.items():
        if key in senders:
            into = days.setdefault(day, Tally())
            into.messages += tally.messages
            into.calls.update(tally.calls)
    return days
