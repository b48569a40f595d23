"""The vault: opening rules, revisions and their hash chain, search, attachments, marks, keys."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from diary.domain.errors import (
    DiaryDamaged,
    DiaryExists,
    DiaryNotFound,
    InvalidInput,
    NotFound,
    WrongPassphrase,
)
from diary.domain.incident import Author, NewFile, Source
from diary.vault import Vault
from diary.vault.storage.database import DB_FILE
from diary.vault.storage.schema import SCHEMA_VERSION
from tests.conftest import PASSPHRASE, make_content


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def test_an_entry_is_read_back_after_reopening(vault: Vault, diary_dir: Path) -> None:
    content = make_content(
        words="You can't hide", witnesses=("A neighbour",), behaviours=("loitering",)
    )
    incident_id = vault.add_incident(content)
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        incident = reopened.incident(incident_id)
    assert incident.content == content
    assert incident.revisions == 1


def test_every_pragma_the_design_requires_is_in_force(vault: Vault) -> None:
    conn = vault.conn
    assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "1"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_database_file_is_not_readable_without_the_key(vault: Vault, diary_dir: Path) -> None:
    vault.add_incident(make_content(what="a very distinctive phrase xyzzy"))
    vault.close()
    raw = b"".join(p.read_bytes() for p in diary_dir.iterdir() if p.is_file())
    assert b"xyzzy" not in raw and b"SQLite format 3" not in raw and b"Sam Example" not in raw


def test_a_wrong_passphrase_changes_nothing(new_vault: tuple[Vault, str], diary_dir: Path) -> None:
    new_vault[0].close()
    before = _files(diary_dir)
    with pytest.raises(WrongPassphrase):
        Vault.open(diary_dir, "not the passphrase")
    assert _files(diary_dir) == before


def test_a_missing_or_empty_database_is_never_replaced(
    new_vault: tuple[Vault, str], diary_dir: Path
) -> None:
    new_vault[0].close()
    db = diary_dir / DB_FILE
    db.write_bytes(b"")
    with pytest.raises(DiaryDamaged, match="empty"):
        Vault.open(diary_dir, PASSPHRASE)
    assert db.stat().st_size == 0
    db.unlink()
    with pytest.raises(DiaryDamaged, match="missing"):
        Vault.open(diary_dir, PASSPHRASE)
    assert not db.exists()


def test_no_diary_and_existing_diary_are_plain_errors(
    tmp_path: Path, vault: Vault, diary_dir: Path
) -> None:
    with pytest.raises(DiaryNotFound):
        Vault.open(tmp_path / "nowhere", PASSPHRASE)
    assert not (tmp_path / "nowhere").exists()
    with pytest.raises(DiaryExists):
        Vault.create(diary_dir, PASSPHRASE, vault.case)


def test_each_save_appends_a_revision_and_history_keeps_every_version(vault: Vault) -> None:
    first = make_content(what="First account")
    incident_id = vault.add_incident(first)
    vault.edit_incident(incident_id, first.with_changes(text="Corrected account"), Author.ADVOCATE)
    history = vault.history(incident_id)
    assert [r.event for r in history] == ["create", "edit"]
    assert history[0].content["text"] == "First account"
    assert history[1].author is Author.ADVOCATE
    assert history[1].prev_hash == history[0].hash
    assert vault.incident(incident_id).content.text == "Corrected account"


def test_revisions_cannot_be_changed_or_removed(vault: Vault) -> None:
    vault.add_incident(make_content())
    with pytest.raises(Exception, match="append-only"):
        vault.conn.execute("UPDATE revisions SET content = '{}'")
    with pytest.raises(Exception, match="append-only"):
        vault.conn.execute("DELETE FROM revisions")


def test_a_changed_revision_is_caught_when_the_diary_is_opened(
    vault: Vault, diary_dir: Path
) -> None:
    vault.add_incident(make_content(what="What really happened"))
    vault.add_incident(make_content(what="Second"))
    conn = vault.conn
    # Someone with the key and a SQL shell could drop the trigger; the chain still tells.
    conn.execute("DROP TRIGGER revisions_no_update")
    conn.execute("UPDATE revisions SET content = replace(content, 'really', 'never') WHERE seq = 1")
    vault.close()
    with pytest.raises(DiaryDamaged, match="revision 1 has been changed"):
        Vault.open(diary_dir, PASSPHRASE)


def test_deleting_is_a_recorded_event(vault: Vault) -> None:
    incident_id = vault.add_incident(make_content(what="Mistaken entry"))
    vault.delete_incident(incident_id, "entered twice")
    assert vault.incidents() == []
    assert vault.search("Mistaken") == []
    with pytest.raises(NotFound):
        vault.incident(incident_id)
    assert [r.event for r in vault.history(incident_id)] == ["create", "delete"]
    assert vault.check().ok


def test_listing_is_in_time_order_and_filters_by_day_and_behaviour(vault: Vault) -> None:
    late = vault.add_incident(make_content(when="2024-06-10T09:00", behaviours=("following",)))
    early = vault.add_incident(make_content(when="2024-06-01T23:30", behaviours=("contact",)))
    assert [i.id for i in vault.incidents()] == [early, late]
    # 23:30 BST on 1 June is 22:30 UTC: the local day is what the person means.
    assert [i.id for i in vault.incidents(end=date(2024, 6, 1))] == [early]
    assert [i.id for i in vault.incidents(behaviour="following")] == [late]


def test_search_finds_words_in_any_field_and_ignores_accents(vault: Vault) -> None:
    target = vault.add_incident(make_content(where="Café on Market Street", words="Je te vois"))
    vault.add_incident(make_content(where="Bus stop"))
    assert [i.id for i in vault.search("cafe")] == [target]
    assert [i.id for i in vault.search("vois")] == [target]
    assert [i.id for i in vault.search("mark")] == [target]  # prefix of the last word


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40))
def test_no_query_a_person_can_type_raises(vault: Vault, query: str) -> None:
    vault.search(query)


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "(", "-", "a:b", 'x" OR "y', "^"])
def test_fts_operators_are_searched_as_text(vault: Vault, query: str) -> None:
    assert vault.search(query) == []


def _png(size: tuple[int, int] = (64, 48), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def test_attachments_keep_the_original_bytes_and_hash(vault: Vault, tmp_path: Path) -> None:
    incident_id = vault.add_incident(make_content())
    data = _png() + b"trailing bytes kept too"
    path = tmp_path / "screenshot.png"
    path.write_bytes(data)
    source = Source(platform="Instagram", url="https://example.invalid/p/1", profile="@someone")
    a = vault.attach_file(incident_id, path, source)
    assert vault.read_original(a.id) == data
    assert a.sha256 == hashlib.sha256(data).hexdigest()
    assert (a.media_type, a.size, a.source) == ("image/png", len(data), source)
    assert vault.thumbnail(a.id) is not None
    assert [r.event for r in vault.history(incident_id)] == ["create", "attach"]


def test_large_attachments_are_stored_in_pieces_and_come_back_whole(vault: Vault) -> None:
    incident_id = vault.add_incident(make_content())
    data = bytes(range(256)) * (3 * 1024 * 4 + 7)  # ~3 MiB, not a multiple of the chunk size
    a = vault.attach_bytes(incident_id, "recording.bin", data)
    (pieces,) = vault.conn.execute(
        "SELECT pieces FROM stored_files WHERE attachment_id = ?", (a.id,)
    ).fetchone()
    assert pieces == 4
    assert vault.conn.execute("SELECT count(*) FROM attachment_chunks").fetchone()[0] == 0
    assert vault.read_original(a.id) == data
    assert vault.open_original(a.id).read() == data


def test_evidence_cannot_be_changed_once_stored(vault: Vault) -> None:
    a = vault.attach_bytes(vault.add_incident(make_content()), "a.png", _png())
    with pytest.raises(Exception, match="never changed"):
        vault.conn.execute("UPDATE attachments SET sha256 = 'x' WHERE id = ?", (a.id,))
    with pytest.raises(Exception, match="never changed"):
        vault.conn.execute("UPDATE stored_files SET file_id = 'x' WHERE attachment_id = ?", (a.id,))
    with pytest.raises(Exception, match="never deleted"):
        vault.conn.execute("DELETE FROM stored_files")


def test_exhibit_marks_are_consecutive_and_never_renumbered(vault: Vault) -> None:
    incident_id = vault.add_incident(make_content())
    a = vault.attach_bytes(incident_id, "a.png", _png())
    b = vault.attach_bytes(incident_id, "b.png", _png(color="blue"))
    assert vault.assign_exhibit_marks([b.id]) == {b.id: "SE/1"}
    c = vault.attach_bytes(incident_id, "c.png", _png(color="green"))
    assert vault.assign_exhibit_marks([a.id, b.id, c.id]) == {
        a.id: "SE/2",
        b.id: "SE/1",
        c.id: "SE/3",
    }
    assert vault.incident(incident_id).attachments[1].exhibit_mark == "SE/1"


def test_attaching_to_a_missing_incident_changes_nothing(vault: Vault) -> None:
    with pytest.raises(NotFound):
        vault.attach_bytes(999, "a.png", _png())
    assert vault.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


def test_a_zero_byte_file_is_refused(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        vault.attach_file(vault.add_incident(make_content()), tmp_path / "empty.png")


def test_drafts_survive_closing(vault: Vault, diary_dir: Path) -> None:
    vault.save_draft("new", '{"text": "half-written"}')
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        assert reopened.draft("new") == '{"text": "half-written"}'


def test_migrations_bring_an_empty_database_to_the_current_version(tmp_path: Path) -> None:
    import sqlcipher3

    from diary.vault.storage.schema import migrate

    conn = sqlcipher3.connect(str(tmp_path / "old.db"), isolation_level=None)
    assert migrate(conn) == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert migrate(conn) == SCHEMA_VERSION  # a second run does nothing


def test_check_reports_an_intact_diary(vault: Vault) -> None:
    incident_id = vault.add_incident(make_content())
    vault.attach_bytes(incident_id, "a.png", _png())
    report = vault.check()
    assert report.ok, report.problems
    assert (report.incidents, report.revisions, report.attachments) == (1, 2, 1)


def test_private_notes_are_kept_apart_from_incidents(vault: Vault) -> None:
    note_id = vault.add_private_note("Refuge address: keep private", Author.ADVOCATE)
    assert vault.private_notes()[0][0] == note_id
    assert vault.private_notes()[0][1] is Author.ADVOCATE
    assert vault.incidents() == [] and vault.search("refuge") == []
    with pytest.raises(InvalidInput):
        vault.add_private_note("   ")


def test_a_batch_of_screenshots_is_kept_byte_for_byte_in_order(vault: Vault) -> None:
    first = vault.add_incident(make_content(what="first"))
    second = vault.add_incident(make_content(what="second"))
    shots = [
        _png(color=c) + bytes([i])
        for i, c in enumerate(["red", "green", "blue", "white", "black", "gray"])
    ]
    items = [
        (first if i % 2 else second, f"shot-{i}.png", data, Source())
        for i, data in enumerate(shots)
    ]
    stored = vault.attach_many(items)
    assert [a.filename for a in stored] == [f"shot-{i}.png" for i in range(6)]
    for attachment, data in zip(stored, shots, strict=True):
        assert vault.read_original(attachment.id) == data
        assert attachment.sha256 == hashlib.sha256(data).hexdigest()
        assert vault.thumbnail(attachment.id) is not None
    assert [r.event for r in vault.history(first)].count("attach") == 3
    assert vault.check().ok


def test_files_kept_one_after_another_report_each_refusal_and_keep_the_rest(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diary.vault.attachments import attachments

    # Anything over 4 KiB counts as too large to hold in memory, so the last file is streamed.
    monkeypatch.setattr(attachments, "_IN_MEMORY_BYTES", 4096)
    monkeypatch.setattr(attachments, "_AHEAD_BYTES", 4096)
    incident_id = vault.add_incident(make_content())
    picked = tmp_path / "photo.png"
    picked.write_bytes(_png(color="blue"))
    (tmp_path / "empty.jpg").write_bytes(b"")
    video = tmp_path / "doorbell.mp4"
    video.write_bytes(bytes(range(256)) * 64)  # 16 KiB
    files = [
        NewFile(incident_id, "pasted.png", Source(platform="WhatsApp"), data=_png()),
        NewFile.from_path(incident_id, picked),
        NewFile.from_path(incident_id, tmp_path / "empty.jpg"),
        NewFile.from_path(incident_id, tmp_path / "gone.png"),
        NewFile.from_path(incident_id, video),
    ]
    results = list(vault.attach_each(files))
    assert [type(r).__name__ for r in results] == [
        "Attachment",
        "Attachment",
        "InvalidInput",
        "InvalidInput",
        "Attachment",
    ]
    assert "empty" in str(results[2]) and "gone.png" in str(results[3])
    kept = [r for r in results if not isinstance(r, Exception)]
    expected = [_png(), picked.read_bytes(), video.read_bytes()]
    assert [a.filename for a in kept] == ["pasted.png", "photo.png", "doorbell.mp4"]
    for attachment, data in zip(kept, expected, strict=True):
        assert vault.read_original(attachment.id) == data
        assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert kept[0].source.platform == "WhatsApp"
    assert kept[0].has_thumbnail and kept[1].has_thumbnail
    assert [r.event for r in vault.history(incident_id)].count("attach") == 3
    assert vault.check().ok


def test_stopping_between_files_keeps_those_already_stored_and_no_others(vault: Vault) -> None:
    incident_id = vault.add_incident(make_content())
    files = [NewFile(incident_id, f"{n}.png", data=_png() + bytes([n])) for n in range(6)]
    results = vault.attach_each(files)
    first, second = next(results), next(results)
    results.close()  # as a lock does while files are being stored
    stored = vault.incident(incident_id).attachments
    assert [a.id for a in stored] == [first.id, second.id]  # type: ignore[union-attr]


def test_a_batch_with_an_empty_file_stores_nothing(vault: Vault) -> None:
    incident_id = vault.add_incident(make_content())
    with pytest.raises(InvalidInput, match="empty"):
        vault.attach_many(
            [(incident_id, "a.png", _png(), Source()), (incident_id, "b.png", b"", Source())]
        )
    assert vault.incident(incident_id).attachments == ()
