"""delete, restore-entry and remove-file: taking an entry or a file out, as a recorded change.

Nothing is erased: a deletion, a restoring and a file's removal are each a revision in the
entry's hash-chained history, with who, when and (for the first and last) why. A deleted entry
is in no pack or share, and a pack's audit trail lists it; 'restore-entry' puts it back.
"""

from __future__ import annotations

import argparse
import sys

from diary.domain.incident import DIARY_AUTHORS, Author

from .common import add_diary_option, entry_number, open_vault
from .text_view import visible


def _author_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--author",
        choices=[a.value for a in DIARY_AUTHORS],
        help="who is doing it: the victim or their advocate (default: who keeps the diary)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "delete",
        help="delete an entry (recorded in its history; 'restore-entry' puts it back)",
    )
    add_diary_option(p)
    p.add_argument("id", type=entry_number)
    p.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help="why, kept in the entry's history (e.g. 'duplicate')",
    )
    _author_option(p)
    p.set_defaults(run=run_delete)

    p = sub.add_parser("restore-entry", help="put a deleted entry back (recorded in its history)")
    add_diary_option(p)
    p.add_argument("id", type=entry_number)
    _author_option(p)
    p.set_defaults(run=run_restore_entry)

    p = sub.add_parser(
        "remove-file",
        help="take a file out of its entry (its bytes and history stay in the diary)",
    )
    add_diary_option(p)
    p.add_argument(
        "attachment", type=entry_number, metavar="ATTACHMENT", help="as 'diary show' numbers it"
    )
    p.add_argument("--reason", default="", metavar="TEXT", help="why, kept in the history")
    _author_option(p)
    p.set_defaults(run=run_remove_file)


def _author(args: argparse.Namespace, kept_by: Author) -> Author:
    return Author(args.author) if args.author else kept_by


def run_delete(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.delete_incident(args.id, args.reason, _author(args, vault.kept_by))
    sys.stderr.write(
        f"Entry {args.id} is deleted. It will not be in packs or shares; its history is kept, "
        f"and 'diary restore-entry {args.id}' puts it back.\n"
    )
    return 0


def run_restore_entry(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.restore_incident(args.id, _author(args, vault.kept_by))
    sys.stderr.write(f"Entry {args.id} is back, as it was; its history records the restoring.\n")
    return 0


def run_remove_file(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        incident_id = vault.remove_attachment(
            args.attachment, args.reason, _author(args, vault.kept_by)
        )
        (removed,) = [
            f for f in vault.removed_files([incident_id]) if f.attachment_id == args.attachment
        ]
    sys.stderr.write(
        f"{visible(removed.filename)} is no longer part of entry {incident_id}: it will not be "
        "in packs or shares. Its bytes and its history stay in the encrypted diary.\n"
    )
    return 0
