"""case: the once-per-diary details (whose diary, the suspect, orders in force, police contacts)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from diary.domain.case import CaseDetails

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
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=run_case)


def run_case(args: argparse.Namespace) -> int:
    changes = {name: getattr(args, name) for name in _LABELS if getattr(args, name) is not None}
    with open_vault(args) as vault:
        case = vault.case
        if changes:
            case = CaseDetails(**{**case.to_dict(), **changes})
            vault.set_case(case)
    if args.json:
        json.dump(case.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for field in dataclasses.fields(case):
        value = getattr(case, field.name)
        sys.stdout.write(f"{_LABELS[field.name]}: {visible(value) if value else '-'}\n")
    return 0
