"""The stable JSON form of an incident (`diary show --json`, `entries.json` in a bundle).

The schema is documented in docs/cli.md. Fields are only ever added, never renamed or removed.
"""

from __future__ import annotations

from typing import Any

from .incident import Attachment, Author, Incident, Revision
from .times import utc_stamp

SCHEMA_VERSION = 1


def attachment_record(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "sha256": a.sha256,
        "filename": a.filename,
        "size": a.size,
        "media_type": a.media_type,
        "claimed_type": a.claimed_type,
        "imported_at": utc_stamp(a.imported_at),
        "exif_captured_at": a.exif_captured_at,
        "exhibit_mark": a.exhibit_mark,
        "source": {**a.source.to_dict(), "device": a.source.device},
    }


def incident_record(incident: Incident) -> dict[str, Any]:
    c = incident.content
    return {
        "id": incident.id,
        "uid": incident.uid,
        "occurred_at": c.occurred.iso(),
        "until": c.until.iso() if c.until else None,
        "zone": c.occurred.zone,
        "wall_time": c.occurred.wall,
        "precision": c.occurred.precision.value,
        "recorded_at": utc_stamp(incident.recorded_at),
        "updated_at": utc_stamp(incident.updated_at),
        "author": incident.author.value,
        "last_changed_by": incident.last_changed_by.value,
        "received_from": incident.received_from,
        "written_by": c.written_by,
        "first_hand": c.first_hand,
        "told_by": c.told_by,
        "location": c.location,
        "behaviours": list(c.behaviours),
        "channel": c.channel,
        "text": c.text,
        "words": c.words,
        "suspect": c.suspect,
        "vehicle": c.vehicle,
        "visibility": c.visibility,
        "witnesses": list(c.witnesses),
        "witness_details": [w.to_dict() for w in c.witness_details],
        "others_involved": c.others_involved,
        "feared_violence": c.feared_violence,
        "fear": c.fear,
        "feelings": c.feelings,
        "impact": c.impact,
        "effects": list(c.effects),
        "actions": c.actions,
        "reported": c.reported,
        "police_ref": c.police_ref,
        "officer": c.officer,
        "cctv": c.cctv,
        "transcribed_on": c.transcribed_on,
        "written_on": c.written_on,
        "transcribed_from": c.transcribed_from,
        "revisions": incident.revisions,
        "attachments": [attachment_record(a) for a in incident.attachments],
    }


def revision_record(r: Revision) -> dict[str, Any]:
    record: dict[str, Any] = {
        "seq": r.seq,
        "event": r.event,
        "author": r.author.value,
        "recorded_at": utc_stamp(r.recorded_at),
        "prev_hash": r.prev_hash,
        "hash": r.hash,
        "content": r.content,
    }
    if r.author is Author.SENDER:  # as the share named them; nothing checks it
        record["received_from"] = r.received_from
    if r.claimed_author or r.claimed_at:  # what the sender's record says, unchecked
        record["claimed_author"] = r.claimed_author
        record["claimed_recorded_at"] = r.claimed_at
    return record
