"""Messages and calls in the pack: the message log produced from each exported file, its words
the file's words, each found where it says in the original in the bundle, and the pattern
page's counts the file's counts."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from diary.domain.messages.local_time import LocalTime
from diary.vault import Vault
from diary.vault.messages import message_log
from tests.conftest import make_content
from tests.export_support import export, normalised, page_texts
from tests.messages_support import android_zip, fixture, planned


def _import(vault: Vault, path: Path, senders: list[str], **options: object) -> None:
    plan = planned(path, senders, **options)
    message_log.prepare(vault, plan, 3)
    message_log.save(vault, plan)


def _flat(text: str) -> str:
    return " ".join(normalised(text).split())


def in_order(words: str, text: str) -> bool:
    """Whether every word of words appears in text in the same order (other words may come
    between: pdftotext reads a table's columns into one another where cells wrap)."""
    tokens = iter(_flat(text).split())
    return all(any(word == token for token in tokens) for word in _flat(words).split())


def _log_pages(pages: list[str]) -> str:
    return "\n".join(p for p in pages if "Message logs: each message and call" in p)


def test_message_log_words_and_places_are_the_files(vault: Vault, tmp_path: Path) -> None:
    chat = android_zip(tmp_path)
    _import(vault, chat, ["Chris Sample"])
    pack, result = export(vault, tmp_path)
    (log,) = pack.message_logs.logs
    pages = page_texts(result.pdf)
    log_text = _flat(_log_pages(pages))
    assert f"Exhibit {log.exhibit.mark}" in log_text
    with zipfile.ZipFile(result.bundle) as bundle:  # type: ignore[arg-type]
        original = bundle.read(f"exhibits/{log.exhibit.file_name}")
    assert original == chat.read_bytes()
    with zipfile.ZipFile(chat) as inner:
        chat_lines = inner.read(log.source.member).decode("utf-8").split("\n")
    assert len(log.lines) == 7
    for line in log.lines:
        item = line.item
        # Where the log says it is, the original in the bundle has these very words.
        start, end = item.where.line, item.where.end_line or item.where.line
        assert item.text in "\n".join(chat_lines[start - 1 : end])
        assert f"line {start}" in log_text or f"lines {start}-" in log_text
        # And the PDF prints them (control characters aside, which are never drawn).
        shown = re.sub(r"[\x00-\x1f\u202e]", " ", item.text)
        if item.text.isascii() or "🔪" in item.text:
            assert in_order(shown, log_text), shown
    assert "<img src='/etc/passwd'/> =cmd|' /C calc'!A0" in log_text
    assert "[File: IMG-20240613-WA0001.jpg, in the exported file]" in log_text


def test_pattern_page_counts_are_the_files(vault: Vault, tmp_path: Path) -> None:
    text = fixture("whatsapp_android.txt").read_text(encoding="utf-8")
    chris = re.findall(r"^(\d\d)/06/2024, \d\d:\d\d - Chris Sample: ", text, re.M)
    per_day = {day: chris.count(day) for day in set(chris)}
    calls = fixture("calls.xml").read_text(encoding="utf-8")
    withheld = len(re.findall(r'presentation="2"', calls))
    _import(vault, fixture("whatsapp_android.txt"), ["Chris Sample"])
    _import(vault, fixture("calls.xml"), ["withheld"])
    pack, result = export(vault, tmp_path)
    pattern = _flat(page_texts(result.pdf)[1])
    assert pattern.startswith("The pattern")
    assert (
        f"Messages and calls logged: {len(chris)} messages and {withheld} calls (1 missed) on "
        f"{len(per_day)} days" in pattern
    )
    busiest = max(per_day.values())
    assert (
        f"Most in one day: {busiest} messages and {withheld} calls (1 missed) on Mon 3 Jun 2024, from 21:04 to 23:47"
        in pattern
    )
    days = pack.message_logs.per_day()
    assert {d.day: c.messages for d, c in days.items()} == {int(k): v for k, v in per_day.items()}
    assert "Messages and calls per day" in pattern


def test_the_file_is_produced_even_when_its_entry_is_not_in_the_pack(
    vault: Vault, tmp_path: Path
) -> None:
    chat = fixture("whatsapp_android.txt")
    _import(vault, chat, ["Chris Sample"])
    pack, result = export(vault, tmp_path, start=date(2024, 6, 10))
    assert len(pack.incidents) == 1
    (log,) = pack.message_logs.logs
    assert log.exhibit in pack.exhibits and len(log.lines) == 2
    assert pack.incidents[0].exhibits == (log.exhibit,)
    with zipfile.ZipFile(result.bundle) as bundle:  # type: ignore[arg-type]
        assert bundle.read(f"exhibits/{log.exhibit.file_name}") == chat.read_bytes()
        sums = bundle.read("SHA256SUMS").decode()
    assert f"{log.exhibit.attachment.sha256}  exhibits/{log.exhibit.file_name}" in sums
    texts = page_texts(result.pdf)
    assert "an exported file of messages marked" in _flat("\n".join(texts)) or any(
        "exported file of messages" in _flat(t) for t in texts
    )


def test_a_pack_without_messages_has_no_message_pages(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(what="He was waiting by the gate."))
    pack, result = export(vault, tmp_path)
    assert not pack.message_logs
    text = "\n".join(page_texts(result.pdf))
    assert "Message logs" not in text and "Messages and calls logged" not in text


def test_every_shape_is_exported_with_its_words(vault: Vault, tmp_path: Path) -> None:
    for name, senders in [
        ("whatsapp_iphone.txt", ["Chris Sample"]),
        ("sms.xml", ["+447700900123", "07700900123"]),
        ("calls.xml", ["+447700900123"]),
        ("message.eml", ["chris.sample@example.com"]),
        ("mailbox.mbox", ["chris.sample@example.com"]),
        ("result.json", ["Chris Sample"]),
    ]:
        _import(vault, fixture(name), senders)
    pack, result = export(vault, tmp_path)
    assert len(pack.message_logs.logs) == 6
    log_text = _flat(_log_pages(page_texts(result.pdf)))
    for expected in [
        "Missed call",  # iPhone WhatsApp missed voice call
        "I know where you live. I'm outside",
        "[File: window.png, in the exported file]",
        "Incoming call, answered, 2 min 5 s",
        "Subject: You’ll see",
        "I saw you at the station today. You can't hide from me – I know where you work.",
        "From now on I will wait outside.",
        "This is your last warning.",
        "You will regret this",
        "Incoming call, answered, 42 s",
    ]:
        assert in_order(expected, log_text), expected
    local = LocalTime("Europe/London")
    first = min(line.item.instant for log in pack.message_logs.logs for line in log.lines)
    assert local.clock(first) == "21:04"


def test_entries_json_carries_each_logged_message_and_verify_holds_them_to_the_history(
    vault: Vault, tmp_path: Path
) -> None:
    import json

    from diary.export.verify import verify_bundle
    from diary.export.verify_revisions import check_revisions

    _import(vault, fixture("whatsapp_android.txt"), ["Chris Sample"])
    original_sha = vault.incidents()[0].attachments[0].sha256
    _pack, result = export(vault, tmp_path)
    with zipfile.ZipFile(result.bundle) as bundle:  # type: ignore[arg-type]
        data = bundle.read("entries.json")
    document = json.loads(data)
    logged = [e for record in document["incidents"] for e in record.get("message_log", [])]
    assert len(logged) == 7
    texts = [e["record"]["text"] for e in logged]
    assert "I know where you live 🔪" in texts
    assert {e["file_sha256"] for e in logged} == {original_sha}
    assert logged[0]["record"]["where"]["line"] >= 1
    report = verify_bundle(result.bundle)  # type: ignore[arg-type]
    assert report.ok, report.problems
    assert check_revisions(data).problems == []
    # A word changed in entries.json, or a message taken out, no longer matches the history.
    changed = data.replace(b"I know where you live", b"I know where you are!")
    assert any("are not those its history recorded" in p for p in check_revisions(changed).problems)
    first = document["incidents"][0]
    first["message_log"] = first["message_log"][1:]
    fewer = json.dumps(document, ensure_ascii=False).encode()
    assert any("4 here" in p for p in check_revisions(fewer).problems)


def test_a_chat_export_whose_photos_show_where_they_were_taken_is_asked_about(
    vault: Vault, tmp_path: Path
) -> None:
    import pytest

    from diary.domain.errors import InvalidInput
    from diary.export.verify import verify_bundle
    from tests.location_support import picture

    chat = tmp_path / "WhatsApp Chat with Chris Sample.zip"
    with zipfile.ZipFile(chat, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(fixture("whatsapp_android.txt"), "WhatsApp Chat with Chris Sample.txt")
        archive.writestr("IMG-20240613-WA0001.jpg", picture("JPEG"))  # a GPS position in it
        archive.writestr("IMG-20240613-WA0002.jpg", picture("JPEG", with_position=False))
    _import(vault, chat, ["Chris Sample"])
    with pytest.raises(InvalidInput, match=r"WhatsApp Chat with Chris Sample\.zip"):
        export(vault, tmp_path)
    assert not list(tmp_path.glob("pack*"))
    pack, result = export(vault, tmp_path, located_originals="leave-out")
    (located,) = pack.disclosure.located
    assert located.members == ("IMG-20240613-WA0001.jpg",)
    assert "1 picture(s) inside it (IMG-20240613-WA0001.jpg)" in located.described
    with zipfile.ZipFile(result.bundle) as bundle:  # type: ignore[arg-type]
        assert not any(bundle.read(n) == chat.read_bytes() for n in bundle.namelist())
    assert verify_bundle(result.bundle).ok  # type: ignore[arg-type]
    (log,) = pack.message_logs.logs
    left_out = _flat(next(t for t in page_texts(result.pdf) if "What this pack leaves out" in t))
    assert f"exhibit {log.exhibit.mark} carries location data" in left_out


def test_a_chat_export_whose_photos_hold_no_position_needs_no_choice(
    vault: Vault, tmp_path: Path
) -> None:
    _import(vault, android_zip(tmp_path), ["Chris Sample"])
    pack, _ = export(vault, tmp_path)
    assert pack.disclosure.located == ()
