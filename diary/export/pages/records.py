"""The exhibit schedule (like form MG12) and the audit trail: when each entry was written and
changed, the head of the revision chain, and this export's own record."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from diary.domain.incident import Author
from diary.domain.wording import day_text

from ..describe import exhibit_kind, stamp, summary
from ..layout import TableSection
from ..pack import AuditEvent, EvidencePack, PackIncident
from ..row import Row
from ..story import Part, each
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
    "Audit trail: when each entry was written and changed (UTC)",
    ("No.", "Incident date", "First written", "Later changes", "Latest revision hash"),
    (10 * mm, 27 * mm, 30 * mm, 52 * mm, FRAME_WIDTH - 119 * mm),
)


def _row(cells: list[Any], section: TableSection) -> Row:
    return Row(cells, section.widths)


def hash_cell(value: str) -> Any:
    """A SHA-256 in a narrow column: two even lines of 32 hex digits, not ragged pieces."""
    return para(f"{value[:32]} {value[32:]}", MONO_CELL)


def _schedule_rows(item: PackIncident) -> list[Any]:
    when = day_text(item.incident.content.occurred)
    rows = []
    for e in item.exhibits:
        kind = exhibit_kind(e.attachment).removeprefix("a ").removeprefix("an ").capitalize()
        src = e.attachment.source
        # Where it came from, as MG12 describes an exhibit: "Screenshot (image/png), Messaging
        # app, Chris Sample, shown 23:25 26/05/2024".
        origin = [src.platform, src.profile, f"shown {src.shown_time}" if src.shown_time else ""]
        description = ", ".join([f"{kind} ({e.attachment.media_type})", *filter(None, origin)])
        rows.append(
            _row(
                [
                    para(e.mark, CELL),
                    para(summary(description, 200), CELL),
                    para(f"{item.source}, {when}", CELL),
                    para(summary(e.attachment.filename, 200), CELL),
                    hash_cell(e.attachment.sha256),
                ],
                SCHEDULE,
            )
        )
    return rows


def schedule(pack: EvidencePack) -> list[Part]:
    with_exhibits = [item for item in pack.incidents + pack.received if item.exhibits]
    if not with_exhibits:
        return [lambda: [para("There are no exhibits in this pack.", BODY)]]
    return each(with_exhibits, _schedule_rows)


MAX_CHANGES_LISTED = 12  # a row never outgrows a page; entries.json lists every revision


def _who(h: AuditEvent) -> str:
    """Who made a change: the victim or advocate, or a share's sender by the name it gave."""
    return (
        f"from {h.received_from or 'someone unnamed'}"
        if h.author is Author.SENDER
        else h.author.value
    )


def _changes(item: PackIncident) -> str:
    later = [h for h in item.history if h.event != "create"]
    if not later:
        return "none"
    text = "; ".join(
        f"{h.event} {stamp(h.recorded_at)} ({_who(h)})" for h in later[:MAX_CHANGES_LISTED]
    )
    if len(later) > MAX_CHANGES_LISTED:
        text += f"; and {len(later) - MAX_CHANGES_LISTED} more (listed in entries.json)"
    return text


def _first_by(item: PackIncident) -> str:
    incident = item.incident
    if incident.author is Author.SENDER:
        return f"received from {incident.received_from or 'someone unnamed'}"
    return incident.author.value


def _audit_row(item: PackIncident) -> list[Any]:
    incident = item.incident
    latest = item.history[-1].hash if item.history else ""
    return [
        _row(
            [
                para(item.reference.removeprefix("No. "), CELL),
                para(day_text(incident.content.occurred), CELL),
                para(f"{stamp(incident.recorded_at)} ({_first_by(item)})", CELL),
                para(_changes(item), CELL),
                hash_cell(latest),
            ],
            AUDIT,
        )
    ]


def audit(pack: EvidencePack) -> list[Part]:
    return each(pack.incidents + pack.received, _audit_row)


def export_record(pack: EvidencePack) -> list[Any]:
    o = pack.options
    chosen = []
    if o.start or o.end:
        chosen.append(f"dates {o.start or 'the start'} to {o.end or 'the end'}")
    if o.behaviours:
        chosen.append("behaviours " + ", ".join(o.behaviours))
    if o.ids:
        chosen.append("entries " + ", ".join(str(i) for i in o.ids))
    if not chosen:
        chosen.append("every entry")
    chosen.append("impact section included" if o.include_impact else "impact section left out")
    return [
        Paragraph("This export", HEADING),
        Paragraph(f"<b>Produced:</b> {stamp(pack.produced_at)}", BODY),
        para(pack.statement_name, BODY, "Prepared by:"),
        Paragraph(f"<b>Entries chosen:</b> {'; '.join(chosen)}.", BODY),
        Paragraph(
            f"<b>Incidents:</b> {len(pack.incidents)}; <b>entries received from others:</b> "
            f"{len(pack.received)}; <b>exhibits:</b> {len(pack.exhibits)}",
            BODY,
        ),
        Paragraph("Revision chain head", SUBHEADING),
        Paragraph(pack.chain_head or "(empty)", MONO_SMALL),
        Paragraph(
            "Every change to an entry is kept as a revision; each revision's hash covers the "
            "one before it, so the head above fixes the whole history of the diary at the time "
            "of this export. The bundle's entries.json lists every revision's hash.",
            SMALL,
        ),
        Paragraph(f"<b>Bundle fingerprint:</b> {pack.content_fingerprint}", SMALL),
        Paragraph(f"<b>Signing key fingerprint:</b> {pack.signing_key_fingerprint}", SMALL),
    ]
