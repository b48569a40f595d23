"""The evidence pack dialog: bad choices refused, cancel leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate

from diary.gui.exporting.export_dialog import ExportDialog
from diary.vault import Vault
from diary.vault.attachments.unfinished_files import SETTING
from tests.conftest import make_content
from tests.export_support import png_bytes
from tests.gui.conftest import unlock

EXPORT_TIMEOUT_MS = 60_000


def _window_with_entries(qtbot, make_window, vault: Vault, diary_dir: Path, count: int):  # type: ignore[no-untyped-def]
    for n in range(count):
        vault.add_incident(
            make_content(f"2024-06-{1 + n % 28:02d}T18:30", what=f"Entry {n}. " * 40)
        )
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def test_last_day_before_first_is_refused(qtbot, make_window, vault, diary_dir, tmp_path) -> None:
    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 2)
    dialog = ExportDialog(window.session, window)
    dialog.make_preview()  # a preview first leaves the message in its calm style
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    dialog.start.setDate(QDate(2024, 6, 20))
    dialog.end.setDate(QDate(2024, 6, 1))
    dialog.save_to(tmp_path / "pack.pdf")
    assert "before the first day" in dialog.message.text()
    assert dialog.message.objectName() == "error"  # a problem is shown as one
    assert not dialog.busy and list(tmp_path.glob("pack*")) == []


def test_cancel_writes_nothing(qtbot, make_window, vault, diary_dir, tmp_path) -> None:
    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 30)
    dialog = ExportDialog(window.session, window)
    out = tmp_path / "out"
    out.mkdir()
    dialog.save_to(out / "pack.pdf")
    assert dialog.busy
    dialog.cancel_button.click()  # cancels the work; the dialog stays open
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert "cancelled" in dialog.message.text()
    assert dialog.export_result is None
    assert list(out.iterdir()) == []  # no PDF, no bundle, no partial file


def test_an_existing_bundle_is_not_replaced(qtbot, make_window, vault, diary_dir, tmp_path) -> None:
    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "pack.zip").write_bytes(b"someone else's file")
    dialog = ExportDialog(window.session, window)
    dialog.save_to(out / "pack.pdf")
    assert "already a file called pack.zip" in dialog.message.text()
    assert not dialog.busy
    assert sorted(p.name for p in out.iterdir()) == ["pack.zip"]
    assert (out / "pack.zip").read_bytes() == b"someone else's file"


def test_a_preview_gives_no_exhibit_marks_but_saving_does(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    incident = vault.add_incident(make_content("2024-06-02T18:30"))
    vault.attach_bytes(incident, "photo.png", png_bytes(seed=1))
    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 1)
    dialog = ExportDialog(window.session, window)
    dialog.start.setDate(QDate(2024, 6, 1))
    dialog.end.setDate(QDate(2024, 6, 30))
    marks = "SELECT mark FROM exhibit_marks"
    dialog.make_preview()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert window.session.vault.conn.execute(marks).fetchall() == []
    dialog.save_to(tmp_path / "pack.pdf")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.export_result is not None
    assert window.session.vault.conn.execute(marks).fetchall() == [("SE/1",)]


def test_an_export_is_noted_in_the_diary_while_it_is_written_and_forgotten_after(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    """If the window is killed while saving, the next unlock removes what it left."""
    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 30)
    dialog = ExportDialog(window.session, window)
    out = tmp_path / "out"
    out.mkdir()
    dialog.save_to(out / "pack.pdf")
    assert dialog.busy
    noted = window.session.vault.setting(SETTING)
    assert str(out / "pack.pdf.partial") in noted and str(out / "pack.zip.partial") in noted
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.export_result is not None
    assert window.session.vault.setting(SETTING) == ""
    assert sorted(p.name for p in out.iterdir()) == ["pack.pdf", "pack.zip"]


def test_unlocking_after_a_killed_export_removes_its_partial_file_and_says_so(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    vault.add_incident(make_content())
    left = tmp_path / "pack.pdf.partial"
    vault.remember_unfinished([left])
    left.write_bytes(b"%PDF-1.4 what a killed export left")
    vault.close()  # the process is gone; the note stays in the diary
    window = make_window(diary_dir)
    unlock(qtbot, window)
    assert not left.exists()
    assert "stopped part-way" in window.notice.text() and str(left) in window.notice.text()


def test_locking_after_the_pack_dialog_was_closed_raises_nothing(
    qtbot, make_window, vault, diary_dir
) -> None:
    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 1)
    window.open_export()
    dialog = window.findChild(ExportDialog)
    dialog.reject()  # closed, and deleted with the next turn of the event loop
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is None)
    for _ in range(2):  # each lock used to raise RuntimeError from the deleted dialog
        with qtbot.waitSignal(window.session.backup_finished, timeout=EXPORT_TIMEOUT_MS):
            window.lock()
        unlock(qtbot, window)
    assert window.session.is_open


def test_an_entry_unticked_in_the_pack_dialog_is_left_out_and_the_pack_says_so(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    import json
    import zipfile

    from tests.export_support import page_texts

    window = _window_with_entries(qtbot, make_window, vault, diary_dir, 4)
    dialog = ExportDialog(window.session, window)
    picker = dialog.entries
    assert picker.count.text() == "4 of 4 ticked"  # every entry starts ticked
    picker.search.setText("Entry 2.")
    shown = [picker.entries.item(n) for n in range(4) if not picker.entries.item(n).isHidden()]
    assert len(shown) == 1
    picker.none_button.click()  # unticks only what the search shows
    assert picker.count.text() == "3 of 4 ticked"
    picker.search.clear()
    (left_out,) = picker.unticked()
    assert dialog.options().left_out == (left_out,)
    dialog.save_to(tmp_path / "pack.pdf")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.export_result is not None
    text = " ".join(" ".join(page_texts(tmp_path / "pack.pdf", raw=True)).split())
    assert f"with 1 left out one by one at the person's choice (entry {left_out})" in text
    assert "Entry 2. Entry 2." not in text
    with zipfile.ZipFile(tmp_path / "pack.zip") as bundle:
        entries = json.loads(bundle.read("entries.json"))
    assert entries["selection"]["left_out"] == [left_out]
    assert len(entries["incidents"]) == 3
