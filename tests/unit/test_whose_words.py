"""Whose words, and how they are known: an advocate's by name, what the person was told, and a
private note that stays in the diary."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from diary.domain.case import CaseDetails
from diary.domain.errors import InvalidInput, NotFound
from diary.domain.incident import Author, IncidentContent
from diary.domain.voices import Voice, voice_of, whose_words
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from tests.conftest import PASSPHRASE, make_content
from tests.legacy_store import keep_in_database


def test_an_entry_written_before_these_fields_is_stored_exactly_as_before() -> None:
    content = make_content()
    stored = content.to_dict()
    assert not {"written_by", "first_hand", "told_by"} & set(stored)
    assert IncidentContent.from_dict(stored) == content and content.first_hand
    told = content.with_changes(first_hand=False, told_by="My sister Jo")
    assert told.to_dict()["first_hand"] is False and told.to_dict()["told_by"] == "My sister Jo"
    assert IncidentContent.from_dict(json.loads(json.dumps(told.to_dict()))) == told


def test_told_by_someone_yet_first_hand_is_refused() -> None:
    with pytest.raises(InvalidInput, match="first-hand"):
        make_content(told_by="Jo").validate()
    with pytest.raises(InvalidInput, match="yes or no"):
        make_content(first_hand="no").validate()  # a share's file can hold anything


def test_an_advocates_words_carry_the_advocates_name(vault: Vault) -> None:
    vault.set_case(replace(vault.case, advocate="Sam Helper, Example ISAC"))
    note = vault.add_incident(make_content(what="Client rang me, upset."), Author.ADVOCATE)
    incident = vault.incident(note)
    assert incident.content.written_by == "Sam Helper, Example ISAC"
    assert voice_of(incident) is Voice.ADVOCATE
    assert whose_words(incident) == "Written by Sam Helper, Example ISAC (advocate)"
    # The name is part of the version, in the hash-chained record, whatever happens later.
    vault.set_case(replace(vault.case, advocate="Someone Else"))
    assert vault.history(note)[0].content["written_by"] == "Sam Helper, Example ISAC"
    assert vault.incident(note).content.written_by == "Sam Helper, Example ISAC"
    # A name given with the words wins; the person's own edit is theirs, with no name.
    vault.edit_incident(
        note, incident.content.with_changes(written_by="Pat Named"), Author.ADVOCATE
    )
    assert vault.incident(note).content.written_by == "Pat Named"
    vault.edit_incident(note, make_content(what="My own words now."), Author.VICTIM)
    own = vault.incident(note)
    assert own.content.written_by == "" and voice_of(own) is Voice.OWN
    assert vault.check().ok


def test_the_person_cannot_be_given_an_advocates_name(vault: Vault) -> None:
    mine = vault.add_incident(make_content(written_by="Sam Helper"), Author.VICTIM)
    assert vault.incident(mine).content.written_by == ""


def test_what_the_person_was_told_is_not_their_own_account(vault: Vault) -> None:
    told = vault.add_incident(make_content(first_hand=False, told_by="Neighbour at no. 4"))
    incident = vault.incident(told)
    assert voice_of(incident) is Voice.TOLD and incident.content.told_by == "Neighbour at no. 4"
    assert told in [i.id for i in vault.search("Neighbour")]


def test_who_keeps_the_diary_is_a_setting(vault: Vault) -> None:
    assert vault.kept_by is Author.VICTIM
    vault.set_kept_by(Author.ADVOCATE)
    assert vault.kept_by is Author.ADVOCATE
    with pytest.raises(InvalidInput):
        vault.set_kept_by(Author.SENDER)


def test_a_private_note_is_kept_apart_from_the_entry_and_its_record(vault: Vault) -> None:
    entry = vault.add_incident(make_content())
    other = vault.add_incident(make_content(what="Another."))
    secret = "Refuge at 12 Hidden Lane; call only after 6pm"
    vault.set_private_note(entry, secret)
    note = vault.private_note(entry)
    assert note is not None and note.text == secret and note.author is Author.VICTIM
    assert vault.ids_with_private_notes([entry, other]) == {entry}
    # Not in the entry, its revisions, its search index: nothing a share or bundle reads.
    rows = vault.conn.execute("SELECT content FROM revisions").fetchall()
    assert all("Hidden Lane" not in r[0] for r in rows)
    assert "Hidden Lane" not in json.dumps(vault.incident(entry).content.to_dict())
    assert vault.search("Hidden") == []
    assert vault.incident(entry).revisions == 1
    vault.set_private_note(entry, "Changed.", Author.ADVOCATE)
    changed = vault.private_note(entry)
    assert changed is not None and (changed.text, changed.author) == ("Changed.", Author.ADVOCATE)
    vault.set_private_note(entry, "   ")
    assert vault.private_note(entry) is None and vault.ids_with_private_notes([entry]) == set()
    with pytest.raises(NotFound):
        vault.set_private_note(999, "x")
    with pytest.raises(InvalidInput):
        vault.set_private_note(entry, "bad\x00note")
    assert vault.check().ok


def test_a_version_4_diary_gains_private_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "old"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 4)
        keep_in_database(patch)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        entry = vault.add_incident(make_content())
        assert vault.conn.execute("PRAGMA user_version").fetchone()[0] == 4
        head = vault.chain_head = vault.check().chain_head
        vault.close()
    with Vault.open(folder, PASSPHRASE) as upgraded:
        assert (
            upgraded.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 5
        )
        assert upgraded.chain_head == head and upgraded.check().ok
        upgraded.set_private_note(entry, "Safe to call after 6pm.")
        assert upgraded.ids_with_private_notes([entry]) == {entry}


def test_over_18_is_said_by_the_person_never_assumed() -> None:
    assert CaseDetails("Sam", "SE").age_line == ""
    assert CaseDetails("Sam", "SE", over_18=True).age_line == "Over 18"
    assert CaseDetails("Sam", "SE", age="16", over_18=True).age_line == "16"
    stored = CaseDetails("Sam", "SE", over_18=True).to_dict()
    assert CaseDetails.from_dict(json.loads(json.dumps(stored))).over_18 is True
    assert CaseDetails.from_dict({**stored, "over_18": "yes"}).over_18 is False  # only true


def test_whose_words_and_how_known_travel_in_a_share(vault: Vault, tmp_path: Path) -> None:
    from diary.vault.sharing.share import choose, write_share
    from diary.vault.sharing.share_import import import_share

    vault.set_case(replace(vault.case, advocate="Sam Helper"))
    told = vault.add_incident(make_content(first_hand=False, told_by="My friend Jo"))
    vault.add_incident(make_content(what="Client rang."), Author.ADVOCATE)
    vault.set_private_note(told, "Refuge at Hidden Lane")
    sent = write_share(vault, choose(vault, None, None, None), tmp_path / "s", "Alex")
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, CaseDetails("Jo", "JO"), kdf=FLOOR)
    with other:
        received = {other.incident(i).content.text: other.incident(i) for i in
                    import_share(other, sent.path, sent.passphrase).added}  # fmt: skip
        came = received[vault.incident(told).content.text].content
        assert (came.first_hand, came.told_by) == (False, "My friend Jo")
        assert received["Client rang."].content.written_by == "Sam Helper"
        assert all(other.private_note(i.id) is None for i in received.values())
        assert {voice_of(i) for i in received.values()} == {Voice.RECEIVED}
