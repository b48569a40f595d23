"""What a backup and a restore check, each once: damage must still be found where it is.

A backup carries the diary's database file as it is, its pages checked where they lie and the
copy read back and compared with that file byte for byte; a restore checks the pages
and the chain once, as soon as the database is written, and leaves them out of its closing
check. Each test here damages what one of those checks is the only one to look at.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from diary.domain.errors import DiaryDamaged
from diary.vault import Vault
from diary.vault.backups import backup, backup_file
from diary.vault.backups.auto_backup import BACKUPS_FOLDER, auto_backup, backups_in
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.storage.database import DB_FILE
from tests.conftest import PASSPHRASE, make_content

PAGE = 4096


def _fill(vault: Vault, entries: int = 60) -> None:
    for n in range(entries):
        vault.add_incident(make_content(what=f"Entry {n}: he waited by the gate again. " * 8))


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as fp:
        fp.seek(offset)
        byte = fp.read(1)
        fp.seek(offset)
        fp.write(bytes([byte[0] ^ 0x01]))


def test_a_damaged_page_in_the_diary_stops_the_backup_and_leaves_nothing(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    """The diary's file is copied as it is: a page damaged on the disk must be found in the
    diary, not carried into a backup that looks good."""
    _fill(vault)
    earlier = tmp_path / "earlier.backup"
    write_backup(vault, earlier)
    before = earlier.read_bytes()
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = diary_dir / DB_FILE
    pages = database.stat().st_size // PAGE
    _flip(database, (pages // 2) * PAGE + 1000)

    out = tmp_path / "after.backup"
    with pytest.raises(DiaryDamaged, match="No backup was made") as raised:
        write_backup(vault, out)
    assert "diary check" in raised.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary", "earlier.backup"]
    assert earlier.read_bytes() == before

    report = auto_backup(vault, datetime(2024, 6, 3, 9, 0, tzinfo=UTC))
    assert not report.made and report.problems
    assert backups_in(diary_dir / BACKUPS_FOLDER) == []


def test_a_copy_that_differs_from_the_pages_checked_is_not_kept(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages are checked in the diary, not in the copy: the copy is kept only if what is
    on the disk is, byte for byte, what was written from them."""
    _fill(vault)
    real = backup._write_container

    def written_then_changed_on_the_disk(partial: Path, *args: object) -> str:
        digest = real(partial, *args)  # type: ignore[arg-type]
        contents = backup_file.read(partial)
        _flip(partial, contents.db_offset + contents.db_size // 2)
        return digest

    monkeypatch.setattr(backup, "_write_container", written_then_changed_on_the_disk)
    out = tmp_path / "one.backup"
    with pytest.raises(DiaryDamaged, match="differs from what was written"):
        write_backup(vault, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary"]


def test_a_byte_read_wrong_from_the_diary_while_copying_is_not_kept(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages are checked in one read of the diary's file and copied in another: a byte
    that comes out of the copying read wrong is in the hash the copy is written with, so the
    copy read back must be compared with the diary's file itself."""
    _fill(vault)
    real = backup_file.write
    misread = tmp_path / "misread.db"

    def copied_from_a_wrong_read(out: BinaryIO, keys: bytes, db_path: Path, *rest: Any) -> Any:
        data = bytearray(db_path.read_bytes())
        data[len(data) // 2] ^= 0x01
        misread.write_bytes(bytes(data))
        return real(out, keys, misread, *rest)

    monkeypatch.setattr(backup_file, "write", copied_from_a_wrong_read)
    out = tmp_path / "one.backup"
    with pytest.raises(DiaryDamaged, match="differs from what was written"):
        write_backup(vault, out)
    assert not out.exists() and not (tmp_path / "one.backup.partial").exists()


def _rehashed(path: Path) -> None:
    """Give a changed backup file a final hash that fits, as anyone could."""
    data = path.read_bytes()[:-32]
    path.write_bytes(data + hashlib.sha256(data).digest())


@pytest.mark.parametrize("where", ["first page", "middle page", "last page"])
def test_a_changed_page_with_a_final_hash_that_fits_is_refused_and_changes_nothing(
    vault: Vault, tmp_path: Path, where: str
) -> None:
    """The closing check of a restore no longer reads every page's HMAC: the one check made
    as the database is written must catch a page changed by someone who also rewrote the
    backup's own final hash."""
    _fill(vault)
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    vault.close()
    contents = backup_file.read(out)
    pages = contents.db_size // PAGE
    page = {"first page": 0, "middle page": pages // 2, "last page": pages - 1}[where]
    _flip(out, contents.db_offset + page * PAGE + 200)
    _rehashed(out)
    backup_file.read(out)  # the file as a whole looks intact
    target = tmp_path / "restored"
    with pytest.raises(DiaryDamaged, match="damaged|integrity"):
        restore_with_passphrase(out, target, PASSPHRASE)
    assert not target.exists()


def test_a_backup_missing_its_last_pages_with_a_fitting_hash_is_refused(
    vault: Vault, tmp_path: Path
) -> None:
    """Whole pages cut from the end keep every HMAC that is left intact: the length its pages
    say must still be checked once."""
    _fill(vault)
    out = tmp_path / "one.backup"
    write_backup(vault, out)
    vault.close()
    contents = backup_file.read(out)
    data = out.read_bytes()
    cut = contents.db_offset + contents.db_size - 2 * PAGE
    shortened = bytearray(data[:cut] + data[contents.db_offset + contents.db_size : -32])
    header_end = contents.db_offset - len(contents.keys_json)
    header = bytes(shortened[12:header_end]).replace(
        f'"size":{contents.db_size}'.encode(), f'"size":{contents.db_size - 2 * PAGE}'.encode()
    )
    assert len(header) == header_end - 12  # the size has as many digits as before
    shortened[12:header_end] = header
    out.write_bytes(bytes(shortened) + hashlib.sha256(shortened).digest())
    target = tmp_path / "restored"
    with pytest.raises(DiaryDamaged):
        restore_with_passphrase(out, target, PASSPHRASE)
    assert not target.exists()


def _bytes_under(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_a_later_backup_needs_free_disk_for_the_database_and_what_is_new_only(
    vault: Vault, diary_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No loose copy of the database beside the backup: at its fullest (everything written,
    not yet read back) a backup after one new entry and one new file has added no more to
    the disk than the database and that file."""
    _fill(vault, entries=400)
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "first.bin", bytes(range(256)) * 4000)
    assert auto_backup(vault, datetime(2024, 6, 3, 9, 0, tzinfo=UTC)).ok
    vault.add_incident(make_content(what="One more entry."))
    vault.attach_bytes(incident, "new.bin", bytes(range(256)) * 2000)
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _bytes_under(diary_dir)
    fullest: list[int] = []
    real = backup._check_written

    def measured(*args: Any) -> None:
        fullest.append(_bytes_under(diary_dir))
        real(*args)

    monkeypatch.setattr(backup, "_check_written", measured)
    assert auto_backup(vault, datetime(2024, 6, 3, 10, 0, tzinfo=UTC)).ok
    database = (diary_dir / DB_FILE).stat().st_size
    new_file = 256 * 2000 + 16 + 24  # one piece's tag and the file's header
    assert database > 1_000_000
    assert fullest[0] - before <= database + new_file + 64 * 1024  # the list, the header, WAL
