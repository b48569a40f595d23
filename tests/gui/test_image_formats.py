"""A picture is decoded only by the reader of the kind it was found to be when it was kept.

Qt picks a reader from the bytes when it is not told which to use, and among its readers are
SVG, TGA, ICNS and others no picture kept here needs: a file sent to the person, shaped to one
of those, would otherwise be handed to it. The window names the format every time.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image
from PySide6.QtGui import QImage

from diary.domain.filetypes import PREVIEWABLE
from diary.domain.incident import Attachment
from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog, decode_image, pixmap_of

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>'


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_each_kind_of_picture_is_read_by_its_own_reader(qapp) -> None:  # type: ignore[no-untyped-def]
    png = _png()
    shown = decode_image(png, PREVIEWABLE["image/png"])
    assert shown is not None and (shown.width(), shown.height()) == (40, 30)
    assert decode_image(png, "JPEG") is None  # kept as a JPEG: not read as anything else
    assert decode_image(png, "HEIF") is None  # never decoded in the app's process
    assert pixmap_of(png, "PNG").width() == 40
    assert pixmap_of(png, "JPEG").isNull()


def test_a_file_shaped_for_another_reader_is_not_handed_to_it(qapp) -> None:  # type: ignore[no-untyped-def]
    assert not QImage.fromData(SVG).isNull()  # Qt, left to choose, reads it as SVG
    assert decode_image(SVG, "PNG") is None
    assert decode_image(SVG, "") is None
    assert pixmap_of(SVG, "PNG").isNull()


def test_the_viewer_says_plainly_when_a_picture_is_not_what_it_was_kept_as(qtbot) -> None:  # type: ignore[no-untyped-def]
    attachment = Attachment(
        id=1,
        incident_id=1,
        sha256="0" * 64,
        filename="sent.png",
        size=len(SVG),
        media_type="image/png",
        claimed_type="image/png",
        imported_at=datetime(2024, 6, 3, tzinfo=UTC),
    )
    dialog = ImageViewerDialog(attachment, SVG)
    qtbot.addWidget(dialog)
    assert dialog.pixmap is None
    assert (
        dialog.image.text() == "This file cannot be shown here. It is kept exactly as it was added."
    )
