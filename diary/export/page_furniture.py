"""Page furniture that repeats on many pages: forms written once, and the MG11 statement pages.
The head of a page is drawn before its text and the foot after it, so that text taken from the
PDF (copied, searched, read aloud) comes in the order it is placed on the page.

Statement pages carry on every page what the MG11 form carries: the heading, a DRAFT mark, a
signature line, "Signature witnessed by", "Page X of Y" counted within the statement, and from the
second page "Continuation of Statement of". The statement's page count is not known until it has
been laid out, so it is drawn from form XObjects that are defined once the statement has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .describe import summary
from .fonts import SANS, SANS_BOLD
from .pages.statement import PAGES_FORM
from .styles import BODY, CELL_BOLD, FRAME_WIDTH, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, SMALL
from .text import para

FURNITURE_BOLD = ParagraphStyle("furniture-bold", parent=CELL_BOLD, fontSize=9, leading=11)
STATEMENT_TOP = 30 * mm
STATEMENT_BOTTOM = 26 * mm
PAGES_FOOTER_FORM = "statement-pages-footer"


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


def form(canvas: Any, doc: Any, name: str, draw: Callable[[Any], None]) -> str:
    """Define a form XObject once (furniture repeated on many pages is written once)."""
    if name not in doc.state.forms:
        doc.state.forms.add(name)
        canvas.beginForm(name, lowerx=-5, lowery=-60 * mm, upperx=PAGE_WIDTH, uppery=20 * mm)
        draw(canvas)
        canvas.endForm()
    return name


def text_form(text: str, width: float, bold: bool = False) -> Callable[[Any], None]:
    """Draws user text (a name) with its top at the form's origin, with font runs as the body."""

    def draw(canvas: Any) -> None:
        flowable = para(summary(text, 300), FURNITURE_BOLD if bold else SMALL)
        _, height = flowable.wrap(width, 40 * mm)
        flowable.drawOn(canvas, 0, -height)

    return draw


def place(canvas: Any, name: str, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


def close_statement(canvas: Any, doc: Any) -> None:
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

    form(canvas, doc, PAGES_FORM, in_declaration)
    form(canvas, doc, PAGES_FOOTER_FORM, in_footer)


def draft_watermark(canvas: Any) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#efefef"))
    canvas.setFont(SANS_BOLD, 110)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -40, "DRAFT")
    canvas.restoreState()


def on_statement(canvas: Any, doc: Any) -> None:
    state = doc.state
    if not state.statement_first_page:
        state.statement_first_page = doc.page
    state.statement_last_page = doc.page
    number = doc.page - state.statement_first_page + 1
    canvas.saveState()
    draft_watermark(canvas)
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
        name = form(
            canvas,
            doc,
            "continuation-name",
            text_form(state.statement_name, FRAME_WIDTH - label_width, bold=True),
        )
        place(canvas, name, MARGIN + label_width, top - 11 * mm + FURNITURE_BOLD.fontSize)
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - 14 * mm, PAGE_WIDTH - MARGIN, top - 14 * mm)
    canvas.restoreState()


def after_statement(canvas: Any, doc: Any) -> None:
    """The foot of a statement page, drawn after its text so that it reads last, as it is
    placed: the signature lines and "Page X of Y"."""
    state = doc.state
    number = doc.page - state.statement_first_page + 1
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.6)
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
    place(canvas, PAGES_FOOTER_FORM, start + width, base - 11 * mm)
    canvas.restoreState()
