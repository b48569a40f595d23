"""Proposals for an SMS Backup & Restore file (text messages or calls) without reading it again:
while the survey counts the file, every message's and call's instant, day and sender are kept in
three arrays of numbers (rows.Kept), and the chosen senders' proposals are grouped and
counted from those. A proposal's items, their fingerprints and the lines to quote are read from
the file only when they are asked for (its lines shown, the diary checked for them, or saved):
the XML reader reads the file once for all the proposals not yet read, so they are the items
reading the file gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import compress
from typing import Any

from diary.domain.errors import InvalidInput

from ..local_time import LocalTime
from ..proposals import Grouping, Part, Proposal, _groups, read_logged
from ..survey import Survey
from .rows import MICROSECOND, Kept


def proposals(
    survey: Survey,
    kept: Kept,
    senders: list[str],
    grouping: Grouping,
    gap: timedelta,
    quotes: int,
) -> list[Proposal]:
    """The chosen senders' proposals, grouped as proposals._groups groups the items read from
    the file, their items left to be read."""
    wanted = set(senders)
    mine = [key in wanted for key in kept.keys]
    local = LocalTime(survey.options.zone)
    made: list[Proposal] = []
    loader = _Loader(survey, wanted, grouping, gap, made)
    if grouping is Grouping.DAY and kept.day_counts is not None:
        chosen = {who for who, key in enumerate(kept.keys) if key in wanted}
        by_day = _by_day(kept, kept.day_counts(chosen), quotes, loader)
        if by_day is not None:
            made += by_day
            loader.counted = [(p.key, p.count) for p in made]
            return made
    kept.items()
    instants, days, whos = kept.instants, kept.days, kept.whos
    order = sorted(
        compress(range(len(whos)), map(mine.__getitem__, whos)), key=instants.__getitem__
    )
    limit = gap // MICROSECOND // kept.unit
    group: list[int] = []
    for index in order:
        if group and (
            (grouping is Grouping.DAY and days[index] == days[group[-1]])
            or (grouping is Grouping.BURST and instants[index] - instants[group[-1]] <= limit)
        ):
            group.append(index)
            continue
        if group:
            made.append(_proposal(kept, group, grouping, local, quotes, loader))
        group = [index]
    if group:
        made.append(_proposal(kept, group, grouping, local, quotes, loader))
    loader.counted = [(p.key, p.count) for p in made]
    return made


def _by_day(
    kept: Kept,
    counts: Iterable[tuple[int, int, int, int, int]],
    quotes: int,
    loader: _Loader,
) -> list[Proposal] | None:
    """One proposal a day from the items counted by day, sender and kind: what grouping the
    items in the order of their instants gives (a day's items lie between its midnights), each
    sender's kind in the order of its first item. None when two of a day's begin at the same
    instant (the file's order then decides), or one name and kind is both the owner's and not."""
    days: dict[int, dict[tuple[str, str], list[Any]]] = {}
    for ordinal, who, calls, first, last in counts:
        name, what, owner = kept.names[who]
        parts = days.setdefault(ordinal, {})
        seen = parts.get((name, what))
        if seen is None:
            parts[(name, what)] = [owner, calls, first, last, {kept.keys[who]}]
            continue
        if seen[0] != owner:
            return None
        seen[1] += calls
        seen[2], seen[3] = min(seen[2], first), max(seen[3], last)
        seen[4].add(kept.keys[who])
    made: list[Proposal] = []
    for ordinal in sorted(days):
        day_parts = [
            Part(name, what, owner, count, kept.at(first), kept.at(last))
            for (name, what), (owner, count, first, last, _) in days[ordinal].items()
        ]
        senders = frozenset().union(*(seen[4] for seen in days[ordinal].values()))
        proposal = Proposal.of_day(
            date.fromordinal(ordinal), day_parts, senders, quotes, loader, ties=False
        )
        if proposal is None:
            return None
        made.append(proposal)
    return made


def _proposal(
    kept: Kept,
    group: list[int],
    grouping: Grouping,
    local: LocalTime,
    quotes: int,
    loader: _Loader,
) -> Proposal:
    instants = kept.instants
    first = kept.at(instants[group[0]])
    day = date.fromordinal(kept.days[group[0]])
    key = day.isoformat()
    if grouping is Grouping.BURST:
        key += f" {local.clock(first)}"
    counts: dict[tuple[str, str], list[object]] = {}  # (name, what): [owner, count, first, last]
    for index in group:
        name, what, owner = kept.names[kept.whos[index]]
        seen = counts.get((name, what))
        if seen is None:
            counts[(name, what)] = [owner, 1, instants[index], instants[index]]
        else:
            seen[1] += 1  # type: ignore[operator]
            seen[3] = instants[index]
    parts = [
        Part(name, what, owner, count, kept.at(first_at), kept.at(last_at))  # type: ignore[arg-type]
        for (name, what), (owner, count, first_at, last_at) in counts.items()
    ]
    return Proposal(
        key,
        day,
        count=len(group),
        parts=parts,
        _most_quotes=quotes,
        senders=frozenset(kept.keys[who] for who in set(map(kept.whos.__getitem__, group))),
        _load=loader,
    )


class _Loader:
    """Reads the items of every proposal not yet read: one pass over the file."""

    def __init__(
        self,
        survey: Survey,
        wanted: set[str],
        grouping: Grouping,
        gap: timedelta,
        made: list[Proposal],
    ) -> None:
        self.survey, self.wanted, self.grouping, self.gap = survey, wanted, grouping, gap
        self.made = made
        self.counted: list[tuple[str, int]] = []  # each proposal's key and count, as made

    def __call__(self, _waiting: list[Proposal]) -> None:
        survey = self.survey
        local = LocalTime(survey.options.zone)
        read = _groups(read_logged(survey, self.wanted), local, self.grouping, self.gap)
        if [(p.key, p.count) for p in read] != self.counted:
            raise InvalidInput(
                f"{survey.source.name!r} has changed since it was read: its messages and calls "
                "are no longer the ones counted. Nothing was saved. Choose the file again."
            )
        for proposal, found in zip(self.made, read, strict=True):
            if not proposal.loaded:
                proposal._logged = found.items
