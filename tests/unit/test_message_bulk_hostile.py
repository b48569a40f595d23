"""Chats made of hostile lines read in bulk give what the line-by-line reader gives.

The bulk reader claims that its result is always the line reader's: whatever a file holds, it
either reads it the same way or hands it over. Here Hypothesis writes chats from pieces chosen to
break that claim: lines that almost start a message (a date or time out of range, a bracket
missing, the wrong dash, a mark before the date), senders holding colons, quotes and marks, text
holding other line ends (CR, U+2028, U+0085, form feeds) and other messages' heads, the app's
lines, missed calls, blank lines before the first message, and times that go back or fall in
the hours the clocks change. Each chat is read both ways and must give the same senders,
counts, days, first and last times, lines not understood, notes and questions, and the same
proposals with the same items.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diary.domain.messages.options import DateOrder, ReadOptions, RepeatedHour
from diary.domain.messages.whatsapp import bulk as whatsapp_bulk
from tests.unit.test_message_bulk import both
from tests.unit.test_message_bulk_plan import check

_MARK = st.sampled_from(["", "", "", "\u200e", "\u200f", "\ufeff"])
_DAY = st.sampled_from(
    # ordinary days, the days the clocks change in London, and days that do not exist
    [
        "13/06/2024",
        "14/06/2024",
        "31/03/2024",
        "27/10/2024",
        "06/13/2024",
        "31/04/2024",
        "1/6/24",
        "2024-06-15",
        "15.06.24",
        "13/06/2024,",
        "32/01/2024",
    ]
)
_TIME = st.sampled_from(
    [
        "18:30",
        "18:31",
        "01:30",
        "01:59",
        "02:30",
        "00:00",
        "23:59",
        "9:05",
        "24:00",
        "12:61",
        "18:30:12",
        "6:30 pm",
        "6:30 PM",
        "12:00 a.m.",
        "13:00 pm",
        "6:30\u202fpm",
        "6.30",
    ]
)
_SEP = st.sampled_from([" - ", " - ", " - ", " \u2013 ", " -", "-", "  - ", "\t- "])
_SENDER = st.sampled_from(
    [
        "Chris Sample",
        "Chris Sample",
        "Sam Example",
        "\u200eJo Friend",
        "+44 7700 900123",
        "Chris: Sample",
        "\u201cChris\u201d",
        '"Sam"',
        "",
        " ",
        "Chris Sample ",
        "withheld",
    ]
)
_WORDS = st.sampled_from(
    [
        "why are you ignoring me",
        "😡🔪",
        "سأجدك",
        "ok: fine",
        "<Media omitted>",
        "\u200e",
        "Missed voice call",
        "missed video call",
        "MİSSED voice call",
        "IMG-0001.jpg (file attached)",
        "Chris Sample left",
        "Messages and calls are end-to-end encrypted.",
        "a\rb",
        "x\u2028y",
        "p\u0085q",
        "form\x0cfeed",
        "tab\there",
        "[13/06/2024, 18:30] Sam: inside",
        "",
        "13/06/2024, 18:30 - Sam: quoted head",
        "\u200e13/06/2024, 18:30 - Sam: marked",
        # lines of words that open with a date, as a message's first line does
        "14/06/2024 is when I come",
        "[13/06/2024 in brackets",
        "1/6/24, not a time",
    ]
)


@st.composite
def _head(draw: st.DrawFn) -> str:
    mark, day, time = draw(_MARK), draw(_DAY), draw(_TIME)
    if draw(st.booleans()):
        return f"{mark}[{day}, {time}] "
    return f"{mark}{day}, {time}{draw(_SEP)}"


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["message"] * 6 + ["app", "more", "blank", "almost"]))
    if kind == "message":
        return f"{draw(_head())}{draw(_SENDER)}: {draw(_WORDS)}"
    if kind == "app":
        return f"{draw(_head())}{draw(_WORDS)}"
    if kind == "more":
        return draw(_WORDS)
    if kind == "blank":
        return draw(st.sampled_from(["", " ", "\r"]))
    # a line that looks like a message's first line to a careless reader
    return f"{draw(_MARK)} {draw(_head())}{draw(_SENDER)}: {draw(_WORDS)}"


# Each chat opens with a message, so that it is read as a chat (not refused before reading).
_CHATS = st.builds(
    lambda lead, first, lines: lead + "\n".join([first, *lines]) + "\n",
    st.sampled_from(["", "", "\n", " \n"]),
    st.sampled_from(["13/06/2024, 18:29 - Chris Sample: hello", "[13/06/2024, 18:29:00] Sam: hi"]),
    st.lists(_line(), max_size=30),
)
_OPTIONS = st.builds(
    ReadOptions,
    st.just("Europe/London"),
    st.sampled_from([None, DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST]),
    st.sampled_from([None, RepeatedHour.FIRST, RepeatedHour.SECOND]),
)
_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _write(folder: str, text: str, crlf: bool) -> Path:
    path = Path(folder) / "WhatsApp Chat with Chris Sample.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode() if crlf else text.encode())
    return path


@_SETTINGS
@given(
    text=_CHATS,
    options=_OPTIONS,
    crlf=st.booleans(),
    piece=st.sampled_from([whatsapp_bulk.CHUNK, 64, 300]),
)
def test_hostile_chats_are_counted_alike(
    monkeypatch: pytest.MonkeyPatch, text: str, options: ReadOptions, crlf: bool, piece: int
) -> None:
    """Read whole, and a few bytes at a time (pieces cut through messages and line ends)."""
    with tempfile.TemporaryDirectory() as folder, monkeypatch.context() as patch:
        patch.setattr(whatsapp_bulk, "CHUNK", piece)
        bulk, reference = both(_write(folder, text, crlf), options, monkeypatch)
    assert bulk == reference


@_SETTINGS
@given(text=_CHATS, repeated=st.sampled_from([RepeatedHour.FIRST, RepeatedHour.SECOND]))
def test_hostile_chats_are_proposed_alike(
    monkeypatch: pytest.MonkeyPatch, text: str, repeated: RepeatedHour
) -> None:
    options = ReadOptions("Europe/London", DateOrder.DAY_FIRST, repeated)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, text, crlf=False)
        check(path, options, monkeypatch)
