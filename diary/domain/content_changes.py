"""Two versions of an entry side by side, field by field: what a proposed change would change.

A change received in a share is shown beside the person's own version before they accept or
decline it. Each field is put in words the way the window and `diary show` show it, so the
person compares what they would read anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from .behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from .incident import IncidentContent
from .wording import when_text

# Every field a person writes, in the order the entry shows them, with the label it has there.
FIELD_LABELS: tuple[tuple[str, str], ...] = (
    ("occurred", "When"),
    ("until", "Until"),
    ("location", "Where"),
    ("behaviours", "What kind of behaviour"),
    ("channel", "How"),
    ("text", "What happened"),
    ("words", "Exact words used"),
    ("suspect", "Who, and how they looked"),
    ("vehicle", "Vehicle"),
    ("visibility", "How well they were seen"),
    ("witnesses", "Witnesses"),
    ("witness_details", "Witnesses, one by one"),
    ("others_involved", "Children or others involved"),
    ("feared_violence", "Feared violence"),
    ("fear", "What I feared"),
    ("feelings", "How it felt"),
    ("impact", "Effect on my daily life"),
    ("effects", "Effects ticked"),
    ("actions", "What I did"),
    ("reported", "Reported"),
    ("police_ref", "Police reference"),
    ("officer", "Officer"),
    ("cctv", "CCTV, doorbell or dashcam nearby"),
    ("transcribed_on", "Transcribed on"),
    ("written_on", "Originally written on"),
)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the IncidentContent field
    label: str  # as the entry shows it
    ours: str  # this diary's version, in words ('' when empty)
    proposed: str  # the proposed version, in words


def field_text(content: IncidentContent, name: str) -> str:
    """One field of an entry in words, as the window and `diary show` put it."""
    value = getattr(content, name)
    if value is None or value == ():
        return ""
    if name in ("occurred", "until"):
        return f"{when_text(value)} [{value.zone}]"
    if name == "behaviours":
        return "; ".join(BEHAVIOURS.get(k, k) for k in value)
    if name == "effects":
        return "; ".join(EFFECTS.get(k, k) for k in value)
    if name == "channel":
        return str(CHANNELS.get(value, value))
    if name == "reported":
        return str(REPORTED.get(value, value))
    if name == "witnesses":
        return "\n".join(value)
    if name == "witness_details":
        return "\n".join(w.line for w in value)
    if name == "feared_violence":
        return "yes" if value else "no"
    return str(value)


def content_changes(ours: IncidentContent, proposed: IncidentContent) -> list[FieldChange]:
    """The fields whose value differs between the two versions, in the entry's order."""
    return [
        FieldChange(name, label, field_text(ours, name), field_text(proposed, name))
        for name, label in FIELD_LABELS
        if getattr(ours, name) != getattr(proposed, name)
    ]
