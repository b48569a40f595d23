"""Errors and changes of state are said aloud by a screen reader as they appear."""

from __future__ import annotations

import pytest
from PySide6 import QtGui
from PySide6.QtGui import QAccessible, QAccessibleEvent

from diary.gui import announcer
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock


@pytest.fixture
def spoken(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """What was announced: (text, urgent)."""
    said: list[tuple[str, bool]] = []

    def send(event: QAccessibleEvent) -> None:
        announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
        if announcement is None:  # Qt 6.7: an alert, read from the label it comes from
            assert event.type() == QAccessible.Event.Alert
            said.append((event.object().text(), True))  # type: ignore[attr-defined]
            return
        assert isinstance(event, announcement)
        urgent = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
        said.append((event.message(), urgent))

    monkeypatch.setattr(announcer, "send", send)
    return said


def test_a_wrong_passphrase_is_said_at_once(qtbot, make_window, vault, diary_dir, spoken) -> None:
    vault.close()
    window = make_window(diary_dir)
    page = window.unlock_page
    page.secret.setText("not the passphrase at all")
    page.unlock_button.click()
    qtbot.waitUntil(lambda: page.failures == 1, timeout=OPEN_TIMEOUT_MS)
    assert "passphrase" in page.message.text()
    assert (page.message.text(), True) in spoken


def test_saved_and_editor_problems_are_said(qtbot, make_window, vault, diary_dir, spoken) -> None:
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.open_editor(None)
    window.editor.save()  # nothing typed: refused, and said so
    assert window.editor.error.text()
    assert (window.editor.error.text(), True) in spoken
    window.editor.form.location.setText("Bus stop on the high road")
    window.editor.form.text.setPlainText("He was at the bus stop again.")
    window.editor.save()
    assert ("Saved.", False) in spoken
