"""A received entry with a file, through the pack: the file is an exhibit that names where it came
from, and the person's statement never produces it as theirs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from diary.domain.case import CaseDetails
from diary.domain.incident import Author
from diary.domain.times import utc_now
from diary.vault import Vault
from diary.vault.adoption import adopt
from diary.vault.keys import FLOOR
from diary.vault.share import choose, write_share
from diary.vault.share_import import import_share
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, page_texts, png_bytes

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
