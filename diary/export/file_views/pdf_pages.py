"""A PDF attachment's first pages drawn as pictures, with pypdfium2 (PDFium), in memory.

PDFium draws the page; no script in the document is run (pypdfium2 does not start PDFium's
JavaScript or form engine unless asked), and nothing is written to disk.
"""

from __future__ import annotations

import io

import pypdfium2

from ..pdfium_guard import PDFIUM
from .view import FileView, Still

FIRST_PAGES = 3
# Pages are drawn to fit this box, whatever size the document claims its pages are.
MAX_WIDTH, MAX_HEIGHT = 900, 1300


def _page(document: pypdfium2.PdfDocument, index: int, count: int) -> Still:
    page = document[index]
    try:
        width, height = page.get_size()
        scale = min(MAX_WIDTH / max(width, 1.0), MAX_HEIGHT / max(height, 1.0))
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        page.close()
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return Still(f"Page {index + 1} of {count}", out.getvalue(), "image/png", *image.size)


def pdf_view(data: bytes) -> FileView:
    """The first pages drawn, and how many there are (or why they could not be drawn)."""
    with PDFIUM:  # one thread in PDFium at a time
        return _pdf_view(data)


def _pdf_view(data: bytes) -> FileView:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return FileView(
            "pdf",
            problem="The document could not be opened (it may be damaged or need a password); "
            "the original is kept.",
        )
    try:
        count = len(document)
        facts = (("Pages", f"{count:,}"),)
        stills = []
        try:
            for index in range(min(count, FIRST_PAGES)):
                stills.append(_page(document, index, count))
        except pypdfium2.PdfiumError:
            return FileView(
                "pdf",
                facts,
                stills=tuple(stills),
                problem="Some pages could not be drawn; the original is kept.",
            )
    finally:
        document.close()
    shown = "first page" if len(stills) == 1 else f"first {len(stills)} pages"
    rest = count - len(stills)
    heading = f"The {shown}, as drawn from the file" + (
        (" (the last page is" if rest == 1 else f" (the other {rest:,} pages are")
        + " in the original)"
        if rest
        else ""
    )
    return FileView("pdf", facts, stills=tuple(stills), stills_heading=heading)
