"""Files begun outside the diary and left by a killed process are removed at the next unlock,
and nothing else ever is."""

from __future__ import annotations

import os
from pathlib import Path

from diary.vault import Vault
from diary.vault.attachments.unfinished_files import SETTING
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase
from tests.conftest import PASSPHRASE, make_content


def _killed_while_writing(vault: Vault, paths: list[Path]) -> None:
    """What a process killed mid-export leaves: the paths noted, the files there, no forget."""
    assert vault.remember_unfinished(paths)
    for path in paths:
        if not path.exists() and path.parent.is_dir():
            path.write_bytes(b"%PDF-1.4 He waited outside the refuge")
    vault.close()


def test_the_next_unlock_removes_what_a_killed_export_left_and_says_so(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    left = [tmp_path / "pack.pdf.partial", tmp_path / "pack.zip.partial"]
    _killed_while_writing(vault, left)
    with Vault.open(diary_dir, PASSPHRASE) as again:
        assert not any(p.exists() for p in left)
        said = [w for w in again.warnings if "stopped part-way" in w]
        assert len(said) == 1 and str(left[0]) in said[0] and str(left[1]) in said[0]
        assert again.setting(SETTING) == ""
    with Vault.open(diary_dir, PASSPHRASE) as third:
        assert not [w for w in third.warnings if "stopped part-way" in w]


def test_only_the_apps_own_partial_files_are_ever_removed(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    """A path noted long ago may now hold something else: a folder, a link, a file of another
    name. None of them is touched."""
    letter = tmp_path / "letter.txt"
    letter.write_text("mine")
    link = tmp_path / "pack.pdf.partial"
    link.symlink_to(letter)
    folder = tmp_path / "photos.zip.partial"
    folder.mkdir()
    _killed_while_writing(vault, [letter, link, folder])
    with Vault.open(diary_dir, PASSPHRASE) as again:
        assert letter.read_text() == "mine" and link.is_symlink() and folder.is_dir()
        assert not [w for w in again.warnings if "stopped part-way" in w]
        assert again.setting(SETTING) == ""


def test_a_partial_on_a_disk_that_is_away_is_removed_when_it_is_back(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    partial = stick / "pack.pdf.partial"
    partial.write_bytes(b"%PDF-1.4 plaintext")
    _killed_while_writing(vault, [partial])
    os.rename(stick, tmp_path / "unplugged")
    with Vault.open(diary_dir, PASSPHRASE) as again:
        assert str(partial) in again.setting(SETTING)  # kept for next time
    os.rename(tmp_path / "unplugged", stick)
    with Vault.open(diary_dir, PASSPHRASE):
        assert not partial.exists()


def test_backups_carry_no_paths_to_clean(vault: Vault, tmp_path: Path) -> None:
    """Restoring an old backup must never start removing files by paths noted back then."""
    vault.add_incident(make_content())
    noted = [tmp_path / "elsewhere.pdf.partial"]
    vault.remember_unfinished(noted)
    write_backup(vault, tmp_path / "a.backup")
    assert str(noted[0]) in vault.setting(SETTING)
    vault.forget_unfinished(noted)
    vault.close()
    # A file of that name that is someone else's business by now (written after the backup).
    noted[0].write_bytes(b"another export, being written")
    restore_with_passphrase(tmp_path / "a.backup", tmp_path / "restored", PASSPHRASE)
    with Vault.open(tmp_path / "restored", PASSPHRASE) as restored:
        assert restored.setting(SETTING) == ""
    assert noted[0].read_bytes() == b"another export, being written"
