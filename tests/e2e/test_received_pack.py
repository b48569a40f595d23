"""A received entry with a file, through the pack: the file is an exhibit that names where it came
from, and the person's statement never produces it as theirs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from diary.cli import main
from diary.domain.case import CaseDetails
from diary.domain.errors import EXIT_VERIFY_FAILED
from diary.domain.incident import Author
from diary.domain.times import utc_now
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing.adoption import adopt
from diary.vault.sharing.proposals import accept
from diary.vault.sharing.share import choose, write_share
from diary.vault.sharing.share_import import import_share
from diary.vault.storage.chain import revision_hash
from tests import forged_share as forged
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, forge_bundle, page_texts, png_bytes

PASSCODE = forged.PASSPHRASE

SEEN = "I saw him parked outside her house for an hour."


def _received_with_a_file(vault: Vault, tmp_path: Path) -> int:
    advocate, _ = Vault.create(
        tmp_path / "advocate", PASSPHRASE, CaseDetails("Jo Advocate", "JA"), kdf=FLOOR
    )
    note = advocate.add_incident(
        make_content(when="2024-06-04T20:00", what=SEEN, fear="That he would come in"),
        Author.ADVOCATE,
    )
    advocate.attach_bytes(note, "car.png", png_bytes())
    sent = write_share(advocate, choose(advocate, [note], None, None), tmp_path / "s", "Jo")
    advocate.close()
    (received,) = import_share(vault, sent.path, sent.passphrase).added
    return received


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_received_file_is_an_exhibit_of_the_senders_entry(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what="He followed me home."))
    received = _received_with_a_file(vault, tmp_path)
    pack, result = export(vault, tmp_path)
    assert [i.incident.id for i in pack.received] == [received]
    (exhibit,) = pack.exhibits
    pages = [_flat(t) for t in page_texts(result.pdf)]
    statement = " ".join(p for p in pages if "WITNESS STATEMENT" in p)
    assert SEEN not in statement and "I produce" not in statement
    assert exhibit.mark not in statement
    exhibit_page = next(p for p in pages if f"Exhibit {exhibit.mark}" in p)
    assert "R1, received from Jo" in exhibit_page
    schedule = next(p for p in pages if p.startswith("Exhibit schedule"))
    assert "R1, received from Jo" in schedule
    audit = next(p for p in pages if p.startswith("Audit trail"))
    # The table's narrow cells wrap: the words come out of the PDF around the line breaks.
    assert "(received from" in audit and "(from Jo)" in audit
    chronology = next(p for p in pages if p.startswith("Chronology:"))
    assert SEEN not in chronology
    with zipfile.ZipFile(result.bundle) as bundle:
        entries = json.loads(bundle.read("entries.json"))["incidents"]
    theirs = next(e for e in entries if e["id"] == received)
    assert (theirs["pack_reference"], theirs["author"]) == ("R1", "sender")
    assert theirs["received"]["from"] == "Jo" and theirs["received"]["sender_name_checked"] is False

    # Adopted, the account and its file are the person's: in the statement, produced by them.
    adopt(vault.conn, received, utc_now())
    pack, result = export(vault, tmp_path, name="adopted")
    assert pack.received == ()
    statement = _flat(" ".join(t for t in page_texts(result.pdf) if "WITNESS STATEMENT" in t))
    assert SEEN in statement and f"which I produce as exhibit {exhibit.mark}." in statement


def _verify(capsys: pytest.CaptureFixture[str], bundle: Path) -> tuple[int, str]:
    code = main(["verify", str(bundle)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_pack_with_received_accepted_and_adopted_entries_says_whose_and_verifies(
    vault: Vault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where the sender's authorship meets the pack's claims: the received entry is the
    sender's, with zone-labelled times and every version in entries.json; a change the person
    accepted is in the appendix; an adopted entry says it was received, not first written here;
    and verify works out every revision, the sender's included, up to the chain head."""
    when = "2024-06-01T18:00"
    own = vault.add_incident(make_content(when=when, what="He waited."))
    given = write_share(vault, choose(vault, [own], None, None), tmp_path / "1", "S")
    earlier = forged.read_share(given.path, given.passphrase)["incidents"][0]
    change = forged.edit_on_top(earlier, make_content(when=when, what="He waited by the gate."))
    (number,) = import_share(vault, forged.write_share(tmp_path / "2", [change]), PASSCODE).proposed
    accept(vault.conn, number, Author.VICTIM, utc_now())
    seen = forged.entry(make_content(when="2024-06-02T20:00", what="Seen from the bus."))
    twice = forged.edit_on_top(seen, make_content(when="2024-06-02T20:00", what=SEEN))
    (received,) = import_share(vault, forged.write_share(tmp_path / "3", [twice]), PASSCODE).added
    mine = forged.entry(make_content(when="2024-06-03T20:00", what="He rang the doorbell."))
    (adopted,) = import_share(vault, forged.write_share(tmp_path / "4", [mine]), PASSCODE).added
    adopt(vault.conn, adopted, utc_now())

    pack, result = export(vault, tmp_path)
    assert [i.reference for i in pack.incidents] == [f"Entry {own}", f"Entry {adopted}"]
    assert [i.reference for i in pack.received] == ["R1"]
    pages = [_flat(t) for t in page_texts(result.pdf)]
    cover = pages[0]
    assert "All 2 entries in the diary." in cover and "Entries received from others 1" in cover
    assert (
        f"received in a share from {forged.SENDER}, not first written in this diary "
        f"(entry {adopted})" in cover
    )
    statement = " ".join(p for p in pages if "WITNESS STATEMENT" in p)
    assert f"Diary entry {adopted}, received from {forged.SENDER} " in statement
    assert SEEN not in statement
    theirs = next(p for p in pages if p.startswith("Entries received from others"))
    assert "When it happened (as the sender gives it): Sun 2 Jun 2024, 20:00 BST" in theirs
    assert "The sender's file says it was written: Wed 1 Jan 2031, 09:00 GMT by “victim”" in theirs
    appendix = next(p for p in pages if p.startswith("Appendix: changes"))
    assert f"Entry {own} — Sat 1 Jun 2024" in appendix and "R1" not in appendix
    assert "A change proposed (not applied) " in appendix
    assert f"received from {forged.SENDER}." in appendix
    assert "A proposed change accepted" in appendix
    assert "was “He waited.”; now “He waited by the gate.”" in appendix

    with zipfile.ZipFile(result.bundle) as bundle:
        document = json.loads(bundle.read("entries.json"))
    record = next(e for e in document["incidents"] if e["id"] == received)
    assert record["pack_reference"] == "R1" and record["received"]["from"] == forged.SENDER
    sent = [h for h in record["history"] if h["received"]]
    assert [h["event"] for h in sent] == ["create", "edit"]
    assert {h["received_from"] for h in sent} == {forged.SENDER}
    code, output = _verify(capsys, result.bundle)
    assert code == 0, output
    assert f"all {len(document['chain']['links'])} revisions in the diary worked out" in output

    # A received version changed, its hash made to agree: no import in the chain carries it.
    first = sent[0]
    first["content"] = first["content"].replace("Seen from the bus.", "Never happened.")
    first["hash"] = revision_hash(
        first["prev_hash"],
        first["seq"],
        record["uid"],
        first["event"],
        first["author"],
        first["recorded_at"],
        first["content"],
    )
    forged_bundle = tmp_path / "forged.zip"
    forge_bundle(result.bundle, forged_bundle, {"entries.json": json.dumps(document).encode()})
    code, output = _verify(capsys, forged_bundle)
    assert code == EXIT_VERIFY_FAILED, output
    assert f"entry {received}, received revision 1: not the one its import" in output
