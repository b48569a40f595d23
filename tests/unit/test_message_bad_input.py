"""Bad message files: each refused or read as far as it can be, with a plain message naming what
was not understood (its first lines shown), and what was understood kept apart from it."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from diary.domain.errors import InvalidInput
from diary.domain.messages.reading import identify
from tests.messages_support import android_zip, fixture, read_all


def test_a_file_in_none_of_the_shapes_is_refused_with_its_first_lines(tmp_path: Path) -> None:
    path = tmp_path / "diary.csv"
    path.write_text("Date,What happened\n03/06/2024,He was outside\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        identify(path)
    message = raised.value.message
    assert "in none of the shapes this import reads" in message
    assert "1: Date,What happened" in message and "2: 03/06/2024,He was outside" in message
    assert "Nothing was read from it." in message


def test_a_picture_is_named_as_a_picture(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(InvalidInput, match="image/png"):
        identify(path)


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        identify(path)


def test_a_truncated_zip_is_refused_plainly(tmp_path: Path) -> None:
    whole = android_zip(tmp_path).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InvalidInput, match="damaged or incomplete zip"):
        identify(cut)


def test_a_zip_without_a_chat_lists_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("IMG-1.jpg", b"\xff\xd8\xff")
    with pytest.raises(
        InvalidInput, match=r"no chat, message or call file in it \(it holds: IMG-1.jpg"
    ):
        identify(path)


def test_a_zip_member_with_a_bad_checksum_is_reported_after_what_was_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "chat.zip"
    lines = "".join(f"13/06/2024, 21:{n % 60:02d} - Chris: message {n}\n" for n in range(3000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "WhatsApp Chat with Chris.txt", lines + "13/06/2024, 22:00 - Chris: last\n"
        )
    data = bytearray(path.read_bytes())
    at = data.index(b"Chris: last")
    data[at] ^= 0x20  # one flipped letter near the end: the CRC no longer matches
    path.write_bytes(bytes(data))
    items, unread, _ = read_all(path)
    assert 2900 < len(items) <= 3001  # the piece being unpacked when the check failed is lost
    assert "damaged or was cut short" in unread[-1].why


def test_mixed_encodings_keep_each_line_that_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(
        "03/06/2024, 21:04 - Chris: Café ☕\n".encode()
        + "03/06/2024, 21:05 - Chris: Café in Windows-1252\n".encode("cp1252")
        + b"13/06/2024, 21:06 - Chris: still here\n"
    )
    items, unread, _ = read_all(path)
    assert [i.text for i in items] == ["Café ☕", "still here"]
    (bad,) = unread
    assert bad.where.line == 2 and "not UTF-8" in bad.why
    assert bad.text.startswith("03/06/2024, 21:05 - Chris: Caf")


def test_lines_before_the_first_message_are_not_understood(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "Exported by a helper app\n\n13/06/2024, 21:04 - Chris: hello\n", encoding="utf-8"
    )
    items, unread, _ = read_all(path)
    assert len(items) == 1
    assert [(u.where.line, u.text) for u in unread] == [(1, "Exported by a helper app")]


def test_a_date_that_does_not_exist_is_not_understood(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/06/2024, 21:04 - Chris: fine\n31/02/2024, 21:05 - Chris: no such day\n",
        encoding="utf-8",
    )
    items, unread, _ = read_all(path)
    assert len(items) == 1
    assert unread[0].where.line == 2 and "not a real date" in unread[0].why


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE smses [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<smses count="1"><sms address="1" date="1717435800000" type="1" body="&e;&e;&e;&e;" /></smses>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE smses [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<smses count="1"><sms address="1" date="1717435800000" type="1" body="&secret;" /></smses>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
def test_xml_declaring_entities_is_refused_at_once(tmp_path: Path, text: str) -> None:
    path = tmp_path / "sms.xml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InvalidInput, match="declares a document type"):
        read_all(path)
    assert time.perf_counter() - started < 1


def test_a_truncated_sms_backup_keeps_what_came_before(tmp_path: Path) -> None:
    whole = fixture("sms.xml").read_text(encoding="utf-8")
    cut = tmp_path / "sms.xml"
    cut.write_text(whole[: whole.index("<mms")], encoding="utf-8")
    items, unread, _ = read_all(cut)
    assert len(items) == 4
    assert "ends in the middle of an entry" in unread[-1].why


def test_a_truncated_telegram_export_keeps_what_came_before(tmp_path: Path) -> None:
    whole = fixture("result.json").read_text(encoding="utf-8")
    cut = tmp_path / "result.json"
    cut.write_text(whole[: whole.index('"id": 5')], encoding="utf-8")
    items, unread, _ = read_all(cut)
    assert len(items) == 3
    assert "stops being a chat export" in unread[-1].why


def test_json_that_is_not_telegram_says_so(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"name": "x", "rows": [1, 2, 3]}', encoding="utf-8")
    items, unread, _ = read_all(path)
    assert items == [] and "not a Telegram chat export" in unread[0].why


_PEAK = """
import sys
from pathlib import Path
from diary.domain.messages.reading import identify, read_items
from diary.domain.messages.log import Notes, Item
from diary.domain.messages.options import ReadOptions
count = sum(isinstance(e, Item) for e in read_items(identify(Path(sys.argv[1])),
            ReadOptions("UTC"), Notes(), []))
# VmHWM is this program's own peak: ru_maxrss can carry over the size of the process that
# started it (a large test run), across fork and exec.
status = Path("/proc/self/status").read_text()
peak = next(int(l.split()[1]) // 1024 for l in status.splitlines() if l.startswith("VmHWM"))
print(count, peak)
"""


def _mbox(path: Path, messages: int, attachment_mb: int) -> None:
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n"
    block = line * (attachment_mb * 1024 * 1024 // len(line))
    with path.open("wb") as out:
        for n in range(messages):
            out.write(
                b"From chris@example.com Mon Jun  3 22:04:31 2024\n"
                b"From: Chris <chris@example.com>\nDate: Mon, 03 Jun 2024 22:04:31 +0100\n"
                b"Subject: video\nMIME-Version: 1.0\n"
                b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
                b"Content-Type: text/plain\n\nWatch this " + str(n).encode() + b"\n--b\n"
                b"Content-Type: video/mp4\nContent-Transfer-Encoding: base64\n\n"
            )
            out.write(block)
            out.write(b"--b--\n\n")


@pytest.mark.slow
def test_a_1gb_mbox_is_read_in_flat_memory(tmp_path: Path) -> None:
    def peak(path: Path) -> tuple[int, int]:
        done = subprocess.run(
            [sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True
        )
        count, megabytes = done.stdout.split()
        return int(count), int(megabytes)

    small, large = tmp_path / "small.mbox", tmp_path / "large.mbox"
    _mbox(small, 2, 64)
    _mbox(large, 16, 64)  # 1 GiB
    assert large.stat().st_size > 1024**3
    small_count, small_peak = peak(small)
    large_count, large_peak = peak(large)
    assert (small_count, large_count) == (2, 16)
    assert large_peak < small_peak + 30, (small_peak, large_peak)
    assert large_peak < 200
