"""The encrypted file store: attachments outside the database, each file under its own key."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from diary.domain.errors import DiaryDamaged
from diary.vault import Vault
from diary.vault.attachments import stored_files
from diary.vault.keys import keys
from diary.vault.storage import file_store
from diary.vault.storage.database import DB_FILE, connect
from diary.vault.storage.file_store import FILES_FOLDER, PIECE_BYTES, TAG_BYTES
from tests.conftest import PASSPHRASE, make_content

# Easy to find on disk if it were ever written there as it is.
MARKER = b"PLAINTEXT-MARKER-the-car-outside-the-refuge;"
RECORDING = MARKER * (3 * PIECE_BYTES // len(MARKER))  # more than two pieces


def _store_files(folder: Path) -> list[Path]:
    return sorted((folder / FILES_FOLDER).iterdir())


def test_files_hold_only_ciphertext_under_random_names(vault: Vault, diary_dir: Path) -> None:
    incident = vault.add_incident(make_content())
    a = vault.attach_bytes(incident, "voicemail.m4a", RECORDING)
    b = vault.attach_bytes(incident, "copy.m4a", RECORDING)
    vault.close()
    (one, two) = _store_files(diary_dir)
    for path in (one, two, diary_dir / DB_FILE):
        data = path.read_bytes()
        assert MARKER not in data and MARKER[:16] not in data
    # The same picture twice is two unrelated files, named by nothing derived from its bytes.
    digest = hashlib.sha256(RECORDING).hexdigest()
    assert {one.name, two.name}.isdisjoint({digest, a.sha256, b.sha256})
    assert one.read_bytes()[100:200] != two.read_bytes()[100:200]
    assert one.stat().st_mode & 0o777 == 0o600
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        assert reopened.read_original(a.id) == RECORDING
        assert b"".join(reopened.iter_original(b.id)) == RECORDING
        reader = reopened.open_original(a.id)
        reader.seek(PIECE_BYTES + 3)
        assert reader.read(10) == RECORDING[PIECE_BYTES + 3 : PIECE_BYTES + 13]


def _tamper_cases() -> list[str]:
    return ["flip", "drop-last-piece", "swap", "missing", "grown"]


@pytest.mark.parametrize("how", _tamper_cases())
def test_a_changed_file_is_never_read_as_evidence(vault: Vault, diary_dir: Path, how: str) -> None:
    incident = vault.add_incident(make_content())
    a = vault.attach_bytes(incident, "voicemail.m4a", RECORDING)
    b = vault.attach_bytes(incident, "other.m4a", os.urandom(len(RECORDING)))
    ids = dict(vault.conn.execute("SELECT attachment_id, file_id FROM stored_files").fetchall())
    target, other = (diary_dir / FILES_FOLDER / ids[n] for n in (a.id, b.id))
    data = target.read_bytes()
    if how == "flip":
        target.write_bytes(data[:5000] + bytes([data[5000] ^ 1]) + data[5001:])
    elif how == "drop-last-piece":
        target.write_bytes(data[: file_store.HEADER_BYTES + 2 * (PIECE_BYTES + TAG_BYTES)])
    elif how == "swap":
        shutil.copyfile(other, target)
    elif how == "missing":
        target.unlink()
    else:
        target.write_bytes(data + data[-100:])
    with pytest.raises(DiaryDamaged, match="voicemail.m4a"):
        vault.read_original(a.id)
    report = vault.check()
    assert not report.ok
    assert any("voicemail.m4a" in problem for problem in report.problems)
    assert vault.read_original(b.id) != b""  # the other file is still read as it was kept


def test_a_file_no_row_refers_to_is_removed_at_the_next_open(vault: Vault, diary_dir: Path) -> None:
    """An import killed after writing its file but before its transaction committed."""
    a = vault.attach_bytes(vault.add_incident(make_content()), "kept.png", b"\x89PNG kept")
    left = stored_files.writer(vault.conn)
    left.write(b"never committed")
    left.finish()
    half = stored_files.writer(vault.conn)
    half.write(b"half written")  # and never finished: still .partial
    vault.close()
    assert len(_store_files(diary_dir)) == 3
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        assert [p.name for p in _store_files(diary_dir)] == [
            stored_files.referred_files(reopened.conn)[0][0]
        ]
        assert reopened.read_original(a.id) == b"\x89PNG kept"
        assert reopened.check().ok


def test_a_key_change_rewraps_file_keys_and_never_rewrites_files(
    vault: Vault, diary_dir: Path
) -> None:
    incident = vault.add_incident(make_content())
    before = vault.attach_bytes(incident, "before.m4a", RECORDING)
    old_wrapping = stored_files.store_of(vault.conn).wrapping
    old_data_key = vault._data_key
    files_before = {p.name: p.read_bytes() for p in _store_files(diary_dir)}
    vault.change_passphrase("a new passphrase after the change")
    assert {p.name: p.read_bytes() for p in _store_files(diary_dir)} == files_before
    after = vault.attach_bytes(incident, "after.png", b"\x89PNG after the change")
    rows = dict(
        vault.conn.execute("SELECT attachment_id, wrapped_key FROM stored_files").fetchall()
    )
    ids = dict(vault.conn.execute("SELECT attachment_id, file_id FROM stored_files").fetchall())
    (waiting,) = vault.conn.execute(
        "SELECT count(*) FROM stored_files WHERE next_key IS NOT NULL"
    ).fetchone()
    assert waiting == 0
    # Nothing wrapped under the old key is left in the database, and the old key opens no
    # file added afterwards.
    for attachment_id in (before.id, after.id):
        assert file_store.unwrap(old_wrapping, ids[attachment_id], rows[attachment_id]) is None
    assert vault.read_original(before.id) == RECORDING
    vault.close()
    # The old key still opens the files it always could, through an old copy of the database.
    assert old_wrapping == file_store.wrapping_key(keys.derive_database_key(old_data_key))
    with Vault.open(diary_dir, "a new passphrase after the change") as reopened:
        assert reopened.read_original(after.id) == b"\x89PNG after the change"
        assert reopened.check().ok


def test_a_change_stopped_before_the_database_was_rekeyed_keeps_the_old_wrapping(
    vault: Vault, diary_dir: Path
) -> None:
    a = vault.attach_bytes(vault.add_incident(make_content()), "a.m4a", RECORDING)
    database_key = keys.derive_database_key(os.urandom(32))
    from diary.vault.storage.database import transaction

    with transaction(vault.conn):
        stored_files.prepare_change(vault.conn, file_store.wrapping_key(database_key))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        (waiting,) = reopened.conn.execute(
            "SELECT count(*) FROM stored_files WHERE next_key IS NOT NULL"
        ).fetchone()
        assert waiting == 0
        assert reopened.read_original(a.id) == RECORDING


def test_the_files_folder_is_read_through_any_connection(vault: Vault, diary_dir: Path) -> None:
    a = vault.attach_bytes(vault.add_incident(make_content()), "a.bin", RECORDING[:1000])
    raw = keys.derive_database_key(vault._data_key)
    vault.close()
    conn = connect(diary_dir / DB_FILE, raw, read_only=True)
    try:
        stored = stored_files.stored_file(conn, a.id, "a.bin")
        assert stored is not None
        assert b"".join(stored_files.read(conn, stored, "a.bin")) == RECORDING[:1000]
    finally:
        conn.close()
