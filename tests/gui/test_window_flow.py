"""The whole journey through the window, as a person would take it, offscreen."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from diary.gui.exporting.export_dialog import ExportDialog
from diary.vault import Vault
from tests.conftest import PASSPHRASE
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock

EXPORT_TIMEOUT_MS = 60_000


def _folder_fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "diary.lock"
    }


def _red_square() -> QImage:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    return image


def test_first_run_to_quick_exit(qtbot, make_window, diary_dir: Path, tmp_path: Path) -> None:
    window = make_window(diary_dir)
    first = window.first_run
    assert window.pages.currentWidget() is first
    # First run: a common passphrase is refused and nothing is created.
    first.name.setText("Sam Example")
    first.initials.setText("se")
    first.passphrase.setText("password123")
    first.confirm.setText("password123")
    first.create_button.click()
    assert "guess" in first.error.text()
    assert not (diary_dir / "keys.json").exists()
    first.passphrase.setText(PASSPHRASE + " again")
    first.confirm.setText(PASSPHRASE + " again")
    with qtbot.waitSignal(first.created, timeout=OPEN_TIMEOUT_MS) as created:
        first.create_button.click()
    recovery_key = created.args[1]
    assert (diary_dir / "keys.json").exists()  # in the folder chosen, nowhere else
    # The recovery key is shown once and confirmed by typing its end.
    page = window.recovery_key
    assert page.key_label.text() == recovery_key
    page.check.setText("WRONG-KEY1")
    page.continue_button.click()
    assert "does not match" in page.message.text()
    page.check.setText("-".join(recovery_key.split("-")[-2:]).lower())
    page.continue_button.click()
    assert window.pages.currentWidget() is window.timeline
    assert page.key_label.text() == ""

    # Add an incident with a pasted screenshot.
    window.timeline.bar.new_button.click()
    editor = window.editor
    assert window.pages.currentWidget() is editor
    editor.form.location.setText("Outside the library")
    editor.form.text.setPlainText("He was waiting by the bike racks again.")
    QApplication.clipboard().setImage(_red_square())
    editor.form.text.setFocus()
    qtbot.keyClick(editor.form.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.files.pending) == 1
    editor.files.source_edits["platform"].setText("Instagram")
    editor.files.source_edits["platform"].textEdited.emit("Instagram")
    with qtbot.waitSignal(editor.saved, timeout=OPEN_TIMEOUT_MS):  # files are stored in a worker
        editor.save_button.click()

    # It appears in the timeline, with its screenshot stored as a PNG.
    timeline = window.timeline
    assert window.pages.currentWidget() is timeline
    assert timeline.model.rowCount() == 1
    incident = window.session.vault.incident(timeline.model.row_at(0).id)
    assert incident.content.location == "Outside the library"
    (attachment,) = incident.attachments
    assert attachment.media_type == "image/png" and attachment.source.platform == "Instagram"
    stored = QImage.fromData(window.session.vault.read_original(attachment.id))
    assert stored.size().width() == 40 and stored.pixelColor(5, 5) == QColor("red")
    assert "bike racks" in timeline.detail.text.toPlainText()

    # Search filters as you type.
    qtbot.keyClicks(timeline.bar.search, "bike")
    assert timeline.model.rowCount() == 1
    qtbot.keyClicks(timeline.bar.search, "zzz")
    assert timeline.model.rowCount() == 0
    timeline.bar.search.clear()
    assert timeline.model.rowCount() == 1

    # Editing adds a revision.
    window.open_editor(incident.id)
    editor.form.text.setPlainText("He was waiting by the bike racks again, for an hour.")
    editor.save_button.click()
    events = [r.event for r in window.session.vault.history(incident.id)]
    assert events == ["create", "attach", "edit"]
    assert "for an hour" in timeline.detail.text.toPlainText()

    # Export: a preview in memory, then the PDF (with the entry) and the bundle where chosen.
    dialog = ExportDialog(window.session, window)
    with qtbot.waitSignal(dialog.preview.page_shown, timeout=EXPORT_TIMEOUT_MS):
        dialog.preview_button.click()
    assert dialog.preview.pages >= 2
    exported = tmp_path / "out" / "pack.pdf"
    exported.parent.mkdir()
    dialog.save_to(exported)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.export_result is not None, dialog.message.text()
    text = "".join(page.extract_text() for page in PdfReader(exported).pages)
    assert "bike racks again, for an hour" in " ".join(text.split())
    assert sorted(p.name for p in exported.parent.iterdir()) == ["pack.pdf", "pack.zip"]
    assert "not encrypted" in dialog.message.text()
    dialog.reject()

    # Locking empties the models and widgets and closes the diary.
    window.lock()
    assert not window.session.is_open
    assert window.pages.currentWidget() is window.unlock_page
    assert timeline.model.rowCount() == 0 and timeline.model.total() == 0
    assert timeline.detail.text.toPlainText() == ""
    assert editor.form.text.toPlainText() == ""

    # Unlock, start typing a new entry, quick exit: the draft is kept.
    unlock(qtbot, window, PASSPHRASE + " again")
    assert timeline.model.rowCount() == 1
    window.timeline.bar.new_button.click()
    editor.form.location.setText("At the bus stop")
    editor.form.text.setPlainText("Half-written when I had to leave")
    with qtbot.waitSignal(window.quick_exited):
        window.bar.exit_button.click()
    assert not window.session.is_open
    with Vault.open(diary_dir, PASSPHRASE + " again") as vault:
        assert "Half-written" in (vault.draft("editor:new") or "")
        assert len(vault.incidents()) == 1

    # Reopened in a new window, the draft comes back in the editor.
    again = make_window(diary_dir)
    unlock(qtbot, again, PASSPHRASE + " again")
    assert again.pages.currentWidget() is again.editor
    assert again.editor.form.text.toPlainText() == "Half-written when I had to leave"
    assert again.editor.form.location.text() == "At the bus stop"


def test_wrong_passphrase_says_so_and_changes_nothing(
    qtbot, make_window, vault: Vault, diary_dir: Path
) -> None:
    vault.close()
    before = _folder_fingerprint(diary_dir)
    window = make_window(diary_dir)
    page = window.unlock_page
    assert window.pages.currentWidget() is page
    page.secret.setText("not my passphrase")
    page.unlock_button.click()
    qtbot.waitUntil(lambda: page.failures == 1, timeout=OPEN_TIMEOUT_MS)
    assert "That passphrase is not right" in page.message.text()
    assert "diary" not in page.message.text().lower()  # the locked screen stays neutral
    assert "try again in 1 second" in page.message.text()
    assert not page.unlock_button.isEnabled()  # the delay before the next try
    assert not window.session.is_open
    assert window.pages.currentWidget() is page
    assert _folder_fingerprint(diary_dir) == before
