"""The rules for act-now items, breaches and schedules read a pack's entries one at a time: a
pass over a pack of any length never has every entry's content in hand at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from diary.domain.schedules import witnesses
from diary.export.pack import PackIncident
from diary.export.pack_entries import PackEntries
from tests.conftest import make_content


@dataclass
class _Counted:
    """Stands for an entry as the pack holds it; notes when its content is read."""

    number: int
    reads: list[int]
    exhibits: tuple[Any, ...] = ()
    incident: Any = field(init=False)

    def __post_init__(self) -> None:
        outer = self
        content = make_content(witnesses=(f"Witness {self.number}",))

        class _Incident:
            @property
            def content(self) -> Any:
                outer.reads.append(outer.number)
                return content

        self.incident = _Incident()


def test_entries_are_read_as_each_is_reached_not_all_up_front() -> None:
    reads: list[int] = []
    items = cast("list[PackIncident]", [_Counted(n, reads) for n in range(1, 101)])
    entries = PackEntries(items)
    assert len(entries) == 100 and reads == []  # counting them reads none
    seen = []
    for entry in entries:
        seen.append(entry.number)
        assert reads == seen  # this entry's content, and only those before it, have been read
    assert entries[41].number == 42 and [e.number for e in entries[98:]] == [99, 100]


def test_a_rule_reading_the_entries_finds_what_each_records() -> None:
    reads: list[int] = []
    items = cast("list[PackIncident]", [_Counted(n, reads) for n in range(1, 4)])
    found = witnesses(PackEntries(items))
    assert [(w.name, w.number) for w in found] == [(f"Witness {n}", n) for n in (1, 2, 3)]
    assert reads == [1, 2, 3]  # one pass, each entry once
