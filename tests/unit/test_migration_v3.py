"""Schema version 3 (attachment chunks in a rowid table) applied to a diary made at version 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.attachments.attachments import CHUNK_BYTES
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database


def test_version_2_diary_keeps_every_attachment_byte_through_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    recording = os.urandom(2 * CHUNK_BYTES + 12345)  # three chunks
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 2)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        first = vault.add_incident(make_content(what="Before the upgrade."))
        note = vault.attach_bytes(first, "note.txt", b"kept byte for byte")
        audio = vault.attach_bytes(first, "voicemail.m4a", recording)
        ddl = vault.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'attachment_chunks'"
        ).fetchone()[0]
        assert "WITHOUT ROWID" in ddl
        head = vault.chain_head = vault.check().chain_head
        vault.close()

    with Vault.open(folder, PASSPHRASE) as vault:
        conn = vault.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        ddl = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'attachment_chunks'"
        ).fetchone()[0]
        assert "WITHOUT ROWID" not in ddl
        assert vault.chain_head == head
        assert vault.read_original(note.id) == b"kept byte for byte"
        assert vault.read_original(audio.id) == recording
        report = vault.check()
        assert report.ok, report.problems
        # From version 8 the bytes live in the file store; the chunks went once moved there.
        assert conn.execute("SELECT count(*) FROM attachment_chunks").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM stored_files").fetchone()[0] == 2
        # New files read back exactly.
        later = vault.attach_bytes(first, "later.bin", recording[:1000])
        assert vault.read_original(later.id) == recording[:1000]
