"""A logged message or call as the diary keeps it: one JSON record per item, in a stable form
(fields only ever added), holding the words and where in the original file they came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from diary.domain.times import parse_utc_stamp, utc_stamp

from .log import CallType, Item, Kind, Media, Where


def item_record(item: Item, zone: str) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "at": utc_stamp(item.instant),
        "zone": zone,
        "shown": item.shown,
        "sender": item.sender,
        "sender_key": item.sender_key,
        "sent_by_owner": item.sent_by_owner,
        "recipients": item.recipients,
        "subject": item.subject,
        "text": item.text,
        "call": item.call.value if item.call else None,
        "duration": item.duration,
        "media": [{"name": m.name, "in_file": m.in_file, "sha256": m.sha256} for m in item.media],
        "where": {
            "line": item.where.line,
            "end_line": item.where.end_line,
            "member": item.where.member,
            "ref": item.where.ref,
        },
    }


def item_from_record(data: dict[str, Any]) -> Item:
    where = data.get("where") or {}
    return Item(
        kind=Kind(data["kind"]),
        instant=parse_utc_stamp(str(data["at"])),
        shown=str(data.get("shown", "")),
        sender=str(data.get("sender", "")),
        sender_key=str(data.get("sender_key", "")),
        where=Where(
            int(where.get("line", 0)),
            int(where.get("end_line", 0)),
            str(where.get("member", "")),
            str(where.get("ref", "")),
        ),
        text=str(data.get("text", "")),
        recipients=str(data.get("recipients", "")),
        subject=str(data.get("subject", "")),
        call=CallType(data["call"]) if data.get("call") else None,
        duration=data.get("duration"),
        media=tuple(
            Media(str(m.get("name", "")), bool(m.get("in_file")), str(m.get("sha256", "")))
            for m in data.get("media") or []
        ),
        sent_by_owner=bool(data.get("sent_by_owner")),
    )


@dataclass(frozen=True)
class LoggedItem:
    """A message or call in the diary: the item, the entry it belongs to, and its file."""

    id: int
    incident_id: int
    source_id: int  # the attachment holding the original file
    zone: str
    item: Item


@dataclass(frozen=True)
class MessageSource:
    """An original file messages were logged from (an attachment, kept byte for byte)."""

    attachment_id: int
    format: str
    member: str
    zone: str
    imported_at: datetime
    details: dict[str, Any]
