"""PDFium is never entered by two threads at once: the window draws a PDF attachment's pages in
a worker while an export may draw the pack's preview, and PDFium crashes the process (taking
whatever was being typed with it) when two threads use it together."""

from __future__ import annotations

import threading

from diary.export.file_views import FileView, view_file
from diary.export.pdfium_guard import PDFIUM
from tests.file_kinds_support import pdf_bytes


def test_a_pdf_is_drawn_only_while_no_other_thread_is_in_pdfium() -> None:
    data = pdf_bytes(pages=2)
    drawn: list[FileView | None] = []
    with PDFIUM:  # another thread is drawing
        worker = threading.Thread(target=lambda: drawn.append(view_file(data, "application/pdf")))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and drawn == []  # it waits its turn
    worker.join(timeout=30)
    [view] = drawn
    assert view is not None and [s.caption for s in view.stills] == ["Page 1 of 2", "Page 2 of 2"]
