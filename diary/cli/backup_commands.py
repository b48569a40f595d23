"""backup and restore: one verified, encrypted file, and a new diary made from it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diary.domain.times import parse_utc_stamp
from diary.vault.backups.auto_backup import record_verified_backup
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase, restore_with_recovery

from .common import add_diary_option, open_vault, read_new_passphrase, read_secret


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="write a verified, encrypted backup of the diary to one file")
    add_diary_option(p)
    p.add_argument("out", type=Path, metavar="OUT", help="the backup file to write (must be new)")
    p.set_defaults(run=run_backup)

    p = sub.add_parser(
        "restore", help="make a new diary from a backup file (never over an existing diary)"
    )
    p.add_argument("backup", type=Path, metavar="BACKUP")
    p.add_argument(
        "--diary", metavar="NEWDIR", type=Path, required=True, help="a new, empty folder"
    )
    p.add_argument(
        "--recovery-key",
        action="store_true",
        help="unlock with the recovery key in force when the backup was made, instead of that "
        "day's passphrase, then set a new passphrase",
    )
    p.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    with open_vault(args, writes=False) as vault:
        sys.stderr.write("Copying the diary…\n")
        sys.stderr.flush()
        result = write_backup(vault, args.out)
        if not vault.read_only:  # a diary on read-only media cannot note when it was backed up
            record_verified_backup(vault, parse_utc_stamp(result.created_at))
    s = result.summary
    sys.stderr.write(
        f"Backup written and verified: {s.incidents} incidents, {s.revisions} recorded changes, "
        f"{s.attachments} attachments, {result.size:,} bytes.\n"
        "It opens with the passphrase in force now, when it was made (not with one set later), "
        "or with the recovery key in force now.\n"
    )
    sys.stdout.write(f"{result.path}\n")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    if args.recovery_key:
        recovery = read_secret("Recovery key: ")
        new_passphrase = read_new_passphrase("New passphrase for the restored diary: ")
        report, change = restore_with_recovery(args.backup, args.diary, recovery, new_passphrase)
    else:
        passphrase = read_secret("Passphrase the diary had when the backup was made: ")
        report = restore_with_passphrase(args.backup, args.diary, passphrase)
    sys.stderr.write(
        f"Restored and checked: {report.incidents} incidents, {report.revisions} recorded "
        f"changes, {report.attachments} attachments, all hashes match.\n"
    )
    sys.stdout.write(f"{args.diary}\n")
    if args.recovery_key:
        sys.stderr.write(
            "The restored diary now opens with the new passphrase, under a new key: the "
            "recovery key you used opens nothing in it. Its backups go to its own folder; "
            "choose a second place for them again in Settings.\n"
            "Its new recovery key is on the next line. Write it down and keep it somewhere "
            "safe, away from this computer. It is shown only this once.\n"
        )
        sys.stdout.write(change.recovery_key + "\n")
    return 0
