"""init, passwd and recover: creating a diary and looking after its keys."""

from __future__ import annotations

import argparse
import sys

from diary.domain.case import CaseDetails
from diary.vault import Vault

from .common import add_diary_option, diary_folder, open_vault, read_new_passphrase, read_secret


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create a new diary; prints its recovery key once")
    add_diary_option(p)
    p.add_argument("--name", required=True, help="your name, as it should appear on a statement")
    p.add_argument("--initials", required=True, help="initials for exhibit marks, e.g. JS")
    p.set_defaults(run=run_init)

    p = sub.add_parser("passwd", help="change the passphrase (old, then new, on standard input)")
    add_diary_option(p)
    p.set_defaults(run=run_passwd)

    p = sub.add_parser("recover", help="set a new passphrase using the recovery key")
    add_diary_option(p)
    p.set_defaults(run=run_recover)

    p = sub.add_parser(
        "rotate-key",
        help="re-encrypt the diary under a new key; prints a new recovery key",
    )
    add_diary_option(p)
    p.set_defaults(run=run_rotate)


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


def run_passwd(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.change_passphrase(read_new_passphrase())
    sys.stderr.write(
        "Passphrase changed. If you changed it because someone else may know the old one, also\n"
        "run 'diary rotate-key': it re-encrypts the diary so that old copies of its key file and\n"
        "the old passphrase open nothing.\n"
    )
    return 0


def run_recover(args: argparse.Namespace) -> int:
    folder = diary_folder(args)
    recovery = read_secret("Recovery key: ")
    with Vault.open_with_recovery(folder, recovery) as vault:
        vault.change_passphrase(read_new_passphrase())
    sys.stderr.write("Passphrase changed. Your recovery key still works; keep it safe.\n")
    return 0


def run_rotate(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        recovery = vault.rotate_key(read_new_passphrase())
    sys.stderr.write(
        "The diary is now encrypted under a new key. The old recovery key no longer works.\n"
    )
    _print_recovery_key(recovery)
    return 0
