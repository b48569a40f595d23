"""Screenshots of every screen, from a fictional demo diary, into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from diary.export.demo import make_demo_diary
from diary.export.demo_screens import message_screenshot
from diary.gui.app import apply_style, build_window, make_application
from diary.gui.exporting.export_dialog import ExportDialog
from diary.gui.importing.import_dialog import ImportDialog
from diary.gui.main_window import MainWindow
from diary.gui.settings_dialog import SettingsDialog
from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
from diary.vault.sharing.share import write_share
from tests.gui.palettes import BREEZE_DARK, palette_of

OUT = Path(__file__).resolve().parent / "screenshots"
DEMO_PASSPHRASE = "purple otter under a lamp"  # noqa: S105 - the fictional demo diary
SIZE = (1366, 768)


def settle(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / f"{name}.png"))
    print("wrote", OUT / f"{name}.png")


def wait_until(condition: object, limit_ms: int = 30_000) -> None:
    waited = 0
    while not condition() and waited < limit_ms:  # type: ignore[operator]
        settle(20)
        waited += 20


DEMO_CSV = """Date,Time,Place,What happened,Witnesses
03/02/2024,08:15,Bus stop on the high road,He was standing across the road and watched me get on.,
05/02/2024,about 19:00,Outside my flat,Flowers left on the step with no card.,Sam (neighbour)
9 February 2024,,Online,Three new accounts followed me on Instagram within an hour.,
12/02/2024,22:40,Phone,Five calls from a withheld number.,
"""


def shoot_import(window: MainWindow, tmp: Path) -> None:
    """The import dialog: a share looked inside, a spreadsheet checked, a bad row found."""
    vault = window.session.vault
    share = write_share(vault, vault.incidents()[:3], tmp / "from-advocate.share", "Jo Advocate")
    window.open_import()
    dialog = window.findChild(ImportDialog)
    assert dialog is not None
    dialog.share.choose_file(share.path)
    dialog.share.passphrase.setText("not the passphrase")
    dialog.share.look_inside()
    wait_until(lambda: not dialog.busy)
    shoot(dialog, "13-import-share-wrong-passphrase")
    dialog.share.passphrase.setText(share.passphrase)
    dialog.share.look_inside()
    wait_until(lambda: not dialog.busy)
    shoot(dialog, "14-import-share-preview")
    dialog.show_page(dialog.csv)
    spreadsheet = tmp / "old-diary.csv"
    spreadsheet.write_text(DEMO_CSV, encoding="utf-8")
    dialog.csv.choose_file(spreadsheet)
    shoot(dialog, "15-import-spreadsheet-preview")
    spreadsheet.write_text(DEMO_CSV + "next Tuesday,,Work,He was in the car park.,\n")
    dialog.csv.choose_file(spreadsheet)
    shoot(dialog, "16-import-spreadsheet-bad-row")
    dialog.reject()


def demo_chat(path: Path) -> Path:
    """A fictional WhatsApp export (Android), a week of messages from 'Jordan Demo'."""
    lines = ["02/03/2024, 08:00 - Messages and calls are end-to-end encrypted."]
    said = [
        "Why aren't you answering me",
        "I saw you at the station this morning",
        "You can't ignore me forever",
        "Answer your phone!!",
        "I know where you work now",
        "You'll regret this",
        "Sorry. I just want to talk",
        "<Media omitted>",
    ]
    for day in range(2, 9):
        for n in range(3 + (day % 4) * 3):
            minute = 4 + n * 4
            text = said[(day + n) % len(said)]
            lines.append(f"{day:02d}/03/2024, 21:{minute:02d} - Jordan Demo: {text}")
        lines.append(f"{day:02d}/03/2024, 23:10 - Alex Demo: Please stop messaging me.")
    lines.append("13/03/2024, 07:30 - Jordan Demo: Last warning.\nI mean it.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shoot_messages(window: MainWindow, tmp: Path) -> None:
    """The messages tab: the senders of a chat with their counts, then the entries proposed."""
    window.open_import()
    dialog = next(d for d in window.findChildren(ImportDialog) if d.isVisible())
    dialog.show_page(dialog.messages)
    page = dialog.messages
    page.choices.zone.setText("Europe/London")
    page.choose_file(demo_chat(tmp / "WhatsApp Chat with Jordan Demo.txt"))
    wait_until(lambda: not dialog.busy)
    shoot(dialog, "17-import-messages-senders")
    page.senders.tick("Jordan Demo")
    page.propose_now()
    wait_until(lambda: not dialog.busy)
    page.proposals.selectRow(2)
    shoot(dialog, "18-import-messages-proposals")
    dialog.reject()


def shoot_small_and_dark(window: MainWindow) -> None:
    """The timeline on a 1024x600 laptop (less a taskbar and a title bar), and the window in a
    dark desktop theme (KDE Breeze Dark), with the colours the app makes readable in it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.resize(1016, 512)
    window.show_timeline()
    window.timeline.table.selectRow(3)
    shoot(window, "19-timeline-1024x600")
    light = app.palette()
    app.setPalette(palette_of(BREEZE_DARK))
    apply_style(app)
    window.resize(*SIZE)
    shoot(window, "20-dark-timeline")
    window.open_editor(None)
    editor = window.editor
    editor.files.set_files((), [])
    editor.form.location.setText("Outside the gym")
    editor.form.text.clear()
    editor.form.approximate.setChecked(True)
    editor.save()  # nothing in What happened: the error shows in the dark palette's red
    shoot(window, "21-dark-new-entry")
    window.editor.clear()
    window.show_timeline()
    app.setPalette(light)
    apply_style(app)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build_window(Path(tmp) / "new")
        fresh.resize(*SIZE)
        fresh.show()
        page = fresh.first_run
        page.name.setText("Alex Demo")
        page.initials.setText("AD")
        page.passphrase.setText("otter lamp")
        shoot(fresh, "1-first-run")
        page.passphrase.setText(DEMO_PASSPHRASE)
        page.confirm.setText(DEMO_PASSPHRASE)
        page.create_diary()
        wait_until(lambda: fresh.pages.currentWidget() is fresh.recovery_key)
        shoot(fresh, "2-recovery-key")
        fresh.session.lock()
        fresh.close()

        folder = Path(tmp) / "demo"
        make_demo_diary(folder, DEMO_PASSPHRASE)
        window = build_window(folder)
        window.resize(*SIZE)
        window.show()
        unlock = window.unlock_page
        unlock.secret.setText("not the passphrase")
        unlock.unlock()
        wait_until(lambda: unlock.failures == 1)
        shoot(window, "3-unlock-wrong-passphrase")
        wait_until(lambda: unlock.unlock_button.isEnabled())
        unlock.secret.setText(DEMO_PASSPHRASE)
        unlock.unlock()
        wait_until(lambda: window.session.is_open)
        settle(100)
        timeline = window.timeline
        instagram = next(
            r for r in range(timeline.model.rowCount()) if timeline.model.row_at(r).attachments
        )
        timeline.table.selectRow(instagram)
        shoot(window, "4-timeline")
        timeline.bar.search.setText("phone")
        shoot(window, "5-search")
        timeline.bar.search.clear()

        incident = window.session.vault.incident(timeline.model.row_at(instagram).id)
        attachment = incident.attachments[0]
        viewer = ImageViewerDialog(attachment, window.session.vault.read_original(attachment.id))
        viewer.resize(900, 640)
        viewer.show()
        shoot(viewer, "6-image-full-size")
        viewer.close()

        window.open_editor(None)
        editor = window.editor
        editor.form.location.setText("Outside the gym")
        editor.form.text.setPlainText("He was sitting in his car outside the gym when I came out.")
        shoot(window, "7-new-entry")
        pasted = message_screenshot("Chris Sample", "21:02", ["I saw you at the gym.", "Nice car."])
        editor.files.add_image(QImage.fromData(pasted))
        editor.files.source_edits["platform"].setText("WhatsApp")
        editor.files.source_edits["profile"].setText("Chris Sample (fictional)")
        editor.files.source_edits["shown_time"].setText("Today 21:02")
        shoot(window, "7b-new-entry-screenshot-pasted")
        editor.files.set_files((), [])
        for section in editor.form.sections[:1]:
            section.set_open(True)
        editor.form.behaviours.set_chosen(["watching", "loitering"])
        shoot(window, "8-new-entry-behaviours")
        editor.flush_draft()
        window.lock()
        shoot(window, "9-locked")  # the automatic backup is being made
        wait_until(lambda: not window.session.backing_up)
        unlock.secret.setText(DEMO_PASSPHRASE)
        unlock.unlock()
        wait_until(lambda: window.session.is_open)
        settle(100)
        shoot(window, "10-draft-restored")

        export = ExportDialog(window.session, window)
        export.show()
        export.make_preview()
        wait_until(lambda: export.preview.pages > 0 and not export.busy)
        shoot(export, "12-evidence-pack")
        export.reject()

        shoot_import(window, Path(tmp))
        shoot_messages(window, Path(tmp))

        settings = SettingsDialog(window.session, window)
        settings.show()
        shoot(settings, "11-settings")
        settings.reject()
        if isinstance(settings, QDialog):
            settings.deleteLater()
        shoot_small_and_dark(window)
        window.session.lock()
    app.quit()


if __name__ == "__main__":
    main()
