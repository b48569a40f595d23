"""What leaves the diary, and what the officer is told was kept back: a private note never
leaves it, impact left out is left out everywhere, and originals that show where a photo was
taken go into the bundle only if the person says so, which the pack states."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from diary.domain.behaviours import EFFECTS
from diary.domain.case import CaseDetails
from diary.domain.errors import EXIT_VERIFY_FAILED, InvalidInput
from diary.export.verify import verify_bundle
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing.share import choose, write_share
from diary.vault.sharing.share_crypto import ShareReader
from diary.vault.sharing.share_import import import_share
from tests.conftest import PASSPHRASE, make_content
from tests.e2e.cli_runner import add_incident, init_diary, run_diary
from tests.export_support import export, forge_bundle, page_texts
from tests.location_support import picture

SECRET = "Refuge at 12 Hidden Lane, call Bea after 6pm"
FEELINGS = "Shaking like quicksilver"
IMPACT = "Stopped going to the marmalade market"


def _everything_in(bundle: Path) -> str:
    """Every member of the bundle, as text where it is text, with the PDF's extracted text."""
    texts = []
    with zipfile.ZipFile(bundle) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            texts.append(data.decode("utf-8", "replace"))
            if name.endswith(".pdf"):
                pdf = bundle.with_name("from-bundle.pdf")
                pdf.write_bytes(data)
                texts += page_texts(pdf)
    return "\n".join(texts)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_no_impact_leaves_no_impact_line_anywhere(vault: Vault, tmp_path: Path) -> None:
    for day in (1, 2):
        vault.add_incident(
            make_content(
                when=f"2024-05-0{day}T20:00",
                feelings=FEELINGS,
                impact=IMPACT,
                effects=tuple(EFFECTS),
                fear="That he would come back",
            )
        )
    _, kept = export(vault, tmp_path, name="kept")
    everything = _everything_in(kept.bundle)
    assert FEELINGS in everything and IMPACT in everything  # the test can see them
    _, result = export(vault, tmp_path, name="without", include_impact=False)
    pages = page_texts(result.pdf)
    assert not any(t.startswith(("Impact\n", "Draft Victim")) for t in pages)
    pdf_text = "\n".join(pages)
    for where in (pdf_text, _everything_in(result.bundle)):
        flat = _flat(where).lower()
        for words in (FEELINGS, IMPACT, "quicksilver", "marmalade", *EFFECTS.values()):
            assert words.lower() not in flat, words
        for label in ("how i felt", "day-to-day life \u2014", "because of it i", "how it felt"):
            assert label not in flat
        assert "that he would come back" in flat  # fear is not impact: it stays
    with zipfile.ZipFile(result.bundle) as bundle:
        entries = json.loads(bundle.read("entries.json"))
    assert entries["left_out_of_this_pack"]["impact_fields"] == ["feelings", "impact", "effects"]
    assert all(
        (e["feelings"], e["impact"], e["effects"]) == ("", "", []) for e in entries["incidents"]
    )
    left_out = _flat(next(t for t in page_texts(result.pdf) if "What this pack leaves out" in t))
    assert "how each incident felt and its effect on day-to-day life are left out" in left_out


def test_a_private_note_never_leaves_the_diary(vault: Vault, tmp_path: Path) -> None:
    noted = vault.add_incident(make_content(what="He was at the gate."))
    vault.add_incident(make_content(when="2024-06-04T10:00", what="Calls all night."))
    vault.set_private_note(noted, SECRET)
    _, result = export(vault, tmp_path)
    pdf_text = "\n".join(page_texts(result.pdf))
    assert "Hidden Lane" not in pdf_text and b"Hidden Lane" not in result.pdf.read_bytes()
    assert "Hidden Lane" not in _everything_in(result.bundle)
    with zipfile.ZipFile(result.bundle) as bundle:
        for name in bundle.namelist():
            assert b"Hidden Lane" not in bundle.read(name), name
    # The officer is told it exists, and where, and that it can be asked for.
    left_out = _flat(next(t for t in page_texts(result.pdf) if "What this pack leaves out" in t))
    assert "Sam Example keeps a private note with Entry 1." in left_out
    assert "available on request" in left_out
    with zipfile.ZipFile(result.bundle) as bundle:
        assert "private note with Entry 1" in bundle.read("VERIFY.txt").decode()
        assert json.loads(bundle.read("entries.json"))["left_out_of_this_pack"][
            "private_notes_on"
        ] == ["Entry 1"]
    # A share carries the entry, never its note: not in its decrypted contents, not received.
    sent = write_share(vault, choose(vault, None, None, None), tmp_path / "s.share", "Sam")
    with sent.path.open("rb") as fp:
        reader = ShareReader(fp, sent.passphrase)
        plain = io.BytesIO()
        while chunk := reader.read(1 << 20):
            plain.write(chunk)
    assert b"Hidden Lane" not in plain.getvalue() and b"He was at the gate." in plain.getvalue()


def test_a_received_share_brings_no_private_note(vault: Vault, tmp_path: Path) -> None:
    noted = vault.add_incident(make_content())
    vault.set_private_note(noted, SECRET)
    sent = write_share(vault, choose(vault, None, None, None), tmp_path / "s.share", "Sam")
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, CaseDetails("Jo", "JO"), kdf=FLOOR)
    with other:
        (received,) = import_share(other, sent.path, sent.passphrase).added
        assert other.private_note(received) is None
        assert other.ids_with_private_notes([received]) == set()


def _with_a_located_photo(vault: Vault) -> tuple[int, bytes]:
    entry = vault.add_incident(make_content(what="My car window was smashed."))
    photo = picture("JPEG")
    vault.attach_bytes(entry, "IMG_0042.jpg", photo)
    vault.attach_bytes(entry, "screen.png", picture("PNG", with_position=False))
    return entry, photo


def test_a_photo_that_shows_where_it_was_taken_is_never_chosen_for_the_person(
    vault: Vault, tmp_path: Path
) -> None:
    _with_a_located_photo(vault)
    with pytest.raises(InvalidInput, match=r"SE/1 \(IMG_0042.jpg\)"):
        export(vault, tmp_path)
    assert not list(tmp_path.glob("pack*"))
    # Stopping there gave no exhibit its mark.
    assert all(a.exhibit_mark is None for a in vault.incident(1).attachments)


def test_a_photo_that_shows_where_it_was_taken_can_be_left_out_of_the_bundle(
    vault: Vault, tmp_path: Path
) -> None:
    _, photo = _with_a_located_photo(vault)
    pack, result = export(vault, tmp_path, located_originals="leave-out")
    with zipfile.ZipFile(result.bundle) as bundle:
        names = bundle.namelist()
        note = bundle.read("VERIFY.txt").decode()
        assert not any(bundle.read(n) == photo for n in names)
    assert "exhibits/SE-1_IMG_0042.jpg" not in names and "exhibits/SE-2_screen.png" in names
    assert "exhibit SE/1 carries location data" in _flat(note)
    assert "this original is not in the bundle" in _flat(note)
    assert verify_bundle(result.bundle).ok  # the bundle still checks out whole
    left_out = _flat(next(t for t in page_texts(result.pdf) if "What this pack leaves out" in t))
    assert "exhibit SE/1 carries location data" in left_out
    assert "this original is not in the bundle" in left_out
    exhibit_page = _flat(next(t for t in page_texts(result.pdf) if "Exhibit SE/1\n" in t))
    assert "The original file is not in the bundle: it carries location data" in exhibit_page
    assert "The original file is in the bundle." not in exhibit_page
    # The exhibit is still in the pack, its hash listed, its picture shown without metadata.
    assert pack.exhibits[0].attachment.sha256 in "".join(page_texts(result.pdf)).replace("\n", "")
    assert b"GPS" not in result.pdf.read_bytes()


def test_a_photo_that_shows_where_it_was_taken_can_be_included_as_it_is(
    vault: Vault, tmp_path: Path
) -> None:
    _, photo = _with_a_located_photo(vault)
    _, result = export(vault, tmp_path, located_originals="include")
    with zipfile.ZipFile(result.bundle) as bundle:
        assert bundle.read("exhibits/SE-1_IMG_0042.jpg") == photo  # byte for byte, GPS and all
        note = _flat(bundle.read("VERIFY.txt").decode())
    assert "this original is in the bundle exactly as it was imported" in note
    assert verify_bundle(result.bundle).ok


def test_the_command_line_asks_and_says_what_it_did(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    init_diary(folder)
    add_incident(folder, "My car window was smashed.")
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(picture("JPEG"))
    assert (
        run_diary("attach", "--diary", folder, "1", photo, "--device", "my phone").returncode == 0
    )
    pdf = tmp_path / "pack.pdf"
    refused = run_diary("export", "--diary", folder, "--pdf", pdf, "--bundle", tmp_path / "b.zip")
    assert refused.returncode == 2 and "IMG_0042.jpg" in refused.stderr
    assert "--located-originals" in refused.stderr and not pdf.exists()
    done = run_diary(
        "export",
        "--diary",
        folder,
        "--pdf",
        pdf,
        "--bundle",
        tmp_path / "b.zip",
        "--located-originals",
        "leave-out",
        "--statement-txt",
        tmp_path / "s.txt",
        "--statement-docx",
        tmp_path / "s.docx",
    )
    assert done.returncode == 0, done.stderr
    assert "Left out of the bundle for their location data, as you chose: SE/1." in done.stdout
    assert f"Wrote {tmp_path / 's.txt'}" in done.stdout and (tmp_path / "s.docx").is_file()
    assert "It was taken on my phone" in (tmp_path / "s.txt").read_text(encoding="utf-8")
    again = run_diary(
        "export", "--diary", folder, "--pdf", tmp_path / "p2.pdf", "--statement-txt", pdf
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    both = run_diary(
        "export", "--diary", folder, "--pdf", tmp_path / "p3.pdf", "--vps", "--no-impact"
    )
    assert both.returncode == 2 and "--vps" in both.stderr


def test_with_impact_left_out_verify_says_what_it_checked_in_full_and_by_hash_only(
    vault: Vault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--no-impact takes impact out of entries.json, so a revision that records it cannot be
    worked out again: it is listed by hash only, verify still passes and says how many of
    each it checked, and the pack says so; a revision with no impact is still checked in full.
    Taking the content out of a revision of a pack that kept impact fails."""
    from diary.cli import main

    felt = vault.add_incident(make_content(when="2024-05-01T20:00", feelings=FEELINGS))
    vault.edit_incident(felt, make_content(when="2024-05-01T20:00", feelings=FEELINGS + " Still."))
    vault.add_incident(make_content(when="2024-05-02T20:00", what="He rang twice."))
    _, result = export(vault, tmp_path, name="without", include_impact=False)
    with zipfile.ZipFile(result.bundle) as bundle:
        entries = json.loads(bundle.read("entries.json"))
        note = bundle.read("VERIFY.txt").decode()
    history = [h for e in entries["incidents"] for h in e["history"]]
    withheld = [h for h in history if "content" not in h]
    assert len(withheld) == 2 and all(h["content_left_out"] == "impact" for h in withheld)
    assert len(history) - len(withheld) == 1
    assert main(["verify", str(result.bundle)]) == 0
    output = " ".join(capsys.readouterr().out.split())
    assert "1 revision checked in full and 2 listed by hash only" in output
    assert "2 revisions of the pack's entries are there by hash only" in " ".join(note.split())
    left_out = _flat(next(t for t in page_texts(result.pdf) if "What this pack leaves out" in t))
    assert "2 versions of these entries that record impact are in entries.json by hash only" in (
        left_out
    )

    _, kept = export(vault, tmp_path, name="kept")
    with zipfile.ZipFile(kept.bundle) as bundle:
        document = json.loads(bundle.read("entries.json"))
    first = document["incidents"][0]["history"][0]
    del first["content"]
    first["content_left_out"] = "impact"
    forged = tmp_path / "forged.zip"
    forge_bundle(kept.bundle, forged, {"entries.json": json.dumps(document).encode()})
    assert main(["verify", str(forged)]) == EXIT_VERIFY_FAILED
    said = capsys.readouterr()
    assert "its content is missing, and the pack does not say it left any out" in (
        said.out + said.err
    )
