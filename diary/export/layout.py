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

from .describe import summary
from .fonts import SANS, SANS_BOLD
from .pages.statement import PAGES_FORM
from .styles import (
    ACCENT,
    BODY,
    CELL_BOLD,
    FRAME_WIDTH,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SHADE,
    SMALL,
)
from .text import para

STATEMENT_TOP = 30 * mm
STATEMENT_BOTTOM = 26 * mm
PAGES_FOOTER_FORM = "statement-pages-footer"
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
    statement_first_page: int = 0
    statement_last_page: int = 0
    statement_pages: int = 0  # known once the statement has ended
    pages: int = 0
    forms: set[str] = field(default_factory=set)


def _form(canvas: Any, doc: PackDocument, name: str, draw: Callable[[Any], None]) -> str:
    """Define a form XObject once (furniture repeated on many pages is written once)."""
    if name not in doc.state.forms:
        doc.state.forms.add(name)
        canvas.beginForm(name, lowerx=-5, lowery=-60 * mm, upperx=PAGE_WIDTH, uppery=20 * mm)
        draw(canvas)
        canvas.endForm()
    return name


def _text_form(text: str, width: float, bold: bool = False) -> Callable[[Any], None]:
    """Draws user text (a name) with its top at the form's origin, with font runs as the body."""

    def draw(canvas: Any) -> None:
        flowable = para(summary(text, 300), CELL_BOLD if bold else SMALL)
        _, height = flowable.wrap(width, 40 * mm)
        flowable.drawOn(canvas, 0, -height)

    return draw


def _place(canvas: Any, name: str, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


def _close_statement(canvas: Any, doc: PackDocument) -> None:
    """Once the statement has ended, its page count is known: define the forms that show it."""
    state = doc.state
    if not state.statement_first_page or state.statement_pages:
        return
    count = state.statement_last_page - state.statement_first_page + 1
    state.statement_pages = count

    def in_declaration(c: Any) -> None:
        c.setFont(BODY.fontName, BODY.fontSize)
        c.drawCentredString(c.stringWidth("000", BODY.fontName, BODY.fontSize) / 2, 0, str(count))

    def in_footer(c: Any) -> None:
        c.setFont(SANS_BOLD, 9)
        c.drawString(0, 0, str(count))

    _form(canvas, doc, PAGES_FORM, in_declaration)
    _form(canvas, doc, PAGES_FOOTER_FORM, in_footer)


def _footer_plain(canvas: Any, doc: PackDocument) -> None:
    _close_statement(canvas, doc)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, PLAIN_BOTTOM - 3 * mm, PAGE_WIDTH - MARGIN, PLAIN_BOTTOM - 3 * mm)
    canvas.setFont(SANS, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, PLAIN_BOTTOM - 8 * mm, f"Page {doc.page}")
    note = _form(
        canvas, doc, "footer-note", _text_form(doc.state.footer_note, FRAME_WIDTH - 30 * mm)
    )
    _place(canvas, note, MARGIN, PLAIN_BOTTOM - 5 * mm)


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
    state.statement_last_page = doc.page
    number = doc.page - state.statement_first_page + 1
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
        PAGE_WIDTH / 2,
        top - 4.5 * mm,
        "Criminal Procedure Rules, r 16.2; Criminal Justice Act 1967, s. 9; "
        "Magistrates\u2019 Courts Act 1980, s. 5B",
    )
    if number > 1:
        canvas.setFillColor(colors.black)
        canvas.setFont(SANS_BOLD, 9)
        label = "Continuation of Statement of:"
        canvas.drawString(MARGIN, top - 11 * mm, label)
        label_width = canvas.stringWidth(label, SANS_BOLD, 9) + 2 * mm
        name = _form(
            canvas,
            doc,
            "continuation-name",
            _text_form(state.statement_name, FRAME_WIDTH - label_width, bold=True),
        )
        _place(canvas, name, MARGIN + label_width, top - 11 * mm + 8)
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - 14 * mm, PAGE_WIDTH - MARGIN, top - 14 * mm)
    base = STATEMENT_BOTTOM - 6 * mm
    canvas.line(MARGIN, base + 3 * mm, PAGE_WIDTH - MARGIN, base + 3 * mm)
    canvas.setFont(SANS, 9)
    canvas.setFillColor(colors.black)
    canvas.drawString(MARGIN, base - 4 * mm, "Signature: ..................................")
    canvas.drawString(
        MARGIN + 80 * mm,
        base - 4 * mm,
        "Signature witnessed by: ..................................",
    )
    canvas.setFont(SANS_BOLD, 9)
    page_text = f"Page {number} of "
    width = canvas.stringWidth(page_text, SANS_BOLD, 9)
    start = PAGE_WIDTH / 2 - (width + canvas.stringWidth("00", SANS_BOLD, 9)) / 2
    canvas.drawString(start, base - 11 * mm, page_text)
    _place(canvas, PAGES_FOOTER_FORM, start + width, base - 11 * mm)
    canvas.restoreState()


def _header_table(section: TableSection) -> Table:
    row = [Paragraph(title, CELL_BOLD) for title in section.titles]
    table = Table([row], colWidths=list(section.widths))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _on_table(section: TableSection) -> Callable[[Any, PackDocument], None]:
    def draw_header(canvas: Any) -> None:
        header = _header_table(section)
        _, height = header.wrap(FRAME_WIDTH, TABLE_HEADER_HEIGHT * 3)
        canvas.setFont(SANS_BOLD, 13)
        canvas.setFillColor(ACCENT)
        canvas.drawString(0, -5 * mm, section.heading)
        header.drawOn(canvas, 0, -SECTION_TITLE_HEIGHT - height)

    def on_page(canvas: Any, doc: PackDocument) -> None:
        canvas.saveState()
        _footer_plain(canvas, doc)
        name = _form(canvas, doc, f"header-{section.name}", draw_header)
        _place(canvas, name, MARGIN, PAGE_HEIGHT - PLAIN_TOP)
        canvas.restoreState()

    return on_page


def _frame(top: float, bottom: float) -> Frame:
    return Frame(
        MARGIN,
        bottom,
        FRAME_WIDTH,
        PAGE_HEIGHT - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )


def statement_template() -> PageTemplate:
    return PageTemplate(
        "statement", [_frame(STATEMENT_TOP, STATEMENT_BOTTOM)], onPage=_on_statement
    )


class PackDocument(BaseDocTemplate):  # type: ignore[misc]
    """The pack's document, reporting progress and checking for cancellation as it goes."""

    def __init__(
        self,
        target: Any,
        state: PageState,
        sections: list[TableSection],
        meta: dict[str, str],
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(
            target,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=PLAIN_TOP,
            bottomMargin=PLAIN_BOTTOM,
            title=meta["title"],
            author=meta["author"],
            subject=meta["subject"],
            creator=meta["creator"],
            producer=meta["creator"],
            keywords="",
            initialFontName=SANS,
            initialFontSize=10,
        )
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
            templates.append(
                PageTemplate(
                    section.name,
                    [_frame(PLAIN_TOP + SECTION_TITLE_HEIGHT + height, PLAIN_BOTTOM)],
                    onPage=_on_table(section),
                )
            )
        self.addPageTemplates(templates)

    def build(self, flowables: list[Any], **kwargs: Any) -> None:
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
