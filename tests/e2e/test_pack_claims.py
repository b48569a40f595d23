"""Every claim the pack makes about itself is true, as an investigator and a defence barrister
would each read it: a selection says it is one and states no trend it cannot show, every time
carries its zone and nothing reads as written before it happened, a copied entry says so, every
version of an edited entry is in the bundle and `diary verify` works the chain head out again."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from diary.cli import main
from diary.domain.errors import EXIT_VERIFY_FAILED
from diary.domain.incident import Author, IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.entries import incidents
from tests.conftest import make_content
from tests.e2e.cli_runner import add_incident, init_diary, run_diary
from tests.export_support import export, forge_bundle, page_texts, png_bytes


def _flat(text: str) -> str:
    return " ".join(text.split())


def _page(texts: list[str], heading: str) -> str:
    """The first page with this heading (in drawing order the footer may come first)."""
    return _flat(next(t for t in texts if heading in _flat(t)))


def _written_at(vault: Vault, content: IncidentContent, when: str) -> int:
    """An entry first written at a given UTC time (as if the person wrote it then)."""
    now = datetime.fromisoformat(when).replace(tzinfo=UTC)
    return incidents.insert(vault.conn, content, Author.VICTIM, now)


def _verify(capsys: pytest.CaptureFixture[str], bundle: Path) -> tuple[int, str]:
    code = main(["verify", str(bundle)])
    out = capsys.readouterr()
    return code, out.out + out.err


# ----- a selection says it is one ----------------------------------------------------------


@pytest.fixture
def forty(vault: Vault) -> Vault:
    """Forty entries over five months, fewer as time goes on (a 'less frequent' trend)."""
    day = date(2024, 1, 1)
    for n in range(40):
        vault.add_incident(make_content(when=f"{day.isoformat()}T10:00", what=f"Event {n + 1}."))
        day += timedelta(days=1 + n // 8)
    return vault


def test_a_pack_of_chosen_entries_says_so_and_states_no_trend(forty: Vault, tmp_path: Path) -> None:
    pack, result = export(forty, tmp_path, ids=(1, 2, 40))
    texts = page_texts(result.pdf, raw=True)
    cover, pattern = _flat(texts[0]), _flat(texts[1])
    chosen = "3 of the 40 entries in the diary, chosen by number: 1, 2 and 40."
    assert chosen in cover and chosen in pattern
    assert "No trend is given: these entries were chosen one by one" in pattern
    assert "frequent" not in pattern and "recorded in the diary" not in pattern
    assert "Counts are of the 3 entries in this pack (a selection from the 40 in the diary)" in (
        pattern
    )
    # Entries keep their numbers in the diary: the third is entry 40 everywhere, never "3".
    chronology = _page(texts, "Chronology: one row")
    assert re.search(r"\b40 \w{3} \d+ \w{3} 2024", chronology)
    assert not re.search(r"\b3 \w{3} \d+ \w{3} 2024", chronology)
    statement = _flat(next(t for t in texts if "WITNESS STATEMENT" in t))
    assert " 40. On " in statement and "Diary entry 40, written " in statement
    with zipfile.ZipFile(result.bundle) as bundle:  # type: ignore[arg-type]
        entries = json.loads(bundle.read("entries.json"))
    assert entries["selection"]["entries_in_diary"] == 40
    assert entries["selection"]["ids"] == [1, 2, 40]
    assert [i["id"] for i in entries["incidents"]] == [1, 2, 40]


def test_a_pack_chosen_by_dates_words_its_counts_and_trend_as_of_the_selection(
    forty: Vault, tmp_path: Path
) -> None:
    _, result = export(forty, tmp_path, start=date(2024, 1, 1), end=date(2024, 1, 31))
    texts = page_texts(result.pdf, raw=True)
    pattern = _flat(texts[1])
    assert "of the 40 entries in the diary: those from 1 Jan 2024 to 31 Jan 2024." in _flat(
        texts[0]
    )
    assert "In its first half there were" in pattern and "incidents in this pack" in pattern
    assert "(a selection from the 40 in the diary)" in pattern
    _, whole = export(forty, tmp_path, "whole")
    pattern = _flat(page_texts(whole.pdf)[1])
    assert "All 40 entries in the diary." in pattern
    assert "Incidents became less frequent." in pattern
    assert "Counts are of the 40 entries in the diary" in pattern


# ----- every time with its zone; nothing written before it happened ---------------------------


def test_a_summer_incident_reads_consistently_on_every_page(vault: Vault, tmp_path: Path) -> None:
    """21:25 BST is 20:25 UTC; written 15 minutes later, at 20:40 UTC. The audit trail printed
    that in UTC beside the unlabelled local incident time: written 20:40, before 21:25."""
    entry = _written_at(vault, make_content(when="2024-06-03T21:25"), "2024-06-03T20:40:00")
    vault.attach_bytes(entry, "shot.png", png_bytes())
    vault.edit_incident(entry, make_content(when="2024-06-03T21:25", what="He was waiting again."))
    _, result = export(vault, tmp_path)
    text = _flat(" ".join(page_texts(result.pdf, raw=True)))
    assert "20:40" not in text and "20:25" not in text
    chronology = _page(page_texts(result.pdf, raw=True), "Chronology: one row")
    assert "Mon 3 Jun 2024, 21:25 BST Written 21:40 BST, 15 minutes after" in chronology
    assert "On Monday 3 June 2024 at 21:25 BST" in text
    assert "Diary entry 1, written 21:40 BST, 15 minutes after. Edited once;" in text
    assert "First written Mon 3 Jun 2024, 21:40 BST, 15 minutes after." in text  # appendix
    # Every time of day on every page says its zone (or that it is a device's own clock).
    times = list(re.finditer(r"\d{2}:\d{2}", text))
    assert len(times) > 8
    for found in times:
        after = re.sub(r"^ to \d{2}:\d{2}", "", text[found.end() : found.end() + 30])
        if re.match(r"^ to ", text[found.end() :]) is None:
            assert after.startswith((" BST", " GMT", " (the device")), text[found.start() - 40 :][
                :90
            ]


def test_an_entry_written_before_the_time_given_is_said_plainly(
    vault: Vault, tmp_path: Path
) -> None:
    _written_at(vault, make_content(when="2024-06-03T21:25"), "2024-06-03T20:15:00")
    _, result = export(vault, tmp_path)
    texts = page_texts(result.pdf, raw=True)
    assert "10 minutes before the time given for the incident" in _page(
        texts, "Chronology: one row"
    )
    assert "first written before the time given for the incident (entry 1" in _flat(texts[0])
    assert "within a day" not in _flat(texts[0])


def test_how_soon_entries_were_written_is_counted_not_assumed(vault: Vault, tmp_path: Path) -> None:
    _written_at(vault, make_content(when="2024-06-03T18:30"), "2024-06-03T18:00:00")  # 30 min
    _written_at(vault, make_content(when="2024-06-04T18:30"), "2024-06-05T07:30:00")  # 14 hours
    _written_at(vault, make_content(when="2024-06-05T18:30"), "2024-06-09T07:30:00")  # 4 days
    _written_at(vault, make_content(when="2024-06-06T18:30"), "2026-01-02T10:00:00")  # later
    _, result = export(vault, tmp_path)
    cover = _flat(page_texts(result.pdf, raw=True)[0])
    assert "written at the time" not in cover
    assert (
        "2 of 4 were first written within a day of the incident (1 within an hour); 1 within a "
        "week; 1 more than a week later (up to 574 days after)."
    ) in cover


# ----- a copied entry says so ------------------------------------------------------------------


def test_an_entry_imported_from_a_spreadsheet_is_labelled_as_copied(tmp_path: Path) -> None:
    folder = tmp_path / "diary"
    init_diary(folder)
    sheet = tmp_path / "old-diary.csv"
    sheet.write_text(
        "Date,Time,Place,What happened,Date written\n"
        "03/06/2024,18:30,Outside work,He was waiting.,04/06/2024\n"
        "05/06/2024,19:00,Bus stop,He followed me.,\n"
    )
    done = run_diary("import-csv", "--diary", folder, "--tz", "Europe/London", sheet)
    assert done.returncode == 0, done.stderr
    add_incident(folder, "Written in the app.")
    done = run_diary("export", "--diary", folder, "--pdf", tmp_path / "pack.pdf")
    assert done.returncode == 0, done.stderr
    texts = page_texts(tmp_path / "pack.pdf", raw=True)
    today = datetime.now(UTC).date()
    copied = f"{today.day} {today:%b %Y}"
    cover = _flat(texts[0])
    assert (
        f"2 were copied on {copied} from the spreadsheet old-diary.csv, which gives the day 1 of "
        "them was first written (each within 1 day of the incident)"
    ) in cover
    chronology = _page(texts, "Chronology: one row")
    assert (
        f"Copied {copied} from the spreadsheet old-diary.csv, line 2; it gives 4 Jun 2024 as "
        "written"
    ) in chronology
    assert "line 3; it does not say when written" in chronology
    statement = _flat(" ".join(t for t in texts if "WITNESS STATEMENT" in t))
    assert (
        f"Diary entry 1, copied {copied} from the spreadsheet old-diary.csv, line 2; it gives 4 "
        "Jun 2024 as written."
    ) in statement


# ----- every version handed over, and checked ------------------------------------------------


LATER = " He stayed there for twenty minutes and watched the door until my colleague came out."


@pytest.fixture
def edited(vault: Vault, tmp_path: Path) -> tuple[Vault, Path, str]:
    entry = vault.add_incident(
        make_content(what="He was by the car park when I left work." + LATER)
    )
    vault.add_incident(make_content(when="2024-06-05T09:00", what="Another day."))
    vault.edit_incident(
        entry, make_content(what="He was by the bus stop when I left work." + LATER)
    )
    vault.edit_incident(
        entry,
        make_content(what="He was by the bus stop when I left work." + LATER, police_ref="CAD 77"),
    )
    pack, result = export(vault, tmp_path)
    assert result.bundle is not None
    return vault, result.bundle, pack.chain_head


def test_an_edited_entry_is_marked_and_every_change_set_out(
    edited: tuple[Vault, Path, str], tmp_path: Path
) -> None:
    _, bundle, _ = edited
    texts = page_texts(tmp_path / "pack.pdf", raw=True)
    statement = _flat(" ".join(t for t in texts if "WITNESS STATEMENT" in t))
    assert "Edited 2 times; see Appendix: changes." in statement
    appendix = _page(texts, "Appendix: changes Each entry")
    assert "Entry 1 \u2014 Mon 3 Jun 2024" in appendix and "Entry 2" not in appendix
    assert "was \u201c\u2026He was by the [car park] when I left" in appendix
    assert "now \u201c\u2026He was by the [bus stop] when I left" in appendix
    assert "Police reference: was (empty); now \u201cCAD 77\u201d" in appendix
    with zipfile.ZipFile(bundle) as archive:
        entries = json.loads(archive.read("entries.json"))
    history = entries["incidents"][0]["history"]
    assert [h["event"] for h in history] == ["create", "edit", "edit"]
    assert "car park" in json.loads(history[0]["content"])["text"]
    assert all(h["prev_hash"] and h["content"] for h in history)


def test_verify_works_the_chain_head_out_again_from_every_version(
    edited: tuple[Vault, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, bundle, head = edited
    assert head in _flat(page_texts(tmp_path / "pack.pdf", raw=True)[0])  # printed on the cover
    code, output = _verify(capsys, bundle)
    assert code == 0, output
    assert f"Revision chain head: {head} (all 4 revisions in the diary worked out again" in output


def test_a_version_altered_in_entries_json_fails_verify_naming_it(
    edited: tuple[Vault, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A careful forger re-signs everything; the altered version no longer hashes to its own
    hash, and the chain head on the cover cannot be reached from it."""
    _, bundle, _ = edited
    with zipfile.ZipFile(bundle) as archive:
        text = archive.read("entries.json").decode()
    altered = text.replace("by the car park", "by the park gate", 1)
    assert altered != text
    forged = tmp_path / "forged.zip"
    forge_bundle(bundle, forged, {"entries.json": altered.encode()})
    code, output = _verify(capsys, forged)
    assert code == EXIT_VERIFY_FAILED, output
    assert "entries.json: entry 1, revision 1 (create" in output
    assert "does not match its hash" in output


def test_a_version_left_out_of_entries_json_fails_verify(
    edited: tuple[Vault, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, bundle, _ = edited
    with zipfile.ZipFile(bundle) as archive:
        lines = archive.read("entries.json").decode().split("\n")
    first = json.loads(lines[1].rstrip(","))
    first["history"] = [first["history"][0], first["history"][2]]  # the first edit hidden
    lines[1] = json.dumps(first, ensure_ascii=False) + ","
    forged = tmp_path / "forged.zip"
    forge_bundle(bundle, forged, {"entries.json": "\n".join(lines).encode()})
    code, output = _verify(capsys, forged)
    assert code == EXIT_VERIFY_FAILED, output
    assert "entry 1: revision 3 is in the chain but not in its history" in output


def test_a_selection_places_its_versions_in_the_whole_chain(
    edited: tuple[Vault, Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    vault, _, head = edited
    _, result = export(vault, tmp_path, "second", ids=(2,))
    code, output = _verify(capsys, result.bundle)  # type: ignore[arg-type]
    assert code == 0, output
    assert f"Revision chain head: {head} (the 1 revision of the entries in this bundle" in output
    assert "the other 3 are of entries not in it, listed by hash only" in output


def test_deleted_entries_are_listed_as_deleted_with_when(vault: Vault, tmp_path: Path) -> None:
    kept = vault.add_incident(make_content(what="Kept."))
    gone = vault.add_incident(make_content(when="2024-06-04T10:00", what="Private words."))
    vault.delete_incident(gone, "entered twice")
    _, result = export(vault, tmp_path)
    texts = page_texts(result.pdf, raw=True)
    text = _flat(" ".join(texts))
    assert "Private words." not in text
    assert "1 deleted from the diary, listed in the audit trail" in _flat(texts[0])
    audit = _flat(" ".join(t for t in texts if "Audit trail" in t))
    assert re.search(r"Entries deleted from the diary .* 2 Tue 4 Jun 2024 .* deleted \w{3} ", audit)
    # The reason the person gave is listed with it (the window says it will be).
    assert "(victim): \u201centered twice\u201d" in audit
    with zipfile.ZipFile(result.bundle) as archive:  # type: ignore[arg-type]
        entries = json.loads(archive.read("entries.json"))
    assert [d["id"] for d in entries["deleted"]] == [gone]
    assert [i["id"] for i in entries["incidents"]] == [kept]


# ----- smaller points -------------------------------------------------------------------------


def test_an_end_time_and_how_it_was_reported_are_printed(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(
        make_content(
            when="2024-06-03T17:00",
            until=parse_moment("2024-06-03T19:30", "Europe/London"),
            reported="999",
            police_ref="CAD 123",
        )
    )
    _, result = export(vault, tmp_path)
    texts = page_texts(result.pdf, raw=True)
    chronology = _page(texts, "Chronology: one row")
    assert "Mon 3 Jun 2024, 17:00 to 19:30 BST" in chronology
    assert "Called 999; ref CAD 123" in chronology
    assert "days after it ended" in chronology
    statement = _flat(" ".join(t for t in texts if "WITNESS STATEMENT" in t))
    assert "On Monday 3 June 2024 between 17:00 and 19:30 BST" in statement


def test_exhibit_marks_sort_as_people_count_them(vault: Vault, tmp_path: Path) -> None:
    entry = vault.add_incident(make_content())
    for seed in range(11):
        vault.attach_bytes(entry, f"shot{seed}.png", png_bytes(seed=seed))
    vault.attach_bytes(entry, "notes.txt", b"not a picture\n")  # SE/12, streamed, not pictured
    _, result = export(vault, tmp_path)
    texts = page_texts(result.pdf, raw=True)
    schedule = " ".join(t for t in texts if "Exhibit schedule\nMark" in t)
    marks = re.findall(r"^(SE/\d+)", schedule, re.MULTILINE)
    assert marks == [f"SE/{n}" for n in range(1, 13)]
    headings = re.findall(r"^Exhibit (SE/\d+)$", "\n".join(texts), re.MULTILINE)
    assert headings == marks
    expected = [f"exhibits/SE-{n}_" for n in range(1, 13)]
    with zipfile.ZipFile(result.bundle) as archive:  # type: ignore[arg-type]
        listed = [n for n in archive.namelist() if n.startswith("exhibits/")]
        manifest = json.loads(archive.read("manifest.json"))
        sums = archive.read("SHA256SUMS").decode().splitlines()
    for order in (listed, [n for n in manifest["files"] if n.startswith("exhibits/")]):
        assert [n[: len(e)] for n, e in zip(order, expected, strict=True)] == expected
    summed = [line.split("  ", 1)[1] for line in sums if "exhibits/" in line]
    assert [n[: len(e)] for n, e in zip(summed, expected, strict=True)] == expected


def _jpeg_taken(when: str) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (32, 24), (200, 40, 40))
    exif = Image.Exif()
    exif[0x8769] = {0x9003: when}  # DateTimeOriginal, in the Exif sub-directory
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_file_made_weeks_after_the_incident_is_noted_for_the_officer(
    vault: Vault, tmp_path: Path
) -> None:
    entry = vault.add_incident(make_content(when="2024-06-03T18:30"))
    vault.attach_bytes(entry, "later.jpg", _jpeg_taken("2024:06:28 14:03:10"))
    vault.attach_bytes(entry, "sameday.jpg", _jpeg_taken("2024:06:03 19:00:00"))
    _, result = export(vault, tmp_path)
    exhibits = [_flat(t) for t in page_texts(result.pdf, raw=True) if "Exhibit SE/" in t]
    later = next(t for t in exhibits if "later.jpg" in t)
    same = next(t for t in exhibits if "sameday.jpg" in t)
    assert "Fri 28 Jun 2024, 14:03 (the device\u2019s clock; the file records no zone)" in later
    assert (
        "For the officer to note: the file records that it was made on 28 Jun 2024, 25 days "
        "after the incident (Mon 3 Jun 2024)."
    ) in later
    assert "For the officer to note" not in same


@pytest.mark.parametrize("impact", [True, False])
def test_no_page_is_left_blank_without_exhibits_or_impact(
    vault: Vault, tmp_path: Path, impact: bool
) -> None:
    vault.add_incident(make_content(impact="I moved my shifts." if impact else ""))
    _, result = export(vault, tmp_path, include_impact=impact)
    footer = "Chronology and draft statement by Sam Example"
    for number, text in enumerate(page_texts(result.pdf, raw=True), start=1):
        body = _flat(text.split(footer)[0])
        assert body, f"page {number} is blank"


def test_zip_entries_are_dated_when_the_bundle_was_produced(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content())
    pack, result = export(vault, tmp_path)
    from zoneinfo import ZoneInfo

    local = pack.produced_at.astimezone(ZoneInfo("Europe/London"))
    with zipfile.ZipFile(result.bundle) as archive:  # type: ignore[arg-type]
        dates = {info.date_time for info in archive.infolist()}
        note = archive.read("VERIFY.txt").decode()
    # A zip keeps seconds in twos.
    assert dates == {
        (local.year, local.month, local.day, local.hour, local.minute, local.second // 2 * 2)
    }
    label = local.tzname()
    assert f"Each file in this zip is dated {local:%a} {local.day} {local:%b %Y}, " in note
    assert f"{local:%H:%M} {label}, the time the bundle was produced" in _flat(note)
