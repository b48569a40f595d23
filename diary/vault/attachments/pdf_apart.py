"""A PDF's first pages drawn in a process of its own, so that a document made to exploit its
reader cannot reach the diary's key.

PDFium (through pypdfium2) is a large C library that reads documents written by anyone, and a
"letter" kept as evidence can come from the person the diary is about. Drawn in the app's own
process, a document crafted for a fault in PDFium could run code beside the diary's key, or
close the window at every attempt to show or export it. Here the pages are drawn by the same
child that reads videos (`diary --read-media application/pdf`, media_apart.py: the bytes go
through a pipe, nothing is written to disk, core dumps are off), once, when the file is kept:
the view is stored as the file's derived form (derived_forms.py) and used by the window and the
pack.

The child answers with JSON, checked field by field: the page count, the first pages as PNGs
no larger than the box they are drawn to, and which of the few problems this program describes
it met; the captions, the heading and the problem's words are written here, not by the child.
If the child dies, takes longer than READ_SECONDS, or answers with anything else, the view says
so in a plain note, and the original is kept all the same. A child that could not be started,
or was halted, says nothing of the document: its view says so, and is never stored.
"""

from __future__ import annotations

import base64
import json
import struct
from typing import Any, BinaryIO

from .file_view import FileView
from .media_apart import Halt, ask_apart, problem_of
from .pdf_pages import FIRST_PAGES, MAX_HEIGHT, MAX_WIDTH, PARTLY, PROBLEMS, UNOPENED, draw, view_of

MEDIA_TYPE = "application/pdf"
# Longer than any real document takes (three pages of a scanned letter draw in well under a
# second); a document that keeps PDFium busy beyond this is stopped.
READ_SECONDS = 60.0
STOPPED = (
    "This document could not be read safely (it may be damaged), so none of its pages are "
    "shown here; the original is kept, unchanged."
)
_PNG = b"\x89PNG\r\n\x1a\n"
# A page drawn to fit MAX_WIDTH x MAX_HEIGHT is 3.5 MB as raw pixels; its PNG is no larger.
MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_PAGES = 10**9


def read_pdf(data: bytes | BinaryIO, halt: Halt | None = None) -> FileView:
    """A PDF's view (its page count and first pages), drawn by a child process from data
    (bytes, or a seekable file object over them); halt can stop it from another thread."""
    found, unread = ask_apart(data, MEDIA_TYPE, READ_SECONDS, halt)
    if unread is not None:
        return FileView("pdf", problem=problem_of(unread, STOPPED))
    try:
        return pdf_from(found)
    except (ValueError, TypeError, KeyError, struct.error):
        return FileView("pdf", problem=STOPPED)


def pdf_answer(fp: BinaryIO) -> bytes:
    """The child's answer (JSON) for the document read from fp."""
    data = bytearray()
    while piece := fp.read(4 * 1024 * 1024):  # the whole document, in a few asks of the parent
        data += piece
    count, pages, problem = draw(bytes(data))
    return json.dumps(
        {
            "pages": count,
            "drawn": [base64.b64encode(png).decode("ascii") for png in pages],
            "problem": problem,
        }
    ).encode()


def pdf_from(found: Any) -> FileView:
    """The view from the child's answer, every field checked for its type and bounds; raises
    ValueError (or TypeError, KeyError, struct.error) for anything else."""
    if not isinstance(found, dict) or set(found) != {"pages", "drawn", "problem"}:
        raise ValueError("not a document's answer")
    count, drawn, problem = found["pages"], found["drawn"], found["problem"]
    if not isinstance(problem, str) or problem not in PROBLEMS:
        raise ValueError("not a problem this program describes")
    if not isinstance(drawn, list):
        raise ValueError("not a list of pages")
    if count is None:
        if problem != UNOPENED or drawn:
            raise ValueError("pages of a document that did not open")
        return view_of(None, [], problem)
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_PAGES:
        raise ValueError("not a page count")
    wanted = min(count, FIRST_PAGES)
    if problem == UNOPENED or (problem == PARTLY) != (len(drawn) < wanted):
        raise ValueError("not the pages a document of this length shows")
    if len(drawn) > wanted:
        raise ValueError("more pages than are drawn")
    return view_of(count, [_page(value) for value in drawn], problem)


def _page(value: Any) -> tuple[bytes, int, int]:
    """A page's PNG and its size, from the child's text."""
    if not isinstance(value, str) or len(value) > MAX_PAGE_BYTES * 4 // 3 + 4:
        raise ValueError("not a page of a bounded size")
    data = base64.b64decode(value, validate=True)
    if not data.startswith(_PNG) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_WIDTH and 0 < height <= MAX_HEIGHT):
        raise ValueError("not a page's size")
    return data, width, height
