"""Hostile and awkward input through the real command line: exit codes, messages, nothing lost.

Files that are not what they claim, images built to hurt a decoder, empty and oversized files,
text with characters that break storage or disguise what it says, times that did not happen or
happened twice, and search words that are FTS5 syntax.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
import zlib
from pathlib import Path
from struct import pack
from typing import Any

import pytest
from PIL import Image

from diary.domain.case import CaseDetails
from diary.domain.errors import InvalidInput
from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.attachments.attachments import MAX_ATTACHMENT_BYTES
from diary.vault.keys.keys import FLOOR

from .cli_runner import PASSPHRASE, run_diary

WHEN = ["--when", "2024-06-03T18:30", "--tz", "Europe/London", "--where", "Outside my work"]


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One diary for this module, with incident 1 to attach files to."""
    folder = tmp_path_factory.mktemp("bad-input") / "diary"
    vault, _ = Vault.create(
        folder, PASSPHRASE, CaseDetails(name="Sam Example", initials="SE"), kdf=FLOOR
    )
    with vault:
        vault.add_incident(
            IncidentContent(
                occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                location="Near the school gates",
                text="He stood near the school and shouted; bread and butter was thrown.",
            )
        )
    return folder


def _state(folder: Path) -> tuple[str, int, int]:
    """The chain head (it moves on every save), and how many incidents and attachments."""
    with Vault.open(folder, PASSPHRASE) as vault:
        incidents = vault.incidents()
        return vault.chain_head, len(incidents), sum(len(i.attachments) for i in incidents)


def _show(folder: Path, incident_id: int) -> dict[str, Any]:
    done = run_diary("show", "--diary", folder, str(incident_id), "--json")
    assert done.returncode == 0, done.stderr
    record: dict[str, Any] = json.loads(done.stdout)
    return record


def _add(folder: Path, *args: str) -> int:
    done = run_diary("add", "--diary", folder, *WHEN, *args)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


# ----- files that are not what they seem -----


def _noise_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((400, 300), 80).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def _bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    ihdr = pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def odd_files(diary: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Attach one of each odd file to incident 1 in a single `diary attach`; their bytes."""
    folder = tmp_path_factory.mktemp("odd-files")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("messages.txt", "See you soon.\n")
    png = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(png, "PNG")
    files = {
        "notes.txt": b"He said he would be waiting.\n",
        "messages.zip": zipped.getvalue(),
        "screenshot.jpg": png.getvalue(),  # really a PNG
        "photo-cut-short.jpg": _noise_jpeg()[:6000],
        "huge.png": _bomb_png(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    started = time.perf_counter()
    done = run_diary("attach", "--diary", diary, "1", *[str(folder / n) for n in files])
    files["_seconds"] = str(time.perf_counter() - started).encode()
    files["_stderr"] = done.stderr.encode()
    assert done.returncode == 0, done.stderr
    return files


def _attachments(diary: Path) -> dict[str, dict[str, Any]]:
    return {a["filename"]: a for a in _show(diary, 1)["attachments"]}


def test_files_that_are_not_images_are_kept_with_their_detected_type(
    diary: Path, odd_files: dict[str, bytes]
) -> None:
    found = _attachments(diary)
    assert found["notes.txt"]["media_type"] == "text/plain"
    assert found["messages.zip"]["media_type"] == "application/zip"
    with Vault.open(diary, PASSPHRASE) as vault:
        for name in ("notes.txt", "messages.zip"):
            assert vault.read_original(found[name]["id"]) == odd_files[name]
            assert vault.thumbnail(found[name]["id"]) is None


def test_png_named_jpg_is_detected_reported_and_kept_exactly(
    diary: Path, odd_files: dict[str, bytes]
) -> None:
    found = _attachments(diary)["screenshot.jpg"]
    assert found["media_type"] == "image/png"
    stderr = odd_files["_stderr"].decode()
    assert "Attached screenshot.jpg: image/png (the file's name says otherwise)" in stderr
    with Vault.open(diary, PASSPHRASE) as vault:
        assert vault.read_original(found["id"]) == odd_files["screenshot.jpg"]
        thumb = vault.thumbnail(found["id"])
        attachment = next(a for a in vault.incident(1).attachments if a.id == found["id"])
    assert attachment.type_mismatch
    assert thumb is not None and Image.open(io.BytesIO(thumb)).size == (120, 80)


def test_truncated_jpeg_is_kept_without_a_thumbnail(
    diary: Path, odd_files: dict[str, bytes]
) -> None:
    found = _attachments(diary)["photo-cut-short.jpg"]
    assert found["media_type"] == "image/jpeg"
    with Vault.open(diary, PASSPHRASE) as vault:
        assert vault.read_original(found["id"]) == odd_files["photo-cut-short.jpg"]
        assert vault.thumbnail(found["id"]) is None
        attachment = next(a for a in vault.incident(1).attachments if a.id == found["id"])
    assert "could not be previewed" in attachment.preview_problem
    assert "could not be previewed" in odd_files["_stderr"].decode()


def test_decompression_bomb_is_kept_without_a_thumbnail_and_quickly(
    diary: Path, odd_files: dict[str, bytes]
) -> None:
    found = _attachments(diary)["huge.png"]
    with Vault.open(diary, PASSPHRASE) as vault:
        assert vault.read_original(found["id"]) == odd_files["huge.png"]
        assert vault.thumbnail(found["id"]) is None
        attachment = next(a for a in vault.incident(1).attachments if a.id == found["id"])
    assert "too large to preview" in attachment.preview_problem
    # Decoding 2.5 gigapixels would take minutes and gigabytes; the whole command took seconds.
    assert float(odd_files["_seconds"]) < 10


def test_empty_file_is_refused_and_nothing_is_added(diary: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    before = _state(diary)

    for args in (
        ["add", *WHEN, "--what", "With an empty file", "--attach", str(empty)],
        ["attach", "1", str(empty)],
    ):
        done = run_diary(args[0], "--diary", diary, *args[1:])
        assert done.returncode == 2, done
        assert "empty (0 bytes)" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1

    assert _state(diary) == before


def test_file_over_the_cap_is_refused_with_its_size_and_nothing_is_added(
    diary: Path, tmp_path: Path
) -> None:
    big = tmp_path / "recording.mp4"
    with big.open("wb") as out:
        out.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: no gigabyte is written
    before = _state(diary)

    for args in (
        ["add", *WHEN, "--what", "With a huge file", "--attach", str(big)],
        ["attach", "1", str(big)],
    ):
        done = run_diary(args[0], "--diary", diary, *args[1:])
        assert done.returncode == 2, done
        assert "recording.mp4" in done.stderr and "at most 1,074 MB" in done.stderr

    assert _state(diary) == before


# ----- text -----


def test_text_with_a_null_character_is_refused(diary: Path) -> None:
    # An argument cannot carry NUL (the OS ends it there): this is the window's and scripts' path.
    before = _state(diary)
    with Vault.open(diary, PASSPHRASE) as vault, pytest.raises(InvalidInput, match="null char"):
        vault.add_incident(
            IncidentContent(
                occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                location="Home",
                text="pasted\x00binary",
            )
        )
    assert _state(diary) == before


def test_lone_surrogates_are_refused_through_the_api_and_argv(diary: Path) -> None:
    before = _state(diary)
    with Vault.open(diary, PASSPHRASE) as vault, pytest.raises(InvalidInput, match="surrogate"):
        vault.add_incident(
            IncidentContent(
                occurred=parse_moment("2024-06-03T18:30", "Europe/London"),
                location="Home",
                text="half a character: \ud83d",
            )
        )
    # Bytes that are not UTF-8 on the command line reach Python as lone surrogates.
    done = run_diary("add", "--diary", diary, *WHEN, "--what", "caf\udce9 au lait")
    assert done.returncode == 2
    assert "broken character" in done.stderr
    assert _state(diary) == before


def test_direction_overrides_and_emoji_are_kept_and_shown_visibly(diary: Path) -> None:
    text = (
        "He wrote \u202egnp.exe\u202c and \U0001f52a\U0001f440 and \u200f\u05e9\u05dc\u05d5\u05dd"
    )
    incident_id = _add(diary, "--what", text)

    assert _show(diary, incident_id)["text"] == text
    done = run_diary("show", "--diary", diary, str(incident_id))
    assert done.returncode == 0
    assert (
        "He wrote <U+202E>gnp.exe<U+202C> and \U0001f52a\U0001f440 and <U+200F>\u05e9"
        in done.stdout
    )
    assert "\u202e" not in done.stdout


def test_markup_like_text_is_kept_literally(diary: Path) -> None:
    text = "<b>bold</b> <img src=/etc/passwd> &amp; <i>unclosed & </script>"
    incident_id = _add(diary, "--what", text, "--words", "<font color=red>")

    record = _show(diary, incident_id)
    assert record["text"] == text
    assert record["words"] == "<font color=red>"
    done = run_diary("show", "--diary", diary, str(incident_id))
    assert text in done.stdout


def test_a_one_megabyte_paragraph_is_saved_and_read_back_exactly(diary: Path) -> None:
    # One argument is capped at 128 KiB by Linux, so the paragraph goes in through the vault
    # (as the window does) and comes out through the command line.
    words = [f"word{n % 997} followed\u00e9 me" for n in range(60_000)]
    text = " ".join(words)[:1_000_000] + " needleinthehaystack"
    assert len(text.encode()) > 1_000_000
    with Vault.open(diary, PASSPHRASE) as vault:
        incident_id = vault.add_incident(
            IncidentContent(
                occurred=parse_moment("2024-06-04T09:00", "Europe/London"),
                location="Bus stop",
                text=text,
            )
        )
    assert _show(diary, incident_id)["text"] == text
    found = run_diary("search", "--diary", diary, "needleinthehaystack", "--json")
    assert [r["id"] for r in json.loads(found.stdout)] == [incident_id]


# ----- times around the clocks changing -----


def test_time_in_the_spring_gap_is_refused_naming_both_offsets(diary: Path) -> None:
    done = run_diary(
        "add",
        "--diary",
        diary,
        "--when",
        "2024-03-31T01:30",
        "--tz",
        "Europe/London",
        "--where",
        "Home",
        "--what",
        "Calls",
    )
    assert done.returncode == 2
    assert "did not happen" in done.stderr
    assert "+00:00" in done.stderr and "+01:00" in done.stderr


def test_time_in_the_autumn_overlap_is_refused_then_accepted_with_an_offset(diary: Path) -> None:
    before = _state(diary)
    done = run_diary(
        "add",
        "--diary",
        diary,
        "--when",
        "2024-10-27T01:30",
        "--tz",
        "Europe/London",
        "--where",
        "Home",
        "--what",
        "Calls",
    )
    assert done.returncode == 2
    assert "happened twice" in done.stderr
    assert "2024-10-27T01:30+01:00" in done.stderr and "2024-10-27T01:30+00:00" in done.stderr
    assert _state(diary) == before

    done = run_diary(
        "add",
        "--diary",
        diary,
        "--when",
        "2024-10-27T01:30+00:00",
        "--tz",
        "Europe/London",
        "--where",
        "Home",
        "--what",
        "Calls, the second 1:30",
    )
    assert done.returncode == 0, done.stderr
    record = _show(diary, int(done.stdout))
    assert record["occurred_at"] == "2024-10-27T01:30:00+00:00"


# ----- search -----


@pytest.mark.parametrize(
    ("query", "finds_first"),
    [
        ('"', False),
        ("AND", True),
        ("NEAR(", True),
        ("*", False),
        ("(", False),
        ("-", False),
        (":", False),
        ('bread" AND "butter', True),
        ("school)", True),
        ("^shouted", True),
        ("a:b", False),
    ],
)
def test_search_words_that_are_fts5_syntax_never_raise(
    diary: Path, query: str, finds_first: bool
) -> None:
    with Vault.open(diary, PASSPHRASE) as vault:
        ids = [i.id for i in vault.search(query)]
    assert (1 in ids) is finds_first


def test_search_syntax_through_the_command_line(diary: Path) -> None:
    done = run_diary("search", "--diary", diary, 'NEAR( "school', "--json")
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)] == [1]


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--when", "0999-06-01", "--where", "Home", "--what", "Year typed short"],
        [
            "add",
            "--when",
            "9999-12-31T23:59",
            "--tz",
            "America/New_York",
            "--where",
            "x",
            "--what",
            "y",
        ],
        ["show", "99999999999999999999999"],
        ["edit", "-3", "--what", "Negative"],
        ["export", "--pdf", "never.pdf", "--ids", "1,99999999999999999999999"],
    ],
)
def test_numbers_and_years_out_of_range_are_refused_plainly(
    diary: Path, tmp_path: Path, args: list[str]
) -> None:
    before = _state(diary)
    done = run_diary(*args, "--diary", diary)
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr and "went wrong" not in done.stderr
    assert _state(diary) == before
    done = run_diary("list", "--diary", diary, "--from", "0001-01-01", "--to", "9999-12-31")
    assert done.returncode == 0, done.stderr  # and the diary reads as before


def test_an_empty_passphrase_is_explained(tmp_path: Path) -> None:
    done = run_diary(
        "init", "--diary", tmp_path / "d", "--name", "Sam", "--initials", "S", stdin="\n"
    )
    assert done.returncode == 2
    assert "Nothing was typed" in done.stderr and not (tmp_path / "d").exists()


def test_a_diary_is_only_made_in_a_new_or_empty_folder(tmp_path: Path) -> None:
    stdin = PASSPHRASE + "\n"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    done = run_diary("init", "--diary", a_file, "--name", "Sam", "--initials", "S", stdin=stdin)
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr
    assert a_file.read_text() == "mine"
    done = run_diary("init", "--diary", tmp_path, "--name", "Sam", "--initials", "S", stdin=stdin)
    assert done.returncode == 2 and "already holds other files" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_share_into_a_folder_that_is_not_there_is_refused_plainly(
    diary: Path, tmp_path: Path
) -> None:
    done = run_diary("share", "--diary", diary, tmp_path / "missing" / "s.share")
    assert done.returncode == 2, done
    assert "There is no folder" in done.stderr and "Traceback" not in done.stderr


def test_contradictory_options_and_special_files_are_refused(diary: Path, tmp_path: Path) -> None:
    before = _state(diary)
    done = run_diary(
        "add", *WHEN, "--what", "x", "--feared-violence", "--no-feared-violence", "--diary", diary
    )
    assert done.returncode == 2 and "not allowed with" in done.stderr
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = run_diary("import-csv", "--diary", diary, fifo, timeout=20)  # would wait for ever
    assert done.returncode == 2 and "is not a file" in done.stderr
    assert _state(diary) == before
