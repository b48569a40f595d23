"""A check that Qt and its platform plugin load and can draw: part of `diary --self-test`."""

from __future__ import annotations

import os

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel


def check_qt(pdf: bytes = b"") -> str:
    """Draw a label (and the first page of pdf, as the export preview does) with a real
    QApplication; return the platform plugin's name.

    Without a display (a server, a CI machine) Qt's offscreen platform is used, so the check
    still proves that the Qt libraries and a platform plugin were packaged.
    """
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication.instance() or QApplication([])
    label = QLabel("Self-test")
    label.resize(120, 30)
    image = QImage(label.size(), QImage.Format.Format_ARGB32)
    label.render(image)
    if image.isNull():
        raise RuntimeError("Qt could not draw")
    if pdf:
        from .viewers.pdf_preview import render_page

        if render_page(pdf, 0, scale=0.5).isNull():
            raise RuntimeError("the page preview could not draw the PDF")
    return QApplication.platformName()
