"""Reading every shape of message and call file: words as in the file, times with their zone,
senders, calls, media, and every line not understood named by its line number."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from diary.domain.messages.log import WITHHELD, CallType, Format, Kind
from diary.domain.messages.options import DateOrder, DatesUnclear
from diary.domain.messages.reading import identify
from tests.messages_support import android_zip, fixture, iphone_zip, read_all


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _file_text(name: str) -> str:
    return fixture(name).read_bytes().decode("utf-8-sig")


def test_whatsapp_android_messages_keep_the_files_words_and_lines() -> None:
    items, unread, notes = read_all(fixture("whatsapp_android.txt"))
    assert identify(fixture("whatsapp_android.txt")).variant == "Android"
    assert unread == []
    assert notes.system_lines == 2  # the encryption notice and the change of subject
    assert notes.date_order is DateOrder.DAY_FIRST
    assert [i.sender for i in items].count("Chris Sample") == 7
    threat = items[3]
    assert threat.text == "You'll regret this.\nDon't think you can hide.\nAnd tell your sister too"
    assert threat.text in _file_text("whatsapp_android.txt")
    assert (threat.where.line, threat.where.end_line) == (5, 7)
    assert threat.instant == _utc("2024-06-03T21:10+01:00")
    assert threat.shown == "03/06/2024, 21:10"
    arabic = items[5]
    assert arabic.text == "سأجدك أينما ذهبت" and arabic.where.line == 9
    hostile = items[7]
    assert hostile.text == "<img src='/etc/passwd'/> =cmd|' /C calc'!A0 \x1b[2J \u202eevil"
    assert items[6].media[0].name == "IMG-20240613-WA0001.jpg"
    assert not items[6].media[0].in_file  # the .txt alone holds no media


def test_whatsapp_iphone_twelve_hour_month_first_with_missed_call() -> None:
    items, unread, notes = read_all(fixture("whatsapp_iphone.txt"))
    assert identify(fixture("whatsapp_iphone.txt")).variant == "iPhone"
    assert notes.date_order is DateOrder.MONTH_FIRST
    assert unread == [] and notes.system_lines == 1
    assert items[0].instant == _utc("2024-06-03T21:04:12+01:00")
    call = items[1]
    assert (call.kind, call.call) == (Kind.CALL, CallType.MISSED)
    hebrew = items[4]
    assert hebrew.text == "מה שלומך 🙂\nI am outside"  # multi-line, CRLF line ends removed
    assert hebrew.instant == _utc("2024-06-13T07:03+01:00")
    assert items[3].media[0].name == "00000012-PHOTO-2024-06-13-07-02-00.jpg"


def test_whatsapp_zip_links_media_in_the_zip(tmp_path: Path) -> None:
    for made in (iphone_zip(tmp_path), android_zip(tmp_path)):
        source = identify(made)
        assert source.format is Format.WHATSAPP and source.member.endswith(".txt")
        items, unread, _ = read_all(made)
        linked = [m for i in items for m in i.media]
        assert len(linked) == 1 and linked[0].in_file, made.name


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("whatsapp_german.txt", "2024-06-03T18:30+01:00", "2024-06-14T09:00+01:00"),
        ("whatsapp_spanish.txt", "2024-06-03T21:04+01:00", "2024-06-20T10:00+01:00"),
    ],
)
def test_other_languages_date_formats(name: str, first: str, last: str) -> None:
    items, unread, _ = read_all(fixture(name))
    assert unread == []
    assert items[0].instant == _utc(first) and items[-1].instant == _utc(last)
    assert "ä" in items[-1].text or items[-1].text == "Hola"


def test_dates_that_read_both_ways_are_asked_about() -> None:
    with pytest.raises(DatesUnclear, match="day first or month first") as raised:
        read_all(fixture("whatsapp_ambiguous_dates.txt"))
    assert "line 1: 03/06/2024, 18:30" in raised.value.examples
    items, _, _ = read_all(
        fixture("whatsapp_ambiguous_dates.txt"), date_order=DateOrder.MONTH_FIRST
    )
    assert items[0].instant == _utc("2024-03-06T18:30+00:00")
    items, _, _ = read_all(fixture("whatsapp_ambiguous_dates.txt"), date_order=DateOrder.DAY_FIRST)
    assert items[0].instant == _utc("2024-06-03T18:30+01:00")


def test_sms_backup_texts_picture_messages_and_drafts() -> None:
    items, unread, notes = read_all(fixture("sms.xml"))
    assert identify(fixture("sms.xml")).format is Format.SMS
    assert unread == []
    assert len(items) == 5 and "1 draft(s) never sent were left out." in notes.lines
    multi = items[1]
    assert multi.text == "I know where you live.\nI'm outside 😈"
    assert multi.sender_key == "07700900123" and multi.where.line == 6
    sent = items[2]
    assert sent.sent_by_owner and sent.sender_key == "to:+447700900123"
    assert items[3].text == "مرحبا، هل أنت بخير؟" and items[3].sender == "+447700900555"
    mms = items[4]
    assert mms.text == "Nice curtains 👀"
    assert mms.media[0].name == "window.png" and mms.media[0].in_file
    assert len(mms.media[0].sha256) == 64
    assert mms.instant == _utc("2024-06-05T22:15+01:00")


def test_call_log_types_numbers_and_durations() -> None:
    items, unread, _ = read_all(fixture("calls.xml"))
    assert identify(fixture("calls.xml")).format is Format.CALLS and unread == []
    assert [i.call for i in items] == [
        CallType.MISSED,
        CallType.MISSED,
        CallType.REJECTED,
        CallType.INCOMING,
        CallType.OUTGOING,
        CallType.BLOCKED,
        CallType.MISSED,
    ]
    assert [i.sender_key for i in items[:3]] == ["+447700900123", WITHHELD, WITHHELD]
    assert items[1].sender == "Withheld number"
    assert items[3].duration == 125 and items[3].instant == _utc("2024-06-04T08:00+01:00")
    assert items[4].sent_by_owner


def test_eml_headers_and_decoded_text() -> None:
    (item,), unread, _ = read_all(fixture("message.eml"))
    assert unread == []
    assert item.sender == "Chris Sample <chris.sample@example.com>"
    assert item.sender_key == "chris.sample@example.com"
    assert item.recipients == "Sam Example <sam@example.org>"
    assert item.subject == "You’ll see 😠"
    assert item.where.ref == "<20240603210431.1234@example.com>"
    assert item.text == (
        "I saw you at the station today. You can't hide from me – I know where you work.\n\nשלום"
    )
    assert item.instant == _utc("2024-06-03T22:04:31+01:00")


def test_mbox_messages_html_escaped_from_and_what_was_not_understood() -> None:
    items, unread, _ = read_all(fixture("mailbox.mbox"))
    assert [i.where.member for i in items] == ["message 1", "message 2", "message 3"]
    assert items[0].text == "Why won't you talk to me?\nFrom now on I will wait outside."
    assert items[1].text == "This is your last warning."  # no style, no script
    assert items[0].sender_key == items[1].sender_key == "chris.sample@example.com"
    assert [(u.where.member, u.where.line) for u in unread] == [
        ("message 3", 22),
        ("message 4", 32),
    ]
    assert "character set" in unread[0].why and "date cannot be read" in unread[1].why


def test_telegram_result_json_messages_calls_and_pieces_of_text() -> None:
    items, unread, notes = read_all(fixture("result.json"))
    assert unread == [] and notes.system_lines == 1
    assert items[1].text == "You will regret this 🔥\nמחר"
    assert (items[2].kind, items[2].call) == (Kind.CALL, CallType.MISSED)
    assert items[5].duration == 42
    assert items[1].where.ref == "3" and items[1].where.line == 34
    assert items[4].media[0].name.startswith("photos/") and not items[4].media[0].in_file


def test_repeated_hour_is_settled_by_the_order_or_asked(tmp_path: Path) -> None:
    from diary.domain.messages.options import RepeatedHour, RepeatedHourUnclear
    from diary.domain.messages.survey import survey

    settled = tmp_path / "settled.txt"
    settled.write_text(
        "27/10/2024, 00:50 - Chris: before\n"
        "27/10/2024, 01:40 - Chris: first time round\n"
        "27/10/2024, 01:10 - Chris: after the clocks went back\n"
        "27/10/2024, 02:10 - Chris: later\n",
        encoding="utf-8",
    )
    items, _, _ = read_all(settled)
    assert [i.instant.strftime("%H:%M") for i in items] == ["23:50", "00:40", "01:10", "02:10"]
    open_question = tmp_path / "open.txt"
    open_question.write_text(
        "27/10/2024, 00:50 - Chris: before\n27/10/2024, 01:30 - Chris: which?\n"
        "27/10/2024, 02:10 - Chris: later\n",
        encoding="utf-8",
    )
    from diary.domain.messages.options import ReadOptions

    with pytest.raises(RepeatedHourUnclear, match="lines 2") as raised:
        survey(identify(open_question), ReadOptions("Europe/London"))
    assert raised.value.lines == (2,)
    items, _, _ = read_all(open_question, repeated_hour=RepeatedHour.SECOND)
    assert items[1].instant == _utc("2024-10-27T01:30+00:00")


def test_a_time_the_clocks_skipped_is_not_understood(tmp_path: Path) -> None:
    path = tmp_path / "gap.txt"
    path.write_text(
        "31/03/2024, 00:30 - Chris: fine\n31/03/2024, 01:30 - Chris: never happened\n",
        encoding="utf-8",
    )
    items, unread, _ = read_all(path)
    assert len(items) == 1
    assert unread[0].where.line == 2 and "did not happen in Europe/London" in unread[0].why
