"""What the pack and the window show of an exhibit that is not a picture: a video's stills and
duration, a recording's duration, an e-mail's headers and text, a PDF's first pages.

Everything is derived in memory from the original bytes (nothing is written to disk) and is a
convenience beside the original, which is the evidence. The window shows the same view as the
pack (gui/file_view_panel.py draws what view_file returns), so what the person checks is what
the officer reads. Nothing here imports reportlab or Qt.
"""

from __future__ import annotations

from .view import FileView, Still, duration_text, viewable

__all__ = ["FileView", "Still", "duration_text", "upright_png", "view_file", "viewable"]


def upright_png(data: bytes, media_type: str) -> bytes | None:
    """An image the window cannot decode itself (a HEIC photo), decoded here from memory with
    the same limits as its thumbnail, turned upright and given as PNG; None when it cannot be."""
    import io
    import warnings

    from PIL import Image, ImageOps

    from diary.vault.attachments.previews import open_limited

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = open_limited(io.BytesIO(data), media_type)
            image.load()
        image = ImageOps.exif_transpose(image)
        clean = Image.new("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB", image.size)
        clean.paste(image.convert(clean.mode))
        out = io.BytesIO()
        clean.save(out, "PNG", compress_level=1)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a picture that cannot be decoded is described, not shown
        return None


def view_file(data: bytes, media_type: str) -> FileView | None:
    """The view of a file of media_type, or None when this kind has none (an image, a zip)."""
    if media_type.startswith(("video/", "audio/")):
        from .media import media_view

        return media_view(data, media_type)
    if media_type == "message/rfc822":
        from .email_view import email_view

        return email_view(data)
    if media_type == "application/pdf":
        from .pdf_pages import pdf_view

        return pdf_view(data)
    return None
