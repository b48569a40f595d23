"""Paragraph styles and page measurements shared by every page of the pack."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from .fonts import MONO, SANS, SANS_BOLD, font_set

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eeeeee")
ACCENT = colors.HexColor("#1f4e79")

font_set()  # styles name the embedded fonts, which must be registered first

BODY = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, textColor=INK, spaceAfter=5)
STATEMENT = ParagraphStyle("statement", parent=BODY, fontSize=10.5, leading=15.5, spaceAfter=7)
STATEMENT_DETAILS = ParagraphStyle(
    "statement-details", parent=STATEMENT, leftIndent=14, spaceAfter=10
)
STATEMENT_NOTE = ParagraphStyle(
    "statement-note",
    parent=STATEMENT,
    fontSize=8,
    leading=10,
    leftIndent=14,
    textColor=MUTED,
    spaceBefore=-6,
    spaceAfter=10,
)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11, spaceAfter=2)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8, leading=10, spaceAfter=0)
CELL_BOLD = ParagraphStyle("cell-bold", parent=CELL, fontName=SANS_BOLD)
MONO_CELL = ParagraphStyle("mono-cell", parent=CELL, fontName=MONO, fontSize=7, leading=9)
MONO_SMALL = ParagraphStyle("mono-small", parent=SMALL, fontName=MONO, fontSize=8)
SECTION_NOTE = ParagraphStyle(
    "section-note", parent=BODY, fontSize=8.5, leading=10.5, textColor=MUTED, spaceAfter=0
)
LABEL = ParagraphStyle(
    "label", parent=BODY, fontName=SANS_BOLD, fontSize=9, leading=12, textColor=MUTED, spaceAfter=1
)
TITLE = ParagraphStyle(
    "title",
    parent=BODY,
    fontName=SANS_BOLD,
    fontSize=20,
    leading=26,
    spaceAfter=10,
    textColor=ACCENT,
)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=SANS_BOLD,
    fontSize=15,
    leading=20,
    spaceBefore=2,
    spaceAfter=8,
    textColor=ACCENT,
)
SUBHEADING = ParagraphStyle(
    "subheading",
    parent=BODY,
    fontName=SANS_BOLD,
    fontSize=11.5,
    leading=15,
    spaceBefore=8,
    spaceAfter=4,
)
NOTE = ParagraphStyle(
    "note",
    parent=BODY,
    fontSize=9.5,
    leading=13,
    textColor=INK,
    backColor=SHADE,
    borderPadding=6,
    spaceBefore=6,
    spaceAfter=10,
)


def grid_table(rows: list[list[Any]], widths: list[float], *, repeat_header: bool = False) -> Table:
    """A table of small cells with a shaded header row and a thin grid, as the pattern page and
    the schedules draw them; repeat_header repeats the header on each page a long table runs to."""
    table = Table(rows, colWidths=widths, repeatRows=1 if repeat_header else 0)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table
