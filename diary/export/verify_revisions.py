"""The revisions in a bundle's entries.json worked out again, up to the chain head on the cover.

entries.json holds every revision of every entry in the pack exactly as it was hashed, and the
diary's whole chain as (entry uid, hash) pairs (entries_json.py). From these alone this checks
that each revision's hash comes from its content; that each sits at its place in the chain and
follows the revision before it; that every revision the chain gives to an entry in the pack is
there in full; and that the chain ends at the head the bundle states. A revision received in a
share is checked against its own hash and against the import revision that carries it.

What it cannot show: revisions of entries not in the pack are there by hash alone, so for a
selection the head is confirmed as the end of a chain whose other links are taken as listed.
The report says how many revisions were worked out from their content.

A pack made with impact left out (--no-impact) holds each revision whose content records impact
by hash only ("content_left_out": "impact"): its hash cannot be worked out again, so it is
checked only for its place in the chain, and counted apart (by_hash_only), never as worked out.
The file must then say, in its list of what the pack leaves out, that impact was left out.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from typing import Any

from diary.vault.storage.chain import GENESIS, revision_hash

from .entries_messages import check_message_log

MAX_PROBLEMS = 50
_FIELDS = {
    "seq": int,
    "event": str,
    "author": str,
    "recorded_at": str,
    "content": str,
    "prev_hash": str,
    "hash": str,
    "received": bool,
}


@dataclass
class RevisionCheck:
    """What the revisions in entries.json showed."""

    head: str = ""  # the chain head, confirmed as the end of the chain
    revisions: int = 0  # revisions in the diary's chain when the pack was made
    worked_out: int = 0  # of those, how many were worked out again from their content
    # Of the pack's own revisions, how many are listed by hash only (impact left out).
    by_hash_only: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every revision in the chain was worked out from its content (a whole-diary pack)."""
        return self.revisions == self.worked_out

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"entries.json: {problem}")
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("entries.json: and more problems besides (not listed)")


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in string.hexdigits for c in value)


def _links(document: dict[str, Any], check: RevisionCheck) -> list[tuple[str, str]] | None:
    chain = document.get("chain")
    links = chain.get("links") if isinstance(chain, dict) else None
    if not isinstance(links, list) or not all(
        isinstance(link, list) and len(link) == 2 and isinstance(link[0], str) and _is_hash(link[1])
        for link in links
    ):
        check.add("its chain of revisions is missing or cannot be read")
        return None
    pairs = [(str(uid), str(digest)) for uid, digest in links]
    stated = chain.get("revisions") if isinstance(chain, dict) else None
    if stated != len(pairs):
        check.add(f"its chain says it has {stated!r} revisions but lists {len(pairs)}")
    head = pairs[-1][1] if pairs else GENESIS
    if document.get("chain_head") != head:
        claimed = document.get("chain_head")
        check.add(f"it states the chain head {claimed!r}, but its chain ends at {head}")
    check.head, check.revisions = head, len(pairs)
    return pairs


def _revision(item: object) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    withheld = "content" not in item and item.get("content_left_out") == "impact"
    wanted = {k: v for k, v in _FIELDS.items() if not (withheld and k == "content")}
    if not all(isinstance(item.get(name), kind) for name, kind in wanted.items()):
        return None
    hashes = _is_hash(item["hash"]) and _is_hash(item["prev_hash"])
    if isinstance(item["seq"], bool) or not hashes:
        return None
    return item


def _carried(import_revision: dict[str, Any]) -> list[Any]:
    """The sender's revisions an import revision carries, as it carries them."""
    try:
        carried = json.loads(import_revision["content"]).get("revisions", [])
    except (ValueError, AttributeError, RecursionError):
        return []
    return carried if isinstance(carried, list) else []


def _entry(
    record: dict[str, Any],
    links: list[tuple[str, str]],
    check: RevisionCheck,
    impact_left_out: bool,
) -> None:
    uid, number = record.get("uid"), record.get("id")
    history = record.get("history")
    if not isinstance(uid, str) or not isinstance(history, list):
        check.add(f"entry {number!r} has no uid or no history")
        return
    revisions = [_revision(item) for item in history]
    if any(r is None for r in revisions):
        check.add(f"entry {number}: a revision in its history cannot be read")
        return
    here: set[int] = set()
    received: list[dict[str, Any]] = []
    for r in [r for r in revisions if r is not None]:
        name = f"entry {number}, revision {r['seq']} ({r['event']}, {r['recorded_at']})"
        withheld = "content" not in r
        if withheld and not impact_left_out:
            check.add(f"{name}: its content is missing, and the pack does not say it left any out")
            continue
        args = (r["prev_hash"], r["seq"], uid, r["event"], r["author"], r["recorded_at"])
        if not withheld and revision_hash(*args, r["content"]) != r["hash"]:
            check.add(f"{name}: its content does not match its hash (it has been changed)")
            continue
        if r["received"]:
            received.append(r)
            continue
        seq = r["seq"]
        if not 1 <= seq <= len(links) or links[seq - 1] != (uid, r["hash"]):
            check.add(f"{name}: it is not the revision at that place in the diary's chain")
            continue
        if r["prev_hash"] != (links[seq - 2][1] if seq > 1 else GENESIS):
            check.add(f"{name}: it does not follow the revision before it in the chain")
            continue
        if r["event"] == "import" and withheld:
            received = []  # what it carries is not here to hold them against
        elif r["event"] == "import":
            carried = _carried(r)
            for sent in received:
                if "content" not in sent:
                    continue  # listed by hash only: nothing to hold against what it carries
                if {k: sent[k] for k in _FIELDS if k != "received"} not in carried:
                    check.add(
                        f"entry {number}, received revision {sent['seq']}: not the one "
                        f"its import (revision {seq}) carries"
                    )
            received = []
        here.add(seq)
        if withheld:
            check.by_hash_only += 1
        else:
            check.worked_out += 1
    for sent in received:
        check.add(f"entry {number}, received revision {sent['seq']}: no import revision carries it")
    for problem in check_message_log(record, history):
        check.add(problem)
    for position, (owner, _) in enumerate(links, start=1):
        if owner == uid and position not in here:
            check.add(f"entry {number}: revision {position} is in the chain but not in its history")


def check_revisions(data: bytes) -> RevisionCheck:
    """Every revision in entries.json (its bytes, already checked against the manifest)."""
    check = RevisionCheck()
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        check.add("it cannot be read as JSON text, so its revisions cannot be checked")
        return check
    if not isinstance(document, dict):
        check.add("it is not an Evidence Diary entries file")
        return check
    links = _links(document, check)
    records = document.get("incidents")
    if links is None or not isinstance(records, list):
        if not isinstance(records, list):
            check.add("it has no list of entries")
        return check
    left_out = document.get("left_out_of_this_pack")
    impact_left_out = isinstance(left_out, dict) and "impact_fields" in left_out
    for record in records:
        if isinstance(record, dict):
            _entry(record, links, check, impact_left_out)
        else:
            check.add("an entry in it cannot be read")
    return check
