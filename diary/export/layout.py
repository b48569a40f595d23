"""The document and its page templates: plain pages, MG11 statement pages and table pages.

Statement pages carry on every page what the MG11 form carries: the heading, a DRAFT mark, a
signature line, "Signature witnessed by", "Page X of Y" counted within the statement, and from the
second page "Continuation of Statement of". Table pages repeat their column headings at the top of
each page, so a long chronology reads as one table while each row is laid out only once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from .fonts import SANS, SANS_BOLD
from .styles import (
    ACCENT, CELL_BOLD, FRAME_WIDTH, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE, SHADE, SMALL,
)
from .text import para

STATEMENT_TOP = 30 * mm
STATEMENT_BOTTOM = 26 * mm
PLAIN_TOP = 16 * mm
PLAIN_BOTTOM = 16 * mm
TABLE_HEADER_HEIGHT = 7 * mm
SECTION_TITLE_HEIGHT = 9 * mm


@dataclass(frozen=True)
class TableSection:
    """A table that runs over many pages: its page template name, column titles and widths."""

    name: str
    heading: str
    titles: tuple[str, ...]
    widths: tuple[float, ...]


class Cancelled(Exception):
    """The export was cancelled; nothing was written to the chosen file."""


@dataclass
class PageState:
    """What the page decorations need to know as the document is laid out."""

    statement_name: str
    footer_note: str
    statement_pages: int = 1
    statement_first_page: int = 0
    pages: int = 0
    statement_seen: list[int] = field(default_factory=list)


def _draw_text(canvas: Any, text: str, x: float, y: float, width: float, bold: bool = False) -> None:
    """Draw user text (a name) on the page furniture, with font runs and shaping like the body."""
    style = CELL_BOLD if bold else SMALL
    paragraph = para(text, style)
    _, height = paragraph.wrap(width, 40 * mm)
    paragraph.drawOn(canvas, x, y - height)


def _footer_plain(canvas: Any, doc: PackDocument) -> None:
    state = doc.state
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, PLAIN_BOTTOM - 3 * mm, PAGE_WIDTH - MARGIN, PLAIN_BOTTOM - 3 * mm)
    canvas.setFont(SANS, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, PLAIN_BOTTOM - 8 * mm, f"Page {doc.page}")
    _draw_text(canvas, state.footer_note, MARGIN, PLAIN_BOTTOM - 5 * mm, FRAME_WIDTH - 30 * mm)


def _on_plain(canvas: Any, doc: PackDocument) -> None:
    canvas.saveState()
    _footer_plain(canvas, doc)
    canvas.restoreState()


def _draft_watermark(canvas: Any) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#efefef"))
    canvas.setFont(SANS_BOLD, 110)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -40, "DRAFT")
    canvas.restoreState()


def _on_statement(canvas: Any, doc: PackDocument) -> None:
    state = doc.state
    if not state.statement_first_page:
        state.statement_first_page = doc.page
    number = doc.page - state.statement_first_page + 1
    state.statement_seen.append(number)
    canvas.saveState()
    _draft_watermark(canvas)
    top = PAGE_HEIGHT - 12 * mm
    canvas.setFillColor(colors.black)
    canvas.setFont(SANS_BOLD, 12)
    canvas.drawCentredString(PAGE_WIDTH / 2, top, "WITNESS STATEMENT")
    canvas.setFont(SANS_BOLD, 9)
    canvas.setFillColor(colors.HexColor("#a00000"))
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top, "DRAFT \u2013 NOT SIGNED")
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, 7.5)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, top - 4.5 * mm,
        "Criminal Procedure Rules, r 16.2; Criminal Justice Act 1967, s. 9; "
        "Magistrates\u2019 Courts Act 1980, s. 5B",
    )
    if number > 1:
        canvas.setFillColor(colors.black)
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawString(MARGIN, top - 11 * mm, "Continuation of Statement of:")
        label_width = canvas.stringWidth("Continuation of Statement of:", SANS_BOLD, 9)
        _draw_text(canvas, state.statement_name, MARGIN + label_width + 2 * mm,
                   top - 11 * mm + 9, FRAME_WIDTH - label_width - 2 * mm, bold=True)
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - 14 * mm, PAGE_WIDTH - MARGIN, top - 14 * mm)
    base = STATEMENT_BOTTOM - 6 * mm
    canvas.line(MARGIN, base + 3 * mm, PAGE_WIDTH - MARGIN, base + 3 * mm)
    canvas.setFont(SANS, 9)
    canvas.setFillColor(colors.black)
    canvas.drawString(MARGIN, base - 4 * mm, "Signature: ..................................")
    canvas.drawString(MARGIN + 80 * mm, base - 4 * mm,
                      "Signature witnessed by: ..................................")
    canvas.setFont(SANS_BOLD, 9)
    canvas.drawCentredString(PAGE_WIDTH / 2, base - 11 * mm,
                             f"Page {number} of {state.statement_pages}")
    canvas.restoreState()


def _header_table(section: TableSection) -> Table:
    row = [Paragraph(title, CELL_BOLD) for title in section.titles]
    table = Table([row], colWidths=list(section.widths))
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _on_table(section: TableSection) -> Callable[[Any, PackDocument], None]:
    def on_page(canvas: Any, doc: PackDocument) -> None:
        canvas.saveState()
        _footer_plain(canvas, doc)
        header = _header_table(section)
        _, height = header.wrap(FRAME_WIDTH, TABLE_HEADER_HEIGHT * 3)
        canvas.setFont(SANS_BOLD, 13)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN, PAGE_HEIGHT - PLAIN_TOP - 5 * mm, section.heading)
        header.drawOn(canvas, MARGIN, PAGE_HEIGHT - PLAIN_TOP - SECTION_TITLE_HEIGHT - height)
        canvas.restoreState()

    return on_page


def _frame(top: float, bottom: float) -> Frame:
    return Frame(MARGIN, bottom, FRAME_WIDTH, PAGE_HEIGHT - top - bottom, leftPadding=0,
                 rightPadding=0, topPadding=0, bottomPadding=0, id="body")


def statement_template() -> PageTemplate:
    return PageTemplate("statement", [_frame(STATEMENT_TOP, STATEMENT_BOTTOM)],
                        onPage=_on_statement)


class PackDocument(BaseDocTemplate):  # type: ignore[misc]
    """The pack's document, reporting progress and checking for cancellation as it goes."""

    def __init__(
        self, target: Any, state: PageState, sections: list[TableSection], meta: dict[str, str],
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN,
                         rightMargin=MARGIN, topMargin=PLAIN_TOP, bottomMargin=PLAIN_BOTTOM,
                         title=meta["title"], author=meta["author"], subject=meta["subject"],
                         creator=meta["creator"], producer=meta["creator"],
                         keywords="", initialFontName=SANS, initialFontSize=10)
        self.state = state
        self.progress = progress
        self.cancelled = cancelled
        self._total = 0
        self._last_report = -1.0
        templates = [
            PageTemplate("plain", [_frame(PLAIN_TOP, PLAIN_BOTTOM)], onPage=_on_plain),
            statement_template(),
        ]
        for section in sections:
            header = _header_table(section)
            _, height = header.wrap(FRAME_WIDTH, TABLE_HEADER_HEIGHT * 3)
            templates.append(PageTemplate(section.name, [_frame(PLAIN_TOP + SECTION_TITLE_HEIGHT + height, PLAIN_BOTTOM)],
                                          onPage=_on_table(section)))
        self.addPageTemplates(templates)

    def build(self, flowables: list[Any], **kwargs: Any) -> None:  # type: ignore[override]
        self._total = max(len(flowables), 1)
        super().build(flowables, **kwargs)

    def handle_flowable(self, flowables: list[Any]) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()
        if self.progress is not None:
            done = 1 - len(flowables) / self._total
            if done - self._last_report >= 0.01:
                self._last_report = done
                self.progress(done)
        super().handle_flowable(flowables)

    def afterPage(self) -> None:
        self.state.pages = self.page
