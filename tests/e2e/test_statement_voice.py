"""Whose words, in the pack an investigator and a defence barrister both read: the statement is
the person's own first-hand account in their voice; an advocate's notes and what the person
was told are set out apart, naming whose they are."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from docx import Document

from diary.domain.incident import Author, Source
from diary.export.pack_times import recorded
from diary.export.statement_files import statement_text, write_statement_copies
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts, png_bytes

MINE = "He stood at my gate and stared at the window."
ADVOCATES = "Client phoned me in tears; he had been at her gate again."
TOLD = "Jo saw his car parked outside my flat at 3am."


def _flat(text: str) -> str:
    return " ".join(text.split())


def _statement(pdf: Path) -> str:
    return _flat(" ".join(t for t in page_texts(pdf) if "WITNESS STATEMENT" in t))


def _section(pdf: Path, title: str) -> str:
    pages = [_flat(t) for t in page_texts(pdf)]
    start = next(i for i, p in enumerate(pages) if p.startswith(title))
    return " ".join(pages[start : start + 2])


def _three_voices(vault: Vault) -> tuple[int, int, int]:
    vault.set_case(replace(vault.case, advocate="Sam Helper, Example ISAC"))
    mine = vault.add_incident(make_content(when="2024-05-01T20:00", what=MINE))
    advocate = vault.add_incident(
        make_content(when="2024-05-02T20:00", what=ADVOCATES, first_hand=False, told_by="Alex"),
        Author.ADVOCATE,
    )
    told = vault.add_incident(
        make_content(when="2024-05-03T20:00", what=TOLD, first_hand=False, told_by="My friend Jo")
    )
    return mine, advocate, told


def test_an_advocates_entry_and_a_told_entry_are_kept_out_of_the_statement(
    vault: Vault, tmp_path: Path
) -> None:
    _three_voices(vault)
    pack, result = export(vault, tmp_path)
    statement = _statement(result.pdf)
    assert MINE in statement
    assert ADVOCATES not in statement and TOLD not in statement
    # Each is in a section of its own, in the third person, saying whose words they are.
    advocate = _section(result.pdf, "Notes written by an advocate")
    assert ADVOCATES in advocate
    assert "Entry 2. Written by Sam Helper, Example ISAC (advocate)" in advocate
    assert "not part of the statement of Sam Example" in advocate
    assert "told by Alex" in advocate
    told = _section(result.pdf, "What Sam Example was told by others")
    assert TOLD in told and "Entry 3. Sam Example was told by My friend Jo" in told
    assert "hearsay" in told
    # The record of them says the same: whose words, and how known.
    with zipfile.ZipFile(result.bundle) as bundle:
        entries = {e["id"]: e for e in json.loads(bundle.read("entries.json"))["incidents"]}
    assert entries[2]["written_by"] == "Sam Helper, Example ISAC"
    assert (entries[3]["first_hand"], entries[3]["told_by"]) == (False, "My friend Jo")
    assert entries[1]["first_hand"] is True and entries[1]["written_by"] == ""


def test_the_statement_reads_as_an_account_not_a_form(vault: Vault, tmp_path: Path) -> None:
    for day in (1, 2, 3):
        vault.add_incident(
            make_content(
                when=f"2024-05-0{day}T20:00",
                feared_violence=True,
                suspect="Chris Sample, in a grey hoodie",
                feelings="Frightened and shaky.",
                impact="Stayed at my sister's for two nights",
                actions="Called my sister",
                words="I know where you live.",
                reported="101",
                police_ref="CAD 12",
            )
        )
    vault.add_incident(
        make_content(when="2024-05-04T20:00", feared_violence=True, fear="That he would hurt me")
    )
    _, result = export(vault, tmp_path)
    statement = _statement(result.pdf)
    assert "I feared that violence would be used against me" not in statement
    # Fear of violence once for each occasion the person said so, in their words when given.
    assert statement.count("I was afraid they would use violence against me.") == 3
    assert "I feared that he would hurt me." in statement
    for label in ("The person:", "How I felt:", "What I feared:", "What I did:", "Vehicle:"):
        assert label not in statement
    assert "It was Chris Sample, in a grey hoodie." in statement
    assert "I felt frightened and shaky." in statement
    assert "It affected my day-to-day life \u2014 stayed at my sister's for two nights." in (
        statement
    )
    assert "I called my sister." in statement
    assert "I called 101; the reference is CAD 12." in statement
    assert "The words used were: \u201cI know where you live.\u201d It was Chris" in statement
    assert "Over 18" not in statement and "URN:" in statement


def test_exhibits_are_produced_as_officers_write_it_with_how_when_and_on_what(
    vault: Vault, tmp_path: Path
) -> None:
    entry = vault.add_incident(make_content())
    vault.attach_bytes(
        entry,
        "shot.png",
        png_bytes(),
        Source(
            platform="WhatsApp",
            profile="Chris S",
            shown_time="21:25 16/01/2024",
            captured_at="2024-06-03T21:40+01:00",
            device="my phone, a Samsung A52",
        ),
    )
    vault.attach_bytes(entry, "voicemail.mp3", b"ID3" + bytes(200))
    pack, result = export(vault, tmp_path)
    statement = _statement(result.pdf)
    imported = pack.exhibits[0].attachment.imported_at
    assert (
        "I have a screenshot from WhatsApp, showing the name Chris S, with the time shown on it "
        "as Tue 16 Jan 2024, 21:25 (the device\u2019s clock), which I produce as exhibit SE/1. "
        "It was taken on my phone, a Samsung A52 on Mon 3 Jun 2024, 21:40 BST and saved into "
        f"my diary on {recorded(imported, pack.zone)}." in statement
    )
    assert "I have an audio recording, which I produce as exhibit SE/2." in statement
    assert "I produce a screenshot marked" not in statement


def test_the_text_and_word_copies_hold_the_statement_of_the_pdf(
    vault: Vault, tmp_path: Path
) -> None:
    _three_voices(vault)
    vault.set_case(replace(vault.case, over_18=True, occupation="Nurse"))
    entry = vault.add_incident(make_content(when="2024-05-05T20:00", what="Tab\there & <b>x</b>"))
    vault.attach_bytes(entry, "shot.png", png_bytes())
    pack, result = export(vault, tmp_path)
    text_path, docx_path = tmp_path / "statement.txt", tmp_path / "statement.docx"
    write_statement_copies(pack, text_path, docx_path)
    text = text_path.read_text(encoding="utf-8")
    assert text == statement_text(pack)
    word = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert _flat(word) == _flat(text)
    assert "Age if under 18: Over 18" in text and "Occupation: Nurse" in text
    assert "URN: ____" in text and "consisting of ____ page(s)" in text
    assert "DRAFT, NOT SIGNED" in text
    # The same account as the PDF's statement: the person's own entries, and only those.
    pdf_statement = _statement(result.pdf)
    for part in (MINE, "Tab here & <b>x</b>", "which I produce as exhibit SE/1."):
        assert part in _flat(text) and part in pdf_statement
    assert ADVOCATES not in text and TOLD not in text
    # Nothing in the Word file says who or what made it.
    with zipfile.ZipFile(docx_path) as docx:
        assert sorted(docx.namelist()) == [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
        ]
    # Another export of the same pack writes the same bytes.
    write_statement_copies(pack, None, tmp_path / "again.docx")
    assert (tmp_path / "again.docx").read_bytes() == docx_path.read_bytes()


def test_a_statement_with_no_first_hand_entry_says_so(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what=ADVOCATES), Author.ADVOCATE)
    pack, result = export(vault, tmp_path)
    statement = _statement(result.pdf)
    assert "No entry chosen for this pack is Sam Example's own first-hand account" in statement
    assert ADVOCATES not in statement
    assert not re.search(r"\b1\. On ", statement)


def test_a_draft_victim_personal_statement_when_asked(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(
        make_content(feelings="Terrified", impact="I moved my shifts", effects=("sleep", "cost"))
    )
    vault.add_incident(
        make_content(feelings="The advocate's view", effects=("health",)), Author.ADVOCATE
    )
    _, plain = export(vault, tmp_path)
    assert not any("Draft Victim Personal Statement" in t for t in page_texts(plain.pdf))
    _, result = export(vault, tmp_path, name="vps", vps=True)
    vps = _section(result.pdf, "Draft Victim Personal Statement")
    assert "A DRAFT" in vps and "disclosed to the defence" in vps
    assert "gives no view on what sentence should be passed" in vps
    assert "I felt terrified." in vps and "I moved my shifts." in vps
    assert "I lost sleep (after what happened on Mon 3 Jun 2024)." in vps
    assert "It cost me money" in vps
    assert "advocate's view" not in vps and "affected my health" not in vps
