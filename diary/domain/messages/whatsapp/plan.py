"""Proposals for a WhatsApp chat without an object per message. One a day (as the window first
proposes them) comes from the survey's counts of each sender day by day, and the lines each
day's messages lie within. Otherwise every sender's messages are read in bulk (bulk.py, a plain
date's run at a time where it can) into a few arrays of numbers (instant, day, lines, who),
kept for the next time, and the chosen senders' are grouped and counted from those. A
proposal's items, their fingerprints and the lines to quote are made only when they are asked
for (its lines shown, the diary checked for them, or saved), by the line-by-line reader over
the lines that hold them, so they are the items that reader gives.

The lines read begin at the proposal's first message (or the first message of its day), whose
time is an ordinary one: the order of the chat before it cannot change how the times after it
are settled (clock.settle starts again at an ordinary time). A proposal with a message on a day
the clocks change is read from the file's first line.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, compress, repeat
from operator import gt, itemgetter, sub
from typing import Any

from diary.domain.errors import InvalidInput

from ..local_time import LocalTime
from ..log import Item, Notes
from ..proposals import Grouping, Logged, Part, Proposal, fingerprint
from ..survey import Survey
from . import bulk, chat
from .bulk import Counted, Piece
from .times import MARKS, Clock, instant

_EPOCH = datetime(1970, 1, 1).toordinal() * 86400  # bulk's wall values at 1970-01-01
_WHAT = ("message", "missed call")


class Chosen:
    """The chosen senders' messages (every sender's, when wanted is None), in the file's order,
    as arrays."""

    def __init__(self, wanted: set[str] | None, zone: str) -> None:
        self.wanted, self.zone = wanted, zone
        self.instants = array("q")  # seconds since 1970, UTC
        self.days = array("l")  # the day of its date as written (its local day)
        self.first_lines = array("l")
        self.last_lines = array("l")
        self.who = array("l")  # index in names
        self.names: list[tuple[str, str]] = []  # (name as who() gives it, what)
        self.keys: list[str] = []  # the sender's key, for each of names
        self._name_index: dict[tuple[str, str], int] = {}  # (sender as written, kind): index
        self._chosen: dict[str, str | None] = {}  # sender as written: key, if chosen
        self.changing: set[int] = set()  # days the clocks change

    def __call__(self, piece: Piece, clock: Clock) -> None:
        days, offsets = clock.days, clock.offsets
        text, keys, more = piece.text, piece.keys, piece.more
        lead = text.count("\n", 0, bulk.HEADS.search(text).start())  # type: ignore[union-attr]
        spans = list(map(str.count, more, repeat("\n")))
        starts = list(accumulate(map((1).__add__, spans), initial=piece.line + lead))
        chosen = self._chosen
        for sender in {key[0] for key in keys} - chosen.keys():
            self._chose(sender)
        picked = [i for i, key in enumerate(keys) if key[1] and chosen[key[0]] is not None]
        if piece.gaps:
            picked = [i for i in picked if i not in piece.gaps]
        mine = list(map(keys.__getitem__, picked))
        written = list(map(_WRITTEN, mine))
        shifts: dict[str, tuple[int, int | None]] = {}
        for each in set(written):
            day, offset = days[each], offsets[days[each]]
            shift = None if offset is None else _EPOCH + int(offset.total_seconds())
            shifts[each] = (day.toordinal(), shift)
        values = list(map(piece.values.__getitem__, picked))
        placed = list(map(shifts.__getitem__, written))
        if all(shift is not None for _, shift in shifts.values()):  # no clocks changing: a step
            self.instants.extend(map(sub, values, map(_SHIFT, placed)))
        else:
            settled, zone = piece.settled, self.zone
            for i, value, (ordinal, shift) in zip(picked, values, placed, strict=True):
                if shift is not None:
                    self.instants.append(value - shift)
                    continue
                day = date.fromordinal(ordinal)
                at = settled.get(i) or instant(zone, day, value % 86400, None)
                self.instants.append(int(at.timestamp()))
                self.changing.add(ordinal)
        self.days.extend(map(_ORDINAL, placed))
        self.first_lines.extend([starts[i] for i in picked])
        self.last_lines.extend([starts[i] + spans[i] for i in picked])
        pairs = list(map(_PAIR, mine))
        for pair in set(pairs) - self._name_index.keys():
            self._name(*pair)
        self.who.extend(map(self._name_index.__getitem__, pairs))

    def _chose(self, sender: str) -> str | None:
        """The key of a sender as written, if chosen (and a sender, not the app)."""
        if sender not in self._chosen:
            key = sender.strip(MARKS + " ")
            wanted = (self.wanted is None or key in self.wanted) and bulk.counted(
                (sender, ": ", "", "")
            )
            self._chosen[sender] = key if wanted else None
        return self._chosen[sender]

    def _name(self, sender: str, kind: str) -> int:
        """The index in names of a chosen sender's messages (or missed calls)."""
        found = self._name_index.get((sender, kind))
        if found is None:
            sender_key = self._chosen[sender]
            assert sender_key is not None
            name = (_who(sender, sender_key), _WHAT[1 if kind else 0])
            if name not in self.names:  # ('a withheld number' may be written more than one way)
                self.names.append(name)
                self.keys.append(sender_key)
            found = self._name_index[(sender, kind)] = self.names.index(name)
        return found

    def run(
        self,
        clock: Clock,
        written: str,
        start: int,
        seconds: list[int],
        whos: list[str],
        lines: tuple[int, int],
    ) -> None:
        """One date's run of a plain piece (on a day the clocks do not change): each message's
        seconds since midnight and sender with ': ' ('' for the app's lines). Each message's
        lines are taken to be the run's: a proposal's lines then hold its messages, and more."""
        index_of = {
            who: self._name(who[:-2], "") if who and self._chose(who[:-2]) is not None else -1
            for who in set(whos)
        }
        indices = list(map(index_of.__getitem__, whos))
        if -1 in index_of.values():
            kept = [index >= 0 for index in indices]
            indices, seconds = list(compress(indices, kept)), list(compress(seconds, kept))
        day = clock.days[written]
        offset = clock.offsets[day]
        assert offset is not None
        self.instants.extend(map((start - _EPOCH - int(offset.total_seconds())).__add__, seconds))
        self.days.extend(repeat(day.toordinal(), len(indices)))
        self.first_lines.extend(repeat(lines[0], len(indices)))
        self.last_lines.extend(repeat(lines[1], len(indices)))
        self.who.extend(indices)


_WRITTEN = itemgetter(2)  # of a key: its date as written
_PAIR = itemgetter(0, 3)  # of a key: its sender as written and its kind
_ORDINAL, _SHIFT = itemgetter(0), itemgetter(1)  # of a day's placing


def _who(sender: str, key: str) -> str:
    """proposals.who of a WhatsApp message."""
    return "a withheld number" if key == "withheld" else sender or key


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass
class ChatDays:
    """What the survey keeps of a chat for its proposals: its counts day by day, and every
    sender's messages as arrays once a grouping has needed them (read again from the file)."""

    counted: Counted
    everyone: Chosen | None = None


def proposals(
    survey: Survey,
    senders: list[str],
    grouping: Grouping,
    gap: timedelta,
    quotes: int,
    cancelled: Callable[[], bool],
) -> list[Proposal]:
    """The proposals, their items left to be read: one a day from the survey's counts, or from
    the messages as arrays (kept, or read from the file). Fallback (from bulk) when
    the line reader must read the file."""
    source, options = survey.source, survey.options
    kept = survey.rows
    local = LocalTime(options.zone)
    loader = _Loader(survey, set(senders), grouping, local)
    if isinstance(kept, ChatDays) and grouping is Grouping.DAY:
        by_day = _by_day(kept.counted, senders, quotes, loader)
        if by_day is not None:
            return by_day
    chosen = kept.everyone if isinstance(kept, ChatDays) else None
    if chosen is None:
        chosen = Chosen(None, options.zone)
        bulk.count(source.open, options, Notes(), cancelled, [], source.member, chosen)
        if isinstance(kept, ChatDays) and not cancelled():
            kept.everyone = chosen
    instants = chosen.instants
    order: list[int] | range = range(len(instants))
    wanted = set(senders)
    mine = [key in wanted for key in chosen.keys]
    if not all(mine):
        order = [i for i, who in enumerate(chosen.who) if mine[who]]
    if any(map(gt, instants, instants[1:])):
        order = sorted(order, key=instants.__getitem__)
    made: list[Proposal] = []
    group: list[int] = []
    limit = gap.total_seconds()

    def close() -> None:
        if group:
            made.append(_proposal(chosen, group, grouping, local, quotes, loader))

    for index in order:
        if group and (
            (grouping is Grouping.DAY and chosen.days[index] == chosen.days[group[-1]])
            or (grouping is Grouping.BURST and instants[index] - instants[group[-1]] <= limit)
        ):
            group.append(index)
            continue
        close()
        group = [index]
    close()
    return made


def _by_day(
    counted: Counted, senders: list[str], quotes: int, loader: Callable[[list[Proposal]], None]
) -> list[Proposal] | None:
    """One proposal a day, from the chosen senders' counts: what grouping their messages in the
    order of their instants gives (a day's messages lie between its midnights). Within a day,
    senders and kinds come in the order of their first message; None when two begin at the same
    instant and the file's order, which then decides, may not be the counts' (its times go back
    somewhere, or the clocks change that day)."""
    wanted, changing = set(senders), counted.changing
    days: dict[int, dict[tuple[str, str], list[Any]]] = {}
    keys: dict[tuple[str, str], str] = {}
    for found in counted.counts:  # in the order the file first shows each
        if found.key not in wanted:
            continue
        name = (_who(found.sender, found.key), _WHAT[1 if found.missed else 0])
        keys.setdefault(name, found.key)
        parts = days.setdefault(found.day.toordinal(), {})
        total = found.messages + found.missed
        seen = parts.get(name)
        if seen is None:
            parts[name] = [total, found.first, found.last]
        else:
            seen[0] += total
            seen[1], seen[2] = min(seen[1], found.first), max(seen[2], found.last)
    made: list[Proposal] = []
    for ordinal in sorted(days):
        span = counted.spans[ordinal]
        proposal = Proposal.of_day(
            date.fromordinal(ordinal),
            [
                Part(*name, False, n, first, last)
                for name, (n, first, last) in days[ordinal].items()
            ],
            frozenset(keys[name] for name in days[ordinal]),
            quotes,
            loader,
            ties=counted.in_order and ordinal not in changing,
            lines=(span[0], span[1]),
            from_top=ordinal in changing,
        )
        if proposal is None:
            return None
        made.append(proposal)
    return made


def _proposal(
    chosen: Chosen,
    group: list[int],
    grouping: Grouping,
    local: LocalTime,
    quotes: int,
    loader: Callable[[list[Proposal]], None],
) -> Proposal:
    first = _at(chosen.instants[group[0]])
    day = date.fromordinal(chosen.days[group[0]])
    key = day.isoformat()
    if grouping is Grouping.BURST:
        key += f" {local.clock(first)}"
    counts: dict[int, list[int]] = {}
    for index in group:
        seen = counts.get(chosen.who[index])
        at = chosen.instants[index]
        if seen is None:
            counts[chosen.who[index]] = [1, at, at]
        else:
            seen[0] += 1
            seen[2] = at
    parts = [
        Part(*chosen.names[who], False, n, _at(first_at), _at(last_at))
        for who, (n, first_at, last_at) in counts.items()
    ]
    lines = (min(chosen.first_lines[i] for i in group), max(chosen.last_lines[i] for i in group))
    return Proposal(
        key,
        day,
        count=len(group),
        parts=parts,
        _most_quotes=quotes,
        lines=lines,
        senders=frozenset(chosen.keys[who] for who in counts),
        from_top=any(chosen.days[i] in chosen.changing for i in group),
        _load=loader,
    )


class _Loader:
    """Reads proposals' items from the file: one pass over the lines that hold them."""

    def __init__(self, survey: Survey, wanted: set[str], grouping: Grouping, local: LocalTime):
        self.survey, self.wanted, self.grouping, self.local = survey, wanted, grouping, local

    def __call__(self, waiting: list[Proposal]) -> None:
        source, options = self.survey.source, self.survey.options
        first = 1 if any(p.from_top for p in waiting) else min(p.lines[0] for p in waiting)
        last = max(p.lines[1] for p in waiting)
        found: dict[int, list[Item]] = {id(p): [] for p in waiting}
        by_day = {p.day: p for p in waiting}
        bursts = sorted(waiting, key=lambda p: p.first)
        starts = [p.first for p in bursts]
        read = chat.read(
            source.open, options, Notes(), [], source.member, source.has_media, (first, last)
        )
        for entry in read:
            if not isinstance(entry, Item) or entry.sender_key not in self.wanted:
                continue
            if self.grouping is Grouping.DAY:
                owner = by_day.get(self.local.day(entry.instant))
            else:
                at = bisect_right(starts, entry.instant) - 1
                owner = bursts[at] if at >= 0 and entry.instant <= bursts[at].last else None
            if owner is not None:
                found[id(owner)].append(entry)
        for proposal in waiting:
            items = sorted(found[id(proposal)], key=lambda item: item.instant)
            seen: Counter[tuple[object, ...]] = Counter()
            logged = []
            for item in items:
                base = (
                    item.kind,
                    item.instant,
                    item.sender_key,
                    item.text,
                    item.call,
                    item.duration,
                )
                occurrence = seen[base]
                seen[base] = occurrence + 1
                logged.append(Logged(item, fingerprint(item, occurrence)))
            if len(logged) != proposal.count:
                raise InvalidInput(
                    f"{source.name!r} has changed since it was read: its messages are no longer "
                    "the ones counted. Nothing was saved. Choose the file again."
                )
            proposal._logged = logged
