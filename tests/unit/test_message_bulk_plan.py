"""Proposals for a WhatsApp chat made without reading every message into an object are the
proposals the line-by-line reader gives: the same entries, counts, summaries and lines to quote,
and, once read, the same messages with the same fingerprints, whether one proposal is opened or
all are saved."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from diary.domain.messages.options import ReadOptions, RepeatedHour
from diary.domain.messages.proposals import Grouping, ImportPlan, load, plan, proposal_summary
from diary.domain.messages.reading import identify
from diary.domain.messages.survey import survey
from diary.domain.messages.whatsapp import bulk as whatsapp_bulk
from diary.domain.messages.whatsapp import plan as bulk_plan
from tests.messages_support import android_zip, fixture, iphone_zip
from tests.unit.test_message_bulk import write_chat


def _line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise whatsapp_bulk.Fallback

    monkeypatch.setattr(bulk_plan, "proposals", refuse)


def _counted(made: ImportPlan) -> list[tuple[object, ...]]:
    return [
        (p.key, p.day, p.count, p.parts, p.senders, proposal_summary(p, made.local))
        for p in made.proposals
    ]


def _items(made: ImportPlan) -> list[tuple[object, ...]]:
    """Each proposal's items, with their fingerprints, and the lines offered to quote."""
    return [(p.items, p.quotes) for p in made.proposals]


def check(path: Path, options: ReadOptions, monkeypatch: pytest.MonkeyPatch, seed: int = 0) -> bool:
    """The bulk plan against the line reader's, for the busiest sender and for all senders, by
    day and by burst; whether the plans were made in bulk (a chat with lines only the line
    reader reads is read by it)."""
    found = survey(identify(path), options)
    ranked = [s.key for s in found.ranked_senders()]
    rng = random.Random(seed)
    for senders in (ranked[:1], ranked):
        for grouping, gap in (
            (Grouping.DAY, timedelta(hours=1)),
            (Grouping.BURST, timedelta(minutes=30)),
        ):
            bulk = plan(found, senders, grouping, gap)
            lazy = not any(p.loaded for p in bulk.proposals)  # nothing read yet
            with monkeypatch.context() as patch:
                _line_by_line(patch)
                reference = plan(found, senders, grouping, gap)
            assert _counted(bulk) == _counted(reference)
            opened = rng.sample(bulk.proposals, min(5, len(bulk.proposals)))
            for proposal in opened:  # one at a time, as the window opens them
                assert proposal.loaded is not lazy
                assert len(proposal.items) == proposal.count
            load(bulk.proposals)  # the rest at once, as saving reads them
            assert _items(bulk) == _items(reference)
            assert _counted(bulk) == _counted(reference)
    return lazy


@pytest.mark.parametrize(
    "name",
    ["whatsapp_android.txt", "whatsapp_iphone.txt", "whatsapp_german.txt", "whatsapp_spanish.txt"],
)
def test_fixture_plans_alike(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lazy = check(fixture(name), ReadOptions("Europe/London"), monkeypatch)
    assert lazy is (name != "whatsapp_iphone.txt")  # its app lines are read line by line


def test_zip_plans_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for made in (android_zip(tmp_path), iphone_zip(tmp_path)):
        check(made, ReadOptions("Europe/London"), monkeypatch)


@pytest.mark.parametrize("twelve", [False, True])
@pytest.mark.parametrize(
    "start",
    [datetime(2024, 3, 30, 12, 0), datetime(2024, 10, 26, 12, 0), datetime(2024, 6, 1, 8, 0)],
)
@pytest.mark.parametrize("repeated", [RepeatedHour.FIRST, RepeatedHour.SECOND])
def test_generated_plans_alike(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    twelve: bool,
    start: datetime,
    repeated: RepeatedHour,
) -> None:
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    write_chat(path, month_first=False, twelve=twelve, start=start, seed=start.day + twelve)
    assert check(path, ReadOptions("Europe/London", None, repeated), monkeypatch, start.day)


def test_a_burst_after_the_clocks_went_back_reads_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst that starts just after the chat shows the clocks went back (01:50, then 01:05):
    its times are the second time round, as reading the whole chat shows."""
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    path.write_text(
        "26/10/2024, 22:00 - Chris: hello\n"
        "27/10/2024, 00:30 - Sam: hi\n"
        "27/10/2024, 01:20 - Chris: first\n"
        "27/10/2024, 01:50 - Sam: still up\n"
        "27/10/2024, 01:05 - Chris: I know where you live\n"
        "27/10/2024, 01:30 - Chris: answer me\n"
        "27/10/2024, 03:00 - Chris: later\n",
        encoding="utf-8",
    )
    assert check(path, ReadOptions("Europe/London"), monkeypatch)
    found = survey(identify(path), ReadOptions("Europe/London"))
    made = plan(found, ["Chris"], Grouping.BURST, timedelta(minutes=30))
    assert [p.key for p in made.proposals] == [
        "2024-10-26 22:00",
        "2024-10-27 01:20",
        "2024-10-27 01:05",
        "2024-10-27 03:00",
    ]
    assert [e.item.text for e in made.proposals[2].items] == ["I know where you live", "answer me"]


@pytest.mark.parametrize("name", ["sms.xml", "calls.xml"])
def test_backup_plans_alike_when_only_the_chosen_are_read(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup's messages and calls of other senders are passed over while proposing: the same
    proposals and items as reading them all."""
    from diary.domain.messages import proposals, reading

    found = survey(identify(fixture(name)), ReadOptions("Europe/London"))
    for senders in ([s.key for s in found.ranked_senders()[:1]], list(found.senders)):
        made = plan(found, senders)
        with monkeypatch.context() as patch:
            everything = reading.read_items
            patch.setattr(
                proposals, "read_items", lambda *a, **_k: everything(*a[:4]), raising=True
            )
            reference = plan(found, senders)
        assert _counted(made) == _counted(reference) and made.proposals
        assert _items(made) == _items(reference)


def test_a_chat_changed_after_it_was_proposed_is_not_read_as_counted(tmp_path: Path) -> None:
    from diary.domain.errors import InvalidInput

    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    path.write_text(
        "13/06/2024, 18:30 - Chris: one\n13/06/2024, 18:31 - Chris: two\n", encoding="utf-8"
    )
    made = plan(survey(identify(path), ReadOptions("Europe/London")), ["Chris"])
    path.write_text("13/06/2024, 18:30 - Chris: one\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="has changed since it was read"):
        made.proposals[0].items


def test_a_withheld_sender_written_two_ways_is_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    path.write_text(
        "13/06/2024, 18:30 - withheld: one\n13/06/2024, 18:31 - \u200ewithheld: two\n"
        "13/06/2024, 18:32 - Chris: three\n",
        encoding="utf-8",
    )
    assert check(path, ReadOptions("Europe/London"), monkeypatch)
    found = survey(identify(path), ReadOptions("Europe/London"))
    made = plan(found, ["withheld"])
    assert proposal_summary(made.proposals[0], made.local) == (
        "2 messages from a withheld number from 18:30 to 18:31"
    )
