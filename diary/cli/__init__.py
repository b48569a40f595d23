"""The `diary` command line: the same operations as the window, for advocates, officers and scripts.

Each command group lives in its own module with a `register(subparsers)` function; the parser is
built from COMMAND_MODULES. A command named first on the line builds only its own module's part
(COMMANDS says which): `diary list` does not load the message readers, the pack or the backups,
so it starts sooner and holds less while the passphrase is derived. Exit codes are in
diary.domain.errors and documented in docs/cli.md.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from diary import __version__
from diary.domain.errors import EXIT_FAILURE, EXIT_USAGE, DiaryError
from diary.vault.storage.database import as_diary_error

COMMAND_MODULES = (
    "diary.cli.keys_commands",
    "diary.cli.entry_commands",
    "diary.cli.delete_commands",
    "diary.cli.check_commands",
    "diary.cli.case_commands",
    "diary.cli.export_commands",
    "diary.cli.backup_commands",
    "diary.cli.import_commands",
    "diary.cli.message_commands",
    "diary.cli.share_commands",
    "diary.cli.received_commands",
)
# Each command, by the module that registers it (a test holds this to what each registers).
COMMANDS = {
    **dict.fromkeys(("init", "new-recovery-key", "passwd", "recover", "rotate-key"), 0),
    **dict.fromkeys(("add", "attach", "behaviours", "edit", "list", "search", "show"), 1),
    **dict.fromkeys(("delete", "remove-file", "restore-entry"), 2),
    "check": 3,
    "case": 4,
    **dict.fromkeys(("demo", "export", "verify"), 5),
    **dict.fromkeys(("backup", "restore"), 6),
    "import-csv": 7,
    "import-messages": 8,
    **dict.fromkeys(("import-share", "share"), 9),
    **dict.fromkeys(("accept", "adopt", "decline", "proposals"), 10),
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one plain line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"diary: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or, for a known command, the part its module registers."""
    parser = _Parser(
        prog="diary",
        description="An encrypted diary of stalking and harassment incidents, "
        "and evidence packs for police. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"diary {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    index = COMMANDS.get(command or "")
    for name in COMMAND_MODULES if index is None else COMMAND_MODULES[index : index + 1]:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(words)
    try:
        result = args.run(args)
    except DiaryError as exc:
        sys.stderr.write(f"diary: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("diary: stopped; nothing more was changed.\n")
        return EXIT_FAILURE
    except MemoryError:
        sys.stderr.write("diary: the computer ran out of memory; nothing more was changed.\n")
        return EXIT_FAILURE
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        sys.stderr.write(f"diary: {exc.strerror or exc}{where}\n")
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - a person never sees a traceback
        plain = as_diary_error(exc)
        if plain is not None:
            sys.stderr.write(f"diary: {plain.message}\n")
            return plain.exit_code
        sys.stderr.write(
            f"diary: something went wrong ({type(exc).__name__}); nothing more was changed.\n"
        )
        return EXIT_FAILURE
    return int(result or 0)
