"""What the pack says about itself, worked out from the data: which of the diary's entries it
holds and how they were chosen, how soon each was first written (or that it was copied, or
received from someone else's diary), and how often changed.

An investigator and a defence barrister both read the pack, so none of this is assumed: a
selection says it is one, an entry copied from a spreadsheet says so, and an entry written
long after the incident says how long.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from diary.domain.behaviours import short_behaviour
from diary.domain.contemporaneity import Soon, Writing
from diary.domain.times import Precision

from .describe import entry_numbers
from .pack import EvidencePack, PackIncident, Selection
from .pack_times import duration, recorded, written_after


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _numbers(numbers: list[int]) -> str:
    if len(numbers) > 10:  # a long run as ranges, and past forty pieces counted
        return entry_numbers(numbers)
    return _listed([str(n) for n in numbers], "and")


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _entries(count: int) -> str:
    return _plural(count, "entry", "entries")


def _all(total: int) -> str:
    return "Both" if total == 2 else f"All {total:,}"


def _listed(names: list[str], joiner: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {joiner} " + names[-1]


def chosen_by(selection: Selection) -> str:
    """How the entries were chosen: 'from 1 Mar 2024 to 30 Jun 2024, with Following or
    Threats', 'chosen by number: 1, 2 and 40'; '' for the whole diary."""
    parts = []
    if selection.start and selection.end:
        parts.append(f"from {_day(selection.start)} to {_day(selection.end)}")
    elif selection.start:
        parts.append(f"from {_day(selection.start)} on")
    elif selection.end:
        parts.append(f"up to {_day(selection.end)}")
    if selection.behaviours:
        parts.append("with " + _listed([short_behaviour(b) for b in selection.behaviours], "or"))
    if selection.ids:
        parts.append(f"chosen by number: {_numbers(sorted(selection.ids))}")
    if selection.left_out:
        count = len(selection.left_out)
        which = "entry" if count == 1 else "entries"
        parts.append(
            f"with {count:,} left out one by one at the person's choice "
            f"({which} {_numbers(sorted(selection.left_out))})"
        )
    return ", ".join(parts)


def selection_sentence(selection: Selection) -> str:
    """'All 40 entries in the diary.' or '3 of the 40 entries in the diary, chosen by number:
    1, 2 and 40.'"""
    if selection.whole:
        if selection.in_pack == 1:
            return "The one entry in the diary."
        return f"All {selection.in_pack:,} entries in the diary."
    by_number_only = not (selection.start or selection.end or selection.behaviours)
    those = ", " if by_number_only else ": those "
    if not (selection.ids or selection.start or selection.end or selection.behaviours):
        those = ", "  # every entry but those left out: 'with 2 left out…' reads on
    return (
        f"{selection.in_pack:,} of the {_entries(selection.in_diary)} in the diary"
        f"{those}{chosen_by(selection)}."
    )


def counted_as(selection: Selection) -> str:
    """What every count in the pack is of: 'the 40 entries in the diary' or 'the 3 entries in
    this pack (a selection from the 40 in the diary)'."""
    if selection.whole:
        return f"the {_entries(selection.in_pack)} in the diary"
    return (
        f"the {_entries(selection.in_pack)} in this pack (a selection from the "
        f"{selection.in_diary:,} in the diary)"
    )


def _source(copied_from: str) -> str:
    """The record copied from, without the line: 'the spreadsheet old.csv'."""
    if not copied_from:
        return "an earlier record"
    return copied_from.rsplit(", line ", 1)[0]


def _iso_day(text: str) -> str:
    try:
        return _day(date.fromisoformat(text))
    except ValueError:
        return text


def _dated(given: list[int]) -> str:
    """What the days an earlier record gives as written say, against the incidents' days."""
    early = sum(1 for days in given if days < 0)
    if early:
        return f"{early:,} of them before the day of the incident, which may need asking about"
    if max(given) == 0:
        return "each the same day as the incident"
    return f"each within {_plural(max(given), 'day')} of the incident"


def _copied(writings: list[Writing], total: int) -> list[str]:
    """'6 were copied on 3 Jan 2025 from the spreadsheet old.csv, which gives the day 5 of them
    were first written (each within 2 days of the incident)', one for each record copied from."""
    groups: dict[tuple[str, str], list[Writing]] = {}
    for w in writings:
        if w.copied and not w.received:
            groups.setdefault((w.copied_on, _source(w.copied_from)), []).append(w)
    sentences = []
    for (day, source), members in sorted(groups.items()):
        count = len(members)
        lead = f"{count:,} {'was' if count == 1 else 'were'}"
        if count == total:
            lead = "It was" if total == 1 else f"{_all(total)} were"
        text = f"{lead} copied on {_iso_day(day)} from {source}"
        given = [a for a in (w.original_after for w in members) if a is not None]
        if not given:
            text += ", which does not say when " + ("it was" if count == 1 else "they were")
            text += " first written"
        else:
            which = (
                "it"
                if count == 1
                else (_all(count).lower() if len(given) == count else f"{len(given)} of them")
            )
            text += (
                f", which gives the day {which} {'was' if len(given) == 1 else 'were'} first "
                f"written ({_dated(given)})"
            )
        sentences.append(text)
    return sentences


def _received(items: list[tuple[PackIncident, Writing]], total: int) -> str:
    """'1 was received in a share from Jo, not first written in this diary (entry 3)'."""
    count = len(items)
    lead = f"{count:,} {'was' if count == 1 else 'were'}"
    if count == total:
        lead = "It was" if total == 1 else f"{_all(total)} were"
    senders = _listed(sorted({w.received_from for _, w in items}), "and")
    which = "entry" if count == 1 else "entries"
    return (
        f"{lead} received in a share from {senders}, not first written in this diary "
        f"({which} {_numbers([i.number for i, _ in items])})"
    )


def written_summary(pack: EvidencePack) -> str:
    """How soon the pack's entries were first written, counted from the data: 'All 40 were first
    written within a day of the incident (35 within an hour).' or '34 of 40 were first written
    within a day of the incident; 6 were copied on 3 Jan 2025 from the spreadsheet old.csv...'"""
    items = list(pack.incidents)
    total = len(items)
    # Each entry's writing worked out once here: it is counted several ways below.
    writings = [i.writing for i in items]
    counts = Counter(w.soon for w in writings)
    within_day = counts[Soon.HOUR] + counts[Soon.DAY]
    later = [w.after for w in writings if w.soon is Soon.LATER]
    hour = counts[Soon.HOUR]
    buckets = [
        (
            within_day,
            "within an hour of the incident"
            if hour == within_day
            else "within a day of the incident" + (f" ({hour:,} within an hour)" if hour else ""),
        ),
        (counts[Soon.WEEK], "within a week"),
        (
            len(later),
            f"more than a week later (up to {duration(max(later))} after)" if later else "",
        ),
    ]
    parts: list[str] = []
    for count, phrase in buckets:
        if not count:
            continue
        if parts:
            parts.append(f"{count:,} {phrase}")
        elif total == 1:
            parts.append(f"It was first written {phrase}")
        else:
            lead = _all(total) if count == total else f"{count:,} of {total:,}"
            parts.append(f"{lead} {'was' if count == 1 else 'were'} first written {phrase}")
    parts += _copied(writings, total)
    received = [(i, w) for i, w in zip(items, writings, strict=True) if w.received]
    if received:
        parts.append(_received(received, total))
    before = [i.number for i, w in zip(items, writings, strict=True) if w.soon is Soon.BEFORE]
    if before:
        which = "entry" if len(before) == 1 else "entries"
        parts.append(
            f"{len(before):,} {'was' if len(before) == 1 else 'were'} first written before the "
            f"time given for the incident ({which} {_numbers(before)}; see the chronology)"
        )
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def written_line(item: PackIncident, zone: str) -> str:
    """When one entry was first written, and from what if copied: 'First written Tue 16 Jan
    2024, 21:40 GMT, 15 minutes after.' / 'Copied on 3 Jan 2025 from the spreadsheet old.csv,
    line 4, which gives it as written on 5 Jun 2024.' / 'Received in a share from Jo Tue 16 Jan
    2024, 21:40 GMT, 15 minutes after.'"""
    w = item.writing
    if w.received:
        after = written_after(item.incident.content, w.recorded_at)
        stamp = recorded(w.recorded_at, zone)
        return f"Received in a share from {w.received_from} {stamp}" + (
            f", {after}." if after else "."
        )
    if w.copied:
        text = f"Copied on {_iso_day(w.copied_on)} from {w.copied_from or 'an earlier record'}"
        if w.written_on:
            return text + f", which gives it as first written on {_iso_day(w.written_on)}."
        return text + ", which does not say when it was first written."
    after = written_after(item.incident.content, w.recorded_at)
    return f"First written {recorded(w.recorded_at, zone)}" + (f", {after}." if after else ".")


def written_cell(item: PackIncident, zone: str) -> str:
    """The shorter form of written_line, for the chronology and the statement: 'Written 22:03
    GMT, 8 minutes after' (the day too when it is not the incident's), 'Copied 3 Feb 2024 from
    the spreadsheet old.csv, line 2; it gives 16 Jan 2024 as written', 'Received from Jo 22:03
    GMT, 8 minutes after'."""
    w = item.writing
    if w.copied and not w.received:
        text = f"Copied {_iso_day(w.copied_on)} from {w.copied_from or 'an earlier record'}"
        if w.written_on:
            return text + f"; it gives {_iso_day(w.written_on)} as written"
        return text + "; it does not say when written"
    content = item.incident.content
    stamp = recorded(w.recorded_at, zone)
    day = content.occurred.local.date()
    local = w.recorded_at.astimezone(ZoneInfo(zone))
    if local.date() == day and content.occurred.precision is not Precision.DATE_ONLY:
        stamp = stamp.split(", ", 1)[1]  # the time alone: the day is the incident's
    after = written_after(content, w.recorded_at)
    lead = f"Received from {w.received_from}" if w.received else "Written"
    return f"{lead} {stamp}" + (f", {after}" if after else "")


def edited_note(item: PackIncident) -> str:
    """'Edited 2 times; see Appendix: changes.' ('' when never edited)."""
    if not item.edits:
        return ""
    times = "once" if item.edits == 1 else f"{item.edits} times"
    return f"Edited {times}; see Appendix: changes."
