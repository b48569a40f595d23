"""Upgrading a diary kept before version 8: its attachments' bytes move out of the database into
the encrypted file store on the first open that can write, and a kill -9 at any point of that
leaves every byte readable (each file is made durable before the chunks it replaces go)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import file_store, schema
from diary.vault.storage.database import DB_FILE
from diary.vault.storage.file_store import FILES_FOLDER
from tests.conftest import make_content
from tests.e2e.cli_runner import PASSPHRASE, diary_env, run_diary
from tests.legacy_store import keep_in_database

DRIVER = Path(__file__).with_name("kill_driver.py")
RECORDING = os.urandom(3 * 1024 * 1024 + 17)
NOTE = b"kept byte for byte"


def _version_6_diary(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 7)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        first = vault.add_incident(make_content(what="Before the upgrade."))
        vault.attach_bytes(first, "voicemail.m4a", RECORDING)
        vault.attach_bytes(first, "note.txt", NOTE)
        vault.close()


def _all_there(folder: Path) -> None:
    checked = run_diary("check", "--diary", folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with Vault.open(folder, PASSPHRASE) as vault:
        kept = {a.filename: vault.read_original(a.id) for a in vault.incident(1).attachments}
        assert kept == {"voicemail.m4a": RECORDING, "note.txt": NOTE}
        assert vault.conn.execute("SELECT count(*) FROM attachment_chunks").fetchone()[0] == 0
    assert len(list((folder / FILES_FOLDER).iterdir())) == 2


def test_the_first_open_moves_the_bytes_out_and_shrinks_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    _version_6_diary(folder, monkeypatch)
    with Vault.open(folder, PASSPHRASE):
        pass
    assert (folder / DB_FILE).stat().st_size < 1024 * 1024  # the recording is no longer in it
    _all_there(folder)


@pytest.mark.slow
@pytest.mark.parametrize("step", ["move-out-file-written", "move-out-recorded"])
def test_an_upgrade_killed_part_way_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    folder = tmp_path / "diary"
    _version_6_diary(folder, monkeypatch)
    done = subprocess.run(
        [sys.executable, str(DRIVER), step, "--", "list", "--diary", str(folder)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=diary_env(),
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    _all_there(folder)


def test_a_full_disk_during_the_upgrade_still_opens_and_reads_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    _version_6_diary(folder, monkeypatch)

    def full(self: file_store.FileWriter, piece: bytes, last: bool) -> None:
        raise file_store.write_error(OSError(errno.ENOSPC, "No space left on device"), folder)

    with monkeypatch.context() as patch:
        patch.setattr(file_store.FileWriter, "_seal", full)
        with Vault.open(folder, PASSPHRASE) as vault:
            assert any("tried again" in warning for warning in vault.warnings)
            kept = {a.filename: vault.read_original(a.id) for a in vault.incident(1).attachments}
            assert kept == {"voicemail.m4a": RECORDING, "note.txt": NOTE}
    assert not list((folder / FILES_FOLDER).iterdir())  # nothing half-written left
    _all_there(folder)  # the next open, with room, moves them out
