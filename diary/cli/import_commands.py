"""import-csv: bring in a diary kept in a spreadsheet, previewed first, all rows or none."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diary.domain.csv_import import FIELDS, CsvPlan, open_checked, plan_file
from diary.domain.errors import EXIT_USAGE, InvalidInput
from diary.domain.incident import DIARY_AUTHORS, Author
from diary.domain.times import system_zone, utc_now, zone_named
from diary.vault.entries.transcription import save_new_transcribed

from .common import add_diary_option, open_vault
from .text_view import visible, when_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import-csv",
        help="import a diary kept in a spreadsheet (CSV); try --dry-run first",
        description="Columns are matched by their headings. Fields: "
        + "; ".join(f"{name} = {meaning}" for name, (meaning, _) in FIELDS.items()),
    )
    add_diary_option(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="say which field a column holds, e.g. --map 'Notes=text' (repeat)",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be imported; save none")
    p.add_argument("--tz", metavar="ZONE", help="time zone of the dates (default: this computer's)")
    p.add_argument(
        "--author", choices=[a.value for a in DIARY_AUTHORS], default=Author.VICTIM.value
    )
    p.set_defaults(run=run_import_csv)


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, field_name = pair.rpartition("=")
        if not sep or not column.strip():
            raise InvalidInput(f"--map {pair!r} should look like COLUMN=FIELD, e.g. Notes=text.")
        mapping[column] = field_name.strip()
    return mapping


def _show_plan(result: CsvPlan, verb: str) -> None:
    out = sys.stdout
    out.write(f"Read as {result.encoding}. Columns:\n")
    for heading, field_name in result.columns.items():
        out.write(f"  {visible(heading)!s:<24} -> {field_name}\n")
    for heading in result.unmapped:
        out.write(
            f"  {visible(heading)!s:<24} -> kept in the text ('Also in the earlier record')\n"
        )
    out.write(f"{len(result.entries)} entries {verb}:\n")
    for line, content in result.entries:
        # Only the start of each text is shown, so only the start is made visible: an entry
        # may be millions of characters, and a file fifty thousand entries.
        summary = " ".join(visible(content.text[:240]).split())
        summary = summary if len(summary) <= 60 else summary[:59] + "…"
        place = " ".join(visible(content.location[:96]).split())[:24]
        out.write(f"  line {line:>4}  {when_text(content.occurred):<28}  {place:<24}  {summary}\n")


def run_import_csv(args: argparse.Namespace) -> int:
    zone = args.tz or system_zone()
    zone_named(zone)
    mapping = _mapping(args.map)
    # Its size is checked before a byte is read; then it is read a row at a time.
    with open_checked(Path(args.file)) as csv_file:
        result = plan_file(csv_file, mapping, zone, utc_now().date(), Path(args.file).name)
    if result.problems:
        sys.stderr.write(
            f"diary: {len(result.problems)} row(s) cannot be imported, so nothing was imported:\n"
        )
        for problem in result.problems:
            sys.stderr.write(f"  - {visible(problem)}\n")
        return EXIT_USAGE
    if args.dry_run:
        _show_plan(result, "would be imported (nothing was saved)")
        return 0
    with open_vault(args) as vault:
        done = save_new_transcribed(vault, [c for _, c in result.entries], Author(args.author))
    if done.added:
        _show_plan(result, f"read; imported as incidents {done.added[0]} to {done.added[-1]}")
    if done.already_here:
        sys.stderr.write(
            f"{done.already_here} of the {len(result.entries)} entries were already in the diary "
            "(the same time and the same words; the file was imported before) and were not "
            "added again.\n"
        )
    return 0
