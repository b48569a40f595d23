"""The pack's own entries as the domain's rules for orders, act-now items and schedules read
them (domain/finds.Entry): number, content and the source details of their exhibits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from diary.domain.finds import Entry

from .pack import EvidencePack, PackIncident


def _entry(item: PackIncident) -> Entry:
    return Entry(
        item.number,
        item.incident.content,
        tuple((e.mark, e.attachment.source) for e in item.exhibits),
    )


class PackEntries(Sequence[Entry]):
    """The entries, each made as it is reached: a pass over them holds one at a time, so the
    rules read a pack of any length without every entry's content held at once."""

    def __init__(self, items: Sequence[PackIncident]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice):
            return PackEntries(self._items[index])
        return _entry(self._items[index])

    def __iter__(self) -> Iterator[Entry]:
        return (_entry(item) for item in self._items)


def pack_entries(pack: EvidencePack) -> PackEntries:
    """The person's own entries in the pack, in time order (entries received from others are
    someone else's account and are not read for these)."""
    return PackEntries(pack.incidents)
