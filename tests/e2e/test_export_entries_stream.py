"""entries.json is written a piece at a time, never held whole, and reads as one document."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from diary.export import entries_json
from diary.export.pack import PackOptions, build_pack
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export


def test_entries_json_written_in_pieces_is_whole_and_what_the_cover_hashes(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entries_json, "_LINKS_AT_ONCE", 2)  # the chain in several pieces
    ids = [
        vault.add_incident(make_content(when=f"2024-06-0{d}T10:00", what=f"Entry {d} «ü»"))
        for d in range(1, 6)
    ]
    vault.edit_incident(ids[0], make_content(when="2024-06-01T10:00", what="Entry 1, again"))
    with build_pack(vault, PackOptions()) as pack:
        whole = pack.entries_json
        assert b"".join(pack.entries_chunks()) == whole  # the same bytes every time
        assert hashlib.sha256(whole).hexdigest() == pack.entries_sha256
    document = json.loads(whole)
    assert [i["pack_reference"] for i in document["incidents"]] == [f"Entry {n}" for n in ids]
    assert document["incidents"][0]["text"] == "Entry 1, again"
    assert document["incidents"][4]["text"] == "Entry 5 «ü»"
    assert document["chain"]["revisions"] == len(document["chain"]["links"]) == 6
    assert document["chain_head"] == document["chain"]["links"][-1][1] == vault.check().chain_head

    _, result = export(vault, tmp_path)
    assert result.bundle is not None
    with zipfile.ZipFile(result.bundle) as archive:
        written = archive.read("entries.json")
        manifest = json.loads(archive.read("manifest.json"))
    assert json.loads(written)["chain"]["revisions"] == 6
    assert manifest["files"]["entries.json"]["size"] == len(written)
    digest = hashlib.sha256(written).hexdigest()
    assert manifest["files"]["entries.json"]["sha256"] == digest
