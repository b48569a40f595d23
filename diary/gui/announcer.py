"""What a screen reader says without being asked: an error or a change of state, announced
when it appears, so a person who cannot see the red line under a form still hears it.

Qt 6.8 has an announcement event (spoken at once, or when the reader is free); Qt 6.7 has
only an alert, which readers speak from the widget's name and text.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QWidget


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Have a screen reader say text, as coming from widget; urgent interrupts it."""
    if not text.strip():
        return
    announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if announcement is not None:  # Qt 6.8 and later
        spoken = announcement(widget, text)
        politeness = QAccessible.AnnouncementPoliteness
        spoken.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
        send(spoken)
    else:
        send(QAccessibleEvent(widget, QAccessible.Event.Alert))


def send(event: QAccessibleEvent) -> None:
    QAccessible.updateAccessibility(event)


class MessageLabel(QLabel):
    """A line that shows a problem or news under a form, and says it aloud when it changes.

    Its object name is its style ("error" in red, "calm" for news); an error is urgent."""

    def __init__(self, style: str = "error", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(style)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        changed = text != self.text()
        super().setText(text)
        if changed:
            announce(self, text, urgent=self.objectName() == "error")
