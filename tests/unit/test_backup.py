"""Backups of an open diary: one encrypted file, verified, restorable, never left half-made."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from diary.domain.errors import DiaryDamaged, DiaryExists, InvalidInput, WrongPassphrase
from diary.vault import Vault
from diary.vault.backups import backup_file
from diary.vault.backups.auto_backup import (
    BACKUPS_FOLDER,
    auto_backup,
    backups_in,
    last_verified_backup,
    set_second_folder,
    to_keep,
)
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase, restore_with_recovery
from tests.conftest import PASSPHRASE, make_content

SECRET_WORDS = "UNMISTAKABLE-PLAINTEXT-MARKER"


def _fill(vault: Vault) -> bytes:
    first = vault.add_incident(make_content(what=f"He waited. {SECRET_WORDS}"))
    vault.edit_incident(first, make_content(what=f"He waited by the gate. {SECRET_WORDS}"))
    second = vault.add_incident(make_content(when="2024-06-05T09:00", what="Calls all day."))
    photo = os.urandom(300_000) + SECRET_WORDS.encode()
    vault.attach_bytes(second, "call-log.bin", photo)
    return photo


def test_backup_restores_to_the_same_entries_and_bytes(vault: Vault, tmp_path: Path) -> None:
    photo = _fill(vault)
    result = write_backup(vault, tmp_path / "one.backup")
    assert (result.summary.incidents, result.summary.revisions) == (2, 4)
    assert result.summary.attachments == 1
    vault.close()

    report = restore_with_passphrase(tmp_path / "one.backup", tmp_path / "restored", PASSPHRASE)
    assert report.ok and report.incidents == 2
    with Vault.open(tmp_path / "restored", PASSPHRASE) as restored:
        texts = [i.content.text for i in restored.incidents()]
        assert texts == [f"He waited by the gate. {SECRET_WORDS}", "Calls all day."]
        assert len(restored.history(1)) == 2
        attachment = restored.incidents()[1].attachments[0]
        assert restored.read_original(attachment.id) == photo
        assert restored.chain_head == result.summary.chain_head


def test_backup_file_holds_no_plaintext(vault: Vault, tmp_path: Path) -> None:
    _fill(vault)
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    data = out.read_bytes()
    assert SECRET_WORDS.encode() not in data
    assert b"Sam Example" not in data
    assert b"SQLite format 3" not in data
    # Only the finished file is left: no partial file and no loose database copy.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary", "one.backup"]


def test_backup_never_replaces_a_file(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "taken.backup"
    out.write_bytes(b"something else")
    with pytest.raises(InvalidInput, match="already exists"):
        write_backup(vault, out)
    assert out.read_bytes() == b"something else"


@pytest.mark.parametrize("where", ["header", "keys", "database", "end"])
def test_a_flipped_byte_anywhere_is_refused_as_damaged(
    vault: Vault, tmp_path: Path, where: str
) -> None:
    _fill(vault)
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    vault.close()
    data = bytearray(out.read_bytes())
    contents = backup_file.read(out)
    offset = {
        "header": 20,
        "keys": contents.db_offset - 10,
        "database": contents.db_offset + contents.db_size // 2,
        "end": len(data) - 1,
    }[where]
    data[offset] ^= 0x01
    out.write_bytes(bytes(data))
    with pytest.raises(DiaryDamaged, match="damaged"):
        restore_with_passphrase(out, tmp_path / "restored", PASSPHRASE)
    assert not (tmp_path / "restored").exists()


def test_truncated_backup_is_damaged(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    vault.close()
    out.write_bytes(out.read_bytes()[:-4096])
    with pytest.raises(DiaryDamaged, match="damaged"):
        restore_with_passphrase(out, tmp_path / "restored", PASSPHRASE)


def test_restore_refuses_an_existing_diary_and_a_wrong_passphrase(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    vault.add_incident(make_content())
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    vault.close()
    before = (diary_dir / "keys.json").read_bytes()
    with pytest.raises(DiaryExists, match="already a diary"):
        restore_with_passphrase(out, diary_dir, PASSPHRASE)
    assert (diary_dir / "keys.json").read_bytes() == before
    with pytest.raises(WrongPassphrase):
        restore_with_passphrase(out, tmp_path / "new", "not the passphrase")
    assert not (tmp_path / "new").exists()
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="not empty"):
        restore_with_passphrase(out, tmp_path / "busy", PASSPHRASE)


def test_restore_with_recovery_key_after_passphrase_forgotten(
    new_vault: tuple[Vault, str], tmp_path: Path
) -> None:
    vault, recovery = new_vault
    vault.add_incident(make_content(what="Recorded before I forgot."))
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    vault.close()
    restore_with_recovery(out, tmp_path / "new", recovery, "a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "new", PASSPHRASE)
    with Vault.open(tmp_path / "new", "a brand new passphrase") as restored:
        assert [i.content.text for i in restored.incidents()] == ["Recorded before I forgot."]


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2024, 1, 1, hour, tzinfo=UTC) + timedelta(days=day)


def test_rolling_set_keeps_last_seven_and_one_per_week_for_eight_weeks() -> None:
    times = [_at(day) for day in range(0, 100)]  # one a day for 100 days
    now = _at(99, 13)
    kept = to_keep(times, now)
    assert sorted(kept)[-7:] == times[-7:]
    weekly = sorted(kept)[:-7]
    # The 7 newest span this week and last; the rest are one per earlier week, 8 weeks in all.
    weeks = {(w.date() - timedelta(days=w.weekday())) for w in kept}
    assert len(weeks) == 8
    assert all(w.weekday() == 6 for w in weekly)  # the newest (Sunday) of each earlier week
    assert times[0] not in kept


def test_auto_backup_makes_verified_copies_in_both_places(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content())
    assert last_verified_backup(vault) is None
    stick = tmp_path / "stick"
    stick.mkdir()
    set_second_folder(vault, stick)
    report = auto_backup(vault, now=_at(10))
    assert report.ok, report.problems
    assert [p.name for _, p in backups_in(vault.folder / BACKUPS_FOLDER)] == [
        "diary-20240111T120000Z.backup"
    ]
    assert len(backups_in(stick)) == 1
    assert last_verified_backup(vault) == _at(10)
    for _, path in backups_in(stick):
        assert backup_file.read(path).db_size > 0


def test_auto_backup_prunes_old_copies_and_interrupted_ones(vault: Vault) -> None:
    folder = vault.folder / BACKUPS_FOLDER
    for day in range(10):
        auto_backup(vault, now=_at(day * 10))  # ten backups, ten days apart
    # A backup interrupted earlier (power cut) leaves partial files: never kept.
    (folder / "diary-20240101T000000Z.backup.partial").write_bytes(b"half")
    (folder / "diary-20240101T000000Z.backup.db.partial-wal").write_bytes(b"half")
    auto_backup(vault, now=_at(100))
    names = sorted(p.name for p in folder.iterdir())
    assert all(name.endswith(".backup") for name in names)
    kept_days = [(when - _at(0)).days for when, _ in backups_in(folder)]
    assert kept_days == [40, 50, 60, 70, 80, 90, 100]


def test_unavailable_second_folder_is_reported_not_fatal(vault: Vault, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    set_second_folder(vault, stick)
    stick.rmdir()  # the drive was unplugged
    report = auto_backup(vault, now=_at(0))
    assert len(report.made) == 1
    assert any("not available" in p for p in report.problems)
    assert last_verified_backup(vault) == _at(0)
