"""The messages and calls in a pack: each original file they were logged from (an exhibit with
its mark, included even when the entry it is attached to is not in the pack), and every logged
message or call of the entries chosen, in time order, with the entry's number in the chronology.

Read from the vault with the rest of the snapshot (pack.build_pack), so the renderers see it and
nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from diary.domain.messages.local_time import LocalTime
from diary.domain.messages.log import CallType, Item, Kind
from diary.domain.messages.stored import MessageSource
from diary.vault.entries.incidents import attachment
from diary.vault.messages import message_log

if TYPE_CHECKING:
    from diary.vault import Vault

    from .pack import EvidencePack, Exhibit


@dataclass(frozen=True)
class LogLine:
    """One message or call as the pack shows it."""

    number: int  # the entry's number in the chronology
    item: Item
    zone: str


@dataclass(frozen=True)
class MessageLog:
    """The messages and calls of the pack logged from one original file."""

    exhibit: Exhibit
    source: MessageSource
    lines: tuple[LogLine, ...]


@dataclass(frozen=True)
class DayCount:
    messages: int = 0
    calls: Counter[CallType] = field(default_factory=Counter)
    first: str = ""  # '21:04'
    last: str = ""

    @property
    def total(self) -> int:
        return self.messages + sum(self.calls.values())


@dataclass(frozen=True)
class MessageLogs:
    logs: tuple[MessageLog, ...] = ()

    def __bool__(self) -> bool:
        return any(log.lines for log in self.logs)

    def per_day(self) -> dict[date, DayCount]:
        """Messages and calls per local day, where each happened, with the first and last time."""
        days: dict[date, DayCount] = {}
        clocks: dict[str, LocalTime] = {}
        for log in self.logs:
            for line in log.lines:
                local = clocks.setdefault(line.zone, LocalTime(line.zone))
                day = local.day(line.item.instant)
                clock = local.clock(line.item.instant)
                now = days.get(day, DayCount())
                calls = now.calls.copy()
                messages = now.messages
                if line.item.kind is Kind.CALL:
                    calls[line.item.call or CallType.UNKNOWN] += 1
                else:
                    messages += 1
                days[day] = DayCount(
                    messages, calls, min(now.first or clock, clock), max(now.last, clock)
                )
        return dict(sorted(days.items()))


def with_message_logs(vault: Vault, pack: EvidencePack, assign_marks: bool) -> EvidencePack:
    """The pack with its message logs, and with each original file they came from among its
    exhibits (given to the first entry of the pack that holds its messages, when the entry the
    file is attached to is not in the pack)."""
    from .pack import Exhibit

    numbers = {item.incident.id: item.number for item in pack.incidents}
    logged = message_log.logged_for(vault.conn, list(numbers))
    if not logged:
        return pack
    exhibits = {e.attachment.id: e for e in pack.exhibits}
    needed: dict[int, int] = {}  # source attachment -> the first incident of the pack using it
    for item in pack.incidents:
        for entry in logged.get(item.incident.id, []):
            if entry.source_id not in exhibits:
                needed.setdefault(entry.source_id, item.incident.id)
    items = list(pack.incidents)
    if needed:
        mark = vault.assign_exhibit_marks if assign_marks else vault.provisional_exhibit_marks
        marks = mark(list(needed))
        for source_id, incident_id in needed.items():
            exhibit = Exhibit(
                marks[source_id], attachment(vault.conn, source_id), incident_id, pack.files
            )
            exhibits[source_id] = exhibit
            at = next(n for n, i in enumerate(items) if i.incident.id == incident_id)
            items[at] = replace(items[at], exhibits=(*items[at].exhibits, exhibit))
    sources = message_log.sources(
        vault.conn, list({e.source_id for v in logged.values() for e in v})
    )
    lines: dict[int, list[LogLine]] = {}
    for incident_id, entries in logged.items():
        for entry in entries:
            lines.setdefault(entry.source_id, []).append(
                LogLine(numbers[incident_id], entry.item, entry.zone)
            )
    logs = tuple(
        MessageLog(
            exhibits[source_id],
            sources[source_id],
            tuple(sorted(found, key=lambda line: (line.item.instant, line.number))),
        )
        for source_id, found in sorted(lines.items(), key=lambda kv: exhibits[kv[0]].mark)
    )
    return replace(pack, incidents=tuple(items), message_logs=MessageLogs(logs))
