"""The pattern on one page: the chart, behaviours and counts, fear of violence, the trend and
the police references already given, so the incidents are seen together and not one at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import _listWrapOn

from diary.domain.behaviours import short_behaviour
from diary.domain.wording import day_text

from ..chart import incidents_chart
from ..describe import summary
from ..pack import EvidencePack, PackIncident, Selection
from ..pack_claims import counted_as, selection_sentence
from ..styles import (
    BODY,
    CELL,
    CELL_BOLD,
    FRAME_WIDTH,
    HEADING,
    PAGE_HEIGHT,
    SMALL,
    SUBHEADING,
    grid_table,
)
from ..text import para
from .act_now import act_now_box, order_marks, orders_section
from .message_counts import message_counts

SERIOUS = {"threats", "assault", "property", "breach", "turning-up", "following"}


class AsManyAsFit(Flowable):  # type: ignore[misc]
    """What make(n) gives for the largest n up to most that fits in the space left on the page
    (the pattern page is one page: police references beyond those that fit are counted, and
    each is in the chronology). Should even make(0) not fit, it is shrunk to fit."""

    def __init__(self, make: Callable[[int], list[Any]], most: int) -> None:
        super().__init__()
        self.make, self.most = make, most
        self.inner: KeepInFrame | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        low, high = 0, self.most  # binary search: the largest n whose height fits
        while low < high:
            middle = (low + high + 1) // 2
            _, height = _listWrapOn(self.make(middle), avail_width, self.canv)
            if height <= avail_height:
                low = middle
            else:
                high = middle - 1
        self.inner = KeepInFrame(0, 0, self.make(low), mode="shrink")
        return self.inner.wrapOn(self.canv, avail_width, avail_height)  # type: ignore[no-any-return]

    def draw(self) -> None:
        assert self.inner is not None
        self.inner.drawOn(self.canv, 0, 0)


MIN_FOR_TREND = 4  # fewer entries than this say nothing about how often it happened


def trend_sentence(items: tuple[PackIncident, ...], selection: Selection) -> str:
    """The trend stated from the numbers: incidents in the first half of the period against the
    second half, and the same for the more serious kinds of behaviour. None is stated for
    entries chosen one by one, or too few to count."""
    if selection.hand_picked:
        return (
            "No trend is given: these entries were chosen one by one, so how often incidents "
            "happened cannot be read from them."
        )
    if len(items) < MIN_FOR_TREND:
        many = "is one entry" if len(items) == 1 else f"are {len(items)} entries"
        return f"There {many} in this pack, too few to speak of a trend."
    kinds = "incidents of the kinds chosen" if selection.behaviours else "incidents"
    among = "" if selection.whole else " in this pack"
    start = items[0].incident.content.occurred.instant
    end = items[-1].incident.content.occurred.instant
    middle = start + (end - start) / 2
    first = [i for i in items if i.incident.content.occurred.instant <= middle]
    second = [i for i in items if i.incident.content.occurred.instant > middle]
    # Calendar days, counting both the first and the last (16 to 17 January is two days).
    first_day, last_day = (items[i].incident.content.occurred.local.date() for i in (0, -1))
    span = (last_day - first_day).days + 1
    sentence = (
        f"The period covers {span} days. In its first half there were {len(first)} "
        f"{kinds}{among}; in its second half {len(second)}. "
    )
    capital = kinds[0].upper() + kinds[1:]
    if len(second) >= max(len(first) * 1.25, len(first) + 2):
        sentence += f"{capital} became more frequent (escalating). "
    elif len(second) <= len(first) * 0.8:
        sentence += f"{capital} became less frequent. "
    else:
        sentence += f"{capital} happened about as often in both halves. "

    def serious(group: list[PackIncident]) -> int:
        return sum(1 for i in group if SERIOUS & set(i.incident.content.behaviours))

    sentence += (
        f"Incidents with following, turning up, threats, damage, assault or a breach of an "
        f"order: {serious(first)} in the first half, {serious(second)} in the second."
    )
    return sentence


def _chart_title(selection: Selection) -> str:
    if selection.whole:
        return "Incidents per {step}"
    if selection.hand_picked:
        return "Entries in this pack per {step} (chosen one by one: not how often it happened)"
    return "Incidents per {step}, among the entries in this pack"


def _numbers(numbers: list[str], limit: int) -> str:
    """A list of incident numbers that stays short enough for the one page."""
    shown = ", ".join(numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def pattern(pack: EvidencePack) -> list[Any]:
    items = pack.incidents
    # One pass, keeping only the few facts the page counts: a pack of any length holds its
    # entries' days and numbers here, never every entry's content at once.
    days = []
    behaviours: Counter[str] = Counter()
    feared: list[str] = []
    refs: dict[str, list[str]] = {}
    for item in items:
        content = item.incident.content
        days.append(content.occurred.local.date())
        behaviours.update(content.behaviours)
        if content.feared_violence:
            feared.append(str(item.number))
        ref = content.police_ref.strip()
        if ref:
            refs.setdefault(ref, []).append(str(item.number))
    first, last = items[0].incident.content, items[-1].incident.content
    half = (FRAME_WIDTH - 6 * mm) / 2
    behaviour_rows = [[Paragraph("Behaviour", CELL_BOLD), Paragraph("Entries", CELL_BOLD)]]
    behaviour_rows += [
        [Paragraph(short_behaviour(kind), CELL), Paragraph(str(count), CELL)]
        for kind, count in behaviours.most_common()
    ]

    def ref_rows(shown: int) -> list[list[Any]]:
        """The heading row and the first `shown` references (made only as many as are tried)."""
        rows = [[Paragraph("Reference", CELL_BOLD), Paragraph("Entries", CELL_BOLD)]]
        rows += [
            [
                para(summary(ref, 60), CELL),
                para(("entry " if len(nos) == 1 else "entries ") + _numbers(nos, 12), CELL),
            ]
            for ref, nos in islice(refs.items(), shown)
        ]
        return rows

    facts = [
        Paragraph(f"<b>Entries:</b> {escape(selection_sentence(pack.selection))}", BODY),
        Paragraph(
            f"<b>First:</b> {day_text(first.occurred)} &nbsp; <b>Last:</b> "
            f"{day_text(last.occurred)}",
            BODY,
        ),
        Paragraph(
            f"<b>Occasions of fear of violence:</b> {len(feared)}"
            + (" (entries " + _numbers(feared, 40) + ")" if feared else ""),
            BODY,
        ),
    ]
    if pack.case.crime_refs:
        facts.append(para(summary(pack.case.crime_refs, 300), BODY, "Crime references:"))
    left: list[Any] = [grid_table(behaviour_rows, [half - 20 * mm, 20 * mm])]

    def below_chart(shown: int) -> list[Any]:
        """The counts, facts and the first `shown` police references."""
        right: list[Any] = [*facts]
        if refs:
            rows = ref_rows(shown)
            right += [Spacer(1, 2 * mm), grid_table(rows, [half * 0.55, half * 0.45])]
            if len(refs) > shown:
                right.append(
                    Paragraph(
                        f"and {len(refs) - shown} more references, each shown in the chronology.",
                        SMALL,
                    )
                )
        columns = Table([[left, right]], colWidths=[half + 6 * mm, half])
        columns.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        return [
            Paragraph("Behaviours and references", SUBHEADING),
            columns,
            Spacer(1, 2 * mm),
            Paragraph(
                f"Counts are of {escape(counted_as(pack.selection))}; one entry (one incident) "
                "may involve several behaviours."
                + (
                    " Entries received from others are not counted: they are listed on their own."
                    if pack.received
                    else ""
                ),
                SMALL,
            ),
        ]

    return [
        Paragraph("The pattern", HEADING),
        Paragraph(trend_sentence(items, pack.selection), BODY),
        incidents_chart(
            days,
            FRAME_WIDTH,
            62 * mm,
            _chart_title(pack.selection),
            order_marks(pack.case.orders_in_force),
        ),
        Spacer(1, 3 * mm),
        *message_counts(pack),
        # Each row is at least a line high, so no more than a page's lines can fit.
        AsManyAsFit(below_chart, min(len(refs), int(PAGE_HEIGHT // CELL.leading))),
        *act_now_box(pack),
        *orders_section(pack),
    ]
