"""The document and its page templates: plain pages, MG11 statement pages and table pages.

Table pages repeat their column headings at the top of each page, so a long chronology reads as
one table while each row is laid out only once. The statement pages' furniture is in
page_furniture.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from .fonts import SANS, SANS_BOLD
from .page_furniture import (
    STATEMENT_BOTTOM,
    STATEMENT_TOP,
    PageState,
    after_statement,
    close_statement,
    form,
    on_statement,
    place,
    text_form,
)
from .story import Part, Story
from .streaming import StreamingCanvas
from .styles import (
    ACCENT,
    CELL_BOLD,
    FRAME_WIDTH,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SECTION_NOTE,
    SHADE,
)
from .text import para

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
    note: str = ""  # a line or two under the heading, on every page (plain text, escaped)


class Cancelled(Exception):
    """The export was cancelled; nothing was written to the chosen file."""


def _footer_plain(canvas: Any, doc: PackDocument) -> None:
    close_statement(canvas, doc)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, PLAIN_BOTTOM - 3 * mm, PAGE_WIDTH - MARGIN, PLAIN_BOTTOM - 3 * mm)
    canvas.setFont(SANS, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, PLAIN_BOTTOM - 8 * mm, f"Page {doc.page}")
    note = form(canvas, doc, "footer-note", text_form(doc.state.footer_note, FRAME_WIDTH - 30 * mm))
    place(canvas, note, MARGIN, PLAIN_BOTTOM - 5 * mm)


def _after_plain(canvas: Any, doc: PackDocument) -> None:
    """The foot of a page, drawn after its text (it reads last, as it is placed)."""
    canvas.saveState()
    _footer_plain(canvas, doc)
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


def _note(section: TableSection) -> tuple[Any, float] | None:
    """The section's note, laid out, and its height (text from the pack passes through para)."""
    if not section.note:
        return None
    note = para(section.note, SECTION_NOTE)
    _, height = note.wrap(FRAME_WIDTH, 30 * mm)
    return note, float(height)


def _title_height(section: TableSection) -> float:
    """The heading and its note, above the column headings."""
    note = _note(section)
    return float(SECTION_TITLE_HEIGHT + (note[1] + 1.5 * mm if note is not None else 0.0))


def _on_table(section: TableSection) -> Callable[[Any, PackDocument], None]:
    def draw_header(canvas: Any) -> None:
        header = _header_table(section)
        _, height = header.wrap(FRAME_WIDTH, TABLE_HEADER_HEIGHT * 3)
        canvas.setFont(SANS_BOLD, 13)
        canvas.setFillColor(ACCENT)
        canvas.drawString(0, -5 * mm, section.heading)
        note = _note(section)
        if note is not None:
            note[0].drawOn(canvas, 0, -SECTION_TITLE_HEIGHT - note[1] + 1 * mm)
        header.drawOn(canvas, 0, -_title_height(section) - height)

    def on_page(canvas: Any, doc: PackDocument) -> None:
        canvas.saveState()
        name = form(canvas, doc, f"header-{section.name}", draw_header)
        place(canvas, name, MARGIN, PAGE_HEIGHT - PLAIN_TOP)
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
        "statement",
        [_frame(STATEMENT_TOP, STATEMENT_BOTTOM)],
        onPage=on_statement,
        onPageEnd=after_statement,
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
            lang="en-GB",
            initialFontName=SANS,
            initialFontSize=10,
        )
        self._meta_creator = meta["creator"]
        self.state = state
        self.progress = progress
        self.cancelled = cancelled
        self._last_report = -1.0
        self._story = Story([])
        self._bookmarked: set[str] = set()
        templates = [
            PageTemplate("plain", [_frame(PLAIN_TOP, PLAIN_BOTTOM)], onPageEnd=_after_plain),
            statement_template(),
        ]
        for section in sections:
            header = _header_table(section)
            _, height = header.wrap(FRAME_WIDTH, TABLE_HEADER_HEIGHT * 3)
            templates.append(
                PageTemplate(
                    section.name,
                    [_frame(PLAIN_TOP + _title_height(section) + height, PLAIN_BOTTOM)],
                    onPage=_on_table(section),
                    onPageEnd=_after_plain,
                )
            )
        self.addPageTemplates(templates)

    def build(self, parts: Sequence[Part], **kwargs: Any) -> None:
        """Lay out the story, made part by part (story.py), streaming the PDF to its file."""
        self._story = Story(parts)
        super().build(self._story, canvasmaker=StreamingCanvas, **kwargs)

    def _startBuild(self, *args: Any, **kwargs: Any) -> None:
        super()._startBuild(*args, **kwargs)
        self._story.started = True

    def handle_flowable(self, flowables: list[Any]) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()
        if self.progress is not None:
            done = self._story.done
            if done - self._last_report >= 0.01:
                self._last_report = done
                self.progress(done)
        first = flowables[0] if flowables else None
        outlines = getattr(first, "outlines", None)
        super().handle_flowable(flowables)
        # Split across pages: the part drawn first (now at the front) carries the bookmarks.
        split = bool(flowables) and flowables[0] is not first
        if outlines and split and not all(o.key in self._bookmarked for o in outlines):
            flowables[0].outlines = outlines

    def afterFlowable(self, flowable: Any) -> None:
        for outline in getattr(flowable, "outlines", ()):
            if outline.key not in self._bookmarked:
                self._bookmarked.add(outline.key)
                self.canv.bookmarkPage(outline.key)
                self.canv.addOutlineEntry(outline.title, outline.key, outline.level)

    def afterPage(self) -> None:
        self.state.pages = self.page
