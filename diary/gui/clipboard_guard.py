"""Taking back what the app put on the clipboard, when the diary locks (on demand or when idle)
and on quick exit.

A person copies a sentence from an entry (Ctrl+C in a field, in the reading pane, in the
timeline), or the recovery key; left on the clipboard once the diary is locked, it can be pasted
by anyone at the computer. What they copied in another program must be left alone, so only the
app's own content is cleared. It is the app's when:

- the system says the app owns the clipboard (QClipboard.ownsClipboard, ownsSelection for the X11
  selection made by merely selecting text): X11, Wayland and Windows say so. macOS never does
  (Qt's Cocoa clipboard answers false), nor the offscreen platform used in tests; so also
- it is what the app put there: a change made while one of the app's widgets has the focus and
  holds exactly that text as its selection (Qt's copy and cut, and the item views' Ctrl+C of the
  current cell), or text set through copy_text(). Only a SHA-256 of it is kept, for comparison.

Limits: a clipboard manager (KDE's Klipper, GNOME extensions, Windows' clipboard history) may
keep its own copy of what was on the clipboard, which the app cannot take back; and a text the
person copied from another program that happens to equal what the app put there is cleared too.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

Mode = QClipboard.Mode
# Platforms whose clipboard says truly whether the app owns it; elsewhere it always says no.
_SAYS_WHO_OWNS = ("xcb", "wayland", "windows")


def _selected_texts(widget: QWidget | None) -> list[str]:
    """What a copy from widget puts on the clipboard: its selection, or an item view's cell."""
    if isinstance(widget, QLineEdit | QLabel):
        return [widget.selectedText()]
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        cursor = widget.textCursor()
        return [cursor.selection().toPlainText(), cursor.selectedText().replace("\u2029", "\n")]
    if isinstance(widget, QAbstractItemView):
        index: QModelIndex = widget.currentIndex()
        value = index.data(Qt.ItemDataRole.DisplayRole) if index.isValid() else None
        return [str(value)] if value is not None else []
    return []


class ClipboardGuard(QObject):
    """Watches the clipboard for content the app put there; take_back() clears it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = QGuiApplication.clipboard()
        self._ours: dict[Mode, str] = {}
        platform = QGuiApplication.platformName()
        self._says_who_owns = platform.startswith(_SAYS_WHO_OWNS)
        self._clipboard.changed.connect(self._changed)

    def _modes(self) -> list[Mode]:
        modes = [Mode.Clipboard]
        if self._clipboard.supportsSelection():
            modes.append(Mode.Selection)
        if self._clipboard.supportsFindBuffer():
            modes.append(Mode.FindBuffer)
        return modes

    def _owns(self, mode: Mode) -> bool:
        if mode == Mode.Clipboard:
            return self._clipboard.ownsClipboard()
        if mode == Mode.Selection:
            return self._clipboard.ownsSelection()
        return self._clipboard.ownsFindBuffer()

    def _digest(self, mode: Mode) -> str | None:
        """A fingerprint of what is on the clipboard in mode (text, else a picture), or None."""
        text = self._clipboard.text(mode)
        if text:
            return "text:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        image = self._clipboard.image(mode)
        if image.isNull():
            return None
        return "image:" + hashlib.sha256(bytes(image.constBits())).hexdigest()

    def copy_text(self, text: str) -> None:
        """Put text on the clipboard for the person, to be taken back at the next lock."""
        self._clipboard.setText(text, Mode.Clipboard)
        digest = self._digest(Mode.Clipboard)
        if digest is not None:
            self._ours[Mode.Clipboard] = digest

    def _copied_here(self, mode: Mode) -> bool:
        """Whether what just came onto the clipboard is the selection of the focused widget."""
        if self._says_who_owns:
            return False  # ownership has answered already
        # Another program's clipboard is read only when a selection here could match it.
        candidates = [t for t in _selected_texts(QApplication.focusWidget()) if t]
        return bool(candidates) and self._clipboard.text(mode) in candidates

    def _changed(self, mode: Mode) -> None:
        digest = self._digest(mode) if self._owns(mode) or self._copied_here(mode) else None
        if digest is not None:
            self._ours[mode] = digest
        else:
            # Someone else's now: an earlier copy of ours is no longer there to take back.
            self._ours.pop(mode, None)

    def take_back(self) -> list[Mode]:
        """Clear each clipboard that still holds what the app put there; return those cleared."""
        cleared = []
        for mode in self._modes():
            ours = self._owns(mode)
            if not ours and mode in self._ours:
                ours = self._digest(mode) == self._ours[mode]
            if ours:
                self._clipboard.clear(mode)
                cleared.append(mode)
        self._ours.clear()
        return cleared
