"""Incidents as plain text for a terminal, with control and direction characters made visible.

Text in a diary can come from anyone (a pasted message, a share from another diary); printed raw,
escape sequences could rewrite the terminal and direction overrides could disguise what it says.
"""

from __future__ import annotations

import unicodedata

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.incident import Incident, Revision
from diary.domain.times import Moment, Precision

_KEEP = {"\n", "\t"}


def visible(text: str, *, one_line: bool = False) -> str:
    """text with control, format and direction-override characters shown as <U+XXXX>; with
    one_line, line breaks and tabs too (a name must not be able to start a line of its own)."""
    keep = () if one_line else _KEEP
    out = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in ("\u200d",):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def when_text(moment: Moment) -> str:
    local = moment.local
    if moment.precision is Precision.DATE_ONLY:
        return local.strftime("%Y-%m-%d") + " (time not known)"
    stamp = local.strftime("%Y-%m-%d %H:%M")
    return stamp + (" (approx.)" if moment.precision is Precision.APPROXIMATE else "")


def _one_line(text: str, width: int) -> str:
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_row(incident: Incident) -> str:
    c = incident.content
    kinds = ",".join(c.behaviours) or "-"
    marks = len(incident.attachments)
    files = f"  [{marks} file{'s' if marks != 1 else ''}]" if marks else ""
    return (
        f"{incident.id:>5}  {when_text(c.occurred):<28}  {_one_line(c.location, 24):<24}  "
        f"{kinds:<20}  {_one_line(c.text, 60)}{files}"
    )


def format_incident(incident: Incident, history: list[Revision]) -> str:
    c = incident.content
    lines = [
        f"Incident {incident.id}",
        f"When:        {when_text(c.occurred)}  [{c.occurred.zone}]",
    ]
    if c.until:
        lines.append(f"Until:       {when_text(c.until)}")
    lines.append(f"Where:       {visible(c.location)}")
    if c.behaviours:
        lines.append("Behaviours:  " + "; ".join(BEHAVIOURS[k] for k in c.behaviours))
    if c.channel:
        lines.append(f"How:         {CHANNELS[c.channel]}")
    lines += ["", "What happened:", visible(c.text)]
    for label, value in (
        ("Exact words", c.words),
        ("Who", c.suspect),
        ("Vehicle", c.vehicle),
        ("How well seen", c.visibility),
        ("Others involved", c.others_involved),
        ("What I feared", c.fear),
        ("How it felt", c.feelings),
        ("Effect on daily life", c.impact),
        ("What I did", c.actions),
        ("Police reference", c.police_ref),
        ("Officer", c.officer),
        ("CCTV / doorbell / dashcam", c.cctv),
    ):
        if value:
            lines += ["", f"{label}:", visible(value)]
    if c.feared_violence is not None:
        lines.append(f"\nFeared violence: {'yes' if c.feared_violence else 'no'}")
    if c.effects:
        lines.append("Effects: " + "; ".join(EFFECTS[k] for k in c.effects))
    if c.reported:
        lines.append(f"Reported: {REPORTED[c.reported]}")
    if c.witnesses:
        lines.append("Witnesses: " + "; ".join(visible(w) for w in c.witnesses))
    for a in incident.attachments:
        mark = f"{a.exhibit_mark}  " if a.exhibit_mark else ""
        lines.append(
            f"Attachment {a.id}: {mark}{visible(a.filename)}  {a.media_type}  {a.size:,} bytes"
            f"  SHA-256 {a.sha256}"
        )
    written = incident.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
    changed = incident.updated_at.strftime("%Y-%m-%d %H:%M UTC")
    lines.append(
        f"\nWritten {written} by the {incident.author.value}; "
        f"{incident.revisions} version{'s' if incident.revisions != 1 else ''}, last {changed}."
    )
    if incident.last_changed_by is not incident.author:
        lines.append(
            f"The words as they stand now were last changed by the "
            f"{incident.last_changed_by.value}."
        )
    if c.transcribed_on:
        written_on = f", where it was written on {c.written_on}" if c.written_on else ""
        origin = f" ({visible(c.transcribed_from)})" if c.transcribed_from else ""
        lines.append(
            f"Transcribed on {c.transcribed_on} from an earlier record{origin}{written_on}."
        )
    for r in history:
        if r.event == "import":
            lines.append(
                f"  #{r.seq} import  {r.recorded_at.strftime('%Y-%m-%d %H:%M:%S UTC')} "
                f"received from {visible(str(r.content.get('shared_by', '')))} "
                f"(shared {r.content.get('shared_at', '')})  {r.hash[:16]}…"
            )
            continue
        lines.append(
            f"  #{r.seq} {r.event:<7} {r.recorded_at.strftime('%Y-%m-%d %H:%M:%S UTC')} "
            f"by {r.author.value}  {r.hash[:16]}…"
        )
    return "\n".join(lines) + "\n"
