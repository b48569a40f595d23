"""Plain pieces of a chat (no marked line, no missed call) are counted from each message's time
and sender alone, one run of a date at a time, with the days the clocks change handed to the
reader of every word: what a person is shown must still be exactly what the line-by-line reader
gives. A call log's proposals one a day are made from its counts, and its calls read one by one
only when another grouping needs them."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diary.domain.errors import InvalidInput
from diary.domain.messages import survey as survey_module
from diary.domain.messages.options import ReadOptions, RepeatedHour
from diary.domain.messages.proposals import Grouping, plan
from diary.domain.messages.reading import identify
from diary.domain.messages.whatsapp import bulk as whatsapp_bulk
from diary.domain.messages.whatsapp import plain as whatsapp_plain
from tests.unit.test_message_bulk import WORDS, both
from tests.unit.test_message_bulk_plan import check

SENDERS = ("Chris Sample", "Sam Example", "Jo Friend", "+44 7700 900123")


def write_plain_chat(path: Path, start: datetime, seed: int, *, bracket: bool = False) -> None:
    """A chat with no marked line and no missed call: multi-line messages, lines of words that
    open with a date (not a message's), the app's lines, media, emoji and Arabic, across the
    days the clocks change (going back once, as a chat shows it)."""
    rng = random.Random(seed)
    at = start
    lines = []
    for n in range(2500):
        at += timedelta(seconds=rng.randint(5, 900))
        stamp = f"[{at:%d/%m/%Y, %H:%M:%S}] " if bracket else f"{at:%d/%m/%Y, %H:%M} - "
        if n % 173 == 0:
            lines.append(f"{stamp}Chris Sample changed the group description\n")
            continue
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
        if n % 31 == 0:
            later = at + timedelta(days=1)
            text += f"\n{later:%d/%m/%Y} is when I come\n{at:%d/%m/%Y} was today"
        if n % 89 == 0:
            text = "IMG-20240603-WA0001.jpg (file attached)"
        lines.append(f"{stamp}{rng.choice(SENDERS)}: {text}\n")
        if n == 1200:  # the clocks went back (when the chat crosses that night): order shows it
            at -= timedelta(minutes=50)
    path.write_text("".join(lines), encoding="utf-8")


def _plain_pieces(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each piece's answer from the plain reader, as the survey reads the file."""
    answers: list[bool] = []
    piece = whatsapp_plain.piece

    def spy(*args: object) -> bool:
        answers.append(piece(*args))  # type: ignore[arg-type]
        return answers[-1]

    monkeypatch.setattr(whatsapp_plain, "piece", spy)
    return answers


@pytest.mark.parametrize("bracket", [False, True])
@pytest.mark.parametrize("piece", [700, 8192, whatsapp_bulk.CHUNK])
@pytest.mark.parametrize(
    "start", [datetime(2024, 3, 29, 12, 0), datetime(2024, 10, 25, 12, 0), datetime(2024, 6, 13)]
)
def test_plain_chats_read_and_proposed_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bracket: bool, piece: int, start: datetime
) -> None:
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    write_plain_chat(path, start, seed=start.day + piece, bracket=bracket)
    options = ReadOptions("Europe/London", None, RepeatedHour.FIRST)
    with monkeypatch.context() as patch:
        patch.setattr(whatsapp_bulk, "CHUNK", piece)
        answers = _plain_pieces(patch)
        in_bulk = survey_module._bulk(survey_module.Survey(identify(path), options, ""), bool)
        # Pieces of a few hundred bytes may cut through the hour the clocks went back: then
        # the line reader reads the chat (as it did before pieces were read as plain).
        assert in_bulk or piece < 4096
        assert answers and all(answers)  # every piece was plain: read by the plain reader
        bulk, reference = both(path, options, patch)
        assert bulk == reference
        # Proposals (one a day from the counts, and by burst) with their items, the busiest
        # sender's and everyone's, against the line reader's.
        assert check(path, options, patch, seed=piece) or piece < 4096


def test_a_plain_piece_counts_what_the_person_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/06/2024, 18:30 - Chris: one\n"
        "14/06/2024 is when I come\n"
        "13/06/2024, 18:31 - Chris: two\n"
        "13/06/2024, 18:32 - Chris added Sam\n"
        "14/06/2024, 09:00 - Sam: three\n"
        "14/06/2024, 09:05 - Chris: four\n",
        encoding="utf-8",
    )
    answers = _plain_pieces(monkeypatch)
    found = survey_module.survey(identify(path), ReadOptions("Europe/London"))
    assert answers and all(answers)
    assert [(s.key, s.tally.messages) for s in found.ranked_senders()] == [("Chris", 3), ("Sam", 1)]
    assert found.notes.system_lines == 1
    made = plan(found, ["Chris"])
    assert [(p.key, p.count, p.lines) for p in made.proposals] == [
        ("2024-06-13", 2, (1, 4)),
        ("2024-06-14", 1, (5, 6)),
    ]
    assert [e.item.text for e in made.proposals[0].items] == [
        "one\n14/06/2024 is when I come",
        "two",
    ]


def test_proposals_one_a_day_are_made_without_reading_the_chat_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    write_plain_chat(path, datetime(2024, 10, 25, 12, 0), seed=3)
    found = survey_module.survey(
        identify(path), ReadOptions("Europe/London", None, RepeatedHour.FIRST)
    )
    reads: list[int] = []
    count = whatsapp_bulk.count

    def counting(*args: object, **named: object) -> object:
        reads.append(1)
        return count(*args, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(whatsapp_bulk, "count", counting)
    by_day = plan(found, ["Chris Sample"])
    assert by_day.proposals and not reads
    assert any(p.from_top for p in by_day.proposals)  # the day the clocks went back
    plan(found, ["Chris Sample"], Grouping.BURST, timedelta(minutes=30))
    plan(found, ["Sam Example"], Grouping.BURST, timedelta(minutes=30))
    assert len(reads) == 1  # read once for bursts, then kept


_NOISE = st.text(
    alphabet=st.sampled_from(list("mise dx\u0130\u0131\u017f😡сЖ\u00bf\u2028")), max_size=6
)
# "missed" with each letter in any of the ways the line reader's test allows, or one it does not.
_LETTERS = {"m": "mM", "i": "iI\u0130\u0131j", "s": "sS\u017fz", "e": "eE", "d": "dD\u212a"}
_MISSED = st.tuples(*(st.sampled_from(list(_LETTERS[c])) for c in "missed")).map("".join)


@settings(max_examples=400, deadline=None)
@given(before=_NOISE, word=_MISSED, after=_NOISE)
def test_a_block_that_may_hold_a_missed_call_is_never_taken_for_plain(
    before: str, word: str, after: str
) -> None:
    """Wherever the line reader's test for 'missed' (any case, İ ı ſ too) finds it, the quick
    test over the file's bytes says it may be there."""
    text = before + word + after
    if whatsapp_bulk._MAYBE_MISSED.search(text):
        assert whatsapp_plain.maybe_missed(text.encode("utf-8"))


def test_a_call_log_proposed_by_day_reads_its_calls_one_by_one_only_for_bursts(
    tmp_path: Path,
) -> None:
    from tests.unit.test_calls_bulk import write_log

    path = tmp_path / "calls.xml"
    write_log(path, 300, 5, datetime(2024, 10, 24, 22, tzinfo=UTC))
    found = survey_module.survey(identify(path), ReadOptions("Europe/London"))
    kept = found.rows
    busiest = found.ranked_senders()[0].key
    assert plan(found, [busiest]).proposals
    assert kept.fill is not None and not len(kept.instants)  # type: ignore[attr-defined]
    bursts = plan(found, [busiest], Grouping.BURST, timedelta(minutes=30))
    assert bursts.proposals and len(kept.instants) == 300  # type: ignore[attr-defined]
    # A file changed before its calls are read one by one is said to have changed.
    again = survey_module.survey(identify(path), ReadOptions("Europe/London"))
    path.write_text(path.read_text(encoding="utf-8").replace('type="3"', 'type="1"', 1))
    with pytest.raises(InvalidInput, match="has changed since it was read"):
        plan(again, [busiest], Grouping.BURST, timedelta(minutes=30))
