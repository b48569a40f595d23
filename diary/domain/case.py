"""Once-per-diary case details: whose diary it is, the suspect, orders and police contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from .errors import InvalidInput
from .incident import check_text
from .orders import Order

_INITIALS = re.compile(r"^[A-Z]{1,4}$")


def check_initials(initials: str) -> str:
    """Exhibit marks use the producer's initials: one to four letters A-Z, upper-cased."""
    value = initials.strip().upper()
    if not _INITIALS.match(value):
        raise InvalidInput(
            "Initials must be one to four letters A to Z (they mark exhibits, e.g. JS/1)."
        )
    return value


@dataclass(frozen=True)
class CaseDetails:
    name: str
    initials: str
    age: str = ""  # as the person gave it; the MG11 asks for it only under 18
    occupation: str = ""
    suspect_names: str = ""  # names and aliases
    suspect_details: str = ""  # addresses, numbers, handles, vehicles
    relationship: str = ""
    # Orders in force as free text, as older diaries kept them (and anything not said below).
    orders: str = ""
    police_force: str = ""
    officer: str = ""
    crime_refs: str = ""
    advocate: str = ""
    # The person said they are over 18 (the MG11's "Over 18"). Never assumed: with neither this
    # nor an age, the statement leaves the line blank for the officer to fill in.
    over_18: bool = False
    # Orders in force as data: kind, court, dates and the conditions (orders.py).
    orders_in_force: tuple[Order, ...] = ()

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                check_text(value, f.name)
        if not self.name.strip():
            raise InvalidInput("Give the name that should appear on the statement.")
        object.__setattr__(self, "initials", check_initials(self.initials))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["orders_in_force"] = [o.to_dict() for o in self.orders_in_force]
        return data

    @property
    def all_orders(self) -> tuple[Order, ...]:
        """Every order: those kept as data, then the free text of an older diary as an order
        of kind "other" (with no conditions, so nothing is matched against it)."""
        legacy = (Order("other", note=self.orders.strip()),) if self.orders.strip() else ()
        return self.orders_in_force + legacy

    @property
    def orders_text(self) -> str:
        """The orders in words, one a line, for the cover and the statement."""
        lines = [o.description for o in self.orders_in_force]
        return "\n".join(lines + ([self.orders.strip()] if self.orders.strip() else []))

    @property
    def age_line(self) -> str:
        """What the statement's "Age if under 18" line says: the age given, "Over 18" when the
        person said so, else nothing (a blank for the officer)."""
        return self.age.strip() or ("Over 18" if self.over_18 else "")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseDetails:
        known = {f.name for f in fields(cls)} - {"over_18", "orders_in_force"}
        values: dict[str, Any] = {k: str(v) for k, v in data.items() if k in known}
        values["over_18"] = data.get("over_18") is True
        values["orders_in_force"] = tuple(
            Order.from_dict(o) for o in data.get("orders_in_force") or () if isinstance(o, dict)
        )
        return cls(**values)
