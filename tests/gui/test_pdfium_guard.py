"""PDFium is never entered by two threads at once in the app's own process: the export dialog
draws the pack's preview while another thread may be checking the platform or drawing, and
PDFium crashes the process (taking whatever was being typed with it) when two threads use it
together. (A kept PDF's pages are drawn in a process of their own: test_pdf_apart.py.)"""

from __future__ import annotations

import threading

from diary.export.pdfium_guard import PDFIUM
from diary.gui.viewers.pdf_preview import page_count
from tests.file_kinds_support import pdf_bytes


def test_a_pdf_is_drawn_only_while_no_other_thread_is_in_pdfium() -> None:
    data = pdf_bytes(pages=2)
    counted: list[int] = []
    with PDFIUM:  # another thread is drawing
        worker = threading.Thread(target=lambda: counted.append(page_count(data)))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and counted == []  # it waits its turn
    worker.join(timeout=30)
    assert counted == [2]
