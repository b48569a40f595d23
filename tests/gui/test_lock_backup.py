"""Automatic backups made as the diary locks or the window closes, through the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from diary.vault import Vault
from diary.vault.backups.auto_backup import BACKUPS_FOLDER, backups_in, set_second_folder
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock


def _open_window(qtbot, make_window, vault: Vault, diary_dir: Path):  # type: ignore[no-untyped-def]
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    return window


def _backups(diary_dir: Path) -> list[Path]:
    return [path for _, path in backups_in(diary_dir / BACKUPS_FOLDER)]


def test_lock_button_backs_up_without_holding_the_window(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what="He was at the gate."))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    assert window.timeline.backup_status.text().startswith("No verified backup yet")
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.bar.lock_button.click()
        # The lock is immediate; the backup goes on while the locked page says so.
        assert not window.session.is_open
        assert window.pages.currentWidget() is window.unlock_page
        assert window.timeline.model.rowCount() == 0
        assert window.unlock_page.backup_note.isVisible()
        assert window.unlock_page.unlock_button.isEnabled()  # an unlock waits for it
    assert not window.unlock_page.backup_note.isVisible()
    assert window.unlock_page.unlock_button.isEnabled()
    assert len(_backups(diary_dir)) == 1
    unlock(qtbot, window)
    assert window.timeline.backup_status.text().startswith("Last verified backup: ")
    assert not window.notice.isVisible()


def test_ctrl_l_and_idle_lock_back_up_too(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        qtbot.keyClick(window.timeline.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    first = _backups(diary_dir)
    assert len(first) == 1
    unlock(qtbot, window)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.idle.start(0.0005)  # 30 ms without input
    # One backup per second at most: the second may share the first one's name.
    assert set(first) <= set(_backups(diary_dir))
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        assert opened.setting("backup.last_verified")


def test_closing_the_window_waits_for_the_backup(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        assert window.close() is False  # not yet: the backup is being made
        assert window.isVisible() and window.unlock_page.backup_note.isVisible()
        assert "closes when it is done" in window.unlock_page.backup_note.text()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert len(_backups(diary_dir)) == 1


def test_a_failed_backup_never_stops_the_lock_and_is_reported_once(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what="A message at 3 am."))
    (diary_dir / BACKUPS_FOLDER).write_bytes(b"")  # the backups folder cannot be made
    window = _open_window(qtbot, make_window, vault, diary_dir)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.lock()
    assert not window.session.is_open
    assert window.pages.currentWidget() is window.unlock_page
    unlock(qtbot, window)
    assert window.timeline.model.rowCount() == 1  # nothing lost
    assert window.notice.isVisible()
    assert window.notice.text().startswith("The last automatic backup could not be made: ")
    assert str(diary_dir / BACKUPS_FOLDER) in window.notice.text()
    # Said once: the next unlock, with nothing new gone wrong, is quiet.
    (diary_dir / BACKUPS_FOLDER).unlink()
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.lock()
    unlock(qtbot, window)
    assert not window.notice.isVisible()


def test_an_unplugged_second_place_is_reported_after_the_app_restarts(
    qtbot, make_window, vault, diary_dir, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    set_second_folder(vault, stick)
    stick.rmdir()  # unplugged
    window = _open_window(qtbot, make_window, vault, diary_dir)
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert len(_backups(diary_dir)) == 1  # the first place still got its backup
    again = make_window(diary_dir)  # a new start of the app: only the diary remembers
    unlock(qtbot, again)
    assert "second backup place" in again.notice.text()
    assert str(stick) in again.notice.text()


def test_quick_exit_never_waits_for_a_backup(qtbot, make_window, vault, diary_dir) -> None:
    window = _open_window(qtbot, make_window, vault, diary_dir)
    with qtbot.waitSignal(window.quick_exited, timeout=1000):
        window.quick_exit()
    assert not window.session.is_open and not window.session.backing_up
    assert _backups(diary_dir) == []
    # Quick exit while a lock's backup is still being made: gone at once, not waiting.
    unlock(qtbot, window)
    window.lock()
    assert window.session.backing_up
    with qtbot.waitSignal(window.quick_exited, timeout=1000):
        window.quick_exit()
    assert window.session.backing_up and not window.isVisible()
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        pass


def test_an_unlock_during_the_backup_says_so_and_then_opens(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content(what="He was at the gate."))
    window = _open_window(qtbot, make_window, vault, diary_dir)
    page = window.unlock_page
    with qtbot.waitSignal(page.unlocked, timeout=OPEN_TIMEOUT_MS):
        window.bar.lock_button.click()
        assert window.session.backing_up
        page.secret.setText(PASSPHRASE)
        page.unlock_button.click()
        assert page.message.text() == "Finishing the encrypted copy, then opening…"
    # The backup was finished and verified before the diary opened again, and nothing failed.
    assert window.session.is_open
    assert window.pages.currentWidget() is window.timeline
    assert len(_backups(diary_dir)) == 1
    assert window.timeline.backup_status.text().startswith("Last verified backup: ")
    assert not window.notice.isVisible()
