"""What every command shares: the --diary option, reading secrets, opening the vault."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from diary.domain.errors import InvalidInput
from diary.vault import Vault, default_folder


def add_diary_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--diary",
        metavar="DIR",
        type=Path,
        default=None,
        help="the diary's folder (default: your user data folder)",
    )


def diary_folder(args: argparse.Namespace) -> Path:
    return Path(args.diary) if args.diary else default_folder()


def read_secret(prompt: str) -> str:
    """One secret: a line of standard input when it is not a terminal, else a prompt without echo.

    Secrets never come from arguments or environment variables, which other users and programs
    can read.
    """
    if sys.stdin is None:
        raise InvalidInput(
            f"{prompt.rstrip(': ')} is needed, but there is no input to read it from."
        )
    if sys.stdin.isatty():
        value = getpass.getpass(prompt)
    else:
        line = sys.stdin.readline()
        if not line:
            raise InvalidInput(
                f"{prompt.rstrip(': ')} was expected on standard input (one line), but none came."
            )
        value = line.rstrip("\r\n")
    if not value:
        raise InvalidInput(f"{prompt.rstrip(': ')} cannot be empty.")
    return value


def read_new_passphrase(prompt: str = "New passphrase: ") -> str:
    """A new passphrase; typed twice at a terminal so a typo cannot lock the person out."""
    first = read_secret(prompt)
    if sys.stdin is not None and sys.stdin.isatty():
        again = read_secret("Type it again: ")
        if again != first:
            raise InvalidInput("The two passphrases were different. Nothing was changed.")
    return first


def open_vault(args: argparse.Namespace) -> Vault:
    folder = diary_folder(args)
    vault = Vault.open(folder, read_secret("Passphrase: "))
    for warning in vault.warnings:
        sys.stderr.write(f"diary: warning: {warning}\n")
    return vault
