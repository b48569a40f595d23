"""The person's choice for original files that show where they were taken (GPS).

Shown in the export dialog only when some chosen exhibit carries a position. Neither answer is
picked for them: the originals go into the bundle as they are (the evidence, byte for byte,
position and all) or stay out of it. The pictures in the PDF carry no metadata either way, and
the pack says which was chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWidget

INCLUDE = "include"
LEAVE_OUT = "leave-out"


class LocatedOriginalsChoice(QWidget):
    changed = Signal()  # a choice was made

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("located")
        self.found = QLabel()
        self.found.setObjectName("warning")
        self.found.setWordWrap(True)
        self.found.setAccessibleName("Original files that show where they were taken")
        self.include = QRadioButton(
            "Include them as they are: the originals, byte for byte, with their location data"
        )
        self.include.setAccessibleName("Include these originals as they are")
        self.leave_out = QRadioButton(
            "Leave these originals out of the bundle (the officer is told they exist)"
        )
        self.leave_out.setAccessibleName("Leave these originals out of the bundle")
        self.group = QButtonGroup(self)
        for button in (self.include, self.leave_out):
            self.group.addButton(button)
            button.toggled.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.found)
        layout.addWidget(self.include)
        layout.addWidget(self.leave_out)
        self.hide()

    def show_found(self, named: list[str]) -> None:
        """The exhibits whose originals carry a position ('AD/3 (IMG_0042.jpg)'); none hides it."""
        self.setVisible(bool(named))
        if not named:
            return
        count = len(named)
        self.found.setText(
            f"{'These original files' if count != 1 else 'This original file'} may show where "
            f"{'they were' if count != 1 else 'it was'} taken (location data saved by the "
            f"camera or phone): {', '.join(named)}. If that place must stay private (a refuge, "
            "a new home), leave them out of the bundle. The pictures in the PDF never carry "
            "this data. Choose one:"
        )

    def choice(self) -> str:
        """INCLUDE, LEAVE_OUT, or '' while nothing is chosen."""
        if self.include.isChecked():
            return INCLUDE
        return LEAVE_OUT if self.leave_out.isChecked() else ""
