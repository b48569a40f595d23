"""init, passwd and recover: creating a diary and looking after its keys."""

from __future__ import annotations

import argparse
import sys

from diary.domain.case import CaseDetails
from diary.vault import Vault
from diary.vault.keys.key_change import KeyChange

from .common import add_diary_option, diary_folder, open_vault, read_new_passphrase, read_secret


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new diary; prints its recovery key once")
    add_diary_option(p)
    p.add_argument("--name", required=True, help="your name, as it should appear on a statement")
    p.add_argument("--initials", required=True, help="initials for exhibit marks, e.g. JS")
    p.set_defaults(run=run_init)

    p = sub.add_parser(
        "passwd",
        help="change the passphrase (old, then new, on standard input); prints a new recovery key",
    )
    add_diary_option(p)
    p.set_defaults(run=run_passwd)

    p = sub.add_parser(
        "recover",
        help="set a new passphrase using the recovery key; prints a new recovery key",
    )
    add_diary_option(p)
    p.set_defaults(run=run_recover)

    p = sub.add_parser(
        "new-recovery-key",
        help="replace the recovery key (passphrase on standard input); prints the new one",
    )
    add_diary_option(p)
    p.set_defaults(run=run_new_recovery_key)

    # The same as passwd; kept for scripts written when only it changed the diary's key.
    p = sub.add_parser("rotate-key", help="the same as passwd")
    add_diary_option(p)
    p.set_defaults(run=run_passwd)


def _print_recovery_key(recovery: str) -> None:
    sys.stderr.write(
        "Your recovery key is below. Write it down and keep it somewhere safe, away from this\n"
        "computer. It opens the diary if you forget your passphrase. It is shown only this once.\n"
    )
    sys.stdout.write(recovery + "\n")
    sys.stdout.flush()


def run_init(args: argparse.Namespace) -> int:
    case = CaseDetails(name=args.name, initials=args.initials)
    folder = diary_folder(args)
    passphrase = read_new_passphrase("Choose a passphrase: ")
    vault, recovery = Vault.create(folder, passphrase, case)
    vault.close()
    sys.stderr.write(f"Created a new diary in {folder}.\n")
    _print_recovery_key(recovery)
    return 0


def _report_change(vault: Vault, change: KeyChange, what: str) -> None:
    sys.stderr.write(
        f"{what} The diary is now encrypted under a new key: the old passphrase, the old "
        "recovery key and every old copy of the key file open nothing written from now on.\n"
    )
    _print_recovery_key(change.recovery_key)
    vault.confirm_recovery_key()  # printed: as shown as a key from the command line can be
    sys.stderr.write(change.backups_message() + "\n")


def run_passwd(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        change = vault.change_passphrase(read_new_passphrase())
        _report_change(vault, change, "Passphrase changed.")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    folder = diary_folder(args)
    recovery = read_secret("Recovery key: ")
    with Vault.open_with_recovery(folder, recovery) as vault:
        for warning in vault.warnings:
            sys.stderr.write(f"diary: warning: {warning}\n")
        change = vault.change_passphrase(read_new_passphrase())
        _report_change(vault, change, "Passphrase changed.")
    return 0


def run_new_recovery_key(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        change = vault.new_recovery_key()
        _report_change(
            vault, change, "Your passphrase is unchanged; the old recovery key is spent."
        )
    return 0
