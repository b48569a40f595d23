"""The chronology: one row per entry in time order, each with its number in the diary, when it
happened (start and end, with the zone), when it was first written (or copied, and from what),
its exhibit marks and how it was reported.

Each row is its own one-row table with the same column widths, under column headings that the
page template repeats on every page: a long chronology is laid out once, row by row. Under the
heading, on every page, how soon the entries were first written, counted from the data.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm

from diary.domain.marks import natural_key

from ..describe import behaviour_names, reported_text, summary
from ..layout import TableSection
from ..pack import EvidencePack, PackIncident
from ..pack_claims import edited_note, written_cell, written_summary
from ..pack_times import when
from ..row import Row
from ..story import Part, each
from ..styles import CELL, FRAME_WIDTH
from ..text import para

NAME = "chronology"
WIDTHS = (13 * mm, 36 * mm, 22 * mm, 25 * mm, 0.0, 17 * mm, 20 * mm)
COLUMN_WIDTHS = tuple(w or FRAME_WIDTH - sum(WIDTHS) for w in WIDTHS)
TITLES = (
    "Entry",
    "When, and when written",
    "Where",
    "Behaviours",
    "What happened (summary)",
    "Exhibits",
    "Reported",
)


def section(pack: EvidencePack) -> TableSection:
    """The chronology's pages, headed by how soon its entries were written."""
    return TableSection(
        NAME,
        "Chronology: one row per entry, in time order",
        TITLES,
        COLUMN_WIDTHS,
        note="When these entries were written: " + written_summary(pack),
    )


def _when(item: PackIncident, zone: str) -> str:
    lines = [when(item.incident.content), written_cell(item, zone)]
    edited = edited_note(item)
    return "\n".join([*lines, edited] if edited else lines)


def marks(item: PackIncident) -> str:
    """The entry's exhibit marks in the order people count them."""
    return ", ".join(sorted((e.mark for e in item.exhibits), key=natural_key))


def row(item: PackIncident, zone: str) -> Row:
    content = item.incident.content
    behaviours = behaviour_names(content)
    if content.feared_violence:
        behaviours += "; feared violence"
    cells = [
        para(str(item.number), CELL),
        para(_when(item, zone), CELL),
        para(summary(content.location, 120), CELL),
        para(behaviours, CELL),
        para(summary(content.text, 200), CELL),
        para(marks(item), CELL),
        para(summary(reported_text(content), 80), CELL),
    ]
    return Row(cells, COLUMN_WIDTHS)


def chronology(pack: EvidencePack) -> Sequence[Part]:
    return each(pack.incidents, lambda item: [row(item, pack.zone)])
