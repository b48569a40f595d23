"""One lock for every use of PDFium in the process.

PDFium is not thread-safe: two threads in it at once, even on different documents, can crash
or corrupt the process (pypdfium2's documentation says so). In the app's own process PDFium
draws only PDFs the app wrote itself (the export dialog's preview of the pack, the start-up
check); a kept PDF's pages are drawn by a child process (vault/attachments/pdf_apart.py). Every
caller holds PDFIUM while it opens, draws or closes a document. Plain Python, no PDFium loaded:
the window imports it at start.
"""

from __future__ import annotations

import threading

PDFIUM = threading.Lock()
