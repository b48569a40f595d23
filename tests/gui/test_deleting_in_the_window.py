"""Deleting an entry, putting it back and removing a file, from the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from diary.gui.timeline.withdraw_dialog import WithdrawDialog
from diary.vault import Vault
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import unlock


def _open_window(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def _dialog(window) -> WithdrawDialog:  # type: ignore[no-untyped-def]
    (dialog,) = [d for d in window.findChildren(WithdrawDialog) if d.isVisible()]
    return dialog


def test_an_entry_deleted_in_the_window_leaves_the_timeline_and_can_be_put_back(
    qtbot, make_window, vault, diary_dir
) -> None:
    keep = vault.add_incident(make_content(when="2024-05-01T10:00", what="At the gate again."))
    wrong = vault.add_incident(make_content(when="2024-05-02T10:00", what="Another client's."))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    timeline = window.timeline
    timeline.select_incident(wrong)
    assert timeline.detail.delete_button.isVisible()
    timeline.detail.delete_button.click()
    dialog = _dialog(window)
    assert "Nothing is erased" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert dialog.keep_button.isDefault()  # Enter keeps it
    dialog.reason.setText("typed into the wrong client's diary")
    dialog.confirm_button.click()

    assert timeline.model.rowCount() == 1 and timeline.bar.count.text() == "1 entry"
    assert f"Entry {wrong} is deleted" in window.notice.text()

    timeline.bar.show_deleted.setChecked(True)
    assert timeline.model.rowCount() == 2 and timeline.bar.count.text() == "1 entry, 1 deleted"
    timeline.select_incident(wrong)
    shown = timeline.detail.text.toPlainText()
    assert "Deleted on " in shown and "typed into the wrong client's diary" in shown
    summary = timeline.model.index(timeline.model.row_of(wrong), 3).data()
    assert summary.startswith("[Deleted on ")
    assert not timeline.detail.edit_button.isVisible()
    assert timeline.detail.restore_button.isVisible()

    timeline.detail.restore_button.click()
    assert f"Entry {wrong} is back" in window.notice.text()
    timeline.bar.show_deleted.setChecked(False)
    assert timeline.model.rowCount() == 2
    history = timeline.detail.text.toPlainText()
    assert "Deleted " in history and "Restored " in history
    window.session.lock()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        assert [r.event for r in reopened.history(wrong)] == ["create", "delete", "restore"]
        assert reopened.incident(keep).content.text == "At the gate again."


def test_keeping_the_entry_changes_nothing(qtbot, make_window, vault, diary_dir) -> None:
    entry = vault.add_incident(make_content())
    window = _open_window(qtbot, make_window, vault, diary_dir)
    window.timeline.select_incident(entry)
    window.timeline.detail.delete_button.click()
    _dialog(window).keep_button.click()
    assert window.timeline.model.rowCount() == 1
    assert [r.event for r in window.session.vault.history(entry)] == ["create"]


def test_a_file_removed_in_the_window_is_listed_as_removed_and_kept(
    qtbot, make_window, vault, diary_dir
) -> None:
    entry = vault.add_incident(make_content())
    vault.attach_bytes(entry, "right.txt", b"the right one")
    wrong = vault.attach_bytes(entry, "wrong.txt", b"the wrong one")
    window = _open_window(qtbot, make_window, vault, diary_dir)
    timeline = window.timeline
    timeline.select_incident(entry)
    assert timeline.model.index(0, 4).data().startswith("2")
    timeline.detail.remove_file_button.click()
    dialog = _dialog(window)
    dialog.file_choice.setCurrentIndex(dialog.file_choice.findData(wrong.id))
    dialog.reason.setText("not about this")
    dialog.confirm_button.click()

    shown = timeline.detail.text.toPlainText()
    assert "Files removed from this entry" in shown and "wrong.txt" in shown
    assert "not about this" in shown
    assert timeline.model.index(0, 4).data().startswith("1")
    vault_now = window.session.vault
    assert [a.filename for a in vault_now.incident(entry).attachments] == ["right.txt"]
    assert vault_now.read_original(wrong.id) == b"the wrong one"
