"""Incidents as plain text for a terminal, with control and direction characters made visible.

Text in a diary can come from anyone (a pasted message, a share from another diary); printed raw,
escape sequences could rewrite the terminal and direction overrides could disguise what it says.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.incident import Author, Incident, Revision
from diary.domain.messages.log_lines import EntryLog
from diary.domain.times import Moment, Precision
from diary.domain.voices import knowledge_text, whose_words
from diary.domain.wording import SENDER_NAME_NOTE, received_marker
from diary.vault.entries.entry_notes import PrivateNote
from diary.vault.entries.listing import ListRow
from diary.vault.sharing.received_history import ReceivedDetails

_KEEP = {"\n", "\t"}


def visible(text: str, *, one_line: bool = False) -> str:
    """text with control, format and direction-override characters shown as <U+XXXX>; with
    one_line, line breaks and tabs too (a name must not be able to start a line of its own)."""
    keep = () if one_line else _KEEP
    # Printable text has none of those characters: most text is returned as it is, at once.
    if text.isprintable() or (keep and text.replace("\n", "").replace("\t", "").isprintable()):
        return text
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
    return _when(moment.instant, moment.offset_minutes, moment.precision)


_SHIFTS: dict[int, timedelta] = {}  # an offset in minutes: its timedelta, made once


def _when(instant: datetime, offset_minutes: int, precision: Precision) -> str:
    # The wall clock where it happened: the instant moved by its offset (what Moment.local
    # gives, without a zone object and strftime for each of a hundred thousand lines).
    shift = _SHIFTS.get(offset_minutes)
    if shift is None:
        shift = _SHIFTS[offset_minutes] = timedelta(minutes=offset_minutes)
    local = instant + shift
    if local.year >= 1000:
        stamp = local.isoformat(" ", "minutes")[:16]  # its offset, if any, left off
    else:  # strftime's %Y: no padding
        day = f"{local.year}-{local.month:02d}-{local.day:02d}"
        stamp = f"{day} {local.hour:02d}:{local.minute:02d}"
    if precision is Precision.EXACT:
        return stamp
    if precision is Precision.DATE_ONLY:
        return stamp[:-6] + " (time not known)"
    return stamp + " (approx.)"


def _one_line(text: str, width: int) -> str:
    """text on one line of at most width characters, its spaces run together.

    Only as much of text as the line can show is made visible: the line from a start of text
    is the start of the line from all of it, so a long text is cut first, and a little more
    taken only while spaces that run together leave the line short."""
    head = text[:width]
    # Most lines: the part that fits is printable (its only space is U+0020, single, not at
    # either end), so it is already as the whole would be made; past it, a character that is
    # no space means the line is cut there.
    if head.isprintable() and "  " not in head and head[:1] != " " and head[-1:] != " ":
        if len(text) <= width:
            return text
        if not text[width].isspace():
            return head[:-1] + "…"
    taken = 2 * width
    while True:
        part = text[:taken]
        flat = " ".join(visible(part).split())
        if len(flat) > width or taken >= len(text):
            break
        taken *= 4
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_row(row: ListRow) -> str:
    kinds = ",".join(row.behaviours) or "-"
    marks = row.attachments
    files = f"  [{marks} file{'s' if marks != 1 else ''}]" if marks else ""
    words = row.text
    if not row.first_hand:  # what the writer was told, not saw or heard
        words = f"[Told: {row.told_by or 'by someone not named'}] {words}"
    if row.is_received:  # a sender's words are marked wherever they are listed
        words = f"[{received_marker(row.received_from or '')}] {words}"
    elif row.last_changed_by is Author.ADVOCATE:
        words = f"[Advocate: {row.written_by or 'not named'}] {words}"
    when = _when(row.instant, row.offset_minutes, row.precision)
    return (
        f"{row.id:>5}  {when:<28}  {_one_line(row.location, 24):<24}  "
        f"{kinds:<20}  {_one_line(words, 60)}{files}"
    )


def _received_lines(incident: Incident, received: ReceivedDetails | None) -> list[str]:
    """Whose words these are, when they came in a share: first, so nobody misses it."""
    sender = visible(incident.received_from or "")
    if incident.is_received:
        lines = [
            f"*** {received_marker(sender)}: these are their words, not yours. ***",
            SENDER_NAME_NOTE,
        ]
    elif incident.received_from is not None:
        lines = [
            f"Came in a share from {sender or 'someone unnamed'}; its words as they stand now "
            f"are the {incident.last_changed_by.value}'s."
        ]
    else:
        return []
    if received is not None:
        lines.append(
            f"{sender or 'The sender'}'s share says (claims this diary cannot check): first "
            f"written {received.claimed_recorded_at or 'at a time not given'} by "
            f"\u201c{visible(received.claimed_author)}\u201d, last changed "
            f"{received.claimed_updated_at or 'at a time not given'}, shared {received.shared_at}."
        )
    return [*lines, ""]


def _history_line(r: Revision) -> str:
    when = r.recorded_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    sender = visible(r.received_from) or "someone unnamed"
    content = r.content
    if r.claimed_author or r.claimed_at:  # a revision of the sender's own record
        return (
            f"  {sender}'s record: {r.event:<7} claimed {visible(r.claimed_at)} by "
            f"\u201c{visible(r.claimed_author)}\u201d (received {when})  {r.hash[:16]}…"
        )
    proposed_by = visible(str(content.get("proposed_by", ""))) or "someone unnamed"
    what = {
        "import": f"received from {sender} (shared {content.get('shared_at', '')}, "
        "by the sender's clock)",
        "propose": f"change proposed by {sender}, not applied",
        "accept": f"by {r.author.value}: took the wording proposed by {proposed_by} "
        f"(proposed change {content.get('proposal', '')})",
        "decline": f"by {r.author.value}: declined the change proposed by {proposed_by} "
        f"(proposed change {content.get('proposal', '')})",
        "adopt": f"by {r.author.value}: adopted the account received from "
        f"{visible(str(content.get('received_from', ''))) or 'someone unnamed'} as their own",
    }.get(r.event, f"by {r.author.value}")
    return f"  #{r.seq} {r.event:<7} {when} {what}  {r.hash[:16]}…"


def _whose_lines(incident: Incident) -> list[str]:
    """Whose words, and how they know: said at the top, as the pack sorts entries by it."""
    if incident.is_received:  # _received_lines says whose
        return [
            f"How known:    {visible(knowledge_text(incident.content))} (as the sender gives it)"
        ]
    return [
        f"Whose words:  {visible(whose_words(incident))}",
        f"How known:    {visible(knowledge_text(incident.content))}",
    ]


def _log_lines(incident_id: int, log: EntryLog | None) -> list[str]:
    """The entry's message log: how many, and the lines held (the first few, or all)."""
    if log is None or not log.count:
        return []
    lines = ["", f"Message log: {log.heading()}."]
    for when, who, words in log.lines():
        text = " / ".join(words.splitlines()) if "\n" in words else words
        lines.append(f"  {when}  {visible(who, one_line=True)}: {visible(text, one_line=True)}")
    if not log.complete:
        lines.append(f"  ... 'diary show {incident_id} --messages' shows all {log.count:,}.")
    return lines


def _private_lines(note: PrivateNote | None) -> list[str]:
    if note is None:
        return []
    written = note.written_at.strftime("%Y-%m-%d %H:%M UTC")
    return [
        "",
        f"PRIVATE NOTE (by the {note.author.value}, {written}; kept in this diary only, never "
        "in an export or share):",
        visible(note.text),
    ]


def format_incident(
    incident: Incident,
    history: list[Revision],
    received: ReceivedDetails | None = None,
    pending: int = 0,
    note: PrivateNote | None = None,
    log: EntryLog | None = None,
) -> str:
    c = incident.content
    lines = [f"Incident {incident.id}", *_received_lines(incident, received)]
    lines += _whose_lines(incident)
    lines.append(f"When:        {when_text(c.occurred)}  [{c.occurred.zone}]")
    if c.until:
        lines.append(f"Until:       {when_text(c.until)}")
    lines.append(f"Where:       {visible(c.location)}")
    if c.behaviours:
        lines.append("Behaviours:  " + "; ".join(BEHAVIOURS[k] for k in c.behaviours))
    if c.channel:
        lines.append(f"How:         {CHANNELS[c.channel]}")
    lines += ["", "What happened:", visible(c.text)]
    mine = not incident.is_received  # a sender's words are not labelled as the person's
    for label, value in (
        ("Exact words", c.words),
        ("Who", c.suspect),
        ("Vehicle", c.vehicle),
        ("How well seen", c.visibility),
        ("Others involved", c.others_involved),
        ("What I feared" if mine else "What they feared", c.fear),
        ("How it felt", c.feelings),
        ("Effect on daily life", c.impact),
        ("What I did" if mine else "What they did", c.actions),
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
    if c.witnesses or c.witness_details:
        named = [*c.witnesses, *(w.line for w in c.witness_details)]
        lines.append("Witnesses: " + "; ".join(visible(w) for w in named))
    for a in incident.attachments:
        mark = f"{a.exhibit_mark}  " if a.exhibit_mark else ""
        lines.append(
            f"Attachment {a.id}: {mark}{visible(a.filename)}  {a.media_type}  {a.size:,} bytes"
            f"  SHA-256 {a.sha256}"
        )
        if a.source.device:
            lines.append(f"  Taken or recorded on: {visible(a.source.device)}")
    lines += _log_lines(incident.id, log)
    lines += _private_lines(note)
    written = incident.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
    changed = incident.updated_at.strftime("%Y-%m-%d %H:%M UTC")
    versions = f"{incident.revisions} version{'s' if incident.revisions != 1 else ''}"
    if incident.author is Author.SENDER:
        sender = visible(incident.received_from or "") or "someone unnamed"
        lines.append(f"\nReceived {written} from {sender}; {versions}, last {changed}.")
    else:
        lines.append(
            f"\nWritten {written} by the {incident.author.value}; {versions}, last {changed}."
        )
    if incident.last_changed_by is not incident.author:
        words_by = (
            visible(incident.received_from or "") or "the sender"
            if incident.is_received
            else f"the {incident.last_changed_by.value}"
        )
        lines.append(f"The words as they stand now were last changed by {words_by}.")
    if pending:
        lines.append(
            f"{pending} proposed change{'s' if pending != 1 else ''} to this entry "
            f"{'is' if pending == 1 else 'are'} waiting for you: see 'diary proposals'."
        )
    if c.transcribed_on:
        written_on = f", where it was written on {c.written_on}" if c.written_on else ""
        origin = f" ({visible(c.transcribed_from)})" if c.transcribed_from else ""
        lines.append(
            f"Transcribed on {c.transcribed_on} from an earlier record{origin}{written_on}."
        )
    lines += [_history_line(r) for r in history]
    return "\n".join(lines) + "\n"
