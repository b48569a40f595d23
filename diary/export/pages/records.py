"""The exhibit schedule (like form MG12) in the order of the marks, and the audit trail: when
each entry was written and changed (in the pack's one zone, labelled), the entries deleted from
the diary, the head of the revision chain, and this export's own record."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from diary.domain.incident import Author
from diary.domain.wording import day_text

from ..describe import exhibit_kind, summary
from ..layout import TableSection
from ..pack import AuditEvent, EvidencePack, Exhibit, PackIncident
from ..pack_claims import edited_note, selection_sentence, written_cell
from ..pack_times import claimed, recorded, shown_time, zone_name
from ..row import Row
from ..story import Joined, Part, each
from ..styles import BODY, CELL, FRAME_WIDTH, HEADING, MONO_CELL, MONO_SMALL, SMALL, SUBHEADING
from ..text import para

SCHEDULE = TableSection(
    "schedule",
    "Exhibit schedule",
    ("Mark", "Description", "Incident", "Original file name", "SHA-256"),
    (16 * mm, 34 * mm, 30 * mm, 42 * mm, FRAME_WIDTH - 122 * mm),
)
AUDIT = TableSection(
    "audit",
    "Audit trail: when each entry was written and changed",
    ("Entry", "Incident date", "First written", "Later changes", "Latest revision hash"),
    (13 * mm, 24 * mm, 34 * mm, 52 * mm, FRAME_WIDTH - 123 * mm),
)


def _row(cells: list[Any], section: TableSection) -> Row:
    return Row(cells, section.widths)


def hash_cell(value: str) -> Any:
    """A SHA-256 in a narrow column: two even lines of 32 hex digits, not ragged pieces."""
    return para(f"{value[:32]} {value[32:]}", MONO_CELL)


def _schedule_row(exhibit: Exhibit, item: PackIncident, zone: str) -> list[Any]:
    a = exhibit.attachment
    kind = exhibit_kind(a).removeprefix("a ").removeprefix("an ").capitalize()
    src = a.source
    # Where it came from, as MG12 describes an exhibit: "Screenshot (image/png), Messaging
    # app, Chris Sample, shown Sun 26 May 2024, 23:25 (the device's clock)".
    shown = f"shown {shown_time(src.shown_time, zone)}" if src.shown_time.strip() else ""
    origin = [src.platform, src.profile, shown]
    description = ", ".join([f"{kind} ({a.media_type})", *filter(None, origin)])
    when = day_text(item.incident.content.occurred)
    return [
        _row(
            [
                para(exhibit.mark, CELL),
                para(summary(description, 200), CELL),
                para(f"{item.source}, {when}", CELL),
                para(summary(a.filename, 200), CELL),
                hash_cell(a.sha256),
            ],
            SCHEDULE,
        )
    ]


def schedule(pack: EvidencePack) -> list[Part]:
    """One row to an exhibit, in the order of the marks (AD/2 before AD/10); none without
    exhibits."""
    if not pack.exhibits:
        return []  # the cover says there are none; no page says it again
    entries = {item.incident.id: item for item in pack.incidents + pack.received}
    return [
        partial(_schedule_row, exhibit, entries[exhibit.incident_id], pack.zone)
        for exhibit in pack.exhibits
    ]


MAX_CHANGES_LISTED = 12  # a row never outgrows a page; entries.json lists every revision


EVENTS = {
    "create": "written",
    "edit": "edited",
    "attach": "file added",
    "delete": "deleted",
    "restore": "restored after being deleted",
    "detach": "file removed",
    "import": "received in a share",
    "propose": "change proposed",
    "accept": "proposed change accepted",
    "decline": "proposed change declined",
    "adopt": "adopted as their own account",
}


def _who(h: AuditEvent) -> str:
    """Who made a change: the victim or advocate, or a share's sender by the name it gave."""
    return (
        f"from {h.received_from or 'someone unnamed'}"
        if h.author is Author.SENDER
        else h.author.value
    )


def _event(h: AuditEvent, zone: str) -> str:
    what = EVENTS.get(h.event, h.event)
    if h.received:
        # The sender's own record: its time is their clock's, which nothing here can check.
        when = f"in the diary that shared it, {claimed(h.claimed_at, zone)} by its own clock"
    else:
        when = recorded(h.recorded_at, zone)
    return f"{what} {when} ({_who(h)})"


def _changes(item: PackIncident, zone: str) -> str:
    later = [h for h in item.history if h.event != "create"]
    if not later:
        return "none"
    text = "; ".join(_event(h, zone) for h in later[:MAX_CHANGES_LISTED])
    if len(later) > MAX_CHANGES_LISTED:
        text += f"; and {len(later) - MAX_CHANGES_LISTED} more (listed in entries.json)"
    if item.edits and not item.incident.is_received:  # the appendix sets out the person's own
        text += ". " + edited_note(item)
    return text


def _first_written(item: PackIncident, zone: str) -> str:
    """When this diary first held the entry, and who wrote it: for one that arrived in a share,
    when it arrived and from whom."""
    incident = item.incident
    if incident.author is Author.SENDER:
        sender = incident.received_from or "someone unnamed"
        return f"{recorded(incident.recorded_at, zone)} (received from {sender})"
    first = written_cell(item, zone).removeprefix("Written ")
    return first if item.writing.copied else f"{first} ({incident.author.value})"


def _audit_row(item: PackIncident, zone: str) -> list[Any]:
    incident = item.incident
    latest = item.history[-1].hash if item.history else ""
    return [
        _row(
            [
                para(item.reference.removeprefix("No. "), CELL),
                para(day_text(incident.content.occurred), CELL),
                para(_first_written(item, zone), CELL),
                para(_changes(item, zone), CELL),
                hash_cell(latest),
            ],
            AUDIT,
        )
    ]


def _deleted_rows(pack: EvidencePack) -> list[Any]:
    """Entries deleted from the diary that this pack's choice would have taken in: listed with
    when, never shown (their revisions are in the chain by hash alone)."""
    if not pack.deleted:
        return []
    rows: list[Any] = [
        Paragraph("Entries deleted from the diary", SUBHEADING),
        Paragraph(
            "These entries were deleted before this pack was made. Their text is not in the pack; "
            "their revisions are in the diary's chain of revision hashes, which the bundle lists.",
            SMALL,
        ),
    ]
    for entry in pack.deleted:
        rows.append(
            _row(
                [
                    para(str(entry.number), CELL),
                    para(day_text(entry.occurred), CELL),
                    para(f"{recorded(entry.recorded_at, pack.zone)}", CELL),
                    para(
                        f"deleted {recorded(entry.deleted_at, pack.zone)} "
                        f"({entry.deleted_by.value})"
                        + (f": \u201c{entry.reason}\u201d" if entry.reason else ""),
                        CELL,
                    ),
                    para("", CELL),
                ],
                AUDIT,
            )
        )
    return rows


def audit(pack: EvidencePack) -> Sequence[Part]:
    return Joined(
        each(pack.incidents + pack.received, lambda item: _audit_row(item, pack.zone)),
        [lambda: _deleted_rows(pack)],
    )


def export_record(pack: EvidencePack) -> list[Any]:
    impact = "included" if pack.options.include_impact else "left out, as chosen"
    count = len(pack.chain)
    return [
        Paragraph("This export", HEADING),
        Paragraph(f"<b>Produced:</b> {recorded(pack.produced_at, pack.zone)}", BODY),
        para(pack.statement_name, BODY, "Prepared by:"),
        para(selection_sentence(pack.selection), BODY, "Entries:"),
        Paragraph(f"<b>Impact section:</b> {impact}.", BODY),
        Paragraph(
            f"<b>Exhibits:</b> {len(pack.exhibits)}; <b>recorded revisions of these entries:</b> "
            f"{pack.versions}; <b>entries received from others:</b> {len(pack.received)}",
            BODY,
        ),
        Paragraph("Revision chain head", SUBHEADING),
        Paragraph(pack.chain_head, MONO_SMALL),
        Paragraph(
            f"Every change to an entry is kept as a revision, and each revision's hash covers the "
            f"one before it, so the head above (after {count:,} revisions) fixes the whole "
            "history of the diary at the time of this export. The bundle's entries.json holds "
            "every revision of the entries in this pack in full (its text, author, time, hash "
            "and the hash before it) and the hash of every other revision in the diary, in "
            "order: diary verify works each revision's hash out again and follows the chain to "
            "this head. A later pack from the same diary holds this head at the same place in "
            "its own list, unless the diary's history was rewritten in between.",
            SMALL,
        ),
        Paragraph(f"<b>Bundle fingerprint:</b> {pack.content_fingerprint}", SMALL),
        Paragraph(f"<b>Signing key fingerprint:</b> {pack.signing_key_fingerprint}", SMALL),
        Paragraph(
            f"<b>Times</b> in this pack are given with their zone; times the app recorded "
            f"are in {escape(zone_name(pack.zone))}.",
            SMALL,
        ),
    ]
