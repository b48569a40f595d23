"""The chronology: one row per incident in time order, with its exhibit marks.

Each row is its own one-row table with the same column widths, under column headings that the
page template repeats on every page: a long chronology is laid out once, row by row.
"""

from __future__ import annotations

from reportlab.lib.units import mm

from diary.domain.wording import when_text

from ..describe import behaviour_names, summary
from ..layout import TableSection
from ..pack import EvidencePack, PackIncident
from ..row import Row
from ..story import Part, each
from ..styles import CELL, FRAME_WIDTH
from ..text import para

WIDTHS = (10 * mm, 24 * mm, 26 * mm, 28 * mm, 0.0, 17 * mm, 20 * mm)
SECTION = TableSection(
    "chronology",
    "Chronology: one row per incident, in time order",
    ("No.", "When", "Where", "Behaviours", "What happened (summary)", "Exhibits", "Police ref."),
    tuple(w or FRAME_WIDTH - sum(WIDTHS) for w in WIDTHS),
)


def row(item: PackIncident) -> Row:
    content = item.incident.content
    behaviours = behaviour_names(content)
    if content.feared_violence:
        behaviours += "; feared violence"
    cells = [
        para(str(item.number), CELL),
        para(when_text(content.occurred), CELL),
        para(summary(content.location, 120), CELL),
        para(behaviours, CELL),
        para(summary(content.text, 220), CELL),
        para(", ".join(e.mark for e in item.exhibits), CELL),
        para(summary(content.police_ref, 60), CELL),
    ]
    return Row(cells, SECTION.widths)


def chronology(pack: EvidencePack) -> list[Part]:
    return each(pack.incidents, lambda item: [row(item)])
