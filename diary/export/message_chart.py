"""The messages-and-calls chart for the pattern page: bars of messages and of calls per day (per
week or month over a long period), counted from the message logs, beside the incidents chart."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from .chart import style_axes
from .fonts import SANS
from .message_pack import DayCount
from .styles import ACCENT, MUTED

CALLS_COLOUR = colors.HexColor("#b85c00")
MAX_DAILY_BARS = 45
MAX_WEEKLY_BARS = 40


def _start(day: date, step: str) -> date:
    if step == "day":
        return day
    if step == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(day: date, step: str) -> date:
    if step == "day":
        return day + timedelta(days=1)
    if step == "week":
        return day + timedelta(days=7)
    return (day + timedelta(days=32)).replace(day=1)


def buckets(days: dict[date, DayCount]) -> tuple[str, list[tuple[date, int, int]]]:
    """('day', 'week' or 'month', [(start, messages, calls)]) over the whole period, gaps
    included, so the bars are evenly spaced in time."""
    first, last = min(days), max(days)
    span = (last - first).days + 1
    step = "day" if span <= MAX_DAILY_BARS else "week" if span <= MAX_WEEKLY_BARS * 7 else "month"
    totals: dict[date, tuple[int, int]] = {}
    for day, count in days.items():
        key = _start(day, step)
        messages, calls = totals.get(key, (0, 0))
        totals[key] = (messages + count.messages, calls + sum(count.calls.values()))
    rows = []
    at = _start(first, step)
    while at <= last:
        messages, calls = totals.get(at, (0, 0))
        rows.append((at, messages, calls))
        at = _next(at, step)
    return step, rows


def messages_chart(days: dict[date, DayCount], width: float, height: float) -> Drawing:
    step, rows = buckets(days)
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 30
    chart.width, chart.height = width - 40, height - 46
    chart.data = [[m for _, m, _ in rows], [c for _, _, c in rows]]
    chart.bars[0].fillColor = ACCENT
    chart.bars[1].fillColor = CALLS_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 2
    top = max(max(m, c) for _, m, c in rows)
    style_axes(chart, [start for start, _, _ in rows], step, top, 12)
    drawing.add(chart)
    title = f"Messages and calls per {step}"
    drawing.add(String(0, height - 10, title, fontName=SANS, fontSize=8, fillColor=MUTED))
    x = width - 150
    for colour, name in ((ACCENT, "messages"), (CALLS_COLOUR, "calls")):
        drawing.add(Rect(x, height - 10, 7, 7, fillColor=colour, strokeColor=None))
        drawing.add(String(x + 10, height - 9, name, fontName=SANS, fontSize=8, fillColor=MUTED))
        x += 70
    return drawing
