"""The proposed entries of a messages import: one row each, ticked to be saved, with its day (or
burst), its counts in words and what it will be saved as (a new entry, or added to one).

The plan's Proposal objects are the model's data: ticking a row sets `chosen` on its proposal,
so what the person sees is what is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from diary.domain.messages.proposals import ImportPlan, Proposal, proposal_summary

COL_KEY = 0
COL_SUMMARY = 1
COL_SAVE_AS = 2
HEADERS = ("Day", "Messages and calls", "Saved as")
PROPOSAL_ROLE = Qt.ItemDataRole.UserRole + 1  # the Proposal

AnyIndex = QModelIndex | QPersistentModelIndex


def save_as_text(proposal: Proposal) -> str:
    return "a new entry" if proposal.into is None else f"added to entry {proposal.into}"


class MessageProposalModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._plan: ImportPlan | None = None
        self._summaries: list[str] = []

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._summaries = (
            [proposal_summary(p, plan.local) for p in plan.proposals] if plan is not None else []
        )
        self.endResetModel()

    @property
    def proposals(self) -> list[Proposal]:
        return self._plan.proposals if self._plan is not None else []

    def chosen_count(self) -> int:
        return sum(1 for p in self.proposals if p.chosen)

    def proposal_changed(self, row: int) -> None:
        """Say that a proposal's 'saved as' was changed from outside (the detail pane)."""
        index = self.index(row, COL_SAVE_AS)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.proposals)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_KEY:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.proposals):
            return None
        proposal = self.proposals[index.row()]
        column = index.column()
        if role == PROPOSAL_ROLE:
            return proposal
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_KEY:
            return Qt.CheckState.Checked if proposal.chosen else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_KEY:
                return proposal.key
            if column == COL_SUMMARY:
                return " ".join(self._summaries[index.row()].split())
            if column == COL_SAVE_AS:
                return save_as_text(proposal)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if index.column() != COL_KEY:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.proposals[index.row()].chosen = checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
