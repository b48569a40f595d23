"""WhatsApp chats counted in bulk give exactly what the line-by-line reader gives: the same
senders, counts, days, first and last times, lines not understood and notes, or the same
question asked."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from diary.domain.errors import InvalidInput
from diary.domain.messages import survey as survey_module
from diary.domain.messages.options import DateOrder, ReadOptions, RepeatedHour
from diary.domain.messages.reading import identify
from tests.messages_support import android_zip, fixture, iphone_zip

WORDS = [
    "why",
    "are",
    "you",
    "ignoring",
    "me",
    "I",
    "know",
    "where",
    "you",
    "work",
    "you'll",
    "regret",
    "this",
    "😡",
    "سأجدك",
]


def both(path: Path, options: ReadOptions, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    """(bulk, line by line): each a survey's parts, or the question raised."""

    def run() -> object:
        try:
            found = survey_module.survey(identify(path), options)
        except InvalidInput as exc:
            return (type(exc).__name__, str(exc))
        return (
            [(s.key, s.name, s.owner, s.tally) for s in found.senders.values()],
            list(found.days.items()),
            found.unread,
            found.unread_count,
            found.notes,
            found.options,
        )

    bulk = run()
    with monkeypatch.context() as patch:
        patch.setattr(survey_module, "_bulk", lambda _result, _cancelled: False)
        reference = run()
    return bulk, reference


def write_chat(path: Path, *, month_first: bool, twelve: bool, start: datetime, seed: int) -> None:
    rng = random.Random(seed)
    at = start
    day = "%m/%d/%y" if month_first else "%d/%m/%Y"
    clock = "%I:%M %p" if twelve else "%H:%M"
    lines = [f"{at:{day}}, {at:{clock}} - Messages and calls are end-to-end encrypted.\n"]
    for n in range(3000):
        at += timedelta(seconds=rng.randint(5, 900))
        sender = rng.choice(("Chris Sample", "Sam Example", "\u200eJo Friend"))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
        if n % 37 == 0:
            text += "\nsecond line\n\nfourth line"
        if n % 101 == 0:
            text = "IMG-20240603-WA0001.jpg (file attached)"
        if n % 211 == 0:
            lines.append(f"{at:{day}}, {at:{clock}} - Chris Sample left\n")
            continue
        if n % 307 == 0:
            text = "Missed voice call"
        lines.append(f"{at:{day}}, {at:{clock}} - {sender}: {text}\n")
        if n == 1500 and rng.random() < 2:  # the clocks went back: the chat's order shows it
            at -= timedelta(minutes=50)
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    "name",
    ["whatsapp_android.txt", "whatsapp_iphone.txt", "whatsapp_german.txt", "whatsapp_spanish.txt"],
)
def test_fixtures_read_alike(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk, reference = both(fixture(name), ReadOptions("Europe/London"), monkeypatch)
    assert bulk == reference


def test_zips_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for made in (android_zip(tmp_path), iphone_zip(tmp_path)):
        bulk, reference = both(made, ReadOptions("Europe/London"), monkeypatch)
        assert bulk == reference


def test_ambiguous_dates_asked_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    path = fixture("whatsapp_ambiguous_dates.txt")
    for order in (None, DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
        bulk, reference = both(path, ReadOptions("Europe/London", order), monkeypatch)
        assert bulk == reference


@pytest.mark.parametrize("month_first", [False, True])
@pytest.mark.parametrize("twelve", [False, True])
@pytest.mark.parametrize(
    "start",
    [datetime(2024, 3, 30, 12, 0), datetime(2024, 10, 26, 12, 0), datetime(2024, 6, 1, 8, 0)],
)
@pytest.mark.parametrize("repeated", [None, RepeatedHour.FIRST, RepeatedHour.SECOND])
def test_generated_chats_read_alike(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    month_first: bool,
    twelve: bool,
    start: datetime,
    repeated: RepeatedHour | None,
) -> None:
    """Clocks going forward (times that never happened) and back (times that happened twice,
    some settled by the chat's order, some asked about), multi-line messages, media, the app's
    lines, missed calls, marks, emoji and Arabic."""
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    write_chat(path, month_first=month_first, twelve=twelve, start=start, seed=start.day)
    bulk, reference = both(path, ReadOptions("Europe/London", None, repeated), monkeypatch)
    assert bulk == reference


def test_bulk_counts_the_chat_it_is_given(tmp_path: Path) -> None:
    """The bulk reading is the one used (not a copy of the reference): counts a person sees."""
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/06/2024, 18:30 - Chris: one\n13/06/2024, 18:31 - Chris: two\nmore\n"
        "14/06/2024, 09:00 - Sam: three\n",
        encoding="utf-8",
    )
    found = survey_module.survey(identify(path), ReadOptions("Europe/London"))
    assert [(s.key, s.tally.messages) for s in found.ranked_senders()] == [("Chris", 2), ("Sam", 1)]
    assert sorted(str(day) for _key, day in found.days) == ["2024-06-13", "2024-06-14"]


@pytest.mark.parametrize("piece", [512, 4096, 65536])
@pytest.mark.parametrize("start", [datetime(2024, 3, 30, 12, 0), datetime(2024, 10, 26, 12, 0)])
def test_small_pieces_read_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int, start: datetime
) -> None:
    """The file read a few bytes at a time (messages and the hours the clocks change cut
    across pieces) gives what the line reader gives."""
    from diary.domain.messages.whatsapp import bulk as whatsapp_bulk

    monkeypatch.setattr(whatsapp_bulk, "CHUNK", piece)
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    write_chat(path, month_first=False, twelve=False, start=start, seed=piece)
    options = ReadOptions("Europe/London", None, RepeatedHour.SECOND)
    if piece >= 4096:  # pieces that hold the hour the clocks change are read in bulk
        assert survey_module._bulk(survey_module.Survey(identify(path), options, ""), lambda: False)
    bulk, reference = both(path, options, monkeypatch)
    assert bulk == reference


def test_missed_calls_in_any_case_read_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Missed voice call' written in any case (İ, ı and ſ included, as the line reader allows)
    is a missed call in bulk too."""
    import itertools
    import re

    from diary.domain.messages.whatsapp import bulk as whatsapp_bulk

    letters = {"m": "mM", "i": "iI\u0130\u0131", "s": "sS\u017f", "e": "eE", "d": "dD"}
    variants = ["".join(v) for v in itertools.product(*(letters[c] for c in "missed"))]
    for word in variants:
        found = bool(whatsapp_bulk._MAYBE_MISSED.search(f"x {word} y"))
        assert found is bool(re.search("missed", word, re.IGNORECASE)), word
    path = tmp_path / "chat.txt"
    path.write_text(
        "".join(
            f"13/06/2024, 18:{n % 60:02d} - Chris: {word} voice call\n"
            for n, word in enumerate(variants[::7])
        ),
        encoding="utf-8",
    )
    bulk, reference = both(path, ReadOptions("Europe/London"), monkeypatch)
    assert bulk == reference


def test_times_that_never_happened_are_reported_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages in the hour the clocks skipped (the same time more than once, over several
    lines, and written inside another message) are reported on their own lines in bulk too."""
    path = tmp_path / "chat.txt"
    path.write_text(
        "31/03/2024, 00:59 - Chris: see you at 31/03/2024, 01:30 - ok?\n"
        "31/03/2024, 01:30 - Chris: one\n"
        "31/03/2024, 01:30 - Sam: two\nand more\n 31/03/2024, 01:30 - not a message\n"
        "31/03/2024, 01:30 - Chris: three\n"
        "31/03/2024, 02:30 - Chris: four\n",
        encoding="utf-8",
    )
    options = ReadOptions("Europe/London")
    assert survey_module._bulk(survey_module.Survey(identify(path), options, ""), lambda: False)
    bulk, reference = both(path, options, monkeypatch)
    assert bulk == reference
    unread = bulk[2]
    assert [(u.where.line, u.where.end_line) for u in unread] == [(2, 2), (3, 5), (6, 6)]
