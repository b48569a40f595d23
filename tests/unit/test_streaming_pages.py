"""Each finished page's record goes to the PDF's file at once, unless it draws a form defined
later (the statement's page count), when it waits for that form; the PDF reads the same."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfbase import pdfdoc

from diary.export.streaming import StreamingCanvas


def _held(canvas: StreamingCanvas) -> list[int]:
    """The pages (from 1) whose record the document still holds whole."""
    pages = canvas._doc.Pages.pages
    return [n + 1 for n, page in enumerate(pages) if isinstance(page, pdfdoc.PDFPage)]


def test_page_records_are_written_as_pages_end_and_wait_only_for_a_form_drawn_before_it_exists() -> (
    None
):
    out = io.BytesIO()
    canvas = StreamingCanvas(out)
    canvas.drawString(72, 720, "Page one.")
    canvas.showPage()
    assert _held(canvas) == []  # written at once
    written = out.tell()
    assert written > 0
    for number in (2, 3):  # these draw the count, which is known only later
        canvas.drawString(72, 720, f"Page {number} of")
        canvas.doForm("count")
        canvas.showPage()
    canvas.drawString(72, 720, "Page four.")
    canvas.showPage()
    assert _held(canvas) == [2, 3]  # waiting for their form; page four went out
    canvas.beginForm("count")
    canvas.drawString(140, 720, "three")
    canvas.endForm()
    canvas.drawString(72, 720, "Page five.")
    canvas.showPage()
    assert _held(canvas) == []  # the form defined, the pages waiting for it went out too
    canvas.save()
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    texts = [page.extract_text() for page in pages]
    assert len(texts) == 5
    assert "Page one." in texts[0] and "Page five." in texts[4]
    assert "three" in texts[1] and "three" in texts[2] and "three" not in texts[3]
