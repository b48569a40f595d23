"""Sharing entries with an advocate from the window: chosen entries, a passphrase to read out."""

from __future__ import annotations

from diary.domain.case import CaseDetails
from diary.domain.incident import Author
from diary.gui.exporting.share_dialog import ShareDialog
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing.share_import import import_share
from tests.conftest import PASSPHRASE, make_content
from tests.gui.conftest import unlock

TIMEOUT_MS = 60_000


def test_a_share_made_in_the_window_opens_in_the_advocates_diary_with_its_passphrase(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    shared = vault.add_incident(make_content(what="He was at the gate."))
    vault.attach_bytes(shared, "gate.txt", b"photo bytes")
    kept_back = vault.add_incident(make_content(what="Not for sharing."))
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.bar.share_button.click()
    (dialog,) = window.findChildren(ShareDialog)
    assert dialog.entries.count.text() == "2 of 2 to share"
    dialog.entries.set_ticked(kept_back, False)
    out = tmp_path / "for-advocate.share"
    dialog.save_to(out)
    assert dialog.busy  # written in a worker: the window stays responsive
    qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT_MS)
    assert dialog.share_result is not None and out.exists()
    passphrase = dialog.passphrase.text()
    assert passphrase and dialog.passphrase.isVisible()
    assert "Saved 1 entry and 1 file" in dialog.message.text()
    assert "not kept anywhere" in dialog.message.text()
    assert passphrase.encode() not in out.read_bytes()

    advocate_diary = tmp_path / "advocate"
    other, _ = Vault.create(
        advocate_diary, PASSPHRASE, CaseDetails("Alex Advocate", "AA"), kdf=FLOOR
    )
    with other:
        report = import_share(other, out, passphrase, Author.ADVOCATE)
        assert len(report.added) == 1 and report.attachments == 1
        (entry,) = other.incidents()
        assert entry.content.text == "He was at the gate."


def test_a_share_with_nothing_ticked_or_an_existing_file_writes_nothing(
    qtbot, make_window, vault, diary_dir, tmp_path
) -> None:
    only = vault.add_incident(make_content())
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    dialog = ShareDialog(window.session, window)
    dialog.entries.set_ticked(only, False)
    dialog.save_to(tmp_path / "x.share")
    assert "Tick at least one entry" in dialog.message.text() and not dialog.busy
    assert list(tmp_path.glob("*.share")) == []
    dialog.entries.set_ticked(only, True)
    (tmp_path / "x.share").write_bytes(b"someone else's")
    dialog.save_to(tmp_path / "x.share")
    assert "already exists" in dialog.message.text()
    assert (tmp_path / "x.share").read_bytes() == b"someone else's"
