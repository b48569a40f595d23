"""Help a frightened person needs: one key away on every screen, and discreet while locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from diary.gui.help_dialog import HelpDialog
from tests.gui.conftest import OPEN_TIMEOUT_MS, unlock

WHAT_A_PERSON_NEEDS = [
    "Call 999",
    "press 55",
    "101",
    "National Stalking Helpline",
    "0808 802 0300",
    "independent stalking advocate",
    "You do not need evidence before you report",
    "Filming or photographing them can be turned against you",
    "Ctrl+Q",
    "Ctrl+L",
    "Ctrl+N",
    "Ctrl+F",
]
# Words that would tell someone looking at the locked screen what this program is for.
GIVES_IT_AWAY = ["stalk", "harass", "diary", "evidence", "police look", "entry"]


def _help(qtbot, window) -> HelpDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.findChild(HelpDialog) is not None)
    return window.findChild(HelpDialog)


def test_f1_on_the_timeline_gives_every_number_and_step(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.activateWindow()
    qtbot.keyClick(window.timeline.table, Qt.Key.Key_F1)
    text = _help(qtbot, window).text.toPlainText()
    for needed in WHAT_A_PERSON_NEEDS:
        assert needed in text, needed
    # Locking closes it with every other dialog: it spoke of what the diary is for.
    with qtbot.waitSignal(window.session.backup_finished, timeout=OPEN_TIMEOUT_MS):
        window.lock()
    assert not any(d.isVisible() for d in window.findChildren(HelpDialog))


def test_help_on_the_locked_screen_says_how_to_get_help_and_nothing_more(
    qtbot, make_window, vault, diary_dir
) -> None:
    vault.close()
    window = make_window(diary_dir)
    window.bar.help_button.click()
    dialog = _help(qtbot, window)
    text = dialog.text.toPlainText()
    assert "Call 999" in text and "press 55" in text and "Ctrl+Q" in text
    lowered = text.lower()
    for word in GIVES_IT_AWAY:
        assert word not in lowered, word
    assert window.bar.help_button.isVisible()


def test_help_fits_a_small_screen(qtbot, make_window, vault, diary_dir) -> None:
    vault.close()
    window = make_window(diary_dir)
    window.bar.help_button.click()
    dialog = _help(qtbot, window)
    QApplication.processEvents()
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width() and dialog.height() <= available.height()


def test_help_lists_every_shortcut_the_window_has(qtbot, make_window, vault, diary_dir) -> None:
    """Every key the window answers to (its shortcuts, and Alt with an underlined letter) is
    in Help, with the timeline, the editor and a picture shown full size all built."""
    from PySide6.QtGui import QColor, QImage, QKeySequence, QShortcut
    from PySide6.QtWidgets import QAbstractButton

    from diary.gui.editing.attachment_panel import image_as_png
    from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
    from tests.conftest import make_content

    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("navy"))
    incident = vault.add_incident(make_content(what="A message from a new account."))
    attachment = vault.attach_bytes(incident, "message.png", image_as_png(picture))
    data = vault.read_original(attachment.id)
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.open_editor(None)
    viewer = ImageViewerDialog(attachment, data, window)
    text = HelpDialog(discreet=False, parent=window).text.toPlainText()
    native = QKeySequence.SequenceFormat.NativeText
    keys = {s.key().toString(native) for s in window.findChildren(QShortcut)} - {""}
    assert {"Ctrl+F", "Ctrl+N", "Ctrl+S", "F1", "Return", "F"} <= keys
    for key in sorted(keys):
        said = {"Return": "Enter", "Shift+Esc": "Shift+Esc"}.get(key, key)
        assert said in text, f"{key} is not in Help"
    assert any("&" in b.text() for b in window.findChildren(QAbstractButton))
    assert "underlined letter" in text
    viewer.deleteLater()
