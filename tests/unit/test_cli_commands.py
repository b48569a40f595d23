"""The command line builds only the named command's part of the parser: each command must be
found there exactly as the whole parser has it, or a person typing it would be told it does not
exist (or be given another's options)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from diary.cli import COMMAND_MODULES, COMMANDS, _Parser, build_parser


def _registered(module: str) -> set[str]:
    sub = _Parser(prog="diary").add_subparsers(dest="command")
    importlib.import_module(module).register(sub)
    return set(sub.choices)


def test_every_command_is_named_with_the_module_that_registers_it() -> None:
    for index, module in enumerate(COMMAND_MODULES):
        assert _registered(module) == {name for name, i in COMMANDS.items() if i == index}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_alone_has_the_options_it_has_in_the_whole_parser(command: str) -> None:
    def options(parser: object) -> list[str]:
        sub = parser._subparsers._group_actions[0].choices[command]  # type: ignore[attr-defined]
        return [o for action in sub._actions for o in action.option_strings or [action.dest]]

    assert options(build_parser(command)) == options(build_parser())


def test_list_does_not_load_the_message_readers_or_the_pack() -> None:
    """What `diary list` loads before it derives the key from the passphrase (measured by
    benchmarks/scale.py): neither the message readers nor the pack's parts."""
    code = (
        "import sys; from diary.cli import build_parser; build_parser('list'); "
        "print(sorted(m for m in sys.modules if m.startswith(('diary.domain.messages.proposals',"
        " 'diary.vault.messages.message_log', 'reportlab', 'diary.export'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unknown_command_is_told_with_every_command_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from diary.cli import main

    with pytest.raises(SystemExit):
        main(["lsit"])
    said = capsys.readouterr().err
    assert "invalid choice: 'lsit'" in said
    assert "'import-messages'" in said and "'list'" in said
