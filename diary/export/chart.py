"""The pattern chart: how many incidents happened in each week (or month) of the period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from .fonts import SANS
from .styles import ACCENT, MUTED

MARK_COLOUR = colors.HexColor("#a4161a")  # the orders' lines: apart from the bars' blue

MAX_WEEKLY_BARS = 30


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def buckets(days: list[date]) -> tuple[str, list[tuple[date, int]]]:
    """('week' or 'month', [(start of bucket, count)]) covering the whole period, gaps included."""
    first, last = min(days), max(days)
    if (_week_start(last) - _week_start(first)).days // 7 + 1 <= MAX_WEEKLY_BARS:
        counts = Counter(_week_start(d) for d in days)
        start, step = _week_start(first), "week"
        result = []
        while start <= last:
            result.append((start, counts.get(start, 0)))
            start += timedelta(days=7)
        return step, result
    months = Counter(d.replace(day=1) for d in days)
    start = first.replace(day=1)
    result = []
    while start <= last:
        result.append((start, months.get(start, 0)))
        start = (start + timedelta(days=32)).replace(day=1)
    return "month", result


def style_axes(
    chart: VerticalBarChart, starts: list[date], step: str, top: int, labels: int
) -> None:
    """The pack's charts' axes: about `labels` dates along the bottom ("8 Apr" for weeks and
    days, "Apr 2024" for months, as dates read elsewhere in the pack), counts up the side to top,
    a light grid."""
    label_every = max(1, len(starts) // labels)

    def label(start: date) -> str:
        return f"{start:%b %Y}" if step == "month" else f"{start.day} {start:%b}"

    chart.categoryAxis.categoryNames = [
        label(start) if i % label_every == 0 else "" for i, start in enumerate(starts)
    ]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 35
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(top + 1, 2)
    chart.valueAxis.valueStep = max(1, (top + 1) // 5)
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = MUTED
    chart.valueAxis.gridStrokeWidth = 0.2


def _next_start(start: date, step: str) -> date:
    if step == "week":
        return start + timedelta(days=7)
    return (start + timedelta(days=32)).replace(day=1)


def mark_position(starts: list[date], step: str, day: date) -> float | None:
    """Where day falls along the chart, as a share of its width (None: outside the period)."""
    for index, start in enumerate(starts):
        end = _next_start(start, step)
        if start <= day < end:
            return (index + (day - start).days / (end - start).days) / len(starts)
    return None


def incidents_chart(
    days: list[date],
    width: float,
    height: float,
    title: str = "Incidents per {step}",
    marks: Sequence[tuple[date, str]] = (),
) -> Drawing:
    """The bars, and for each (day, label) in marks (an order made) a labelled vertical line."""
    step, rows = buckets(days)
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 34
    chart.width, chart.height = width - 40, height - 50
    chart.data = [[count for _, count in rows]]
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    style_axes(chart, [start for start, _ in rows], step, max(count for _, count in rows), 10)
    drawing.add(chart)
    drawing.add(
        String(0, height - 10, title.format(step=step), fontName=SANS, fontSize=8, fillColor=MUTED)
    )
    starts = [start for start, _ in rows]
    for row, (day, label) in enumerate(marks):
        share = mark_position(starts, step, day)
        if share is None:
            continue
        x = chart.x + chart.width * share
        top = chart.y + chart.height
        drawing.add(Line(x, chart.y, x, top, strokeColor=MARK_COLOUR, strokeWidth=1.2))
        # Labels sit at the top, right of the line (left of it near the right-hand edge).
        anchor = "end" if share > 0.75 else "start"
        drawing.add(
            String(
                x + (-2 if anchor == "end" else 2),
                top - 8 - 9 * (row % 3),  # stepped down, so nearby orders' labels do not overlap
                label,
                fontName=SANS,
                fontSize=7,
                fillColor=MARK_COLOUR,
                textAnchor=anchor,
            )
        )
    return drawing
