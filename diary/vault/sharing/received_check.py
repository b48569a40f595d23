"""Checking an entry received in a share before any of it is stored.

Every revision's hash is recomputed, the entry must match its own history, and every field this
diary will later parse or show is checked (times, identifiers, sizes, names), so a hostile or
damaged share is refused whole rather than breaking a listing afterwards.
"""

from __future__ import annotations

import json
import re
from typing import Any

from diary.domain.incident import Author, canonical_json, check_text
from diary.domain.times import parse_utc_stamp, utc_stamp

from ..attachments.attachments import MAX_ATTACHMENT_BYTES, _check_name
from ..entries.authorship import STATE_IN
from ..storage import chain

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class ReceivedEntryError(ValueError):
    """A received entry that cannot be accepted; the message says why, for the person."""


def _stamp(value: object) -> str:
    """A UTC time stamp in this app's form, or ValueError."""
    if not isinstance(value, str):
        raise ValueError("not a time")
    return utc_stamp(parse_utc_stamp(value))


def check_received_entry(record: dict[str, Any]) -> str:
    """Check one received entry in place (normalising its times); return its history's head."""
    uid = record["uid"]
    if not isinstance(uid, str) or not re.fullmatch(r"[0-9a-f]{32}", uid):
        raise ReceivedEntryError("an entry has no proper identifier")
    Author(record["author"])
    record["recorded_at"] = _stamp(record["recorded_at"])
    record["updated_at"] = _stamp(record["updated_at"])
    history = record["history"]
    if not isinstance(history, list) or not history:
        raise ReceivedEntryError(f"entry {uid[:8]} has no history")
    last_state: str | None = None
    previous_seq = 0
    for rev in history:
        if type(rev["seq"]) is not int or rev["seq"] <= previous_seq:
            raise ReceivedEntryError(f"entry {uid[:8]} has its history out of order")
        fields = [rev[k] for k in ("event", "author", "recorded_at", "content", "prev_hash")]
        if not all(isinstance(f, str) for f in fields) or not _HEX64.match(str(rev["hash"])):
            raise ReceivedEntryError(f"entry {uid[:8]} has a revision that cannot be read")
        previous_seq = rev["seq"]
        Author(rev["author"])
        _stamp(rev["recorded_at"])
        json.loads(rev["content"])
        recomputed = chain.revision_hash(
            rev["prev_hash"], rev["seq"], uid, rev["event"], rev["author"],
            rev["recorded_at"], rev["content"],
        )  # fmt: skip
        if recomputed != rev["hash"]:
            raise ReceivedEntryError(f"a revision of entry {uid[:8]} does not match its hash")
        if rev["event"] in ("create", "edit"):
            last_state = rev["content"]
        elif rev["event"] in STATE_IN:
            inner = json.loads(rev["content"])[STATE_IN[rev["event"]]]
            last_state = canonical_json(inner).decode()
        elif rev["event"] == "delete":
            last_state = None
    if last_state != canonical_json(record["content"]).decode():
        raise ReceivedEntryError(f"entry {uid[:8]} does not match its own history")
    texts = "\n".join(rev["content"] for rev in history)
    for a in record["attachments"]:
        _check_attachment(a, texts, uid)
    return str(history[-1]["hash"])


def _check_attachment(a: dict[str, Any], texts: str, uid: str) -> None:
    if not isinstance(a["uid"], str) or not re.fullmatch(r"[0-9a-f]{32}", a["uid"]):
        raise ReceivedEntryError(f"an attachment of entry {uid[:8]} has no proper identifier")
    if not _HEX64.match(str(a["sha256"])) or a["sha256"] not in texts:
        raise ReceivedEntryError(f"an attachment of entry {uid[:8]} is not in its history")
    if type(a["size"]) is not int or not 0 < a["size"] <= MAX_ATTACHMENT_BYTES:
        raise ReceivedEntryError(f"an attachment of entry {uid[:8]} has an impossible size")
    a["filename"] = _check_name(str(a["filename"]))
    a["imported_at"] = _stamp(a["imported_at"])
    for name in ("media_type", "exif_captured_at"):
        if not isinstance(a[name], str):
            raise ReceivedEntryError(f"an attachment of entry {uid[:8]} cannot be read")
        check_text(a[name], name)
