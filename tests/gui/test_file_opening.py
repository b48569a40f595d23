"""A file is opened in its viewer without holding up the window: while a video or a photo is
read (by a child process that may stall), the window goes on, says which file is opening, and
can be locked; after a lock no viewer appears and nothing read is kept. Clicks while a file
opens do not pile up readers: the same file again changes nothing, another file replaces it."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QToolButton

from diary.domain.errors import DiaryDamaged
from diary.gui.main_window import MainWindow
from diary.gui.viewers.file_opening import FileOpener, Opened
from diary.gui.viewers.file_viewer_dialog import FileViewerDialog
from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
from diary.vault import Vault
from diary.vault.attachments import media_apart, photo_apart
from diary.vault.attachments.exhibit_files import ExhibitFiles
from diary.vault.storage.database import transaction
from tests.conftest import make_content
from tests.file_kinds_support import heic_bytes, mp4_bytes
from tests.gui.conftest import unlock

VIDEO = mp4_bytes(seconds=2.0)
# Far shorter than the real limits, so that a window that waits for the reader (as it once
# did) fails these tests in seconds rather than minutes; far longer than a lock takes.
STALL_SECONDS = 15.0


def _window(qtbot, make_window, vault: Vault, diary_dir: Path, files: dict[str, bytes]):  # type: ignore[no-untyped-def]
    """The window on a diary whose one entry holds files, with no stored forms (as when they
    failed their check): a video or a photo is read again, by a child process, when shown."""
    incident = vault.add_incident(make_content(what="He sent these."))
    for name, data in files.items():
        vault.attach_bytes(incident, name, data)
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)  # which makes the forms that are missing: forgotten after it
    conn = window.session.vault.conn
    with transaction(conn):
        conn.execute("DELETE FROM derived_files")
    window.timeline.table.selectRow(0)
    return window


def _stall_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "hang")
    monkeypatch.setattr(media_apart, "READ_SECONDS", STALL_SECONDS)
    monkeypatch.setattr(photo_apart, "READ_SECONDS", STALL_SECONDS)


def _button(window: MainWindow, name: str) -> QToolButton:
    buttons = window.timeline.detail.thumbs.findChildren(QToolButton)
    return next(b for b in buttons if b.toolTip().startswith(f"{name}:"))


def _opener(window: MainWindow) -> FileOpener:
    return window.timeline.entry_actions.opener


def _viewers(window: MainWindow) -> list[QDialog]:
    found: list[QDialog] = [*window.timeline.findChildren(FileViewerDialog)]
    return [*found, *window.timeline.findChildren(ImageViewerDialog)]


def _nothing_read_is_kept() -> bool:
    gc.collect()
    return not any(isinstance(o, Opened) for o in gc.get_objects())


def test_while_a_stalled_video_is_read_the_window_goes_on_and_a_lock_shows_no_viewer(
    qtbot, make_window, vault: Vault, diary_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    window = _window(qtbot, make_window, vault, diary_dir, {"doorbell.mp4": VIDEO})
    _stall_readers(monkeypatch)
    seen: list[tuple[str, bool]] = []
    detail = window.timeline.detail
    QTimer.singleShot(50, lambda: seen.append((detail.opening.text(), bool(_viewers(window)))))
    _button(window, "doorbell.mp4").click()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    # The event loop ran while the reader stalled: the window said what it was doing.
    assert seen == [("Opening doorbell.mp4…", False)]
    assert detail.opening.isVisible()
    window.grab().save(str(tmp_path / "opening.png"))
    window.bar.lock_button.click()
    assert not window.session.is_open
    assert window.pages.currentWidget() is window.unlock_page
    # The stalled reader is stopped at once, not left to run out its time.
    qtbot.waitUntil(lambda: _opener(window).readers == 0, timeout=STALL_SECONDS * 1000 / 3)
    assert _viewers(window) == []
    assert not detail.opening.isVisible() and detail.opening.text() == ""
    assert _nothing_read_is_kept()
    assert window.isVisible()


def test_a_stalled_heic_photo_leaves_the_lock_working_and_opens_once_read_again(
    qtbot, make_window, vault: Vault, diary_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    window = _window(
        qtbot, make_window, vault, diary_dir, {"IMG_0010.HEIC": heic_bytes((640, 480))}
    )
    with monkeypatch.context() as patch:
        _stall_readers(patch)
        _button(window, "IMG_0010.HEIC").click()
        assert _opener(window).readers == 1
        window.lock()  # as the lock button, the shortcut and the idle lock do
        qtbot.waitUntil(lambda: _opener(window).readers == 0, timeout=5_000)
        assert _viewers(window) == []
        assert _nothing_read_is_kept()
    unlock(qtbot, window)
    window.timeline.table.selectRow(0)
    _button(window, "IMG_0010.HEIC").click()
    qtbot.waitUntil(lambda: bool(_viewers(window)), timeout=30_000)
    [viewer] = _viewers(window)
    assert isinstance(viewer, ImageViewerDialog) and viewer.pixmap is not None
    assert (viewer.pixmap.width(), viewer.pixmap.height()) == (640, 480)
    assert not window.timeline.detail.opening.isVisible()
    viewer.grab().save(str(tmp_path / "heic-viewer.png"))
    viewer.reject()


def test_clicks_while_a_file_opens_replace_it_and_never_pile_up_readers(
    qtbot, make_window, vault: Vault, diary_dir: Path, monkeypatch
) -> None:
    names = ["first.mp4", "second.mp4", "third.mp4"]
    window = _window(qtbot, make_window, vault, diary_dir, dict.fromkeys(names, VIDEO))
    _stall_readers(monkeypatch)
    opener = _opener(window)
    _button(window, "first.mp4").click()
    _button(window, "first.mp4").click()  # the same file again: nothing new
    assert opener.readers == 1
    _button(window, "second.mp4").click()
    _button(window, "third.mp4").click()
    [third] = [
        a.id
        for a in window.session.vault.incident(window.timeline.detail.incident_id).attachments
        if a.filename == names[2]
    ]
    assert opener.pending == third
    assert window.timeline.detail.opening.text() == "Opening third.mp4…"
    # Those replaced are stopped at once (their readers killed), long before they would run out.
    qtbot.waitUntil(lambda: opener.readers == 1, timeout=STALL_SECONDS * 1000 / 3)
    assert _viewers(window) == []
    window.lock()
    qtbot.waitUntil(lambda: opener.readers == 0, timeout=5_000)
    assert _viewers(window) == []


def test_a_file_clicked_twice_opens_one_viewer_and_another_file_replaces_it(
    qtbot, make_window, vault: Vault, diary_dir: Path
) -> None:
    window = _window(qtbot, make_window, vault, diary_dir, {"a.mp4": VIDEO, "b.mp4": VIDEO})
    opener = _opener(window)
    _button(window, "a.mp4").click()
    _button(window, "a.mp4").click()
    qtbot.waitUntil(lambda: opener.readers == 0, timeout=30_000)
    [viewer] = _viewers(window)
    assert viewer.windowTitle() == "Video: a.mp4"
    viewer.reject()
    qtbot.waitUntil(lambda: not _viewers(window))
    _button(window, "a.mp4").click()
    _button(window, "b.mp4").click()  # changed their mind: only b is shown
    qtbot.waitUntil(lambda: opener.readers == 0, timeout=30_000)
    assert [v.windowTitle() for v in _viewers(window)] == ["Video: b.mp4"]


def test_a_reading_that_ends_after_the_lock_is_dropped_quietly(
    qtbot, make_window, vault: Vault, diary_dir: Path, monkeypatch
) -> None:
    """The worker reaches the diary only after it was locked: its reader is closed by then,
    which is no news to the person (no message, no viewer, no crash)."""
    window = _window(qtbot, make_window, vault, diary_dir, {"doorbell.mp4": VIDEO})
    gate = threading.Event()
    derived = ExhibitFiles.derived

    def held(files: ExhibitFiles, attachment_id: int) -> object:
        gate.wait(30)
        return derived(files, attachment_id)

    monkeypatch.setattr(ExhibitFiles, "derived", held)
    _button(window, "doorbell.mp4").click()
    window.lock()
    gate.set()
    qtbot.waitUntil(lambda: _opener(window).readers == 0, timeout=10_000)
    assert _viewers(window) == []
    assert not window.notice.isVisible()
    assert _nothing_read_is_kept()


def test_the_opening_line_stays_while_the_file_is_read_after_its_entry_is_hidden(
    qtbot, make_window, vault: Vault, diary_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    """A search that hides the entry clears the entry pane, but the file goes on being read and
    its viewer still comes: the window keeps saying which file is opening until it does."""
    window = _window(qtbot, make_window, vault, diary_dir, {"doorbell.mp4": VIDEO})
    gate = threading.Event()
    derived = ExhibitFiles.derived

    def held(files: ExhibitFiles, attachment_id: int) -> object:
        gate.wait(30)
        return derived(files, attachment_id)

    monkeypatch.setattr(ExhibitFiles, "derived", held)
    detail = window.timeline.detail
    _button(window, "doorbell.mp4").click()
    window.timeline.bar.search.setText("no entry says this")
    qtbot.waitUntil(lambda: detail.incident_id == 0, timeout=5_000)
    assert detail.opening.isVisible() and detail.opening.text() == "Opening doorbell.mp4…"
    window.grab().save(str(tmp_path / "opening-entry-hidden.png"))
    gate.set()
    qtbot.waitUntil(lambda: bool(_viewers(window)), timeout=30_000)
    assert not detail.opening.isVisible() and detail.opening.text() == ""
    [viewer] = _viewers(window)
    viewer.reject()


def test_a_file_that_cannot_be_read_says_so_calmly(
    qtbot, make_window, vault: Vault, diary_dir: Path, monkeypatch
) -> None:
    window = _window(qtbot, make_window, vault, diary_dir, {"doorbell.mp4": VIDEO})
    message = "The stored copy of doorbell.mp4 no longer matches the SHA-256 taken."

    def damaged(_files: ExhibitFiles, _attachment_id: int) -> bytes:
        raise DiaryDamaged(message)

    monkeypatch.setattr(ExhibitFiles, "read", damaged)
    _button(window, "doorbell.mp4").click()
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=10_000)
    assert window.notice.text() == message
    assert _viewers(window) == [] and _opener(window).readers == 0
    assert not window.timeline.detail.opening.isVisible()
