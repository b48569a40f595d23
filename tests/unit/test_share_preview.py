"""Looking inside a share before importing it: what it says, and what a bad file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.csv_import import headings_of
from diary.domain.errors import DiaryDamaged, InvalidInput, WrongPassphrase
from diary.vault import Vault
from diary.vault.sharing.share import write_share
from diary.vault.sharing.share_import import import_share
from diary.vault.sharing.share_preview import preview_share, received_at
from tests.conftest import make_content


def _share(vault: Vault, tmp_path: Path) -> tuple[Path, str]:
    vault.add_incident(make_content(when="2024-06-03T18:30"))
    vault.add_incident(make_content(when="2024-05-01T09:00", what="At the school gate."))
    result = write_share(vault, vault.incidents(), tmp_path / "out.share", "Sam Example")
    return result.path, result.passphrase


def test_preview_describes_the_share_and_changes_nothing(vault: Vault, tmp_path: Path) -> None:
    path, passphrase = _share(vault, tmp_path)
    preview = preview_share(path, passphrase)
    assert (preview.shared_by, preview.entries, preview.attachments) == ("Sam Example", 2, 0)
    assert preview.first is not None and preview.last is not None
    assert (preview.first.wall, preview.last.wall) == ("2024-05-01T09:00", "2024-06-03T18:30")
    assert received_at(vault, preview.share_id) == ""
    import_share(vault, path, passphrase)
    assert received_at(vault, preview.share_id) != ""


def test_preview_wrong_passphrase_and_damaged_file(vault: Vault, tmp_path: Path) -> None:
    path, _ = _share(vault, tmp_path)
    with pytest.raises(WrongPassphrase):
        preview_share(path, "not it")
    junk = tmp_path / "junk.share"
    junk.write_bytes(b"not a share at all")
    with pytest.raises(DiaryDamaged):
        preview_share(junk, "anything")
    with pytest.raises(InvalidInput):
        preview_share(tmp_path / "missing.share", "anything")


def test_headings_of_reads_the_first_row_only() -> None:
    assert headings_of(b"Day;What\n03/06/2024;Seen\n") == ["Day", "What"]
    with pytest.raises(InvalidInput):
        headings_of(b"")
