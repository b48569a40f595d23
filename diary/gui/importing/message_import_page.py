"""Import messages and calls: choose an export, tick who is the suspect, look at the entries
proposed from their messages, tick what to save and the lines to quote, then save.

Nothing is saved until Save is pressed; then everything ticked is saved together, with the file
itself kept as an original, or none of it. Reading the file, proposing and saving run in the
dialog's worker, one at a time. A question the file cannot answer (is 03/06 the 3rd of June or
the 6th of March?) is asked here, in the choices above the lists, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import InvalidInput
from diary.domain.incident import Author, Incident
from diary.domain.messages.options import DatesUnclear, ReadOptions, RepeatedHourUnclear
from diary.domain.messages.proposals import DEFAULT_QUOTES, Grouping, ImportPlan, plan, plural
from diary.domain.messages.reading import identify
from diary.domain.messages.survey import Survey, survey
from diary.domain.times import zone_named
from diary.vault import Vault
from diary.vault.messages import message_log

from ..session.diary_session import DiarySession
from ..worker import Worker
from .message_proposal_detail import ProposalDetail
from .message_proposal_model import COL_SUMMARY, PROPOSAL_ROLE, MessageProposalModel
from .message_read_choices import ReadChoices
from .message_sender_table import SenderTable

Run = Callable[[Worker, str, Callable[[Any], None]], None]
Show = Callable[[str, bool], None]
FILTER = "Message and call exports (*.txt *.zip *.xml *.eml *.mbox *.json);;All files (*)"


@dataclass(frozen=True)
class Asked:
    """A question the file left open, returned by the reading step instead of a survey."""

    question: InvalidInput


def read_file(path: Path, options: ReadOptions) -> Survey | Asked:
    """The reading step (in the worker): the file surveyed, or the question it leaves open."""
    try:
        return survey(identify(path), options)
    except (DatesUnclear, RepeatedHourUnclear) as exc:
        return Asked(exc)


def propose(
    vault: Vault, found: Survey, senders: list[str], grouping: Grouping, gap: timedelta
) -> tuple[ImportPlan, dict[date, list[Incident]]]:
    """The proposing step (in the worker): the chosen senders' entries, less what the diary
    holds already, and the entries already written on each of their days."""
    proposed = plan(found, senders, grouping, gap, DEFAULT_QUOTES)
    return proposed, message_log.prepare(vault, proposed, DEFAULT_QUOTES)


class MessageImportPage(QWidget):
    imported = Signal()

    def __init__(self, session: DiarySession, run: Run, show: Show) -> None:
        super().__init__()
        self.session, self._run, self._show = session, run, show
        self.path: Path | None = None
        self.survey: Survey | None = None
        self.plan: ImportPlan | None = None
        self.on_day: dict[date, list[Incident]] = {}
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText("No file chosen")
        self.file.setAccessibleName("Exported file of messages or calls")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the exported file")
        choose.setAutoDefault(False)
        choose.clicked.connect(self._ask_for_file)
        self.choices = ReadChoices()
        self.choices.reading_changed.connect(self._options_changed)
        self.senders = SenderTable()
        self.senders.ticked.connect(self._senders_ticked)
        self.propose_button = QPushButton("Propose entries")
        self.propose_button.setEnabled(False)
        self.propose_button.setAutoDefault(False)
        self.propose_button.clicked.connect(self.propose_now)
        self.model = MessageProposalModel()
        self.model.dataChanged.connect(lambda *_a: self._update_save_button())
        self.proposals = QTableView()
        self.proposals.setTabKeyNavigation(False)
        self.proposals.setModel(self.model)
        self.proposals.setAccessibleName("Proposed entries; tick those to save")
        self.proposals.verticalHeader().hide()
        self.proposals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.proposals.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.proposals.horizontalHeader().setSectionResizeMode(
            COL_SUMMARY, QHeaderView.ResizeMode.Stretch
        )
        self.proposals.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_proposal(current.row())
        )
        self.detail = ProposalDetail()
        self.detail.save_as_changed.connect(self._save_as_changed)
        self.unread = QLabel()
        self.unread.setObjectName("error")
        self.unread.setWordWrap(True)
        self.unread_list = QListWidget()
        self.unread_list.setAccessibleName("Lines not understood, left out")
        self.unread_list.setMaximumHeight(64)
        self.unread_list.hide()
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_now)
        self._build_layout(choose)

    def _build_layout(self, choose: QPushButton) -> None:
        intro = QLabel(
            "A WhatsApp chat export (.txt, .zip), SMS Backup & Restore sms.xml or calls.xml, "
            "e-mail (.eml, .mbox) or Telegram result.json. Nothing is saved until you press Save."
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.senders, 1)
        left_layout.addWidget(self.propose_button)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.proposals)
        right.addWidget(self.detail)
        right.setChildrenCollapsible(False)
        lists = QSplitter()
        lists.addWidget(left)
        lists.addWidget(right)
        lists.setSizes([360, 600])  # room for a name and its counts beside the proposals
        right.setSizes([130, 230])
        lists.setChildrenCollapsible(False)
        not_understood = QVBoxLayout()
        not_understood.addWidget(self.unread)
        not_understood.addWidget(self.unread_list)
        bottom = QHBoxLayout()
        bottom.addLayout(not_understood, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.choices)
        layout.addWidget(lists, 1)
        layout.addLayout(bottom)

    # ----- reading ------------------------------------------------------------------------------

    def _ask_for_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the exported messages or calls",
            str(Path.home()),
            FILTER,
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if name:
            self.choose_file(Path(name))

    def choose_file(self, path: Path) -> None:
        self.path = path
        self.file.setText(str(path))
        self.choices.reset_questions()
        self.read_again()

    def _options_changed(self, *_args: object) -> None:
        if self.path is not None:
            self.read_again()

    def read_again(self) -> None:
        self._clear()
        if self.path is None:
            return
        try:
            zone_named(self.choices.options().zone)
        except InvalidInput as exc:
            self._show(exc.message, True)
            return
        self._run(
            Worker(read_file, self.path, self.choices.options()), "Reading the file…", self._read
        )

    def _clear(self) -> None:
        self.survey, self.plan, self.on_day = None, None, {}
        self.senders.show_survey(None)
        self.model.set_plan(None)
        self.detail.show_proposal(None, None, {})
        self.unread.clear()
        self.unread_list.clear()
        self.unread_list.hide()
        self.propose_button.setEnabled(False)
        self._update_save_button()

    def _read(self, found: Survey | Asked) -> None:
        if isinstance(found, Asked):
            if isinstance(found.question, RepeatedHourUnclear):
                self.choices.repeated.show()
            self._show(found.question.message + " Choose it beside the time zone.", True)
            return
        self.survey = found
        self.senders.show_survey(found)
        self._show_unread(found)
        notes = " ".join(found.notes.lines)
        self._show(
            f"Read {found.source.name}: {found.items:,} messages and calls from "
            f"{plural(len(found.senders), 'sender')}. {notes} Tick who is the suspect, then "
            "Propose entries.",
            False,
        )

    def _show_unread(self, found: Survey) -> None:
        self.unread_list.clear()
        self.unread_list.setVisible(bool(found.unread_count))
        if not found.unread_count:
            self.unread.clear()
            return
        for u in found.unread:
            shown = f" {u.text!r}" if u.text else ""
            text = f"{u.where.text() or 'the file'}:{shown} – {u.why}"
            self.unread_list.addItem(text)
            self.unread_list.item(self.unread_list.count() - 1).setToolTip(text)
        more = found.unread_count - len(found.unread)
        self.unread.setText(
            f"{found.unread_count} line(s) not understood are left out; the original file keeps "
            "them" + (f" (the first {len(found.unread)} listed)." if more > 0 else ":")
        )

    def _senders_ticked(self) -> None:
        self.propose_button.setEnabled(bool(self.senders.chosen()))
        self.plan = None
        self.model.set_plan(None)
        self.detail.show_proposal(None, None, {})
        self._update_save_button()

    # ----- proposing and saving ---------------------------------------------------------------

    def propose_now(self) -> None:
        if self.survey is None or not self.senders.chosen():
            return
        work = Worker(
            propose,
            self.session.vault,
            self.survey,
            self.senders.chosen(),
            self.choices.per(),
            self.choices.gap(),
        )
        self._run(work, "Proposing entries…", self._proposed)

    def _proposed(self, result: tuple[ImportPlan, dict[date, list[Incident]]]) -> None:
        self.plan, self.on_day = result
        self.model.set_plan(self.plan)
        self.proposals.resizeColumnToContents(0)
        if self.plan.proposals:
            self.proposals.selectRow(0)
        already = self.plan.already_here
        message = f"{len(self.plan.proposals)} entries proposed."
        if already:
            message += (
                f" {already} messages and calls are in the diary already (this file, or an "
                "earlier export of it, was imported before) and are left out."
            )
        self._show(message, False)
        self._update_save_button()

    def _show_proposal(self, row: int) -> None:
        proposal = self.model.index(row, 0).data(PROPOSAL_ROLE) if row >= 0 else None
        self.detail.show_proposal(self.plan, proposal, self.on_day)

    def _save_as_changed(self) -> None:
        self.model.proposal_changed(self.proposals.currentIndex().row())
        self._update_save_button()

    def _update_save_button(self) -> None:
        count = self.model.chosen_count()
        self.save_button.setEnabled(count > 0)
        self.save_button.setText(
            f"Save {count} entr{'y' if count == 1 else 'ies'}" if count else "Save"
        )

    def save_now(self) -> None:
        if self.plan is None or not self.model.chosen_count():
            return
        work = Worker(message_log.save, self.session.vault, self.plan, Author.VICTIM)
        self._run(work, "Saving…", self._saved)

    def _saved(self, done: message_log.MessagesSaved) -> None:
        self.plan = None
        self.model.set_plan(None)
        self.detail.show_proposal(None, None, {})
        self._update_save_button()
        if not done.added and not done.merged:
            self._show("Nothing new: everything chosen is in the diary already.", False)
            return
        parts = []
        if done.added:
            parts.append(f"{len(done.added)} new entr{'y' if len(done.added) == 1 else 'ies'}")
        if done.merged:
            merged = len(done.merged)
            parts.append(
                f"messages added to {merged} entr{'y' if merged == 1 else 'ies'} (each now says "
                "what was added, as a new version)"
            )
        self._show(
            f"Saved {' and '.join(parts)}: {done.logged} messages and calls, each with where in "
            "the file it came from; the file is kept as an original.",
            False,
        )
        self.imported.emit()
