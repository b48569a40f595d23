"""check: is the diary whole? Database pages, hash chain, current state and attachment hashes."""

from __future__ import annotations

import argparse
import sys

from diary.domain.errors import EXIT_DAMAGED

from .common import add_diary_option, open_vault


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check", help="check the database, the record of changes and every attachment"
    )
    add_diary_option(p)
    p.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    with open_vault(args, writes=False) as vault:
        report = vault.check()
    if report.ok:
        sys.stdout.write(
            f"The diary is intact: {report.incidents} incidents, {report.revisions} recorded "
            f"changes, {report.attachments} attachments, all hashes match.\n"
            f"Record of changes ends with {report.chain_head}\n"
        )
        return 0
    sys.stderr.write("diary: the diary is damaged:\n")
    for problem in report.problems:
        sys.stderr.write(f"  - {problem}\n")
    return EXIT_DAMAGED
