"""On the pattern page: what is lost if nobody acts (footage, withheld-number calls, accounts to
preserve), most urgent first; and each order in force with the incidents after it that may breach
one of its conditions, for the officer to assess."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from diary.domain.act_now import NEAR_DAYS, RETENTION_DAYS, ActNow, Lead, act_now
from diary.domain.messages.log import WITHHELD, Kind
from diary.domain.orders import ORDER_KINDS, Order, PossibleBreach, possible_breaches

from ..chart import MARK_COLOUR
from ..describe import summary
from ..pack import EvidencePack
from ..pack_entries import pack_entries
from ..styles import BODY, CELL, CELL_BOLD, FRAME_WIDTH, SHADE, SMALL, SUBHEADING, grid_table
from ..text import para


def long_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _entries(numbers: tuple[int, ...]) -> str:
    return ("entry " if len(numbers) == 1 else "entries ") + ", ".join(map(str, numbers))


def logged_withheld(pack: EvidencePack) -> list[Lead]:
    """Calls from withheld numbers in the call logs kept in the diary, one lead per day."""
    days: dict[tuple[date, int, str], list[str]] = defaultdict(list)
    for log in pack.message_logs.logs:
        for line in log.lines:
            item = line.item
            if item.kind is Kind.CALL and item.sender_key == WITHHELD:
                local = item.instant.astimezone(ZoneInfo(line.zone))
                days[(local.date(), line.number, log.exhibit.mark)].append(f"{local:%H:%M}")
    return [
        Lead(
            "withheld",
            f"{len(times)} call{'s' if len(times) > 1 else ''} from a withheld number on "
            f"{long_day(day)}"
            + (f", {min(times)} to {max(times)}" if len(times) > 1 else "")
            + f" (call log, exhibit {mark})",
            (number,),
            day,
            (mark,),
        )
        for (day, number, mark), times in days.items()
    ]


def find_act_now(pack: EvidencePack, retention_days: int = RETENTION_DAYS) -> ActNow:
    """The act-now items as of the day the pack was made."""
    return act_now(
        pack_entries(pack), pack.produced_at.date(), retention_days, logged_withheld(pack)
    )


def _boxed(rows: list[list[Any]], header_rows: list[int]) -> Table:
    table = Table(rows, colWidths=[FRAME_WIDTH - 4 * mm])
    style = [
        ("BOX", (0, 0), (-1, -1), 1.2, MARK_COLOUR),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in header_rows]
    table.setStyle(TableStyle(style))
    return table


def act_now_box(pack: EvidencePack) -> list[Any]:
    found = find_act_now(pack)
    if not found:
        return []
    today = found.today
    rows: list[list[Any]] = [
        [
            Paragraph(
                f"<b>Act now</b> \u2013 as of {long_day(today)}, the day this pack was made. "
                f"Footage is assumed to be kept {found.retention_days} days from the incident "
                "(systems commonly keep it from a few days to about a month): the overwrite-by "
                f"dates are estimates; flagged NEAR within {NEAR_DAYS} days, PAST once gone by.",
                CELL,
            )
        ]
    ]
    headers = [0]
    if found.footage:
        headers.append(len(rows))
        rows.append([Paragraph("Footage to request (CCTV, doorbell, dashcam)", CELL_BOLD)])
        for f in found.urgent_footage():
            flag = f.flag(today)
            left = f.days_left(today)
            when = f"overwrite by {long_day(f.overwrite_by)}: " + (
                f"PAST ({-left} days ago; it may be gone, ask anyway)"
                if flag == "past"
                else f"NEAR ({left} days left)"
                if flag == "near"
                else f"{left} days left"
            )
            heading = f"{f.kind}, entry {f.number} ({long_day(f.recorded)}), {when}:"
            rows.append([para(summary(f.said, 300), CELL, heading)])
    if found.withheld:
        headers.append(len(rows))
        rows.append([Paragraph("Calls from withheld numbers (for communications data)", CELL_BOLD)])
        for lead in found.withheld:
            rows.append(
                [
                    para(
                        summary(lead.what, 300),
                        CELL,
                        f"{_entries(lead.numbers)}, {long_day(lead.last)}:",
                    )
                ]
            )
    if found.accounts:
        headers.append(len(rows))
        rows.append([Paragraph("Accounts and web addresses to preserve", CELL_BOLD)])
        for lead in found.accounts:
            shown = ", ".join(lead.marks)
            lead_text = f"{_entries(lead.numbers)}" + (f", exhibits {shown}" if shown else "")
            rows.append(
                [para(summary(lead.what, 300), CELL, f"last {long_day(lead.last)}, {lead_text}:")]
            )
    return [Spacer(1, 3 * mm), _boxed(rows, headers)]


def order_marks(orders: tuple[Order, ...]) -> list[tuple[date, str]]:
    """(day made, short label) for each order with a date, for the chart."""
    return [
        (o.made, f"{ORDER_KINDS[o.kind]}, {o.made.day} {o.made:%b}")
        for o in orders
        if o.made is not None
    ]


def breaches_of(pack: EvidencePack) -> list[PossibleBreach]:
    return possible_breaches(
        pack.case.orders_in_force,
        ((e.number, e.content) for e in pack_entries(pack)),
    )


def orders_section(pack: EvidencePack) -> list[Any]:
    orders = pack.case.all_orders
    if not orders:
        return []
    found = breaches_of(pack)
    story: list[Any] = [
        Spacer(1, 3 * mm),
        Paragraph("Orders in force and possible breaches (for the officer to assess)", SUBHEADING),
    ]
    for order in orders:
        story.append(para(summary(order.description, 1500), BODY))
        mine = [b for b in found if b.order is order]
        if not order.conditions:
            story.append(
                Paragraph(
                    "No conditions are recorded for this order as data, so no incident is "
                    "matched against it.",
                    SMALL,
                )
            )
            continue
        if not mine:
            story.append(Paragraph("No entry in this pack after it matches its conditions.", SMALL))
            continue
        rows: list[list[Any]] = [
            [Paragraph(t, CELL_BOLD) for t in ("Entry", "Date", "What matched")]
        ]
        rows += [
            [
                Paragraph(str(b.number), CELL),
                Paragraph(long_day(b.day), CELL),
                para(summary(b.what, 400), CELL),
            ]
            for b in mine
        ]
        table = grid_table(rows, [14 * mm, 24 * mm, FRAME_WIDTH - 38 * mm], repeat_header=True)
        story += [
            Paragraph(
                f"{len(mine)} entr{'y' if len(mine) == 1 else 'ies'} after it match a condition. "
                "A match is a pointer to an entry, not a finding that the order was breached.",
                SMALL,
            ),
            table,
        ]
    return story
