"""A HEIC photo in the window: shown as the upright JPEG made of it when it was kept (what the
pack shows), never decoded in the app's process; one that stopped its reader says so calmly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QToolButton

from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
from diary.vault import Vault
from diary.vault.attachments import media_apart, photo_apart, previews
from diary.vault.storage.database import transaction
from tests.conftest import make_content
from tests.file_kinds_support import heic_bytes
from tests.gui.conftest import unlock


def _viewer(qtbot, window, name: str) -> ImageViewerDialog:  # type: ignore[no-untyped-def]
    window.timeline.table.selectRow(0)
    buttons = window.timeline.detail.thumbs.findChildren(QToolButton)
    button = next(b for b in buttons if b.toolTip().startswith(f"{name}:"))
    button.click()
    qtbot.waitUntil(lambda: bool(window.timeline.findChildren(ImageViewerDialog)))
    [dialog] = window.timeline.findChildren(ImageViewerDialog)
    return dialog


def _refuse_decoding_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a HEIC photo was decoded in the app's process")

    monkeypatch.setattr(photo_apart, "made_here", refuse)
    monkeypatch.setattr(previews, "decode", refuse)


@pytest.mark.parametrize("stored_form", [True, False])
def test_a_heic_photo_shows_as_the_pack_shows_it(
    qtbot,
    make_window,
    vault: Vault,
    diary_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stored_form: bool,
) -> None:
    _refuse_decoding_here(monkeypatch)
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "IMG_0004.HEIC", heic_bytes((2400, 1800)))
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    if not stored_form:  # no form (an unlock makes missing ones): the JPEG is made apart
        opened = window.session.vault
        with transaction(opened.conn):
            opened.conn.execute("DELETE FROM derived_files")
        assert opened.derived_form(opened.incident(incident).attachments[0].id) is None
    dialog = _viewer(qtbot, window, "IMG_0004.HEIC")
    assert dialog.pixmap is not None
    assert (dialog.pixmap.width(), dialog.pixmap.height()) == (2000, 1500)
    assert dialog.pixmap.toImage().pixelColor(20, 20).name() == "#ffffff"  # white corner
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "converted to a JPEG of 2000 × 1500 pixels" in texts
    dialog.grab().save(str(tmp_path / "heic-viewer.png"))
    dialog.reject()


def test_a_heic_photo_that_stopped_its_reader_says_so_in_the_window(
    qtbot,
    make_window,
    vault: Vault,
    diary_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as patch:
        patch.setenv(media_apart.TEST_FAULT_ENV, "crash")
        incident = vault.add_incident(make_content())
        vault.attach_bytes(incident, "IMG_0005.HEIC", heic_bytes((640, 480)))
    _refuse_decoding_here(monkeypatch)
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    dialog = _viewer(qtbot, window, "IMG_0005.HEIC")
    assert dialog.pixmap is None
    assert dialog.image.text() == photo_apart.STOPPED
    dialog.grab().save(str(tmp_path / "heic-stopped.png"))
    dialog.reject()
    assert window.isVisible()
