"""What every command shares: the --diary option, reading secrets, opening the vault."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from diary.domain.behaviours import BEHAVIOURS
from diary.domain.errors import DiaryError, InvalidInput
from diary.vault import Vault, default_folder
from diary.vault.storage.read_only import READ_ONLY_NOTE


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


def add_behaviour_filter(parser: argparse.ArgumentParser) -> None:
    """--behaviour KIND, repeatable: only incidents with any of the kinds given."""
    parser.add_argument(
        "--behaviour",
        action="append",
        metavar="KIND",
        choices=list(BEHAVIOURS),
        help="only incidents with this behaviour (repeat for more: any of them)",
    )


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
        raise InvalidInput(
            f"Nothing was typed at \u201c{prompt.rstrip(': ')}\u201d; type it and try again. "
            "Nothing was changed."
        )
    return value


def _number(text: str) -> int | None:
    try:
        number = int(text)
    except ValueError:
        return None
    return number if 1 <= number < 2**63 else None


def entry_number(text: str) -> int:
    """An entry's number on the command line (argparse type): a whole number from 1."""
    number = _number(text)
    if number is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an entry number (see 'diary list')")
    return number


def entry_numbers(text: str | None, flag: str = "--ids") -> tuple[int, ...]:
    """--ids 1,4,7: entry numbers separated by commas (none given: all entries)."""
    if not text:
        return ()
    parts = [part.strip() for part in text.split(",") if part.strip()]
    numbers = [_number(part) for part in parts]
    if not parts or None in numbers:
        raise InvalidInput(f"{flag} {text!r} should be entry numbers separated by commas.")
    return tuple(n for n in numbers if n is not None)


def read_new_passphrase(prompt: str = "New passphrase: ") -> str:
    """A new passphrase; typed twice at a terminal so a typo cannot lock the person out."""
    first = read_secret(prompt)
    if sys.stdin is not None and sys.stdin.isatty():
        again = read_secret("Type it again: ")
        if again != first:
            raise InvalidInput("The two passphrases were different. Nothing was changed.")
    return first


def open_vault(args: argparse.Namespace, *, writes: bool = True) -> Vault:
    """The diary, unlocked with a passphrase read as read_secret() does. A command that only
    reads (writes=False) also opens a diary whose folder cannot be written to (read-only
    media); any other command refuses that plainly, before anything is changed."""
    folder = diary_folder(args)
    vault = Vault.open(folder, read_secret("Passphrase: "), read_only_ok=True)
    if vault.read_only and writes:
        vault.close()
        raise DiaryError(
            f"The diary's folder ({folder}) cannot be written to (it is on read-only media, or "
            f"its permissions forbid it), so 'diary {args.command}' cannot change the diary. "
            "Nothing was changed. It can still be listed, shown, searched, checked, backed up "
            "and exported; to change it, copy the folder somewhere you can write to."
        )
    for warning in vault.warnings:
        kind = "note" if warning == READ_ONLY_NOTE else "warning"
        sys.stderr.write(f"diary: {kind}: {warning}\n")
    if not vault.recovery_key_confirmed and args.command not in _MAKE_A_RECOVERY_KEY:
        sys.stderr.write(f"diary: warning: {RECOVERY_KEY_UNSEEN}\n")
    return vault


# Commands that print a new recovery key anyway.
_MAKE_A_RECOVERY_KEY = frozenset({"passwd", "rotate-key", "new-recovery-key", "recover"})
RECOVERY_KEY_UNSEEN = (
    "The recovery key made when the diary's keys last changed was never shown, or not "
    "confirmed as written down (the change may have been interrupted). Your passphrase opens "
    "the diary as usual. Run 'diary new-recovery-key' to make a recovery key you can write down."
)
