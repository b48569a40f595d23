"""What the pack and the window show of an exhibit that is not a picture: a video's stills and
duration, a recording's duration, an e-mail's headers and text, a PDF's first pages.

Everything is derived in memory from the original bytes (nothing is written to disk) and is a
convenience beside the original, which is the evidence. The window shows the same view as the
pack (gui/file_view_panel.py draws what view_file returns), so what the person checks is what
the officer reads. Nothing here imports reportlab or Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .view import FileView, Still, duration_text, viewable

if TYPE_CHECKING:
    from diary.vault.attachments.media_apart import Halt

__all__ = ["FileView", "Still", "duration_text", "view_file", "viewable"]


def view_file(data: bytes, media_type: str, halt: Halt | None = None) -> FileView | None:
    """The view of a file of media_type, or None when this kind has none (an image, a zip).
    halt can stop the reading of a video, a recording or a PDF from another thread."""
    if media_type.startswith(("video/", "audio/")):
        from .media import media_view

        return media_view(data, media_type, halt)
    if media_type == "message/rfc822":
        from .email_view import email_view

        return email_view(data)
    if media_type == "application/pdf":
        from diary.vault.attachments.pdf_apart import read_pdf  # PDFium, in a process of its own

        return read_pdf(data, halt)
    return None
