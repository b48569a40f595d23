"""An advocate keeping one diary per client sees whose diary is open; the locked screen never."""

from __future__ import annotations

from diary.domain.incident import Author
from diary.gui.settings_dialog import SettingsDialog
from tests.conftest import make_content
from tests.gui.conftest import unlock


def test_whose_diary_shows_while_open_and_never_when_locked(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.add_incident(make_content())
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    assert "kept by" not in window.windowTitle()  # the person's own diary: no such line
    settings = SettingsDialog(window.session, window)
    settings.kept_by_advocate.setChecked(True)
    settings.advocate.setText("Alex Advocate, Example ISAC")
    settings.save()
    whose = "Diary of Sam Example, kept by Alex Advocate, Example ISAC (advocate)"
    assert whose in window.windowTitle() and whose in window.bar.title.text()
    assert window.session.vault.kept_by is Author.ADVOCATE

    window.lock()
    assert "Sam Example" not in window.windowTitle()
    assert "Alex" not in window.bar.title.text()
    unlock(qtbot, window)
    assert whose in window.windowTitle()
    window.session.save_settings(idle_minutes=5, discreet=True)
    assert "Sam Example" not in window.windowTitle()  # discreet mode names nobody
