"""The pack's story is made part by part as the layout reaches it, never all at once."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from reportlab.platypus import Paragraph

from diary.export.layout import PackDocument
from diary.export.page_furniture import PageState
from diary.export.story import Part
from diary.export.styles import BODY

PARTS = 400


def test_parts_are_made_only_as_the_pages_reach_them() -> None:
    made: list[int] = []
    made_by_page_end: list[int] = []

    def part(number: int) -> Part:
        def make() -> list[Any]:
            made.append(number)
            return [Paragraph(f"Entry {number}. " + "Words of the entry. " * 30, BODY)]

        return make

    class Document(PackDocument):
        def afterPage(self) -> None:
            super().afterPage()
            made_by_page_end.append(len(made))

    out = io.BytesIO()
    state = PageState("Someone (fictional)", "A note at the foot of every page.")
    meta = {"title": "t", "author": "a", "subject": "s", "creator": "c"}
    Document(out, state=state, sections=[], meta=meta).build([part(n) for n in range(PARTS)])
    assert made == list(range(PARTS))  # every part, once, in order
    pages = PdfReader(out).pages
    assert len(pages) == len(made_by_page_end) > 20
    assert "Entry 399." in pages[-1].extract_text()
    # When the first page is finished, only that page's parts and a few ahead have been made.
    assert made_by_page_end[0] < 40
    assert made_by_page_end == sorted(made_by_page_end)


def test_no_part_is_made_before_the_document_has_its_canvas() -> None:
    # A part may write a picture straight into the PDF, so it needs the canvas to exist already;
    # reportlab counts the story before it makes the canvas.
    out = io.BytesIO()
    state = PageState("Someone (fictional)", "A note at the foot of every page.")
    meta = {"title": "t", "author": "a", "subject": "s", "creator": "c"}
    document = PackDocument(out, state=state, sections=[], meta=meta)
    canvases: list[bool] = []

    def make() -> list[Any]:
        canvases.append(hasattr(document, "canv"))
        return [Paragraph("The only entry.", BODY)]

    document.build([make])
    assert canvases == [True]
    assert "The only entry." in PdfReader(out).pages[0].extract_text()
