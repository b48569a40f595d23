"""Input widgets made the same way everywhere: an accessible name, and sensible defaults."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from .announcer import MessageLabel


def text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def choice_box(name: str, choices: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem("—", "")
    for kind, label in choices.items():
        combo.addItem(label, kind)
    return combo


class _DateTimeEdit(QDateTimeEdit):
    """Tab moves on to the next field, as everywhere else; arrows and typing move between the
    day, month, year and time (Qt's own field would take one Tab for each of them)."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def date_time_edit(name: str) -> QDateTimeEdit:
    edit = _DateTimeEdit(QDateTime.currentDateTime())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
    edit.setAccessibleName(name)
    return edit


def styled_label(text: str, style: str, accessible_name: str = "") -> QLabel:
    """A label styled by the stylesheet's rule for `style` (heading, hint, error, calm)."""
    # A problem or news under a form is said aloud as it appears.
    label = MessageLabel(style) if style in ("error", "calm") else QLabel()
    label.setText(text)
    label.setObjectName(style)
    label.setWordWrap(style in ("error", "hint"))
    if accessible_name:
        label.setAccessibleName(accessible_name)
    return label
