"""One proposed entry of a messages import, looked at closely: what it will be saved as (a new
entry, or added to an entry already written that day), and its messages, to tick the lines to
quote in the entry's exact words. Lines likely to be threats are marked and offered first."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diary.domain.errors import DiaryError
from diary.domain.incident import Incident
from diary.domain.messages.entries import quote_line
from diary.domain.messages.proposals import ImportPlan, Proposal, proposal_summary
from diary.domain.messages.quoting import LANGUAGES, is_threat
from diary.domain.wording import when_text

from ..timeline.incident_text import summary_text

NEW_ENTRY = -1
THREAT_MARK = "\u26a0 "  # ⚠


class ProposalDetail(QWidget):
    save_as_changed = Signal()  # the proposal shown is now to be saved as another entry

    def __init__(self) -> None:
        super().__init__()
        self.plan: ImportPlan | None = None
        self.proposal: Proposal | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.save_as = QComboBox()
        self.save_as.setAccessibleName("Save these messages as")
        self.save_as.activated.connect(self._save_as_chosen)
        self.lines = QListWidget()
        self.lines.setAccessibleName("Messages of this entry; tick the lines to quote")
        self.lines.setWordWrap(True)
        self.lines.itemChanged.connect(self._quote_ticked)
        self.lines.setToolTip(
            "Tick the lines to quote in the entry's exact words. Lines marked \u26a0 hold words "
            f"often used in threats ({LANGUAGES} words only); read them all, the list is only "
            "a start."
        )
        hint = QLabel(
            "Lines to quote in the entry's exact words (\u26a0: words often in threats, "
            f"looked for in {LANGUAGES} only):"
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)  # a narrow window gives the list of senders room instead
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Save as:", self.save_as)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.lines, 1)
        self.setEnabled(False)

    def show_proposal(
        self, plan: ImportPlan | None, proposal: Proposal | None, on_day: dict[date, list[Incident]]
    ) -> None:
        self.plan, self.proposal = plan, proposal
        self.lines.blockSignals(True)
        self.lines.clear()
        self.save_as.clear()
        self.setEnabled(plan is not None and proposal is not None)
        if plan is None or proposal is None:
            self.title.clear()
            self.lines.blockSignals(False)
            return
        try:
            items = [e.item for e in proposal.items]  # read from the file when first shown
        except (OSError, DiaryError) as exc:
            why = (
                f"the file could not be read again ({exc.strerror}). Choose it again."
                if isinstance(exc, OSError)
                else str(exc)
            )
            self.title.setText(f"{proposal.key}: {why}")
            self.lines.blockSignals(False)
            return
        self.title.setText(f"{proposal.key}: {proposal_summary(proposal, plan.local)}")
        self.save_as.addItem("A new entry", NEW_ENTRY)
        for incident in on_day.get(proposal.day, []):
            text = summary_text(incident.content.text, 50)
            self.save_as.addItem(
                f"Add to entry {incident.id}: {when_text(incident.content.occurred)}, {text}",
                incident.id,
            )
        self.save_as.setCurrentIndex(max(0, self.save_as.findData(proposal.into or NEW_ENTRY)))
        for index, item in enumerate(items):
            line = QListWidgetItem(
                (THREAT_MARK if is_threat(item) else "") + quote_line(item, plan.local)
            )
            line.setFlags(line.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            line.setCheckState(
                Qt.CheckState.Checked if index in proposal.quotes else Qt.CheckState.Unchecked
            )
            self.lines.addItem(line)
        self.lines.blockSignals(False)

    def _save_as_chosen(self, _index: int) -> None:
        if self.proposal is None:
            return
        chosen = int(self.save_as.currentData())
        self.proposal.into = None if chosen == NEW_ENTRY else chosen
        self.save_as_changed.emit()

    def _quote_ticked(self, _item: QListWidgetItem) -> None:
        if self.proposal is None:
            return
        self.proposal.quotes = [
            row
            for row in range(self.lines.count())
            if self.lines.item(row).checkState() == Qt.CheckState.Checked
        ]
