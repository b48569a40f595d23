"""One lock for every use of PDFium in the process.

PDFium is not thread-safe: two threads in it at once, even on different documents, can crash
or corrupt the process (pypdfium2's documentation says so). The window draws a PDF attachment's
first pages in a worker while the export may draw the pack's preview or its exhibits, so every
caller holds PDFIUM while it opens, draws or closes a document. Plain Python, no PDFium loaded:
the window imports it at start.
"""

from __future__ import annotations

import threading

PDFIUM = threading.Lock()
