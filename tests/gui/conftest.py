"""Window fixtures: the real window on a fresh folder, with the app's stylesheet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from diary.gui.app import build_window, make_application
from diary.gui.main_window import MainWindow
from tests.conftest import PASSPHRASE

OPEN_TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def no_real_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A test must never find or create a diary in the real per-user data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("EVIDENCE_DIARY_FOLDER", raising=False)


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    return make_application([])


@pytest.fixture
def make_window(app: QApplication, qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def make(folder: Path) -> MainWindow:
        window = build_window(folder)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.session.is_open:
            window.session.lock()


def unlock(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    page = window.unlock_page
    if window.session.backing_up:  # the backup made on the last lock is still being made
        with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
            pass
    page.secret.setText(passphrase)
    with qtbot.waitSignal(page.unlocked, timeout=OPEN_TIMEOUT_MS):
        page.unlock_button.click()
