"""share and import-share: passing entries between a victim's diary and an advocate's, offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diary.domain.errors import InvalidInput
from diary.domain.incident import DIARY_AUTHORS, Author
from diary.domain.times import parse_day
from diary.domain.wording import SENDER_NAME_NOTE
from diary.vault.sharing.share import choose, write_share
from diary.vault.sharing.share_import import import_share, proposals_note

from .common import add_diary_option, entry_numbers, open_vault, read_secret
from .text_view import visible


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "share",
        help="write chosen entries to an encrypted share file; prints its one-time passphrase",
    )
    add_diary_option(p)
    p.add_argument("out", type=Path, metavar="OUT")
    p.add_argument("--ids", metavar="N,N,...", help="only these entries (numbers, comma-separated)")
    p.add_argument("--from", dest="start", metavar="DATE", help="from this day (2024-06-01)")
    p.add_argument("--to", dest="end", metavar="DATE", help="up to and including this day")
    p.add_argument(
        "--sender", metavar="NAME", help="who the share is from (default: the diary's name)"
    )
    p.set_defaults(run=run_share)

    p = sub.add_parser(
        "import-share",
        help="add the entries of a share file (share passphrase, then diary passphrase)",
    )
    add_diary_option(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--author",
        choices=[a.value for a in DIARY_AUTHORS],
        default=Author.VICTIM.value,
        help="who is receiving it (recorded); what arrives is the sender's either way",
    )
    p.set_defaults(run=run_import_share)


def run_share(args: argparse.Namespace) -> int:
    start = parse_day(args.start, "--from") if args.start else None
    end = parse_day(args.end, "--to") if args.end else None
    if start and end and end < start:
        raise InvalidInput("--to is before --from.")
    with open_vault(args) as vault:
        chosen = choose(vault, list(entry_numbers(args.ids)) or None, start, end)
        result = write_share(vault, chosen, args.out, args.sender or vault.case.name)
    sys.stderr.write(
        f"Wrote {result.incidents} entries and {result.attachments} attachments to "
        f"{result.path}.\nThe share opens only with the passphrase below. Pass it on by another "
        "route than the file (say it, or write it down); it is not kept anywhere.\n"
    )
    sys.stdout.write(result.passphrase + "\n")
    return 0


def run_import_share(args: argparse.Namespace) -> int:
    share_passphrase = read_secret("Share passphrase: ")
    with open_vault(args) as vault:
        report = import_share(vault, args.file, share_passphrase, Author(args.author))
    sender = visible(report.shared_by)
    if report.already_received_at:
        sys.stderr.write(
            f"This share from {sender} was already received on {report.already_received_at}; "
            "nothing was added.\n"
        )
        return 0
    sys.stderr.write(
        f"Received from {sender} (shared {report.shared_at} by their clock): "
        f"{len(report.added)} new entries, {len(report.proposed)} proposed changes, "
        f"{report.unchanged} already here, {report.attachments} attachments"
        + (f", {report.messages} logged messages and calls" if report.messages else "")
        + ".\n"
        f"The new entries are {sender}'s words, shown as received from them and kept out of "
        f"your statement unless you adopt them ('diary adopt N'). {SENDER_NAME_NOTE}\n"
    )
    if report.proposed:
        sys.stderr.write(f"{visible(proposals_note(report))} See 'diary proposals'.\n")
    for incident_id in report.added:
        sys.stdout.write(f"{incident_id}\n")
    return 0
