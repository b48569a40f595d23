"""One entry as rich text for the window: every field, whose words they are, its files and its
history, in the words the pack uses.

User text is escaped before it reaches the rich-text view (html.escape); the view follows no
links and loads no resources, so nothing typed or pasted can make it open a file.
"""

from __future__ import annotations

from html import escape

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.incident import Attachment, Author, Incident, Revision
from diary.domain.messages.log_lines import EntryLog
from diary.domain.times import parse_utc_stamp
from diary.domain.voices import knowledge_text, whose_words
from diary.domain.wording import source_details, when_text
from diary.vault.attachments.removal import RemovedFile
from diary.vault.entries.entry_notes import PrivateNote
from diary.vault.sharing.received_history import ReceivedDetails

from .incident_text import by_whom, size_text, stamp_text, whose

EVENTS = {
    "create": "Written",
    "edit": "Changed",
    "attach": "File added",
    "delete": "Deleted",
    "import": "Received",
    "propose": "Change proposed",
    "accept": "Proposed change accepted",
    "decline": "Proposed change declined",
    "adopt": "Adopted as their own account",
    "restore": "Restored",
    "detach": "File removed",
}


def _para(label: str, text: str) -> str:
    if not text.strip():
        return ""
    body = escape(text).replace("\n", "<br>")
    return f"<h3>{escape(label)}</h3><p>{body}</p>"


def _written(
    incident: Incident, received: ReceivedDetails | None, kept_by: Author = Author.VICTIM
) -> str:
    """When it was written and by whom; for what came in a share, this diary's record first,
    then what the sender's file claims."""
    sender = incident.received_from or "someone unnamed"
    if incident.author is Author.SENDER:
        written = f"Received {stamp_text(incident.recorded_at)} from {sender}"
    else:
        written = (
            f"Written {stamp_text(incident.recorded_at)} by {by_whom(incident.author, kept_by)}"
        )
    if incident.revisions > 1:
        written += f", last changed {stamp_text(incident.updated_at)}"
    if incident.last_changed_by is not incident.author:
        words = f"{sender}'s" if incident.is_received else whose(incident.last_changed_by, kept_by)
        written += f"; its words as they stand now are {words}"
    c = incident.content
    if c.transcribed_on:
        written += f". Transcribed on {c.transcribed_on} from an earlier record"
        written += f" ({c.transcribed_from})" if c.transcribed_from else ""
        written += f" written on {c.written_on}" if c.written_on else ""
    if received is not None:
        written += (
            f". {sender}'s share says it was first written "
            f"{_claimed(received.claimed_recorded_at)} by \u201c{received.claimed_author}\u201d: "
            "a claim nothing can check"
        )
    return written


def _claimed(value: str) -> str:
    """A time a share's file gave, written as the window writes times when it can be read."""
    try:
        return stamp_text(parse_utc_stamp(value))
    except ValueError:
        return value or "at a time not given"


def _who(revision: Revision, kept_by: Author = Author.VICTIM) -> str:
    content = revision.content
    if revision.claimed_author or revision.claimed_at:
        return (
            f"with {revision.received_from or 'someone unnamed'}'s share, whose record says "
            f"{_claimed(revision.claimed_at)} by \u201c{revision.claimed_author}\u201d"
        )
    if revision.author is Author.SENDER:
        return f"from {revision.received_from or 'someone unnamed'}"
    if revision.event in ("accept", "decline"):
        by = by_whom(revision.author, kept_by)
        return f"by {by}, proposed by {content.get('proposed_by', '')}"
    if revision.event == "adopt":
        by = by_whom(revision.author, kept_by)
        return f"by {by}, received from {content.get('received_from', '')}"
    return f"by {by_whom(revision.author, kept_by)}"


def _why(revision: Revision) -> str:
    """For a deletion or a file's removal: which file, and the reason given (escaped)."""
    if revision.event not in ("delete", "detach"):
        return ""
    said = ""
    if revision.event == "detach":
        said += f" ({escape(str(revision.content.get('filename', '')))})"
    reason = str(revision.content.get("reason") or "")
    return said + (f": \u201c{escape(reason)}\u201d" if reason else "")


def _deleted_banner(incident: Incident, history: list[Revision]) -> str:
    if not incident.deleted:
        return ""
    deletion = next((r for r in reversed(history) if r.event == "delete"), None)
    when = stamp_text(deletion.recorded_at) if deletion else ""
    why = _why(deletion) if deletion else ""
    return (
        f"<p><b>Deleted on {escape(when)}{why}.</b> It is in no evidence pack or share; "
        "its history is kept below. \u201cRestore this entry\u201d puts it back.</p>"
    )


def _removed_html(removed: list[RemovedFile]) -> str:
    if not removed:
        return ""
    items = "".join(
        f"<li>{escape(f.filename)}, removed {escape(stamp_text(f.removed_at))} by the "
        f"{escape(f.removed_by.value)}"
        + (f": \u201c{escape(f.reason)}\u201d" if f.reason else "")
        + "</li>"
        for f in removed
    )
    return (
        "<h3>Files removed from this entry</h3><p>Not in packs or shares; each is kept "
        f"unchanged in the diary.</p><ul>{items}</ul>"
    )


def _whose(incident: Incident, diary_advocate: str) -> str:
    """Whose words and how they are known, first, as the pack sorts entries by them."""
    if incident.is_received:  # the notice above the entry says whose they are
        return f"<p>{escape(knowledge_text(incident.content))} (as the sender gives it).</p>"
    return (
        f"<p><b>{escape(whose_words(incident, diary_advocate))}.</b> "
        f"{escape(knowledge_text(incident.content))}.</p>"
    )


def _private(note: PrivateNote | None) -> str:
    if note is None:
        return ""
    body = escape(note.text).replace("\n", "<br>")
    return (
        "<h3>Private note — only in this diary, never in an export or share</h3>"
        f"<p><i>{body}</i></p>"
    )


def _log_html(log: EntryLog | None) -> str:
    """The entry's message log: how many, and the lines held (the first few, or all)."""
    if log is None or not log.count:
        return ""
    rows = "".join(
        f"<tr><td>{escape(when)}</td><td><b>{escape(who)}</b></td>"
        f"<td>{escape(words).replace(chr(10), '<br>')}</td></tr>"
        for when, who, words in log.lines()
    )
    return (
        f"<h3>Messages and calls</h3><p>{escape(log.heading())}.</p>"
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
    )


def entry_html(
    incident: Incident,
    history: list[Revision],
    received: ReceivedDetails | None = None,
    note: PrivateNote | None = None,
    diary_advocate: str = "",
    removed: list[RemovedFile] | None = None,
    log: EntryLog | None = None,
    kept_by: Author = Author.VICTIM,
) -> str:
    c = incident.content
    when = when_text(c.occurred) + (f" to {when_text(c.until)}" if c.until else "")
    written = _written(incident, received, kept_by)
    # The person's own words are labelled in the first person; a sender's are not theirs.
    mine = not incident.is_received
    parts = [
        _deleted_banner(incident, history),
        f"<h2>{escape(when)}</h2>",
        _whose(incident, diary_advocate),
        f"<p><i>{escape(written)}</i></p>",
        f"<p><b>Where:</b> {escape(c.location)}</p>",
    ]
    if c.behaviours:
        items = "".join(f"<li>{escape(BEHAVIOURS.get(b, b))}</li>" for b in c.behaviours)
        parts.append(f"<h3>What kind of behaviour</h3><ul>{items}</ul>")
    if c.channel:
        parts.append(f"<p><b>How:</b> {escape(CHANNELS.get(c.channel, c.channel))}</p>")
    parts += [
        _para("What happened", c.text),
        _para("Exact words used", c.words),
        _para("Who, and how they looked", c.suspect),
        _para("Vehicle", c.vehicle),
        _para("How well they were seen", c.visibility),
        _para("Witnesses", "\n".join([*c.witnesses, *(w.line for w in c.witness_details)])),
        _para("Children or others involved", c.others_involved),
    ]
    if c.feared_violence is not None:
        fear = "Yes" if c.feared_violence else "No"
        parts.append(f"<p><b>Feared violence:</b> {fear}</p>")
    parts += [
        _para("What I feared" if mine else "What they feared", c.fear),
        _para("How it felt", c.feelings),
    ]
    if c.impact.strip() or c.effects:
        parts.append(f"<h3>Effect on {'my' if mine else 'their'} daily life</h3>")
        if c.impact.strip():
            parts.append(f"<p>{escape(c.impact).replace(chr(10), '<br>')}</p>")
        items = "".join(f"<li>{escape(EFFECTS.get(e, e))}</li>" for e in c.effects)
        parts.append(f"<ul>{items}</ul>" if items else "")
    parts.append(_para("What I did" if mine else "What they did", c.actions))
    if c.reported:
        parts.append(f"<p><b>Reported:</b> {escape(REPORTED.get(c.reported, c.reported))}</p>")
    parts += [
        _para("Police reference", c.police_ref),
        _para("Officer", c.officer),
        _para("CCTV, doorbell or dashcam nearby", c.cctv),
    ]
    parts.append(_log_html(log))
    for attachment in incident.attachments:
        parts.append(_attachment_html(attachment))
    parts.append(_removed_html(removed or []))
    parts.append(_private(note))
    parts.append("<h3>History of this entry</h3><ul>")
    for revision in history:
        event = EVENTS.get(revision.event, revision.event)
        if revision.claimed_author or revision.claimed_at:  # the sender's record, not this one's
            event = f"{event} (received)"
        who = _who(revision, kept_by)
        why = _why(revision)
        parts.append(
            f"<li>{event} {escape(stamp_text(revision.recorded_at))} {escape(who)}{why}</li>"
        )
    parts.append("</ul>")
    return "".join(p for p in parts if p)


def _attachment_html(a: Attachment) -> str:
    name = escape(a.exhibit_mark + " · " if a.exhibit_mark else "") + escape(a.filename)
    lines = [f"{escape(a.media_type)}, {size_text(a.size)}", f"SHA-256 {a.sha256}"]
    # The same labels as the pack's exhibit pages, so the two can be checked against each other.
    lines += [f"{label}: {escape(value)}" for label, value in source_details(a.source)]
    return f"<p><b>{name}</b><br>{'<br>'.join(lines)}</p>"
