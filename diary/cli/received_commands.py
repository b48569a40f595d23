"""proposals, accept, decline and adopt: deciding what to do with words received in a share.

A change received to an entry already here waits as a proposal until the person accepts it (a
new revision of their own, taking the proposed wording) or declines it (recorded; the proposal
is kept). A received entry stays its sender's until the person adopts it as their own account.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from diary.domain.errors import InvalidInput
from diary.domain.incident import DIARY_AUTHORS, Author
from diary.domain.times import utc_now, utc_stamp
from diary.domain.wording import SENDER_NAME_NOTE, adoption_meaning
from diary.vault.sharing.adoption import adopt
from diary.vault.sharing.proposals import PENDING, Proposal, accept, decline, proposals

from .common import add_diary_option, entry_number, open_vault
from .text_view import visible


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "proposals",
        help="list changes received in shares to entries already here, beside your version",
    )
    add_diary_option(p)
    p.add_argument("--all", action="store_true", help="also those already accepted or declined")
    p.add_argument("--json", action="store_true", help="machine-readable output (docs/cli.md)")
    p.set_defaults(run=run_proposals)

    for name, help_text, run in (
        ("accept", "take a proposed change's wording as a new version of the entry", run_accept),
        ("decline", "decline a proposed change (it is kept on record)", run_decline),
    ):
        p = sub.add_parser(name, help=help_text)
        add_diary_option(p)
        p.add_argument("number", type=entry_number, metavar="N", help="the proposed change")
        p.add_argument(
            "--author",
            choices=[a.value for a in DIARY_AUTHORS],
            default=Author.VICTIM.value,
            help="who is deciding: the victim (default) or their advocate",
        )
        p.set_defaults(run=run)

    p = sub.add_parser(
        "adopt", help="make an entry received in a share your own account (asks first)"
    )
    add_diary_option(p)
    p.add_argument("id", type=entry_number)
    p.add_argument(
        "--yes",
        action="store_true",
        help="you have read what adopting means and confirm it (needed without a terminal)",
    )
    p.set_defaults(run=run_adopt)


def proposal_record(p: Proposal) -> dict[str, Any]:
    return {
        "number": p.number,
        "entry": p.incident_id,
        "proposed_by": p.sender,
        "sender_name_checked": False,
        "received_at": utc_stamp(p.received_at),
        "shared_at_claimed": p.shared_at,
        "status": p.status,
        "decided_at": utc_stamp(p.decided_at) if p.decided_at else None,
        "decided_by": p.decided_by.value if p.decided_by else None,
        "entry_withdrawn": p.entry_withdrawn,
        "changes": [
            {"field": c.field, "label": c.label, "yours": c.ours, "proposed": c.proposed}
            for c in p.changes
        ],
        "files_not_added": list(p.files_not_added),
    }


def _indented(text: str) -> str:
    return visible(text or "(empty)").replace("\n", "\n              ")


def format_proposal(p: Proposal) -> str:
    sender = visible(p.sender) or "someone unnamed"
    state = (
        "waiting for you"
        if p.status == PENDING
        else f"{p.status} {p.decided_at:%Y-%m-%d %H:%M} UTC by the "
        f"{p.decided_by.value if p.decided_by else '?'}"
    )
    lines = [
        f"Proposed change {p.number} to entry {p.incident_id}, from {sender} "
        f"(received {p.received_at:%Y-%m-%d %H:%M} UTC; {state})"
    ]
    if p.entry_withdrawn:
        lines.append("  The entry has been withdrawn since.")
    for change in p.changes:
        lines += [
            f"  {change.label}",
            f"    yours:    {_indented(change.ours)}",
            f"    proposed: {_indented(change.proposed)}",
        ]
    if not p.changes:
        lines.append("  It says what the entry says now.")
    for f in p.files_not_added:
        lines.append(
            f"  A file that came with it, not added: {visible(str(f.get('filename', '')))} "
            f"({f.get('size', 0):,} bytes, SHA-256 {f.get('sha256', '')})"
        )
    return "\n".join(lines) + "\n"


def run_proposals(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        found = proposals(vault.conn, pending_only=not args.all)
    if args.json:
        json.dump([proposal_record(p) for p in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not found:
        sys.stderr.write(
            "No proposed changes.\n" if args.all else "No proposed changes are waiting.\n"
        )
        return 0
    sys.stdout.write("\n".join(format_proposal(p) for p in found))
    if any(p.status == PENDING for p in found):
        sys.stderr.write(
            "Accept one with 'diary accept N' (a new version of the entry, noting whose "
            f"wording it was) or decline it with 'diary decline N'. {SENDER_NAME_NOTE}\n"
        )
    return 0


def run_accept(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        incident_id = accept(vault.conn, args.number, Author(args.author), utc_now())
        entry = vault.incident(incident_id)
    whose = (
        f"it is still {visible(entry.received_from or '') or 'the sender'}'s account"
        if entry.is_received
        else f"its words are now the {entry.last_changed_by.value}'s"
    )
    sys.stderr.write(
        f"Accepted proposed change {args.number}: entry {incident_id} now reads as proposed, "
        f"and {whose}. The earlier version stays in its history.\n"
    )
    sys.stdout.write(f"{incident_id}\n")
    return 0


def run_decline(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        incident_id = decline(vault.conn, args.number, Author(args.author), utc_now())
    sys.stderr.write(
        f"Declined proposed change {args.number}; entry {incident_id} is unchanged, and the "
        "proposal is kept on record.\n"
    )
    sys.stdout.write(f"{incident_id}\n")
    return 0


def _confirmed(incident_id: int) -> bool:
    """Asked at a terminal; without one, --yes is the confirmation."""
    if sys.stdin is None or not sys.stdin.isatty():
        return False
    answer = input(f"Adopt entry {incident_id} as your own account? Type yes to adopt: ")
    return answer.strip().lower() == "yes"


def run_adopt(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        entry = vault.incident(args.id)
        if not entry.is_received:
            raise InvalidInput(
                f"Entry {args.id} is not a received account waiting to be adopted: its words "
                f"are already the {entry.last_changed_by.value}'s. Nothing was changed."
            )
        sender = visible(entry.received_from or "")
        sys.stderr.write(adoption_meaning(sender) + "\n")
        if not (args.yes or _confirmed(args.id)):
            raise InvalidInput(
                f"Entry {args.id} was not adopted. To adopt it, run 'diary adopt {args.id}' at a "
                "terminal and type yes, or add --yes. Nothing was changed."
            )
        adopt(vault.conn, args.id, utc_now())
    sys.stderr.write(
        f"Entry {args.id} is now your own account, from now; its history keeps that it came "
        f"from {sender or 'someone unnamed'}.\n"
    )
    return 0
