"""On the pattern page, beside the incidents: how many messages and calls the message logs hold
per day, charted, with the busiest days said in words ('32 messages and 5 calls on Mon 3 Jun
2024, from 21:04 to 23:47'), all counted from the logged record, never typed."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from diary.domain.messages.log import CallType
from diary.domain.messages.proposals import plural

from ..message_chart import messages_chart
from ..message_pack import DayCount
from ..pack import EvidencePack
from ..styles import BODY, FRAME_WIDTH, SMALL

BUSIEST_SHOWN = 3


def counted(count: DayCount) -> str:
    """'32 messages and 5 calls (4 missed)'."""
    parts = [plural(count.messages, "message")] if count.messages else []
    calls = sum(count.calls.values())
    if calls:
        missed = count.calls[CallType.MISSED]
        parts.append(plural(calls, "call") + (f" ({missed} missed)" if missed else ""))
    return " and ".join(parts)


def message_counts(pack: EvidencePack) -> list[Any]:
    """Nothing when the pack holds no logged messages or calls."""
    logs = pack.message_logs
    if not logs:
        return []
    days = logs.per_day()
    calls: Counter[CallType] = Counter()
    for count in days.values():
        calls.update(count.calls)
    total = DayCount(sum(count.messages for count in days.values()), calls)
    marks = ", ".join(log.exhibit.mark for log in logs.logs)
    first, last = min(days), max(days)
    busiest = sorted(days.items(), key=lambda kv: (-kv[1].total, kv[0]))[:BUSIEST_SHOWN]
    said = "; ".join(
        f"{counted(count)} on {day:%a} {day.day} {day:%b %Y}"
        + (f", from {count.first} to {count.last}" if count.first != count.last else "")
        for day, count in busiest
    )
    return [
        Paragraph(
            f"<b>Messages and calls logged:</b> {counted(total)} on {len(days)} days between "
            f"{first.day} {first:%b %Y} and {last.day} {last:%b %Y}, from the exported "
            f"files produced as {marks}. <b>Most in one day:</b> {said}.",
            BODY,
        ),
        messages_chart(days, FRAME_WIDTH, 44 * mm),
        Paragraph(
            "Counted from the messages and calls logged in the diary from each file, one by one "
            "(the message log lists each with where in the file it is).",
            SMALL,
        ),
        Spacer(1, 2 * mm),
    ]
