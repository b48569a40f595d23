"""What the person settles before a file is read: the time zone of its wall times, and the
questions a file cannot answer itself (is 03/06 the 3rd of June or the 6th of March? in the hour
the clocks went back, the first time or the second?). A question is asked, never guessed: the
reader raises a typed error naming the choices, and the person answers in ReadOptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from diary.domain.errors import InvalidInput


class DateOrder(StrEnum):
    DAY_FIRST = "day-first"  # 03/06/2024 is 3 June
    MONTH_FIRST = "month-first"  # 03/06/2024 is 6 March


class RepeatedHour(StrEnum):
    FIRST = "first"  # before the clocks went back
    SECOND = "second"  # after


@dataclass(frozen=True)
class ReadOptions:
    zone: str  # IANA zone of times the file gives without an offset
    date_order: DateOrder | None = None  # None: found from the file, asked if it cannot be
    repeated_hour: RepeatedHour | None = None  # None: found from the order, asked if not


class DatesUnclear(InvalidInput):
    """Every date in the file reads as well day-first as month-first (or the file has both)."""

    def __init__(self, message: str, examples: tuple[str, ...]) -> None:
        super().__init__(message)
        self.examples = examples


class RepeatedHourUnclear(InvalidInput):
    """Messages at a time that happened twice (the clocks went back) whose order cannot say
    which time they were sent at."""

    def __init__(self, message: str, lines: tuple[int, ...]) -> None:
        super().__init__(message)
        self.lines = lines
