"""The import dialog, through the real window: a share file, and a spreadsheet diary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from diary.domain.case import CaseDetails
from diary.gui.importing.import_dialog import ImportDialog
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing.share import write_share
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock


def _open_dialog(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.timeline.bar.import_button.click()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    return window, dialog


def _share_file(tmp_path: Path) -> tuple[Path, str]:
    sender, _ = Vault.create(
        tmp_path / "sender",
        "sender passphrase",
        CaseDetails(name="Alex Example", initials="AE"),
        kdf=FLOOR,
    )
    with sender:
        sender.add_incident(
            make_content(what="Waiting outside the school.", when="2024-05-02T08:40")
        )
        sender.add_incident(make_content(what="Forty missed calls.", when="2024-06-01T22:10"))
        result = write_share(sender, sender.incidents(), tmp_path / "alex.share", "Alex Example")
    return result.path, result.passphrase


def _step(qtbot, dialog: ImportDialog, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.step_ended, timeout=OPEN_TIMEOUT_MS):
        action()


def test_share_wrong_passphrase_changes_nothing_then_look_and_import(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    path, passphrase = _share_file(tmp_path)
    window, dialog = _open_dialog(qtbot, make_window, vault, diary_dir)
    page = dialog.share
    page.choose_file(path)
    page.passphrase.setText("not the passphrase")
    _step(qtbot, dialog, page.look_button.click)
    assert "does not open this share" in dialog.message.text()
    assert page.summary.text() == "" and not page.import_button.isEnabled()
    assert window.timeline.model.total() == 0

    page.passphrase.setText(passphrase)
    _step(qtbot, dialog, lambda: qtbot.keyClick(page.passphrase, Qt.Key.Key_Return))
    assert dialog.isVisible()  # Enter looks inside; it does not close the dialog
    summary = page.summary.text()
    assert "2 entries" in summary and "Alex Example" in summary
    assert "2 May 2024" in summary and "1 Jun 2024" in summary
    assert window.timeline.model.total() == 0  # looked at, not imported
    assert page.import_button.isEnabled()

    _step(qtbot, dialog, page.import_button.click)
    assert dialog.message.text().startswith("Imported from Alex Example: 2 new entries")
    assert window.timeline.model.total() == 2
    assert page.passphrase.text() == ""  # one-time: not kept

    page.passphrase.setText(passphrase)
    _step(qtbot, dialog, page.look_button.click)
    assert "already received" in dialog.message.text()
    assert not page.import_button.isEnabled()


def test_lock_waits_for_an_import_then_backs_up(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    path, passphrase = _share_file(tmp_path)
    window, dialog = _open_dialog(qtbot, make_window, vault, diary_dir)
    page = dialog.share
    page.choose_file(path)
    page.passphrase.setText(passphrase)
    _step(qtbot, dialog, page.look_button.click)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        page.import_button.click()
        window.lock()  # the import uses the diary: the lock waits for it
        assert window.session.is_open
    assert not window.session.is_open
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        assert len(opened.incidents()) == 2


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "diary.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_spreadsheet_rows_are_previewed_then_all_imported(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window, dialog = _open_dialog(qtbot, make_window, vault, diary_dir)
    dialog.show_page(dialog.csv)
    page = dialog.csv
    page.choose_file(
        _csv(
            tmp_path,
            "Date,Time,Place,Notes\n03/06/2024,18:30,Bus stop,He stood and stared.\n"
            "04/06/2024,,Work car park,Note left on the car.\n",
        )
    )
    assert page.rows.rowCount() == 2
    assert page.rows.item(0, 0).text() == "2" and page.rows.item(1, 2).text() == "Work car park"
    assert page.import_button.text() == "Import all 2 entries"
    assert window.timeline.model.total() == 0
    _step(qtbot, dialog, page.import_button.click)
    assert dialog.message.text() == "Imported 2 entries from the spreadsheet."
    assert window.timeline.model.total() == 2
    assert not page.import_button.isEnabled()  # not twice by accident


def test_spreadsheet_bad_rows_are_listed_and_nothing_is_imported(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window, dialog = _open_dialog(qtbot, make_window, vault, diary_dir)
    page = dialog.csv
    page.choose_file(
        _csv(tmp_path, "Date,Notes\n03/06/2024,Fine.\nsoon,Bad date.\n05/06/2024,Fine too.\n")
    )
    assert "line 3" in page.problems.text()
    assert not page.import_button.isEnabled()
    page.import_now()  # even if asked, nothing is saved
    assert window.session.vault.incidents() == []


def test_spreadsheet_column_named_by_the_person(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    window, dialog = _open_dialog(qtbot, make_window, vault, diary_dir)
    page = dialog.csv
    page.choose_file(_csv(tmp_path, "Date,Account\n03/06/2024,He followed me home.\n"))
    assert "no column for what happened" in dialog.message.text()
    assert "--map" not in dialog.message.text()
    assert page.rows.rowCount() == 0 and not page.import_button.isEnabled()
    choice = page.columns.cellWidget(1, 1)
    assert isinstance(choice, QComboBox) and page.columns.item(1, 0).text() == "Account"
    choice.setCurrentIndex(choice.findData("text"))
    choice.activated.emit(choice.currentIndex())
    assert page.rows.rowCount() == 1
    assert page.rows.item(0, 3).text() == "He followed me home."
    _step(qtbot, dialog, page.import_button.click)
    (incident,) = window.session.vault.incidents()
    assert incident.content.text.startswith("He followed me home.")


def test_a_spreadsheet_too_large_is_refused_before_it_is_read(
    qtbot, make_window, vault, diary_dir, tmp_path: Path, monkeypatch
) -> None:
    window, dialog = _open_dialog(qtbot, make_window, vault, diary_dir)
    huge = tmp_path / "disk-image.csv"
    with huge.open("wb") as out:
        out.truncate(60 * 1024 * 1024)  # sparse

    def not_read(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was read")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "open", not_read)
        patched.setattr(Path, "read_bytes", not_read)
        dialog.csv.choose_file(huge)
    assert "larger than 50 MB" in dialog.message.text()
    assert dialog.csv.rows.rowCount() == 0 and not dialog.csv.import_button.isEnabled()
