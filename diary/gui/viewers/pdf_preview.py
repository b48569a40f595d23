"""Pages of a PDF held in memory, drawn as pictures inside the app (nothing written to disk)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from diary.export.pdfium_guard import PDFIUM

PREVIEW_SCALE = 2.0  # PDF points to pixels: sharp enough to read once fitted to the pane


def render_page(pdf: bytes, index: int, scale: float = PREVIEW_SCALE) -> QImage:
    """Page index (from 0) of the PDF in pdf, as an image."""
    import pypdfium2

    with PDFIUM:  # one thread in PDFium at a time (the viewer draws PDFs in a worker)
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[index]
            bitmap = page.render(scale=scale)
            image = bitmap.to_pil().convert("RGB")
            del bitmap, page
        finally:
            document.close()
    data = image.tobytes("raw", "RGB")
    return QImage(
        data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
    ).copy()


def page_count(pdf: bytes) -> int:
    import pypdfium2

    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


class PdfPreview(QWidget):
    page_shown = Signal(int)  # the page number shown, from 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf = b""
        self._pages = 0
        self._index = 0
        self.page = QLabel("Press “Preview” to see the pages here before saving.")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setWordWrap(True)
        self.page.setAccessibleName("Page preview")
        scroller = QScrollArea()
        scroller.setWidget(self.page)
        scroller.setWidgetResizable(True)
        self.scroller = scroller
        # A Tab stop of its own: arrows and Page Up/Down scroll the page shown.
        scroller.setAccessibleName("Preview of the evidence pack")
        scroller.setAccessibleDescription("Arrows and Page Up or Down scroll the page shown")
        self.previous = QPushButton("Previous page")
        self.previous.setAccessibleName("Previous page")
        self.previous.setAutoDefault(False)
        self.previous.clicked.connect(lambda: self.show_page(self._index - 1))
        self.next = QPushButton("Next page")
        self.next.setAccessibleName("Next page")
        self.next.setAutoDefault(False)
        self.next.clicked.connect(lambda: self.show_page(self._index + 1))
        self.where = QLabel()
        self.where.setAccessibleName("Page number")
        row = QHBoxLayout()
        row.addWidget(self.previous)
        row.addStretch(1)
        row.addWidget(self.where)
        row.addStretch(1)
        row.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroller, 1)
        layout.addLayout(row)
        self._update_buttons()

    def set_pdf(self, pdf: bytes) -> None:
        self._pdf = pdf
        self._pages = page_count(pdf) if pdf else 0
        self.show_page(0)

    def clear(self) -> None:
        self._pdf, self._pages = b"", 0
        self.page.clear()
        self._update_buttons()

    @property
    def pages(self) -> int:
        return self._pages

    def show_page(self, index: int) -> None:
        if not self._pdf or not 0 <= index < self._pages:
            return
        self._index = index
        # Drawn large, then fitted to the width available, so a whole line of text shows.
        width = max(240, self.scroller.viewport().width() - 8)
        page = QPixmap.fromImage(render_page(self._pdf, index))
        self.page.setPixmap(page.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
        self._update_buttons()
        self.page_shown.emit(index)

    def _update_buttons(self) -> None:
        self.previous.setEnabled(self._pdf != b"" and self._index > 0)
        self.next.setEnabled(self._pdf != b"" and self._index < self._pages - 1)
        self.where.setText(f"Page {self._index + 1} of {self._pages}" if self._pages else "")
