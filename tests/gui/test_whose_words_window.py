"""Whose words in the window: an advocate's diary records the advocate, each entry says whether
it was seen or heard or told, a private note stays private, and the person chooses what happens
to photos that show where they were taken."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QDate

from diary.domain.incident import Author
from diary.gui.exporting.export_dialog import ExportDialog
from diary.gui.settings_dialog import SettingsDialog
from diary.gui.timeline.incident_table_model import COL_SUMMARY
from diary.vault import Vault
from tests.conftest import make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock
from tests.location_support import picture

EXPORT_TIMEOUT_MS = 60_000
SECRET = "Refuge at 12 Hidden Lane"


def _open_window(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def _write_entry(qtbot, window, what: str, **form: object) -> int:  # type: ignore[no-untyped-def]
    window.timeline.bar.new_button.click()
    editor = window.editor
    editor.form.location.setText("Outside the flats")
    editor.form.text.setPlainText(what)
    if "told_by" in form:
        editor.form.knowledge.told.setChecked(True)
        editor.form.knowledge.told_by.setText(str(form["told_by"]))
    if "note" in form:
        editor.form.private_note.setPlainText(str(form["note"]))
    with qtbot.waitSignal(editor.saved, timeout=OPEN_TIMEOUT_MS) as saved:
        editor.save_button.click()
    return int(saved.args[0])


def _summary(window, incident_id: int) -> str:  # type: ignore[no-untyped-def]
    model = window.timeline.model
    row = model.row_of(incident_id)
    return str(model.data(model.index(row, COL_SUMMARY)))


def test_an_advocates_diary_records_the_advocate_by_name(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    settings.kept_by_advocate.setChecked(True)
    settings.advocate.setText("")
    settings.save()
    assert "advocate's name" in settings.error.text()
    assert window.session.vault.kept_by is Author.VICTIM  # nothing saved
    settings.advocate.setText("Sam Helper, Example ISAC")
    settings.over_18.setChecked(True)
    settings.save()
    opened = window.session.vault
    assert opened.kept_by is Author.ADVOCATE
    assert (opened.case.advocate, opened.case.over_18) == ("Sam Helper, Example ISAC", True)

    window.timeline.bar.new_button.click()
    assert "Writing as Sam Helper, Example ISAC, advocate" in window.editor.writer.text()
    window.editor.discard()
    entry = _write_entry(qtbot, window, "Client rang me; he was outside again.")
    incident = opened.incident(entry)
    assert incident.last_changed_by is Author.ADVOCATE
    assert incident.content.written_by == "Sam Helper, Example ISAC"
    assert _summary(window, entry).startswith("[Advocate: Sam Helper, Example ISAC]")
    window.timeline.show_entry(entry)
    shown = window.timeline.detail.text.toPlainText()
    assert "Written by Sam Helper, Example ISAC (advocate)." in shown


def test_an_entry_says_whether_it_was_seen_or_told(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    seen = _write_entry(qtbot, window, "He was at the gate.")
    told = _write_entry(qtbot, window, "Jo saw his car at 3am.", told_by="My friend Jo")
    opened = window.session.vault
    assert opened.incident(seen).content.first_hand is True
    content = opened.incident(told).content
    assert (content.first_hand, content.told_by) == (False, "My friend Jo")
    assert opened.incident(told).last_changed_by is Author.VICTIM
    assert _summary(window, told).startswith("[Told by My friend Jo]")
    assert not _summary(window, seen).startswith("[")
    window.timeline.show_entry(told)
    shown = window.timeline.detail.text.toPlainText()
    assert "Not seen or heard first-hand: told by My friend Jo" in shown
    # Opened again, the editor shows the same choice.
    window.open_editor(told)
    assert window.editor.form.knowledge.told.isChecked()
    assert window.editor.form.knowledge.told_by.text() == "My friend Jo"


def test_a_private_note_is_shown_as_private_and_kept_apart(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    entry = _write_entry(qtbot, window, "He was at the gate.", note=SECRET)
    opened = window.session.vault
    plain = ExportDialog(window.session, window)  # no photo shows where it was taken
    assert not plain.located.isVisibleTo(plain)
    plain.reject()
    note = opened.private_note(entry)
    assert note is not None and note.text == SECRET
    assert SECRET not in str(opened.incident(entry).content.to_dict())
    window.timeline.show_entry(entry)
    shown = window.timeline.detail.text.toPlainText()
    assert "Private note \u2014 only in this diary, never in an export or share" in shown
    assert SECRET in shown
    window.open_editor(entry)
    form = window.editor.form
    assert form.private_note.toPlainText() == SECRET and form.sections[-1].is_open
    # Changing only the note adds no version of the entry: it is not part of its record.
    form.private_note.setPlainText("Changed note")
    with qtbot.waitSignal(window.editor.saved, timeout=OPEN_TIMEOUT_MS):
        window.editor.save_button.click()
    assert opened.private_note(entry).text == "Changed note"
    assert opened.incident(entry).revisions == 1


def test_the_person_chooses_what_happens_to_a_photo_that_shows_where_it_was_taken(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    entry = vault.add_incident(make_content("2024-06-02T18:30", what="My car was scratched."))
    vault.attach_bytes(entry, "IMG_0042.jpg", picture("JPEG"))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    dialog = ExportDialog(window.session, window)
    dialog.start.setDate(QDate(2024, 6, 1))
    qtbot.addWidget(dialog)
    assert dialog.located.isVisibleTo(dialog)
    assert "IMG_0042.jpg" in dialog.located.found.text()
    assert not dialog.located.include.isChecked() and not dialog.located.leave_out.isChecked()
    out = tmp_path / "out"
    out.mkdir()
    dialog.with_copies.setChecked(True)
    dialog.choose_and_save()  # asks first: nothing is chosen for the person
    assert "choose above whether they go into the bundle" in dialog.message.text()
    assert list(out.iterdir()) == []
    dialog.located.leave_out.setChecked(True)
    dialog.save_to(out / "pack.pdf")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.export_result is not None, dialog.message.text()
    assert "Left out of the bundle for their location data, as you chose: SE/1." in (
        dialog.message.text()
    )
    with zipfile.ZipFile(out / "pack.zip") as bundle:
        assert not any(n.startswith("exhibits/") for n in bundle.namelist())
        assert "not in the bundle" in bundle.read("VERIFY.txt").decode()
    text = (out / "pack-statement.txt").read_text(encoding="utf-8")
    assert "which I produce as exhibit SE/1" in text and (out / "pack-statement.docx").is_file()
    dialog.reject()
