"""case: the once-per-diary details (whose diary, the suspect, orders in force, police contacts)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from diary.domain.case import CaseDetails
from diary.domain.errors import InvalidInput
from diary.domain.incident import DIARY_AUTHORS, Author
from diary.domain.orders import (
    CONDITION_KINDS,
    ORDER_KINDS,
    Condition,
    Order,
    parse_expiry,
    parse_made,
)

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
    _register_orders(p)
    p.set_defaults(run=run_case)


def _register_orders(p: argparse.ArgumentParser) -> None:
    # argparse accepts any unique abbreviation of an option, and scripts may use them (--ad for
    # --advocate). Each option added here starts with a letter no older option starts with, so
    # every abbreviation that worked before still names the same option.
    orders = p.add_argument_group(
        "orders in force as data (the pack lists incidents after an order that may breach it)"
    )
    orders.add_argument(
        "--with-order",
        dest="with_order",
        choices=list(ORDER_KINDS),
        metavar="KIND",
        help="add an order of this kind: " + ", ".join(ORDER_KINDS),
    )
    orders.add_argument("--made", metavar="DATE", help="the day the order was made (2024-03-14)")
    orders.add_argument(
        "--expires",
        metavar="DATE",
        help="the day it ends; leave out, or say 'until further order', if it has no end date",
    )
    orders.add_argument("--given-by", dest="given_by", metavar="COURT", help="the court")
    orders.add_argument(
        "--forbid",
        action="append",
        default=[],
        metavar="CONDITION",
        help="one thing the order forbids (repeat for each): "
        + ", ".join(CONDITION_KINDS)
        + ". A place is named after '=', with other names your entries use for it after ';': "
        "--forbid 'place=my home; my front door'",
    )
    orders.add_argument("--terms", metavar="TEXT", help="anything else the order says")
    orders.add_argument(
        "--undo-order",
        dest="undo_order",
        type=int,
        metavar="N",
        help="remove order N (as numbered in 'diary case') from the case details",
    )


def _order_from(args: argparse.Namespace) -> Order | None:
    """The order the options describe; None when none is given. InvalidInput, before anything is
    changed, for details given without --with-order or that do not make an order."""
    details = [args.made, args.expires, args.given_by, args.terms]
    if args.with_order is None:
        if args.forbid or any(d is not None for d in details):
            raise InvalidInput(
                "--made, --expires, --given-by, --forbid and --terms describe an order: give "
                "--with-order KIND with them. Nothing was changed."
            )
        return None
    return Order(
        kind=args.with_order,
        made=parse_made(args.made) if args.made else None,
        court=(args.given_by or "").strip(),
        expires=parse_expiry(args.expires or ""),
        conditions=tuple(Condition.parse(text) for text in args.forbid),
        note=(args.terms or "").strip(),
    )


def _orders_after(case: CaseDetails, args: argparse.Namespace) -> tuple[Order, ...] | None:
    """The structured orders once --with-order and --undo-order are applied (None: unchanged)."""
    order = _order_from(args)
    orders = list(case.orders_in_force)
    if args.undo_order is not None:
        if not 1 <= args.undo_order <= len(orders):
            held = f"{len(orders)} kept as data" if orders else "none kept as data"
            raise InvalidInput(
                f"There is no order {args.undo_order}: of orders, the case details hold {held}. "
                "Nothing was changed."
            )
        del orders[args.undo_order - 1]
    if order is not None:
        orders.append(order)
    if order is None and args.undo_order is None:
        return None
    return tuple(orders)


def run_case(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {
        name: getattr(args, name) for name in _LABELS if getattr(args, name) is not None
    }
    if args.over_18 is not None:
        changes["over_18"] = args.over_18
    with open_vault(args) as vault:
        case = vault.case
        orders = _orders_after(case, args)
        if orders is not None:
            changes["orders_in_force"] = orders
        if changes:
            case = dataclasses.replace(case, **changes)  # type: ignore[arg-type]
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
    for number, order in enumerate(case.orders_in_force, 1):
        sys.stdout.write(f"Order {number}: {visible(order.description)}\n")
    keeper = "an advocate, for a client" if kept_by is Author.ADVOCATE else "the person"
    sys.stdout.write(f"Diary kept by: {keeper}\n")
    return 0
