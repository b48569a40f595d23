"""Import a spreadsheet diary (CSV): choose it, say what each column holds, check every row.

Nothing is saved until every row can be read: rows that cannot are listed by line number, to be
put right in the spreadsheet. Then all the entries are saved together, or none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from diary.domain.csv_import import FIELDS, CsvPlan, headings_of, open_checked, plan
from diary.domain.errors import InvalidInput
from diary.domain.incident import Author
from diary.domain.times import system_zone, utc_now
from diary.domain.wording import when_text
from diary.vault.entries.transcription import Transcribed, save_new_transcribed

from ..announcer import MessageLabel
from ..session.diary_session import DiarySession
from ..timeline.incident_text import summary_text
from ..worker import Worker

Run = Callable[[Worker, str, Callable[[Any], None]], None]
Show = Callable[[str, bool], None]
KEEP_IN_TEXT = ""  # a column no field is chosen for: kept in the entry's text


def _table(headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setTabKeyNavigation(False)  # one Tab stop, then the choices inside it, then on
    table.setHorizontalHeaderLabels(headings)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CsvImportPage(QWidget):
    imported = Signal()

    def __init__(self, session: DiarySession, run: Run, show: Show) -> None:
        super().__init__()
        self.session, self._run, self._show = session, run, show
        self.raw = b""
        self.mapping: dict[str, str] = {}
        self.result: CsvPlan | None = None
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText("No file chosen")
        self.file.setAccessibleName("Spreadsheet file")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the spreadsheet file")
        choose.clicked.connect(self._ask_for_file)
        choose.setAutoDefault(False)  # Enter in the passphrase looks inside; it never opens files
        self.columns = _table(["Column in the file", "What it holds"])
        self.columns.setAccessibleName("What each column holds")
        self.columns.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.rows = _table(["Line", "When", "Where", "What happened"])
        self.rows.setAccessibleName("Entries to import")
        self.rows.setWordWrap(False)
        for column in range(3):
            self.rows.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.problems = MessageLabel("error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Rows that need putting right")
        self.import_button = QPushButton("Import all entries")
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        intro = QLabel(
            "Save the spreadsheet as CSV first. Columns are matched by their headings; change "
            "what a column holds below if it was guessed wrong. Columns not used are kept in the "
            "text of each entry. Dates are read as day/month/year."
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        tables = QSplitter()
        tables.addWidget(self.columns)
        tables.addWidget(self.rows)
        tables.setSizes([330, 590])
        tables.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(tables, 1)
        layout.addLayout(bottom)

    def _ask_for_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the spreadsheet",
            str(Path.home()),
            "Spreadsheets saved as CSV (*.csv *.txt);;All files (*)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if name:
            self.choose_file(Path(name))

    def choose_file(self, path: Path) -> None:
        try:
            # Its size is checked before it is read: a huge file is refused, not loaded.
            with open_checked(path) as csv_file:
                raw = csv_file.read()
        except InvalidInput as exc:
            self._show(exc.message, True)
            return
        except OSError as exc:
            self._show(f"{path} could not be read ({exc.strerror or exc}).", True)
            return
        self.file.setText(str(path))
        self.raw, self.mapping = raw, {}
        self.replan()

    def set_column(self, heading: str, field_name: str) -> None:
        """Say what one column holds (KEEP_IN_TEXT: no field), and check every row again."""
        if field_name == KEEP_IN_TEXT:
            self.mapping.pop(heading, None)
        else:
            self.mapping[heading] = field_name
        self.replan()

    def replan(self) -> None:
        self.result = None
        self.import_button.setText("Import all entries")
        self.import_button.setEnabled(False)
        self.rows.setRowCount(0)
        self.problems.clear()
        try:
            headings = headings_of(self.raw)
            self._show_columns(headings, {})
            name = Path(self.file.text()).name
            result = plan(self.raw, self.mapping, system_zone(), utc_now().date(), name)
        except InvalidInput as exc:
            # The engine names the command-line option; here the person uses the list instead.
            why = exc.message.split(" Name one with --map")[0]
            hint = " Choose it in the list of columns." if why != exc.message else ""
            self._show(why + hint, True)
            return
        self.result = result
        self._show_columns(headings, result.columns)
        self._show_rows(result)
        count = len(result.entries)
        if result.problems:
            self.problems.setText(
                f"{len(result.problems)} row(s) need putting right in the spreadsheet first; "
                "nothing will be imported until then:\n"
                + "\n".join(result.problems[:20])
                + (f"\nand {len(result.problems) - 20} more." if len(result.problems) > 20 else "")
            )
            self._show(f"Read as {result.encoding}.", False)
        else:
            self.import_button.setText(f"Import all {count} entr{'y' if count == 1 else 'ies'}")
            self.import_button.setEnabled(True)
            self._show(f"Read as {result.encoding}. Every row can be imported.", False)

    def _show_columns(self, headings: list[str], columns: dict[str, str]) -> None:
        shown = [h for h in headings if h.strip()]
        self.columns.setRowCount(len(shown))
        for row, heading in enumerate(shown):
            self.columns.setItem(row, 0, QTableWidgetItem(heading))
            choice = QComboBox()
            choice.setAccessibleName(f"What the column {heading} holds")
            choice.addItem("kept in the text", KEEP_IN_TEXT)
            for name, (meaning, _) in FIELDS.items():
                choice.addItem(meaning, name)
            choice.setCurrentIndex(max(0, choice.findData(columns.get(heading, KEEP_IN_TEXT))))
            choice.activated.connect(
                lambda _i, h=heading, c=choice: self.set_column(h, str(c.currentData()))
            )
            self.columns.setCellWidget(row, 1, choice)

    def _show_rows(self, result: CsvPlan) -> None:
        self.rows.setRowCount(len(result.entries))
        for row, (line, content) in enumerate(result.entries):
            cells = (str(line), when_text(content.occurred), content.location)
            for column, text in enumerate((*cells, summary_text(content.text, 80))):
                item = QTableWidgetItem(" ".join(text.split()))
                item.setToolTip(item.text())
                self.rows.setItem(row, column, item)

    def import_now(self) -> None:
        if self.result is None or self.result.problems:
            return
        entries = [content for _, content in self.result.entries]
        work = Worker(save_new_transcribed, self.session.vault, entries, Author.VICTIM)
        self._run(work, "Importing…", self._imported)

    def _imported(self, done: Transcribed) -> None:
        self.result = None
        self.import_button.setEnabled(False)
        count = len(done.added)
        message = f"Imported {count} {'entry' if count == 1 else 'entries'} from the spreadsheet."
        if done.already_here:
            message += (
                f" {done.already_here} were already in the diary (the same time and words) "
                "and were not added again."
            )
        self._show(message, False)
        self.imported.emit()
