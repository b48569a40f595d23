"""Each entry's versions, read from the diary again whenever a section or entries.json reaches
them, rather than held for the whole export.

Every version exactly as hashed is about 1.6 KB; a pack of thirty thousand entries would hold
fifty megabytes of them from the moment it is read until the bundle is written. A pack keeps, for
each entry, only how many versions it has and how many changed its words; the versions
themselves are read a batch of entries at a time, in the pack's order, through the pack's
read-only reader (vault.exhibit_files), which sees the diary exactly as it was when the pack was
read. A pass over the entries (the audit trail, entries.json) reads each batch once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from diary.domain.times import parse_utc_stamp
from diary.vault.entries.authorship import SENDER_EVENTS
from diary.vault.storage.chain import Link

from .evidence_pack import WORD_CHANGES, AuditEvent

# Entries whose versions are read at once: a query for each would cost more than the reading.
BATCH = 256

LinkReader = Callable[[list[int]], dict[int, list[Link]]]


def audit_events(links: list[Link]) -> tuple[AuditEvent, ...]:
    """An entry's versions as the pack shows them. What arrived in a share (an import, a
    proposal) names the sender the share gave; the sender's own revisions an import carries come
    just before it, and are dated by its arrival here."""
    events: list[AuditEvent] = []
    carried: list[Link] = []
    for link in links:
        if link.received:
            carried.append(link)
            continue
        sender = ""
        if link.event in SENDER_EVENTS:
            shared_by = json.loads(link.content).get("shared_by", "")
            sender = shared_by if isinstance(shared_by, str) else ""
        arrived = parse_utc_stamp(link.recorded_at)
        events += [AuditEvent(c, sender, arrived) for c in carried]
        events.append(AuditEvent(link, sender))
        carried = []
    return tuple(events)


class HistoryReader:
    """Reads the versions of the pack's entries, a batch at a time in the pack's order, keeping
    only the last batch read."""

    def __init__(self, read: LinkReader, incident_ids: Sequence[int]) -> None:
        self._read = read
        self._ids = list(incident_ids)
        self._at = {incident_id: n for n, incident_id in enumerate(self._ids)}
        self._batch: dict[int, tuple[AuditEvent, ...]] = {}
        self.reads = 0  # batches read so far

    def events(self, incident_id: int) -> tuple[AuditEvent, ...]:
        found = self._batch.get(incident_id)
        if found is None:
            start = self._at[incident_id]
            ids = self._ids[start : start + BATCH]
            links = self._read(ids)
            self.reads += 1
            batch = {i: audit_events(links.get(i, [])) for i in ids}
            self._batch = batch
            found = batch[incident_id]
        return found

    def histories(self) -> Iterator[tuple[int, tuple[AuditEvent, ...]]]:
        """Every entry's versions in the pack's order, a batch at a time."""
        for incident_id in self._ids:
            yield incident_id, self.events(incident_id)


class History(Sequence[AuditEvent]):
    """One entry's versions, read through the pack's reader when they are asked for; how many
    there are and how many changed the entry's words are known without reading them."""

    __slots__ = ("_count", "_incident_id", "_reader", "edits")

    def __init__(self, reader: HistoryReader, incident_id: int, events: Sequence[AuditEvent]):
        self._reader = reader
        self._incident_id = incident_id
        self._count = len(events)
        self.edits = sum(1 for h in events if h.event in WORD_CHANGES)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> AuditEvent: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AuditEvent]: ...
    def __getitem__(self, index: int | slice) -> AuditEvent | Sequence[AuditEvent]:
        return self._reader.events(self._incident_id)[index]

    def __iter__(self) -> Iterator[AuditEvent]:
        return iter(self._reader.events(self._incident_id))
