"""The chronology: one row per incident in time order, with its exhibit marks.

Each row is its own one-row table with the same column widths, under column headings that the
page template repeats on every page: a long chronology is laid out once, row by row.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from ..describe import behaviour_names, summary, when_text
from ..layout import TableSection
from ..pack import EvidencePack, PackIncident
from ..styles import CELL, FRAME_WIDTH, RULE
from ..text import para

WIDTHS = (10 * mm, 24 * mm, 26 * mm, 28 * mm, 0.0, 17 * mm, 20 * mm)
SECTION = TableSection(
    "chronology",
    "Chronology: one row per incident, in time order",
    ("No.", "When", "Where", "Behaviours", "What happened (summary)", "Exhibits", "Police ref."),
    tuple(w or FRAME_WIDTH - sum(WIDTHS) for w in WIDTHS),
)
ROW_STYLE = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.3, RULE),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
])


def row(item: PackIncident) -> Table:
    content = item.incident.content
    behaviours = behaviour_names(content)
    if content.feared_violence:
        behaviours += "; feared violence"
    cells = [
        Paragraph(str(item.number), CELL),
        Paragraph(when_text(content.occurred), CELL),
        para(summary(content.location, 120), CELL),
        Paragraph(behaviours, CELL),
        para(summary(content.text, 220), CELL),
        Paragraph(", ".join(e.mark for e in item.exhibits), CELL),
        para(summary(content.police_ref, 60), CELL),
    ]
    table = Table([cells], colWidths=list(SECTION.widths))
    table.setStyle(ROW_STYLE)
    return table


def chronology(pack: EvidencePack) -> list[Any]:
    return [row(item) for item in pack.incidents]
