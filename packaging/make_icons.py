"""Render resources/icons/*.svg to the PNG sizes desktops expect (run when they change)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 - QImage painting needs a GUI application
    for svg in sorted(ICONS.glob("*.svg")):
        renderer = QSvgRenderer(str(svg))
        for size in SIZES:
            image = QImage(size, size, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            renderer.render(painter)
            painter.end()
            image.save(str(ICONS / f"{svg.stem}-{size}.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
