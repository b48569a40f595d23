"""Export: choose what goes in the pack, look at its pages, and save the PDF (and bundle).

The pack is read from the vault on the GUI thread (a snapshot); the PDF is rendered from the
snapshot in a worker, with a progress bar and Cancel. The preview is rendered into memory only.
The files saved are the only plaintext the app ever writes, and the dialog says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from diary.domain.behaviours import BEHAVIOURS
from diary.domain.errors import DiaryError, InvalidInput
from diary.export.export_pack import ExportResult, partial_paths
from diary.export.pack import EvidencePack, PackOptions, build_pack, chosen_by_dates_and_kinds
from diary.export.signing import diary_signing_key

from ..announcer import MessageLabel
from ..choice_checklist import ChoiceChecklist
from ..collapsible_section import CollapsibleSection
from ..fingerprint_view import FingerprintView
from ..screen_fit import fit_to_screen, room, scrolling
from ..session.diary_session import DiarySession
from ..viewers.pdf_preview import PdfPreview
from ..worker import Worker
from .entry_picker import EntryPicker
from .export_work import located_text, render_preview, statement_copies, write_files
from .located_originals_choice import LocatedOriginalsChoice

NOT_ENCRYPTED = (
    "The files you save here are <b>not encrypted</b>: anyone who can open them can read them. "
    "Save them somewhere only you control (for example a USB stick you keep with you), and "
    "delete them once they have been handed over."
)


def _date_edit(name: str, day: date | None) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


class ExportDialog(QDialog):
    def __init__(self, session: DiarySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Make an evidence pack")
        self._worker: Worker | None = None
        self._done: Callable[[Any], None] = lambda _result: None
        self.export_result: ExportResult | None = None
        self._located_said = ""
        # Where the export being written may leave a partial file, noted inside the diary.
        self._writing: list[Path] = []
        vault = session.vault
        everything = vault.incidents()
        self._everything = everything
        first = everything[0].content.occurred.local.date() if everything else None
        last = everything[-1].content.occurred.local.date() if everything else None
        case = vault.case
        self.start = _date_edit("First day to include", first)
        self.end = _date_edit("Last day to include", last)
        self.include_impact = QCheckBox(
            "Include how it affected me (unticked: left out of every part of the pack)"
        )
        self.include_impact.setChecked(True)
        self.include_impact.setAccessibleName("Include the impact section")
        self.vps = QCheckBox("Add a draft Victim Personal Statement from those notes")
        self.vps.setAccessibleName("Add a draft Victim Personal Statement")
        self.include_impact.toggled.connect(self._impact_toggled)
        self.with_copies = QCheckBox(
            "Also save the statement as .txt and .docx, to paste into a police form"
        )
        self.with_copies.setAccessibleName("Also save the statement as text and Word files")
        self.located = LocatedOriginalsChoice()
        self.with_bundle = QCheckBox("Also save the original files, signed, as a .zip beside it")
        self.with_bundle.setChecked(True)
        self.with_bundle.setAccessibleName("Also save the bundle of original files")
        self.statement_name = QLineEdit(case.name)
        self.statement_name.setAccessibleName("Name on the statement")
        self.occupation = QLineEdit(case.occupation)
        self.occupation.setAccessibleName("Occupation on the statement")
        warning = QLabel(NOT_ENCRYPTED)
        warning.setWordWrap(True)
        warning.setObjectName("warning")
        self.message = MessageLabel("error")
        self.message.setAccessibleName("Message")
        # Shown once a bundle is saved: the moment the person is about to hand it over.
        self.signing_key = FingerprintView("Your diary's signing key fingerprint:")
        self.signing_key.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.preview_button = QPushButton("Preview")
        self.preview_button.setAccessibleName("Preview the pages")
        self.preview_button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.make_preview)
        self.save_button = QPushButton("Save the pack…")
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName("Save the pack")
        self.save_button.clicked.connect(self.choose_and_save)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.preview = PdfPreview()

        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        form = QFormLayout()
        form.addRow("Entries from", dates)
        form.addRow("Name on the statement", self.statement_name)
        form.addRow("Occupation", self.occupation)
        form.addRow("", self.include_impact)
        form.addRow("", self.vps)
        form.addRow("", self.with_bundle)
        form.addRow("", self.with_copies)
        kinds = QVBoxLayout()
        kinds.addWidget(QLabel("Only entries with these behaviours (none ticked: all):"))
        self.behaviours = ChoiceChecklist(BEHAVIOURS, columns=1)
        kinds.addWidget(self.behaviours)
        singles = QVBoxLayout()
        singles_note = QLabel(
            "Untick an entry to leave it out (a duplicate, or one not about this report). "
            "The pack says how many were left out this way, and which."
        )
        singles_note.setWordWrap(True)
        singles_note.setObjectName("hint")
        singles.addWidget(singles_note)
        self.entries = EntryPicker(everything, "ticked")
        self.entries.setMinimumHeight(160)
        singles.addWidget(self.entries)
        self.entries_section = CollapsibleSection("Choose single entries", singles)
        left = QWidget()
        column = QVBoxLayout(left)
        heading = QLabel("What to put in the pack")
        heading.setObjectName("heading")
        column.addWidget(heading)
        column.addLayout(form)
        column.addWidget(CollapsibleSection("Choose behaviours", kinds))
        column.addWidget(self.entries_section)
        column.addWidget(self.located)
        column.addWidget(warning)
        column.addStretch(1)
        # The choices scroll on a small screen or under large text; what the export says stays
        # in sight below them.
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(scrolling(left), 1)
        # The choices keep the width their words need (at most half the screen's room); the
        # preview gives way first.
        side.setMinimumWidth(min(left.sizeHint().width() + 24, room(self).width() // 2))
        side_column.addWidget(self.message)
        side_column.addWidget(self.signing_key)
        side_column.addWidget(self.progress)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setSizes([480, 560])
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._on_lock = self.session.locked.connect(self.reject)
        # Once closed (and deleted), a later lock must not reach this dialog any more.
        self.finished.connect(self._stop_listening)
        fit_to_screen(self, 1100, 700)
        self.check_located()

    # ----- what goes in ---------------------------------------------------------------------------

    def _impact_toggled(self, included: bool) -> None:
        """A draft VPS is made from the impact notes: it goes when they go."""
        self.vps.setEnabled(included)
        if not included:
            self.vps.setChecked(False)

    def options(self) -> PackOptions:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        if end < start:
            raise InvalidInput("The last day is before the first day.")
        chosen = PackOptions(start=start, end=end, behaviours=self.behaviours.chosen())
        # Only entries the dates and behaviours take in can be left out of the pack; an unticked
        # entry outside them is not in it anyway, and is counted as not chosen.
        unticked = set(self.entries.unticked())
        left_out = tuple(
            i.id
            for i in self._everything
            if i.id in unticked and chosen_by_dates_and_kinds(i, chosen)
        )
        return PackOptions(
            start=start,
            end=end,
            behaviours=chosen.behaviours,
            left_out=left_out,
            include_impact=self.include_impact.isChecked(),
            statement_name=self.statement_name.text(),
            occupation=self.occupation.text(),
            located_originals=self.located.choice(),
            vps=self.vps.isChecked() and self.include_impact.isChecked(),
        )

    def _say(self, text: str, error: bool = False) -> None:
        """A line under the options: red for a problem, calm for progress and results."""
        self.message.setObjectName("error" if error else "calm")
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _pack(self, *, assign_marks: bool = True) -> EvidencePack | None:
        try:
            return build_pack(self.session.vault, self.options(), assign_marks=assign_marks)
        except DiaryError as exc:
            self._say(exc.message, error=True)
            return None

    # ----- preview and save -----------------------------------------------------------------------

    def check_located(self) -> bool:
        """Find the chosen originals that show where they were taken, and show them with the
        choice to make; False when there are some and nothing is chosen yet."""
        pack = self._pack(assign_marks=False)
        if pack is None:
            return True
        with pack:
            marks = {e.attachment.id: e.mark for e in pack.exhibits}
            named = [
                f"{marks.get(o.attachment_id, '')} ({o.filename})" for o in pack.disclosure.located
            ]
        self.located.show_found(named)
        return not named or bool(self.located.choice())

    def make_preview(self) -> None:
        # Looking is not exporting: a preview shows the marks without giving them.
        self.check_located()
        pack = self._pack(assign_marks=False)
        if pack is not None:
            self._run(Worker(render_preview, pack), "Making the preview…", self._previewed)

    def _previewed(self, pdf: bytes) -> None:
        self.preview.set_pdf(pdf)
        self.message.setText("")

    def choose_and_save(self) -> None:
        # Checked before asking for a file name, but as a preview: closing the file dialog
        # without choosing must not give any exhibit its mark.
        checked = self._pack(assign_marks=False)
        if checked is None:
            return
        checked.close()
        if not self.check_located():
            self._say(
                "Some original files show where they were taken: choose above whether they go "
                "into the bundle before saving.",
                error=True,
            )
            return
        # In discreet mode even the suggested file name says nothing about what it is.
        stem = "notes" if self.session.discreet else "evidence-pack"
        name = f"{stem}-{date.today().isoformat()}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Save the evidence pack",
            str(Path.home() / name),
            "PDF (*.pdf)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, pdf: Path) -> None:
        if pdf.suffix.lower() != ".pdf":
            pdf = pdf.with_name(pdf.name + ".pdf")
        bundle = pdf.with_suffix(".zip") if self.with_bundle.isChecked() else None
        copies = statement_copies(pdf) if self.with_copies.isChecked() else None
        # The file dialog asked about the PDF; the files beside it are never replaced silently.
        for beside in [*([bundle] if bundle else []), *(copies or ())]:
            if beside.exists():
                self._say(
                    f"There is already a file called {beside.name} there. "
                    "Choose another name; nothing was written.",
                    error=True,
                )
                return
        # Built only now, when the pack is really going out: this is what gives the marks.
        pack = self._pack()
        if pack is None:
            return
        key = diary_signing_key(self.session.vault)
        self._located_said = located_text(pack)
        # Noted in the diary until the export ends: if the app is killed meanwhile, the next
        # unlock removes what it left (diary.vault.attachments.unfinished_files).
        self._writing = partial_paths(pdf, bundle)
        self.session.vault.remember_unfinished(self._writing)
        self._run(Worker(write_files, pack, key, pdf, bundle, copies), "Saving…", self._saved)

    def _saved(self, result: ExportResult) -> None:
        self.export_result = result
        saved = f"Saved {result.pdf} ({result.pages} pages)"
        if result.bundle:
            saved += f" and {result.bundle.name}"
        if self.with_copies.isChecked():
            saved += ", and the statement as .txt and .docx beside it"
        self._say(f"{saved}. {self._located_said}Remember: these files are not encrypted.")
        # Only a bundle can be checked against it (the PDF alone carries no signature).
        self.signing_key.set_fingerprint(result.signing_key_fingerprint)
        self.signing_key.setVisible(result.bundle is not None)

    # ----- the worker ---------------------------------------------------------------------------

    def _run(self, worker: Worker, what: str, done: Callable[[Any], None]) -> None:
        if self._worker is not None:
            return
        self._worker = worker
        self._say(what)
        self.progress.setValue(0)
        self.progress.show()
        self.preview_button.setEnabled(False)
        self.save_button.setEnabled(False)
        worker.signals.progress.connect(self.progress.setValue)
        self._done = done
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.start()

    def _finished(self, result: object) -> None:
        # One slot, in this order: the dialog is free again before the result is shown.
        self._ended()
        self._done(result)

    def _ended(self) -> None:
        if self._writing and self.session.is_open:  # locked meanwhile: the next unlock forgets
            self.session.vault.forget_unfinished(self._writing)
        self._writing = []
        self._worker = None
        self.progress.hide()
        self.preview_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _failed(self, error: DiaryError) -> None:
        self._ended()
        self._say(error.message, error=True)

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        else:
            self.reject()

    def _stop_listening(self) -> None:
        QObject.disconnect(self._on_lock)  # quietly does nothing when already gone

    def reject(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self.preview.clear()
        super().reject()
