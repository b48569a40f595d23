"""Turns a pasted image (Ctrl+V) or dropped files anywhere in the editor into evidence files.

Installed on every widget of the editor: pasted text still goes into the field as usual, and
a dropped file is attached instead of having its path typed into the text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDropEvent, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from .attachment_panel import AttachmentPanel


class EvidenceDropFilter(QObject):
    def __init__(self, files: AttachmentPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files = files

    def paste_image(self) -> bool:
        """Attach the clipboard's image, if it holds one; True when it did."""
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasImage():
            return False
        image = QApplication.clipboard().image()
        if image.isNull():
            return False
        self.files.add_image(image)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Paste):
                mime = QApplication.clipboard().mimeData()
                if mime is None or not mime.hasImage():
                    return False
                # A picture copied with words (from a browser, a chat) keeps the picture; the
                # words still go into the box being typed in.
                attached = self.paste_image()
                typing = isinstance(watched, QLineEdit | QPlainTextEdit) and mime.hasText()
                return attached and not typing
            return False
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)  # drag-enter and drag-move events are drops too
            mime = event.mimeData()
            if not (mime.hasUrls() or mime.hasImage()):
                return False
            if kind == QEvent.Type.Drop:
                paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
                if paths:
                    self.files.add_paths(paths)
                elif mime.hasImage():
                    self.files.add_image(QImage(mime.imageData()))
            event.acceptProposedAction()
            return True
        return False
