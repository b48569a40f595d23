"""A PDF attachment's first pages drawn as pictures, with pypdfium2 (PDFium), in memory.

The drawing (draw) is done only in the child that reads files apart (pdf_apart.py): PDFium is a
large C library, and a document can come from the person the diary is about. The app's own
process only turns the child's answer, checked, into a view (view_of), so this module imports
pypdfium2 only inside draw.

PDFium draws the page; no script in the document is run (pypdfium2 does not start PDFium's
JavaScript or form engine unless asked), and nothing is written to disk.
"""

from __future__ import annotations

import io

from .file_view import FileView, Still

FIRST_PAGES = 3
# Pages are drawn to fit this box, whatever size the document claims its pages are.
MAX_WIDTH, MAX_HEIGHT = 900, 1300
# What the child may say went wrong, and what the view says of it.
UNOPENED, PARTLY = "unopened", "partly"
PROBLEMS = {
    "": "",
    UNOPENED: "The document could not be opened (it may be damaged or need a password); "
    "the original is kept.",
    PARTLY: "Some pages could not be drawn; the original is kept.",
}


def draw(data: bytes) -> tuple[int | None, list[bytes], str]:
    """The document's page count (None when it cannot be opened), its first pages as PNGs, and
    what went wrong (a key of PROBLEMS). Only the child calls this."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None, [], UNOPENED
    pages: list[bytes] = []
    try:
        count = len(document)
        for index in range(min(count, FIRST_PAGES)):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = min(MAX_WIDTH / max(width, 1.0), MAX_HEIGHT / max(height, 1.0))
                image = page.render(scale=scale).to_pil().convert("RGB")
            finally:
                page.close()
            image.thumbnail((MAX_WIDTH, MAX_HEIGHT))  # a rounding pixel over, at most
            out = io.BytesIO()
            image.save(out, "PNG", compress_level=6)
            pages.append(out.getvalue())
    except pypdfium2.PdfiumError:
        return count, pages, PARTLY
    finally:
        document.close()
    return count, pages, ""


def view_of(count: int | None, pages: list[tuple[bytes, int, int]], problem: str) -> FileView:
    """The view of a document of count pages whose first pages are pages (a PNG, its width and
    height), and whose problem is a key of PROBLEMS."""
    if count is None:
        return FileView("pdf", problem=PROBLEMS[problem])
    facts = (("Pages", f"{count:,}"),)
    stills = tuple(
        Still(f"Page {index + 1} of {count}", png, "image/png", width, height)
        for index, (png, width, height) in enumerate(pages)
    )
    if problem:
        return FileView("pdf", facts, stills=stills, problem=PROBLEMS[problem])
    shown = "first page" if len(stills) == 1 else f"first {len(stills)} pages"
    rest = count - len(stills)
    heading = f"The {shown}, as drawn from the file" + (
        (" (the last page is" if rest == 1 else f" (the other {rest:,} pages are")
        + " in the original)"
        if rest
        else ""
    )
    return FileView("pdf", facts, stills=stills, stills_heading=heading)
