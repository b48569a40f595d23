"""The signing key fingerprint in the window: what the person reads out or texts to the officer
is the fingerprint of the key in their bundles, and `diary verify --key` accepts it."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

from PySide6.QtCore import QDate

from diary.cli import main
from diary.export.signing import SIGNING_KEY_SETTING
from diary.gui.exporting.export_dialog import ExportDialog
from diary.gui.session.diary_session import DiarySession
from diary.gui.settings_dialog import SettingsDialog
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, png_bytes
from tests.gui.conftest import unlock

EXPORT_TIMEOUT_MS = 60_000


def bundle_key_fingerprint(bundle: Path) -> str:
    """Worked out here from the raw key in the bundle, not taken from any text beside it."""
    with zipfile.ZipFile(bundle) as archive:
        lines = archive.read("public-key.txt").decode().splitlines()
    raw = base64.b64decode(next(line for line in lines if line.startswith("ed25519 "))[8:])
    digits = hashlib.sha256(raw).hexdigest()[:32].upper()
    return " ".join(digits[i : i + 4] for i in range(0, 32, 4))


def test_export_dialog_shows_the_fingerprint_of_the_key_that_signed_the_bundle(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    incident = vault.add_incident(make_content("2024-06-02T18:30"))
    vault.attach_bytes(incident, "photo.png", png_bytes(seed=1))
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.start.setDate(QDate(2024, 6, 1))
    dialog.end.setDate(QDate(2024, 6, 30))
    dialog.show()
    assert not dialog.signing_key.isVisible()  # nothing saved yet, nothing to hand over
    dialog.save_to(tmp_path / "pack.pdf")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.export_result is not None
    bundle = tmp_path / "pack.zip"
    shown = dialog.signing_key.fingerprint()
    assert dialog.signing_key.isVisible()
    assert shown == bundle_key_fingerprint(bundle)
    assert "read it out" in dialog.signing_key.note.text()
    # What the person reads out is what the officer types: it passes verify --key.
    assert main(["verify", str(bundle), "--key", shown.lower()]) == 0


def test_settings_shows_the_fingerprint_that_the_first_bundle_carries(
    qtbot, vault: Vault, tmp_path: Path
) -> None:
    vault.add_incident(make_content("2024-06-02T18:30"))
    assert not vault.setting(SIGNING_KEY_SETTING)  # never exported: no key yet
    session = DiarySession(vault.folder)
    session.open(vault)
    settings = SettingsDialog(session)
    qtbot.addWidget(settings)
    shown = settings.signing_key.fingerprint()
    assert len(shown) == 39 and shown.count(" ") == 7
    # Given to the officer before any pack exists, it is the one the first bundle is signed with.
    _, result = export(vault, tmp_path)
    assert result.bundle is not None
    assert shown == bundle_key_fingerprint(result.bundle)
    reopened = SettingsDialog(session)
    qtbot.addWidget(reopened)
    assert reopened.signing_key.fingerprint() == shown  # the same key, every time
