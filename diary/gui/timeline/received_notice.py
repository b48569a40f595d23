"""Above an entry: whose words these are when they came in a share, and what is waiting.

A received entry is marked "Received from NAME" before anything else is read, with the way to
adopt it; an entry with changes proposed in a share says so, with the way to review them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from diary.domain.incident import Author, Incident
from diary.domain.wording import SENDER_NAME_NOTE, received_marker

from .incident_text import whose


def notice_text(incident: Incident, kept_by: Author = Author.VICTIM) -> str:
    """The words of the notice ('' for an entry that never came in a share)."""
    sender = incident.received_from or ""
    if incident.is_received:
        return (
            f"{received_marker(sender)}. These are their words, not yours: they are not part "
            f"of your statement unless you adopt them. {SENDER_NAME_NOTE}"
        )
    if incident.received_from is not None:
        return (
            f"This entry came in a share from {sender or 'someone unnamed'}; its words as they "
            f"stand now are {whose(incident.last_changed_by, kept_by)}."
        )
    return ""


class ReceivedNotice(QWidget):
    adopt_requested = Signal()  # the person asked to adopt the entry shown
    proposals_requested = Signal()  # the person asked to review its proposed changes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setObjectName("receivedBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # the sender's name, as they typed it
        self.banner.setAccessibleName("Where this entry came from")
        self.adopt_button = QPushButton("Adopt as my own account…")
        self.adopt_button.setAccessibleName("Adopt as my own account")
        self.adopt_button.clicked.connect(self.adopt_requested)
        self.proposals_button = QPushButton()
        self.proposals_button.clicked.connect(self.proposals_requested)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.adopt_button)
        buttons.addWidget(self.proposals_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

    def show_for(
        self, incident: Incident, waiting: int, proposed: int, kept_by: Author = Author.VICTIM
    ) -> None:
        """Show what applies to this entry: its sender, and its proposed changes (waiting of
        proposed in all); hidden when neither does."""
        text = notice_text(incident, kept_by)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.adopt_button.setVisible(incident.is_received)
        label = (
            f"Review proposed changes ({waiting} waiting)…"
            if waiting
            else "Proposed changes (all decided)…"
        )
        self.proposals_button.setText(label)
        self.proposals_button.setAccessibleName(label.rstrip("…"))
        self.proposals_button.setVisible(proposed > 0)
        self.setVisible(bool(text) or proposed > 0)

    def clear(self) -> None:
        self.banner.clear()
        self.hide()
