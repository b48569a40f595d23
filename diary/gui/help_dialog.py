"""Help a frightened person needs, one key (F1) or one click away on every screen.

The text is resources/help/help.html. While the diary is locked the window must not say what it
is (someone else may be looking at it), so the locked screen's help leaves out the parts marked
`<!-- diary -->` … `<!-- /diary -->`: it keeps how to get help in an emergency, which any
program may show, and how to use the app.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from diary.resources import resource_path

from .screen_fit import fit_to_screen

_DIARY_ONLY = re.compile(r"<!-- diary -->.*?<!-- /diary -->", re.S)


def help_html(*, discreet: bool) -> str:
    """The help text; discreet leaves out everything that says what the diary is for."""
    html = resource_path("help", "help.html").read_text(encoding="utf-8")
    return _DIARY_ONLY.sub("", html) if discreet else html


class HelpDialog(QDialog):
    def __init__(self, *, discreet: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Help")
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)  # nothing here opens another program
        self.text.setHtml(help_html(discreet=discreet))
        self.text.setAccessibleName("Help")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        # Fits any screen: at most the space available, scrolled within.
        fit_to_screen(self, 720, 360 if discreet else 640)  # the locked screen's help is short
