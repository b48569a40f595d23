"""Share files made by hand, as someone who can send the person a file would make them.

Everything a share says about itself can be chosen by its maker: the sender's name, who wrote
each revision, every time, and each revision's hash (recomputed to match, so the share passes
the checks a damaged file fails). A maker who once received the person's entries (an earlier
share) also knows their identifiers and hashes, and can build an 'edit' on top of them.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from diary.domain.incident import IncidentContent, canonical_json
from diary.vault.sharing import share_crypto
from diary.vault.sharing.share import CONTENTS_FORMAT, CONTENTS_VERSION
from diary.vault.storage import chain

SENDER = "Mallory Sender"
FUTURE = "2031-01-01T09:00:00Z"
PAST = "1999-12-31T23:00:00Z"
PASSPHRASE = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23"


def revision(
    uid: str,
    seq: int,
    event: str,
    content: IncidentContent | dict[str, Any],
    *,
    author: str = "victim",
    recorded_at: str = PAST,
    prev_hash: str = chain.GENESIS,
) -> dict[str, Any]:
    """One revision as a share carries it, with its hash recomputed so that it passes."""
    data = content.to_dict() if isinstance(content, IncidentContent) else content
    body = canonical_json(data).decode()
    return {
        "seq": seq,
        "event": event,
        "author": author,
        "recorded_at": recorded_at,
        "content": body,
        "prev_hash": prev_hash,
        "hash": chain.revision_hash(prev_hash, seq, uid, event, author, recorded_at, body),
    }


def entry(
    content: IncidentContent,
    *,
    uid: str | None = None,
    history: list[dict[str, Any]] | None = None,
    author: str = "victim",
    recorded_at: str = FUTURE,
) -> dict[str, Any]:
    """A received entry: by default a new one, 'written by the victim' at a time in the future."""
    uid = uid or uuid.uuid4().hex
    history = history or [
        revision(uid, 1, "create", content, author=author, recorded_at=recorded_at)
    ]
    return {
        "uid": uid,
        "author": author,
        "recorded_at": recorded_at,
        "updated_at": recorded_at,
        "revisions": len(history),
        "content": content.to_dict(),
        "history": history,
        "attachments": [],
    }


def edit_on_top(
    received: dict[str, Any], content: IncidentContent, *, recorded_at: str = PAST
) -> dict[str, Any]:
    """An entry from an earlier share with one more revision: an 'edit' by 'the victim',
    built on the head hash the earlier share gave."""
    history = list(received["history"])
    last = history[-1]
    history.append(
        revision(
            received["uid"],
            last["seq"] + 1,
            "edit",
            content,
            author="victim",
            recorded_at=recorded_at,
            prev_hash=last["hash"],
        )
    )
    return {
        **received,
        "content": content.to_dict(),
        "history": history,
        "revisions": len(history),
        "updated_at": recorded_at,
        "attachments": [],
    }


def read_share(path: Path, passphrase: str) -> dict[str, Any]:
    """The list of contents of a share someone was given (with its passphrase)."""
    with path.open("rb") as fp:
        reader = share_crypto.ShareReader(fp, passphrase)
        length = int.from_bytes(reader.read_exactly(4), "big")
        manifest: dict[str, Any] = json.loads(reader.read_exactly(length))
        return manifest


def write_share(
    path: Path,
    entries: list[dict[str, Any]],
    *,
    sender: str = SENDER,
    shared_at: str = FUTURE,
    passphrase: str = PASSPHRASE,
    **overrides: Any,
) -> Path:
    """A share file holding entries (without attachments), sealed with passphrase."""
    manifest = {
        "format": CONTENTS_FORMAT,
        "version": CONTENTS_VERSION,
        "share_id": uuid.uuid4().hex,
        "shared_by": sender,
        "shared_at": shared_at,
        "source_chain_head": "0" * 64,
        "incidents": entries,
        **overrides,
    }
    body = canonical_json(manifest)
    with path.open("wb") as fp:
        writer = share_crypto.ShareWriter(fp, passphrase)
        writer.write(len(body).to_bytes(4, "big") + body)
        writer.close()
    return path
