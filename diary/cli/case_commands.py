"""case: the once-per-diary details (whose diary, the suspect, orders in force, police contacts)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from diary.domain.case import CaseDetails
from diary.domain.incident import DIARY_AUTHORS, Author

from .common import add_diary_option, open_vault
from .text_view import visible

_LABELS = {
    "name": "Name (as on the statement)",
    "initials": "Initials (for exhibit marks)",
    "age": "Age, if under 18",
    "occupation": "Occupation",
    "suspect_names": "Suspect's names and aliases",
    "suspect_details": "Suspect's addresses, numbers, handles, vehicles",
    "relationship": "Relationship to the suspect",
    "orders": "Orders in force (restraining, non-molestation, SPO, bail)",
    "police_force": "Police force",
    "officer": "Officer in the case and collar number",
    "crime_refs": "Crime and incident references",
    "advocate": "Advocate (ISAC/IDVA) and service",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "case", help="show or change the case details: you, the suspect, orders, police contacts"
    )
    add_diary_option(p)
    for name, label in _LABELS.items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="TEXT", help=label)
    over = p.add_mutually_exclusive_group()
    over.add_argument(
        "--over-18",
        dest="over_18",
        action="store_true",
        default=None,
        help="you are over 18 (the statement then says 'Over 18' when no age is given)",
    )
    over.add_argument("--not-over-18", dest="over_18", action="store_false", help="undo --over-18")
    p.add_argument(
        "--kept-by",
        choices=[a.value for a in DIARY_AUTHORS],
        help="who writes in this diary by default: the victim, or an advocate keeping it for "
        "a client (then new entries and changes are the advocate's, named by --advocate)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run_case)


def run_case(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {
        name: getattr(args, name) for name in _LABELS if getattr(args, name) is not None
    }
    if args.over_18 is not None:
        changes["over_18"] = args.over_18
    with open_vault(args) as vault:
        case = vault.case
        if changes:
            case = CaseDetails(**{**case.to_dict(), **changes})
            vault.set_case(case)
        if args.kept_by is not None:
            vault.set_kept_by(Author(args.kept_by))
        kept_by = vault.kept_by
    if args.json:
        record = {**case.to_dict(), "kept_by": kept_by.value}
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for field in dataclasses.fields(case):
        value = getattr(case, field.name)
        if field.name in _LABELS:
            sys.stdout.write(f"{_LABELS[field.name]}: {visible(value) if value else '-'}\n")
    sys.stdout.write(f"Over 18 (as you said): {'yes' if case.over_18 else 'not said'}\n")
    keeper = "an advocate, for a client" if kept_by is Author.ADVOCATE else "the person"
    sys.stdout.write(f"Diary kept by: {keeper}\n")
    return 0
