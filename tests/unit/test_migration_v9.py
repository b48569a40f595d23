"""Schema version 9 (an index on time alone, prefix search) applied to a version-8 diary."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.entries.timeline import timeline_rows
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from tests.conftest import PASSPHRASE, make_content


def test_version_8_diary_keeps_its_search_and_shows_the_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 8)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        ids = [
            vault.add_incident(make_content(when=f"2024-06-0{d}T10:00", what=f"Café visit {d}"))
            for d in range(1, 5)
        ]
        vault.delete_incident(ids[1], "Written twice.", vault.kept_by)
        head = vault.check().chain_head
        # What a search finds, as the app of version 8 asked for it (its list read no index of
        # lines: that came with version 11).
        before = {q: [i.id for i in vault.search(q)] for q in ("c", "cafe", "visit 3")}
        vault.close()

    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 9
        assert vault.chain_head == head
        after = {q: [r.id for r in vault.list_rows(matching=q)] for q in ("c", "cafe", "visit 3")}
        assert after == before == {"c": [1, 3, 4], "cafe": [1, 3, 4], "visit 3": [3]}
        fts = vault.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'incident_fts'")
        assert "prefix = '1 2 3'" in fts.fetchone()[0]
        newest = timeline_rows(vault.conn, with_deleted=True, newest=2)
        assert [r.id for r in newest] == [3, 4]
        assert [r.id for r in timeline_rows(vault.conn, newest=3)] == [1, 3, 4]
        report = vault.check()
        assert report.ok, report.problems
        vault.edit_incident(ids[3], make_content(when="2024-06-04T10:00", what="Later words"))
        assert [r.id for r in vault.list_rows(matching="caf")] == [1, 3]
