"""Once-per-diary case details: whose diary it is, the suspect, orders and police contacts."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from .errors import InvalidInput
from .incident import check_text

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
    age: str = ""  # "" means over 18
    occupation: str = ""
    suspect_names: str = ""  # names and aliases
    suspect_details: str = ""  # addresses, numbers, handles, vehicles
    relationship: str = ""
    orders: str = ""  # restraining, non-molestation, SPO, bail conditions
    police_force: str = ""
    officer: str = ""
    crime_refs: str = ""
    advocate: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            check_text(getattr(self, f.name), f.name)
        if not self.name.strip():
            raise InvalidInput("Give the name that should appear on the statement.")
        object.__setattr__(self, "initials", check_initials(self.initials))

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseDetails:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})
