"""Call logs counted in bulk give exactly what the XML reader gives: the same senders, counts,
days, first and last times, entries not understood and notes; and proposals made from the
arrays the survey kept are those made by reading the file again, with the same items and
fingerprints once read. The bulk reader must really be the one reading the app's own layout."""

from __future__ import annotations

import random
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from diary.domain.errors import InvalidInput
from diary.domain.messages import survey as survey_module
from diary.domain.messages.backups import calls_bulk
from diary.domain.messages.backups import xml_reader as sms_backup
from diary.domain.messages.backups.rows import Kept
from diary.domain.messages.local_time import LocalTime
from diary.domain.messages.options import ReadOptions
from diary.domain.messages.proposals import Grouping, ImportPlan, load, plan, proposal_summary
from diary.domain.messages.reading import identify
from tests.messages_support import fixture

LONDON = ReadOptions("Europe/London")
HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    "<!--File Created By SMS Backup & Restore v10.20.002 on 14/06/2024 08:00:00-->\n"
    '<?xml-stylesheet type="text/xsl" href="calls.xsl"?>\n'
    '<calls count="3" backup_set="x" backup_date="1718348400000" type="full">\n'
)
ROW = (
    '  <call number="{number}" duration="{duration}" date="{date}" type="{kind}" '
    'presentation="{presentation}" subscription_id="1" post_dial_digits="" '
    'subscription_component_name="null" readable_date="{shown}" contact_name="{contact}" />\n'
)


def row(at: datetime, number: str, kind: str, contact: str = "(Unknown)", **more: str) -> str:
    values = {
        "number": number,
        "duration": "12",
        "date": str(int(at.timestamp() * 1000)),
        "kind": kind,
        "presentation": "1",
        "shown": f"{at:%d %b %Y %H:%M:%S}",
        "contact": contact,
    }
    values.update(more)
    return ROW.format(**values)


def write_log(path: Path, count: int, seed: int, start: datetime) -> None:
    rng = random.Random(seed)
    at = start
    rows = []
    for _ in range(count):
        at += timedelta(seconds=rng.randint(30, 4 * 3600))
        number, contact = rng.choice(
            [
                ("+447700900123", "Chris"),
                ("07700 900123", "Chris"),
                ("", "(Unknown)"),
                ("+447700900555", "Tom &amp; Jerry"),
            ]
        )
        rows.append(
            row(at, number, rng.choice("1234567"), contact, presentation=rng.choice("1112"))
        )
    path.write_text(HEAD + "".join(rows) + "</calls>\n", encoding="utf-8")


def surveys(
    path: Path, options: ReadOptions, monkeypatch: pytest.MonkeyPatch
) -> tuple[object, object, bool]:
    """(bulk, XML reader, whether the bulk reader read the file): each a survey's parts, or
    the file's refusal."""
    read: list[bool] = []
    count = calls_bulk.count

    def counting(*args: object, **named: object) -> object:
        found = count(*args, **named)  # type: ignore[arg-type]
        read.append(True)
        return found

    def run() -> object:
        try:
            found = survey_module.survey(identify(path), options)
        except InvalidInput as exc:
            return ("refused", str(exc))
        return (
            [(s.key, s.name, s.owner, s.tally) for s in found.senders.values()],
            list(found.days.items()),
            found.unread,
            found.unread_count,
            found.notes,
            found.options,
        )

    with monkeypatch.context() as patch:
        patch.setattr(calls_bulk, "count", counting)
        bulk = run()
    with monkeypatch.context() as patch:
        patch.setattr(survey_module, "_calls", lambda _result, _cancelled: False)
        reference = run()
    return bulk, reference, bool(read)


def _counted(made: ImportPlan) -> list[tuple[object, ...]]:
    return [
        (p.key, p.day, p.count, p.parts, p.senders, proposal_summary(p, made.local))
        for p in made.proposals
    ]


def plans_alike(path: Path, options: ReadOptions) -> None:
    """The plans made from the kept arrays against the plans made by reading the file again,
    for the busiest sender and for all, by day and by burst."""
    try:
        found = survey_module.survey(identify(path), options)
    except InvalidInput:
        return
    assert isinstance(found.rows, Kept)
    again = survey_module.survey(identify(path), options)
    again.rows = None  # read the file again, as before
    ranked = [s.key for s in found.ranked_senders()]
    for senders in (ranked[:1], ranked):
        for grouping, gap in ((Grouping.DAY, timedelta(hours=1)), (Grouping.BURST, timedelta(0))):
            kept = plan(found, senders, grouping, gap)
            reference = plan(again, senders, grouping, gap)
            assert not any(p.loaded for p in kept.proposals)
            assert _counted(kept) == _counted(reference)
            load(kept.proposals)
            assert [(p.items, p.quotes) for p in kept.proposals] == [
                (p.items, p.quotes) for p in reference.proposals
            ]


def test_the_fixture_is_read_in_bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    bulk, reference, read = surveys(fixture("calls.xml"), LONDON, monkeypatch)
    assert read and bulk == reference
    plans_alike(fixture("calls.xml"), LONDON)


@pytest.mark.parametrize(
    "start", [datetime(2024, 3, 28, tzinfo=UTC), datetime(2024, 10, 24, 22, tzinfo=UTC)]
)
@pytest.mark.parametrize("zone", ["Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"])
def test_generated_logs_are_read_in_bulk_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: datetime, zone: str
) -> None:
    """Across the days the clocks change, read a few bytes at a time and whole."""
    path = tmp_path / "calls.xml"
    write_log(path, 400, start.day, start)
    for piece in (calls_bulk.CHUNK, 333):
        with monkeypatch.context() as patch:
            patch.setattr(calls_bulk, "CHUNK", piece)
            bulk, reference, read = surveys(path, ReadOptions(zone), monkeypatch)
        assert read and bulk == reference
    plans_alike(path, ReadOptions(zone))


def test_a_log_newest_first_is_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "calls.xml"
    write_log(path, 300, 5, datetime(2024, 6, 1, tzinfo=UTC))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:4] + lines[4:-1][::-1] + lines[-1:]), encoding="utf-8")
    bulk, reference, read = surveys(path, LONDON, monkeypatch)
    assert read and bulk == reference
    plans_alike(path, LONDON)


def test_the_bulk_reader_reads_without_the_xml_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The survey and the proposals come from one bulk read; the XML reader reads the file only
    when a proposal's calls are asked for."""
    path = tmp_path / "calls.xml"
    write_log(path, 200, 1, datetime(2024, 6, 1, tzinfo=UTC))
    reads: list[str] = []
    xml_read = sms_backup.read

    def read(*args: object, **kwargs: object) -> object:
        reads.append("xml")
        return xml_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sms_backup, "read", read)
    found = survey_module.survey(identify(path), LONDON)
    made = plan(found, [found.ranked_senders()[0].key])
    assert reads == [] and found.items == 200 and made.proposals
    opened = made.proposals[0]
    assert len(opened.items) == opened.count
    assert reads == ["xml"]


@pytest.mark.parametrize("damaged", [False, True])
def test_a_log_in_a_zip_is_read_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bool
) -> None:
    """Read in bulk from inside a zip; a zip cut short is said to stop where it stops, as the
    XML reader says it."""
    log = tmp_path / "calls.xml"
    write_log(log, 3000, 2, datetime(2024, 6, 1, tzinfo=UTC))
    path = tmp_path / "backup.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(log, "calls.xml")
    if damaged:  # a byte of the compressed calls changed: the zip's check fails on reading
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    with monkeypatch.context() as patch:
        patch.setattr(calls_bulk, "CHUNK", 4096)
        bulk, reference, read = surveys(path, LONDON, patch)
    assert bulk == reference and read is not damaged
    if damaged:
        assert "the zip stops here" in str(reference[2])  # type: ignore[index]
    else:
        plans_alike(path, LONDON)


def test_a_log_changed_after_it_was_proposed_is_not_read_as_counted(tmp_path: Path) -> None:
    path = tmp_path / "calls.xml"
    at = datetime(2024, 6, 3, 21, tzinfo=UTC)
    path.write_text(
        HEAD + row(at, "+447700900123", "3") + row(at, "+447700900123", "3") + "</calls>\n",
        encoding="utf-8",
    )
    made = plan(survey_module.survey(identify(path), LONDON), ["+447700900123"])
    assert made.proposals[0].count == 2
    path.write_text(HEAD + row(at, "+447700900123", "3") + "</calls>\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="has changed since it was read"):
        made.proposals[0].items


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/London",
        "Australia/Lord_Howe",  # half an hour in summer
        "Asia/Kathmandu",  # +05:45, and +05:30 before 1986
        "America/Santiago",  # clocks change at midnight
        "Pacific/Apia",  # 30 December 2011 never happened
        "Africa/Casablanca",  # summer time stopped for Ramadan
        "UTC",
    ],
)
def test_days_of_many_instants_are_the_days_of_each(zone: str) -> None:
    local = LocalTime(zone)
    rng = random.Random(zone)
    seconds = [rng.randint(0, 4_102_444_800) for _ in range(3000)]
    seconds += [rng.randint(1_300_000_000, 1_340_000_000) for _ in range(3000)]
    seconds.sort()
    millis = [s * 1000 + rng.randint(0, 999) for s in seconds]
    expected = [local.day(datetime.fromtimestamp(ms / 1000, UTC)).toordinal() for ms in millis]
    assert LocalTime(zone).day_ordinals(millis, 1000) == expected
    assert LocalTime(zone).day_ordinals(seconds) == [
        local.day(datetime.fromtimestamp(s, UTC)).toordinal() for s in seconds
    ]
    # Out of order (read one by one) as in order (read a run between changes at a time).
    order = list(range(len(millis)))
    rng.shuffle(order)
    shuffled = [millis[i] for i in order]
    assert LocalTime(zone).day_ordinals(shuffled, 1000) == [expected[i] for i in order]


def test_every_millisecond_up_to_the_last_read_in_bulk_is_the_xml_readers_instant() -> None:
    """Kept as microseconds (milliseconds x 1000), an instant is the one the XML reader makes
    with datetime.fromtimestamp(ms / 1000)."""
    rng = random.Random(3)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    for ms in [
        0,
        1,
        999,
        calls_bulk.LAST_MS,
        *(rng.randint(0, calls_bulk.LAST_MS) for _ in range(20000)),
    ]:
        assert epoch + timedelta(microseconds=ms * 1000) == datetime.fromtimestamp(ms / 1000, UTC)
