"""First run: what the app does, then a passphrase, the person's name and initials.

Creating the diary (key derivation, about a second) runs in a worker so the window stays alive;
`created` then carries the open vault and its recovery key to the recovery key page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryError
from diary.domain.passphrase_advice import advise

if TYPE_CHECKING:
    from diary.vault import Vault

from ..announcer import MessageLabel
from ..passphrase_field import PassphraseField
from ..screen_fit import scrolling
from ..worker import Worker
from .diary_folders import folder_for_new_diary

WELCOME = (
    "<h1>Keep a record you can rely on</h1>"
    "<p>This diary helps you write down each incident of stalking or harassment soon after it "
    "happens: what happened, where, how it affected you, with screenshots and photos. When you "
    "are ready, it can put everything in order as a pack for the police.</p>"
    "<p><b>Everything stays on this computer.</b> Nothing is sent anywhere. The diary is "
    "encrypted: without your passphrase it cannot be read.</p>"
    "<p><b>What you need to keep safe:</b> your passphrase (in your head), and a recovery key "
    "you will be shown once (on paper, somewhere only you can reach). With neither, nobody "
    "can open the diary, not even you.</p>"
)


def _create(folder: Path, passphrase: str, case: CaseDetails) -> tuple[Vault, str]:
    from diary.vault import Vault

    # Until the person types the end of the key, it counts as not written down: closing the
    # window before then means a new key is shown at the next unlock.
    return Vault.create(folder, passphrase, case, confirm_recovery_key=True)


class FirstRunPage(QWidget):
    created = Signal(object, str, bool)  # the open Vault, its recovery key, discreet mode chosen
    other_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.folder: Path | None = None  # None: the default place for the mode chosen
        self._worker: Worker | None = None

        welcome = QLabel(WELCOME)
        welcome.setWordWrap(True)
        welcome.setTextFormat(Qt.TextFormat.RichText)
        welcome.setObjectName("welcome")

        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("As it should appear on a statement")
        self.initials = QLineEdit()
        self.initials.setAccessibleName("Your initials")
        self.initials.setMaxLength(4)
        self.initials.setMaximumWidth(self.initials.fontMetrics().averageCharWidth() * 12)
        self.initials.setPlaceholderText("e.g. JS")
        self.passphrase = PassphraseField("New passphrase")
        self.confirm = PassphraseField("Passphrase again")
        self._problem_in: QWidget | None = None  # the field the problem shown is about
        for field in (self.passphrase, self.confirm):
            field.text_changed.connect(self._stale_problem)
        self.advice = QLabel(advise("").message)
        self.advice.setObjectName("hint")
        self.advice.setWordWrap(True)
        self.discreet = QCheckBox("Discreet mode: show the app as “Notes”, with a plain icon")
        self.discreet.setAccessibleName("Discreet mode")
        self.error = MessageLabel("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Your &name", self.name)
        form.addRow("Your &initials", self.initials)
        initials_hint = QLabel("Used to mark your evidence, e.g. JS/1, JS/2.")
        initials_hint.setObjectName("hint")
        form.addRow("", initials_hint)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("", self.advice)
        form.addRow("Passphrase &again", self.confirm)
        form.addRow("", self.discreet)
        self._label_buddies(form)

        self.create_button = QPushButton("Create my diary")
        self.create_button.setDefault(True)
        self.create_button.setAccessibleName("Create my diary")
        self.create_button.clicked.connect(self.create_diary)
        self.other_button = QPushButton("Open another diary folder…")
        self.other_button.setAccessibleName("Open another diary folder")
        self.other_button.clicked.connect(self.other_folder_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        body = QWidget()
        body.setObjectName("page")
        column = QVBoxLayout(body)
        column.addWidget(welcome)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addLayout(buttons)
        column.addStretch(1)
        body.setMaximumWidth(760)
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addWidget(body, 4)
        holder.addStretch(1)
        inner = QWidget()
        inner.setLayout(holder)
        scroll = scrolling(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.passphrase.text_changed.connect(lambda text: self.advice.setText(advise(text).message))
        self.confirm.submitted.connect(self.create_diary)
        self.setFocusProxy(self.name)

    @staticmethod
    def _label_buddies(form: QFormLayout) -> None:
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            text = label.widget() if label else None
            target = field.widget() if field else None
            if isinstance(text, QLabel) and target is not None:
                text.setBuddy(target)

    def create_diary(self) -> None:
        if self._worker is not None:
            return
        passphrase = self.passphrase.text()
        advice = advise(passphrase)
        if not advice.acceptable:
            self._fail(advice.message, self.passphrase)
            return
        if passphrase != self.confirm.text():
            self._fail("The two passphrases are different. Type the same one twice.", self.confirm)
            return
        try:
            case = CaseDetails(name=self.name.text().strip(), initials=self.initials.text())
        except DiaryError as exc:
            self._fail(exc.message, self.name if not self.name.text().strip() else self.initials)
            return
        folder = self.folder or folder_for_new_diary(self.discreet.isChecked())
        self.error.setText("Creating your diary… this takes a few seconds.")
        self.error.setObjectName("progress")
        self._restyle()
        self.setEnabled(False)
        self._worker = Worker(_create, folder, passphrase, case)
        self._worker.signals.finished.connect(self._created)
        self._worker.signals.failed.connect(self._failed)
        self._worker.start()

    def _created(self, result: tuple[Vault, str]) -> None:
        self._worker = None
        self.setEnabled(True)
        vault, recovery = result
        discreet = self.discreet.isChecked()
        self.passphrase.clear()
        self.confirm.clear()
        self.error.clear()
        self.created.emit(vault, recovery, discreet)

    def _failed(self, error: DiaryError) -> None:
        self._worker = None
        self.setEnabled(True)
        self._fail(error.message, self.passphrase)

    def _stale_problem(self) -> None:
        """Take away a problem with the passphrase once what is typed puts it right."""
        typed = self.passphrase.text()
        right = {
            id(self.passphrase): advise(typed).acceptable,
            id(self.confirm): self.confirm.text() == typed,
        }
        if right.get(id(self._problem_in), False):
            self.error.clear()

    def _fail(self, message: str, focus: QWidget) -> None:
        self._problem_in = focus
        self.error.setObjectName("error")
        self._restyle()
        self.error.setText(message)
        focus.setFocus()

    def _restyle(self) -> None:
        self.error.style().unpolish(self.error)
        self.error.style().polish(self.error)
