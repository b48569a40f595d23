"""Asking before a received account becomes the person's own, and saying what that means.

Adopting puts a sender's words into the person's statement as theirs, so the question says so
plainly, and the safe answer (keep it as theirs) is the default.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from diary.domain.incident import Incident
from diary.domain.wording import SENDER_NAME_NOTE, adoption_meaning


class AdoptDialog(QMessageBox):
    adopt_confirmed = Signal(int)  # incident id: the person chose to adopt it

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident_id = incident.id
        sender = incident.received_from or "someone unnamed"
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Adopt as my own account?")
        self.setText(f"Adopt the account received from {sender} as your own?")
        self.setInformativeText(f"{adoption_meaning(sender)}\n\n{SENDER_NAME_NOTE}")
        # The sender's name is what they typed: shown as text, never read as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.adopt_button = self.addButton(
            "Adopt as my own account", QMessageBox.ButtonRole.AcceptRole
        )
        self.keep_button = self.addButton("Keep it as theirs", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.adopt_button:
            self.adopt_confirmed.emit(self.incident_id)
