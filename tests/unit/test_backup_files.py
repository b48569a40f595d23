"""Backups and the attachment files: carried inside a chosen backup file, shared beside the
automatic ones, each restored on its own and checked piece by piece."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryDamaged
from diary.vault import Vault
from diary.vault.backups import backup_file
from diary.vault.backups.auto_backup import BACKUPS_FOLDER, auto_backup, backups_in
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from diary.vault.storage.database import DB_FILE
from diary.vault.storage.file_store import FILES_FOLDER
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database

RECORDING = os.urandom(2 * 1024 * 1024 + 99)
MONDAY = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def _store(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _restored_bytes(backup: Path, target: Path) -> dict[str, bytes]:
    assert restore_with_passphrase(backup, target, PASSPHRASE).ok
    with Vault.open(target, PASSPHRASE) as restored:
        return {
            a.filename: restored.read_original(a.id)
            for incident in restored.incidents()
            for a in incident.attachments
        }


def test_automatic_backups_share_each_file_and_each_restores_on_its_own(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    first = vault.add_incident(make_content())
    vault.attach_bytes(first, "voicemail.m4a", RECORDING)
    auto_backup(vault, MONDAY)
    shared = diary_dir / BACKUPS_FOLDER / FILES_FOLDER
    assert _store(shared) == _store(diary_dir / FILES_FOLDER)  # the same ciphertext, once
    vault.add_incident(make_content(what="One more entry, no file."))
    auto_backup(vault, MONDAY + timedelta(hours=1))
    assert len(_store(shared)) == 1
    vault.attach_bytes(first, "photo.jpg", b"\xff\xd8\xff a photo")
    auto_backup(vault, MONDAY + timedelta(hours=2))
    assert len(_store(shared)) == 2
    backups = [path for _, path in backups_in(diary_dir / BACKUPS_FOLDER)]
    assert len(backups) == 3
    assert os.path.getsize(backups[2]) < 1024 * 1024  # the recording is not in it again
    vault.close()
    # Each restores on its own from what the backup folder holds, copied elsewhere alone.
    elsewhere = tmp_path / "stick"
    shutil.copytree(diary_dir / BACKUPS_FOLDER, elsewhere)
    assert _restored_bytes(elsewhere / backups[0].name, tmp_path / "r0") == {
        "voicemail.m4a": RECORDING
    }
    assert _restored_bytes(elsewhere / backups[2].name, tmp_path / "r2") == {
        "voicemail.m4a": RECORDING,
        "photo.jpg": b"\xff\xd8\xff a photo",
    }


def test_files_no_backup_lists_are_removed_with_the_backups(vault: Vault, diary_dir: Path) -> None:
    vault.attach_bytes(vault.add_incident(make_content()), "voicemail.m4a", RECORDING)
    auto_backup(vault, MONDAY)
    shared = diary_dir / BACKUPS_FOLDER / FILES_FOLDER
    kept = set(_store(shared))
    stray = "0123456789abcdef0123456789abcdef"  # listed only by a backup deleted since
    (shared / stray).write_bytes(b"ciphertext of a file no backup lists")
    (shared / (stray[::-1] + ".partial")).write_bytes(b"left by a copy that was killed")
    (shared / "notes.txt").write_bytes(b"not the app's")
    auto_backup(vault, MONDAY + timedelta(hours=1))
    assert set(_store(shared)) == kept | {"notes.txt"}


@pytest.mark.parametrize("how", ["changed", "missing"])
def test_restore_refuses_a_backup_whose_file_is_changed_or_missing(
    vault: Vault, diary_dir: Path, tmp_path: Path, how: str
) -> None:
    vault.attach_bytes(vault.add_incident(make_content()), "voicemail.m4a", RECORDING)
    auto_backup(vault, MONDAY)
    vault.close()
    ((_, backup),) = backups_in(diary_dir / BACKUPS_FOLDER)
    (stored,) = (diary_dir / BACKUPS_FOLDER / FILES_FOLDER).iterdir()
    if how == "missing":
        stored.unlink()
    else:
        data = bytearray(stored.read_bytes())
        data[-40] ^= 1
        stored.write_bytes(bytes(data))
    with pytest.raises(DiaryDamaged, match="voicemail.m4a"):
        restore_with_passphrase(backup, tmp_path / "restored", PASSPHRASE)
    assert not (tmp_path / "restored").exists()


def test_a_chosen_backup_file_carries_its_files_inside(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    vault.attach_bytes(vault.add_incident(make_content()), "voicemail.m4a", RECORDING)
    out = tmp_path / "for-my-advocate.backup"
    write_backup(vault, out)
    vault.close()
    assert not (tmp_path / FILES_FOLDER).exists()
    assert backup_file.read(out).files_where == backup_file.FILES_INSIDE
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    out.rename(moved / out.name)
    assert _restored_bytes(moved / out.name, tmp_path / "restored") == {"voicemail.m4a": RECORDING}
    # A changed byte inside it is found, before anything is asked.
    data = bytearray((moved / out.name).read_bytes())
    data[-5000] ^= 1
    (moved / out.name).write_bytes(bytes(data))
    with pytest.raises(DiaryDamaged):
        restore_with_passphrase(moved / out.name, tmp_path / "again", PASSPHRASE)


def _version_1_backup(folder: Path, out: Path) -> None:
    """A backup as the app wrote it before attachment files left the database."""
    keys_json = (folder / "keys.json").read_bytes()
    db = (folder / DB_FILE).read_bytes()
    header = json.dumps(
        {
            "format": backup_file.FORMAT,
            "version": 1,
            "created_at": "2024-06-03T09:00:00Z",
            "sections": [
                {"name": "keys.json", "size": len(keys_json)},
                {"name": "diary.db", "size": len(db)},
            ],
        }
    ).encode()
    body = backup_file.MAGIC + struct.pack(">I", len(header)) + header + keys_json + db
    out.write_bytes(body + hashlib.sha256(body).digest())


def test_a_backup_from_before_the_file_store_still_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "old"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 7)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        vault.attach_bytes(vault.add_incident(make_content()), "voicemail.m4a", RECORDING)
        vault.close()
    _version_1_backup(folder, tmp_path / "old.backup")
    assert _restored_bytes(tmp_path / "old.backup", tmp_path / "restored") == {
        "voicemail.m4a": RECORDING
    }
    assert len(list((tmp_path / "restored" / FILES_FOLDER).iterdir())) == 1


def test_a_backup_made_while_an_export_reads_holds_every_entry(
    vault: Vault, tmp_path: Path
) -> None:
    """An export's reader holds the write-ahead log, so the database file alone is not the
    diary: the backup must still hold the entry saved after the export began."""
    vault.add_incident(make_content(what="Before the export began."))
    reader = vault.exhibit_files()
    try:
        vault.add_incident(make_content(what="Saved while the export was written."))
        write_backup(vault, tmp_path / "during.backup")
    finally:
        reader.close()
    vault.close()
    assert restore_with_passphrase(tmp_path / "during.backup", tmp_path / "r", PASSPHRASE).ok
    with Vault.open(tmp_path / "r", PASSPHRASE) as restored:
        assert [i.content.text for i in restored.incidents()][-1] == (
            "Saved while the export was written."
        )


def test_a_backup_from_before_a_key_change_opens_what_it_always_held_and_nothing_new(
    vault: Vault, tmp_path: Path
) -> None:
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "voicemail.m4a", RECORDING)
    kept_elsewhere = tmp_path / "kept-elsewhere.backup"
    write_backup(vault, kept_elsewhere)
    vault.change_passphrase("the passphrase after the change")
    vault.attach_bytes(incident, "after.jpg", b"\xff\xd8\xff taken after the change")
    vault.close()
    assert _restored_bytes(kept_elsewhere, tmp_path / "old") == {"voicemail.m4a": RECORDING}
