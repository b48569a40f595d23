"""An attached image at full size, decoded in memory and shown inside the app.

Never handed to an outside viewer: that would need a plaintext copy on disk and would leave
thumbnails and recent-document entries behind.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from diary.domain.filetypes import PREVIEWABLE
from diary.domain.incident import Attachment

from ..screen_fit import fit_to_screen
from ..timeline.incident_text import size_text

# Qt refuses to allocate more than this for one decoded image (a decompression bomb guard).
ALLOCATION_LIMIT_MB = 512
# The pictures the window decodes, by the name filetypes.PREVIEWABLE gives their format: each to
# the one reader of Qt's that reads it.
QT_FORMATS = {
    "PNG": "png",
    "JPEG": "jpeg",
    "GIF": "gif",
    "BMP": "bmp",
    "TIFF": "tiff",
    "WEBP": "webp",
}


def decode_image(data: bytes, image_format: str) -> QPixmap | None:
    """The image in data, upright, or None when it is not an image that can be decoded safely.

    image_format is what the file was found to be when it was kept (filetypes.PREVIEWABLE):
    only that format's reader is used, never one Qt would pick from the bytes (among Qt's
    readers are PDF, SVG, TGA and ICNS, which no picture kept here needs). A HEIC photo is not
    given here as it is (Qt cannot read it, and libheif never runs in the app's process): the
    window shows the upright JPEG made of it when it was kept."""
    if image_format not in QT_FORMATS:
        return None
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(QT_FORMATS[image_format].encode()))
    reader.setAutoDetectImageFormat(False)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        return None
    return QPixmap.fromImage(image)


def pixmap_of(data: bytes, image_format: str) -> QPixmap:
    """A picture the app made itself (a thumbnail's PNG, a video's JPEG frame), read by the
    reader of its own format alone: an empty pixmap when it is not that."""
    pixmap = QPixmap()
    if image_format in QT_FORMATS:
        pixmap.loadFromData(data, QT_FORMATS[image_format])
    return pixmap


class ImageViewerDialog(QDialog):
    def __init__(
        self,
        attachment: Attachment,
        data: bytes,
        parent: QWidget | None = None,
        *,
        problem: str = "",
        converted: bool = False,
    ) -> None:
        """data is the picture to show: the original, or for a HEIC photo (converted) the JPEG
        made of it when it was kept. problem says why there is none, when that is known."""
        super().__init__(parent)
        self.problem = problem
        title = attachment.exhibit_mark or attachment.filename
        self.setWindowTitle(title)
        self.setAccessibleName(f"Image {title}")
        image_format = "JPEG" if converted else PREVIEWABLE.get(attachment.media_type, "")
        self.pixmap = decode_image(data, image_format) if data else None
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setAccessibleName(f"Image {attachment.filename}")
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.image)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A Tab stop of its own: arrows scroll a picture shown at full size.
        self.scroller.setAccessibleName(f"Picture {attachment.filename}")
        self.scroller.setAccessibleDescription(
            "Arrows scroll the picture when it is larger than the window. F fits it to the window."
        )
        self.fit = QCheckBox("Fit to window")
        self.fit.setAccessibleName("Fit image to window")
        self.fit.setChecked(True)
        self.fit.toggled.connect(self._show)
        size = size_text(attachment.size)
        how = ""
        if converted and self.pixmap is not None:
            width, height = self.pixmap.width(), self.pixmap.height()
            how = f" · shown as in the pack, converted to a JPEG of {width} × {height} pixels"
        caption = QLabel(f"{attachment.filename} · {size} · SHA-256 {attachment.sha256[:16]}…{how}")
        caption.setWordWrap(True)
        caption.setObjectName("hint")
        caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(caption)
        layout.addWidget(self.fit)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_F), self, self.fit.toggle)
        fit_to_screen(self, 1000, 680)
        self._show()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._show()

    def _show(self) -> None:
        if self.pixmap is None:
            self.image.setText(
                self.problem
                or "This file cannot be shown here. It is kept exactly as it was added."
            )
            self.image.setWordWrap(True)
            self.image.adjustSize()
            return
        if self.fit.isChecked():
            room = self.scroller.viewport().size()
            shown = (
                self.pixmap.scaled(
                    room,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                if (self.pixmap.width() > room.width() or self.pixmap.height() > room.height())
                else self.pixmap
            )
        else:
            shown = self.pixmap
        self.image.setPixmap(shown)
        self.image.resize(shown.size())
