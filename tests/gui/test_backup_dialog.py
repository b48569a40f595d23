"""The Backup & restore dialog, driven as a person would, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from diary.gui.session.backup_dialog import BackupDialog
from diary.gui.session.diary_session import DiarySession
from diary.gui.settings_dialog import SettingsDialog
from diary.vault import Vault
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS


def _dialog(qtbot, vault: Vault) -> BackupDialog:  # type: ignore[no-untyped-def]
    session = DiarySession(vault.folder)
    session.open(vault)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _step(qtbot, dialog: BackupDialog, start) -> None:  # type: ignore[no-untyped-def]
    """Start a step and wait for it: it runs in a worker, the window free meanwhile."""
    with qtbot.waitSignal(dialog.step_ended, timeout=OPEN_TIMEOUT_MS):
        start()
        assert dialog.busy and not dialog.back_up_button.isEnabled()


def test_back_up_now_and_second_place(qtbot, vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what="Kept safe."))
    dialog = _dialog(qtbot, vault)
    assert dialog.last_backup.text().startswith("No verified backup yet")
    assert dialog.second_folder.text() == "Second place: none"
    _step(qtbot, dialog, dialog.back_up_now)
    assert dialog.message.text() == "1 verified backup made."
    assert dialog.last_backup.text().startswith("Last verified backup: ")
    assert len(list((vault.folder / "backups").glob("*.backup"))) == 1

    stick = tmp_path / "stick"
    stick.mkdir()
    dialog.use_second_folder(stick)
    assert str(stick) in dialog.second_folder.text()
    assert dialog.forget_second_button.isEnabled()
    dialog.use_second_folder(tmp_path / "not-plugged-in")
    assert "no folder" in dialog.message.text()
    assert str(stick) in dialog.second_folder.text()


def test_save_a_backup_and_restore_it(qtbot, vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what="Kept safe."))
    dialog = _dialog(qtbot, vault)
    out = tmp_path / "mine.backup"
    _step(qtbot, dialog, lambda: dialog.save_backup_to(out))
    assert dialog.message.text() == f"Backup saved and verified: {out}"
    _step(qtbot, dialog, lambda: dialog.save_backup_to(out))
    assert "already exists" in dialog.message.text()

    _step(qtbot, dialog, lambda: dialog.restore_into(out, tmp_path / "new", "not the passphrase"))
    assert "does not open" in dialog.message.text()
    _step(qtbot, dialog, lambda: dialog.restore_into(out, tmp_path / "new", PASSPHRASE))
    assert "Restored and checked: 1 incidents" in dialog.message.text()
    dialog.session.lock()
    with Vault.open(tmp_path / "new", PASSPHRASE) as restored:
        assert [i.content.text for i in restored.incidents()] == ["Kept safe."]


def test_settings_open_backup_and_restore(qtbot, vault: Vault) -> None:
    session = DiarySession(vault.folder)
    session.open(vault)
    settings = SettingsDialog(session)
    qtbot.addWidget(settings)
    # "&&" shows a plain ampersand (a single one would underline the next letter instead).
    assert settings.backup_button.text() == "Backup && restore…"
    shown: list[str] = []

    def close_backup_dialog() -> None:
        for dialog in settings.findChildren(BackupDialog):
            shown.append(dialog.last_backup.text())
            dialog.reject()

    QTimer.singleShot(0, close_backup_dialog)
    settings.backup_button.click()  # modal: returns once the dialog is closed
    assert shown == ["No verified backup yet: one is made each time the diary is locked or closed."]


def test_entry_view_says_who_wrote_what_and_where_it_came_from(vault: Vault) -> None:
    from diary.domain.incident import Author
    from diary.gui.timeline.entry_html import entry_html
    from diary.vault.entries.transcription import save_transcribed

    first = vault.add_incident(make_content(what="My words."))
    vault.edit_incident(first, make_content(what="My words, and a note."), Author.ADVOCATE)
    html = entry_html(vault.incident(first), vault.history(first))
    assert "by you" in html and "victim" not in html  # the person's own diary speaks to them
    assert "your advocate&#x27;s" in html or "your advocate's" in html
    (copied,) = save_transcribed(
        vault,
        [
            make_content(what="From my notebook.").with_changes(
                transcribed_on="2026-11-28", written_on="2024-06-04"
            )
        ],
    )
    html = entry_html(vault.incident(copied), vault.history(copied))
    assert "Transcribed on 2026-11-28 from an earlier record written on 2024-06-04" in html


def test_the_page_says_which_passphrase_opens_a_backup(qtbot, vault: Vault) -> None:
    """A backup opens with the passphrase of the day it was made, not one set later."""
    dialog = _dialog(qtbot, vault)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "when the backup was made" in said and "not with one set later" in said
