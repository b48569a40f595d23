"""Appendix: changes. For every entry edited after it was first written, each later revision:
when, by whom, and field by field what the words were before and after.

The statement marks each edited part ("Edited 2 times; see Appendix: changes"); this is where a
reader finds out what was changed, without the bundle. entries.json holds every version whole.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Paragraph

from diary.domain.behaviours import CHANNELS, EFFECTS, REPORTED, short_behaviour
from diary.domain.incident import Author, IncidentContent, Witness
from diary.domain.times import Moment
from diary.domain.wording import day_text
from diary.vault.entries.authorship import STATE_IN

from ..disclosure import IMPACT_FIELDS
from ..pack import AuditEvent, EvidencePack, PackIncident
from ..pack_claims import written_line
from ..pack_times import claimed, recorded, when
from ..story import Joined, Part, each
from ..styles import BODY, HEADING, SMALL, SUBHEADING
from ..text import paragraphs

# Field by field, in the order the entry form asks for them.
LABELS = {
    "occurred": "When",
    "until": "Until",
    "location": "Where",
    "behaviours": "Behaviours",
    "channel": "How",
    "text": "What happened",
    "words": "Exact words used",
    "suspect": "The person",
    "vehicle": "Vehicle",
    "visibility": "How well they were seen",
    "witnesses": "Witnesses",
    "witness_details": "Witnesses, one by one",
    "others_involved": "Others involved",
    "feared_violence": "Feared violence",
    "fear": "What was feared",
    "feelings": "How it felt",
    "impact": "Effect on day-to-day life",
    "effects": "Effects",
    "actions": "What was done",
    "reported": "Reported",
    "police_ref": "Police reference",
    "officer": "Officer",
    "cctv": "CCTV, doorbell or dashcam",
}
SHORT = 80  # characters: a value this short is shown whole, before and after
CONTEXT = 6  # words either side of a change in a longer text
MAX_HUNKS = 8
MAX_DIFF_WORDS = 20_000  # beyond this, the versions are compared in entries.json


def _moment(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    try:
        moment = Moment.from_dict(value)
    except (KeyError, ValueError, TypeError):
        return str(value)
    return when(IncidentContent(occurred=moment, location="", text=""))


def shown_value(field: str, value: Any) -> str:
    """A field's value as the pack prints it ('' when empty)."""
    if field in ("occurred", "until"):
        return _moment(value)
    if field == "behaviours":
        return ", ".join(short_behaviour(str(v)) for v in value or [])
    if field == "effects":
        return "; ".join(EFFECTS.get(str(v), str(v)) for v in value or [])
    if field == "witnesses":
        return "; ".join(str(v) for v in value or [])
    if field == "witness_details":
        return "; ".join(Witness.from_dict(v).line for v in value or [] if isinstance(v, dict))
    if field == "channel":
        return CHANNELS.get(str(value), str(value)) if value else ""
    if field == "reported":
        return REPORTED.get(str(value), str(value)) if value else ""
    if field == "feared_violence":
        return {True: "yes", False: "no"}.get(value, "not said")
    return "" if value is None else str(value)


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d" if text else "(empty)"


def word_changes(old: str, new: str) -> list[str]:
    """A longer text's changes, each placed by the words before it: 'added “…” after “…”',
    'removed “…” after “…”', 'was “…by the [car park] and…”; now “…by the [bus stop] and…”'."""
    before, after = old.split(), new.split()
    if len(before) + len(after) > MAX_DIFF_WORDS:
        return [
            f"changed ({len(before):,} words before, {len(after):,} after); both versions are "
            "in the bundle's entries.json"
        ]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    hunks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    lines = []
    for kind, i1, i2, j1, j2 in hunks[:MAX_HUNKS]:
        lead = " ".join(before[max(0, i1 - CONTEXT) : i1])
        where = f"after \u201c\u2026{lead}\u201d" if lead else "at the start"
        old, new = " ".join(before[i1:i2]), " ".join(after[j1:j2])
        if kind == "insert":
            lines.append(f"added \u201c{new}\u201d {where}")
        elif kind == "delete":
            lines.append(f"removed \u201c{old}\u201d {where}")
        else:
            tail = " ".join(before[i2 : i2 + CONTEXT])
            was = " ".join(filter(None, [lead, f"[{old}]", tail]))
            now = " ".join(filter(None, [lead, f"[{new}]", " ".join(after[j2 : j2 + CONTEXT])]))
            lines.append(f"was \u201c\u2026{was}\u2026\u201d; now \u201c\u2026{now}\u2026\u201d")
    if len(hunks) > MAX_HUNKS:
        lines.append(f"and {len(hunks) - MAX_HUNKS} more changes (entries.json has both versions)")
    return lines


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, what changed) for each field that differs between two versions of an entry."""
    changes = []
    for field, label in LABELS.items():
        was, now = shown_value(field, old.get(field)), shown_value(field, new.get(field))
        if was == now:
            continue
        if len(was) <= SHORT and len(now) <= SHORT:
            changes.append((label, f"was {_quoted(was)}; now {_quoted(now)}"))
        else:
            changes += [(label, line) for line in word_changes(was, now)]
    return changes


def _entry_fields(event: AuditEvent, impact_left_out: bool) -> dict[str, Any] | None:
    """The entry's fields as this revision left them (None for a revision that holds none),
    without those that record impact when the person left impact out of the pack."""
    content = event.content()
    fields: dict[str, Any] | None = None
    if event.event in ("create", "edit"):
        fields = content
    elif event.event in STATE_IN:  # received, a proposed change accepted, or adopted
        state = content.get(STATE_IN[event.event])
        fields = state if isinstance(state, dict) else None
    if fields is not None and impact_left_out:
        fields = {k: v for k, v in fields.items() if k not in IMPACT_FIELDS}
    return fields


WHAT = {
    "edit": "Edited",
    "attach": "File added",
    "import": "Received in a share",
    "delete": "Deleted",
    "restore": "Restored after being deleted",
    "detach": "File removed from the entry",
    "create": "Written",
    "propose": "A change proposed (not applied)",
    "accept": "A proposed change accepted",
    "decline": "A proposed change declined",
    "adopt": "Adopted as their own account",
}


def _done(event: AuditEvent, zone: str) -> str:
    """What was done, when and by whom: 'Edited Tue 16 Jan 2024, 21:40 GMT, by the victim.'"""
    what = WHAT.get(event.event, event.event)
    if event.author is not Author.SENDER:
        return f"{what} {recorded(event.recorded_at, zone)}, by the {event.author.value}."
    sender = event.received_from or "someone unnamed"
    if not event.received:
        return f"{what} {recorded(event.recorded_at, zone)}, received from {sender}."
    # The sender's own record, which nothing here can check: its clock and its authors.
    who = f" by \u201c{event.claimed_author}\u201d" if event.claimed_author else ""
    return (
        f"{what} {claimed(event.claimed_at, zone)} by the clock of the diary that shared it"
        f"{who}, as its record says (not checked); received from {sender} "
        f"{recorded(event.recorded_at, zone)}."
    )


def _revision(
    event: AuditEvent, before: dict[str, Any] | None, zone: str, impact_left_out: bool
) -> list[Any]:
    # A received revision is numbered in the diary that shared it, not in this one.
    number = f"Revision {event.seq}" + (" of the diary that shared it." if event.received else ".")
    story: list[Any] = [*paragraphs(_done(event, zone), BODY, number)]
    content = event.content()
    if event.event == "attach":
        story += paragraphs(
            f"{content.get('filename', '')} ({content.get('media_type', '')}, SHA-256 "
            f"{content.get('sha256', '')})",
            SMALL,
            "File:",
        )
        return story
    if event.event == "detach":
        reason = str(content.get("reason") or "")
        story += paragraphs(
            f"{content.get('filename', '')} (SHA-256 {content.get('sha256', '')}), not in this "
            "pack; kept unchanged in the diary" + (f". Reason given: {reason}" if reason else ""),
            SMALL,
            "File:",
        )
        return story
    fields = _entry_fields(event, impact_left_out)
    if fields is None or before is None:
        return story
    changes = field_changes(before, fields)
    if not changes and event.event == "edit":
        story += paragraphs("saved again with no field changed", SMALL, "Changes:")
    for label, change in changes:
        story += paragraphs(change, SMALL, f"{label}:")
    return story


def _entry(item: PackIncident, zone: str, impact_left_out: bool) -> list[Any]:
    story: list[Any] = [
        Paragraph(
            f"{item.reference} \u2014 {day_text(item.incident.content.occurred)}", SUBHEADING
        ),
        *paragraphs(written_line(item, zone), SMALL),
    ]
    before: dict[str, Any] | None = None
    for index, event in enumerate(item.history):
        if index:
            story += _revision(event, before, zone, impact_left_out)
        fields = _entry_fields(event, impact_left_out)
        if fields is not None:
            before = fields
    return story


def changes(pack: EvidencePack) -> Sequence[Part]:
    """The appendix; none when no entry in the pack was edited."""
    edited = pack.edited
    if not edited:
        return []
    left_out = not pack.options.include_impact
    intro = [
        Paragraph("Appendix: changes", HEADING),
        Paragraph(
            "Each entry below was edited after it was first written. For each later revision: "
            "when, by whom, and field by field the wording before and after (for a longer text, "
            "each passage added, removed or changed, with the words before it). The bundle's "
            "entries.json holds every version whole"
            + (
                ", except those that record impact, which it lists by hash only (see 'What "
                "this pack leaves out'); changes to impact are not shown here."
                if left_out
                else "."
            ),
            SMALL,
        ),
    ]
    return Joined([lambda: intro], each(edited, lambda item: _entry(item, pack.zone, left_out)))
