"""Orders in force (a non-molestation order, a restraining order, bail conditions...) as data:
each order's kind, court, date made, expiry, and the behaviours or places it forbids.

Breaching one of these orders is an offence in itself, so the pack lists the incidents after an
order that match one of its conditions, as *possible* breaches for the officer to assess: a
match is a pointer to an entry, never a finding. Older diaries kept orders as free text; that
text stays, read as an order of kind "other" with no conditions, so nothing is matched against it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .behaviours import CHANNELS, short_behaviour
from .errors import InvalidInput
from .incident import IncidentContent, check_text

ORDER_KINDS: dict[str, str] = {
    "non-molestation": "Non-molestation order",
    "restraining": "Restraining order",
    "stalking-protection": "Stalking protection order",
    "bail": "Bail conditions",
    "injunction": "Injunction",
    "other": "Other order",
}


@dataclass(frozen=True)
class ConditionKind:
    """One kind of thing an order can forbid, and what in an entry may bear on it: any of these
    behaviours, or any of these channels (how it happened)."""

    label: str  # how the pack and the window name it: "No contact by any means"
    behaviours: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()


_REMOTE = frozenset({"call", "text", "app", "email", "social-media", "letter"})
CONDITION_KINDS: dict[str, ConditionKind] = {
    "contact": ConditionKind(
        "No contact by any means",
        frozenset({"contact", "repeated-calls"}),
        _REMOTE,
    ),
    "approaching": ConditionKind(
        "Not to approach or come near",
        frozenset({"turning-up", "loitering", "following", "watching", "assault"}),
        frozenset({"in-person"}),
    ),
    "turning-up": ConditionKind(
        "Not to turn up where the person is", frozenset({"turning-up", "loitering"})
    ),
    "following": ConditionKind("Not to follow", frozenset({"following"})),
    "online-contact": ConditionKind(
        "No contact online or by phone",
        frozenset({"publishing", "fake-profiles", "monitoring"}),
        _REMOTE,
    ),
    "third-party": ConditionKind(
        "No contact through other people", frozenset({"proxy"}), frozenset({"via-someone"})
    ),
    "threats": ConditionKind("No threats", frozenset({"threats"})),
    "property": ConditionKind("Not to damage or interfere with property", frozenset({"property"})),
    "publishing": ConditionKind(
        "Not to post about the person", frozenset({"publishing", "fake-profiles"})
    ),
    "place": ConditionKind("Not to go to a named place"),
}

# What a person types for an order that has no end date.
UNTIL_FURTHER_ORDER = "until further order"


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"The {what} {text!r} is not a date; write it as year-month-day, e.g. 2024-03-14."
        ) from None


@dataclass(frozen=True)
class Condition:
    """One thing an order forbids: a kind from CONDITION_KINDS; for "place", the place as the
    order names it, with any other names the entries use for it separated by ';' ("my home;
    my front door")."""

    kind: str
    place: str = ""

    def __post_init__(self) -> None:
        if self.kind not in CONDITION_KINDS:
            raise InvalidInput(
                f"Unknown condition {self.kind!r}. Choose one of: {', '.join(CONDITION_KINDS)}."
            )
        check_text(self.place, "place")
        if self.kind == "place" and not self.place_names:
            raise InvalidInput("Name the place the order forbids, e.g. place=my home.")

    @property
    def place_names(self) -> list[str]:
        return [n.strip() for n in self.place.split(";") if n.strip()]

    @property
    def label(self) -> str:
        if self.kind == "place":
            return f"Not to go to {self.place_names[0]}"
        return CONDITION_KINDS[self.kind].label

    @classmethod
    def parse(cls, text: str) -> Condition:
        """'contact', 'following' or 'place=my home; my front door' (as typed after --forbid)."""
        kind, _, place = text.partition("=")
        return cls(kind.strip().lower(), place.strip())

    def matched(self, content: IncidentContent) -> str:
        """What in the entry bears on this condition ('' when nothing does)."""
        if self.kind == "place":
            for name in self.place_names:
                pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
                if pattern.search(content.location):
                    return f"the place: {content.location}"
                if pattern.search(content.text):
                    return f"'{name}' named in what happened"
            return ""
        rule = CONDITION_KINDS[self.kind]
        found = [short_behaviour(b) for b in content.behaviours if b in rule.behaviours]
        if content.channel in rule.channels:
            found.append(CHANNELS[content.channel].lower())
        return ", ".join(found)


@dataclass(frozen=True)
class Order:
    """An order in force. expires None: until further order."""

    kind: str
    made: date | None = None
    court: str = ""
    expires: date | None = None
    conditions: tuple[Condition, ...] = ()
    note: str = ""  # anything else the order says, or an older diary's free text

    def __post_init__(self) -> None:
        if self.kind not in ORDER_KINDS:
            raise InvalidInput(
                f"Unknown kind of order {self.kind!r}. Choose one of: {', '.join(ORDER_KINDS)}."
            )
        check_text(self.court, "court")
        check_text(self.note, "order's note")
        if self.conditions and self.made is None:
            raise InvalidInput(
                "Give the date the order was made, so that incidents after it can be listed."
            )
        if self.made and self.expires and self.expires < self.made:
            raise InvalidInput("The order's expiry is before the date it was made.")

    @property
    def title(self) -> str:
        """'Non-molestation order, made 14 March 2024 at Example Family Court, until further
        order'."""
        parts = [ORDER_KINDS[self.kind]]
        if self.made:
            parts.append(f"made {_long(self.made)}" + (f" at {self.court}" if self.court else ""))
        elif self.court:
            parts.append(self.court)
        if self.made or self.expires:
            parts.append(f"until {_long(self.expires)}" if self.expires else UNTIL_FURTHER_ORDER)
        return ", ".join(parts)

    @property
    def description(self) -> str:
        """The order in one line: its title, what it forbids and its note."""
        text = self.title
        if self.conditions:
            text += ". Forbids: " + "; ".join(c.label for c in self.conditions)
        if self.note:
            text += f". {self.note}"
        return text

    def in_force_on(self, day: date) -> bool:
        """Whether day is after the order was made and not after its expiry."""
        if self.made is None or day <= self.made:
            return False
        return self.expires is None or day <= self.expires

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "court": self.court,
            "made": self.made.isoformat() if self.made else None,
            "expires": self.expires.isoformat() if self.expires else None,
            "conditions": [{"kind": c.kind, "place": c.place} for c in self.conditions],
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Order:
        return cls(
            kind=str(data.get("kind") or "other"),
            court=str(data.get("court") or ""),
            made=_day(data["made"], "date made") if data.get("made") else None,
            expires=_day(data["expires"], "expiry") if data.get("expires") else None,
            conditions=tuple(
                Condition(str(c.get("kind", "")), str(c.get("place") or ""))
                for c in data.get("conditions") or ()
            ),
            note=str(data.get("note") or ""),
        )


def parse_made(text: str) -> date:
    return _day(text, "date made")


def parse_expiry(text: str) -> date | None:
    """A date, or None for 'until further order' (or nothing)."""
    if text.strip().lower() in ("", UNTIL_FURTHER_ORDER, "none"):
        return None
    return _day(text, "expiry")


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class PossibleBreach:
    """An entry after an order that matches one of its conditions: for the officer to assess."""

    order: Order
    number: int  # the entry's number in the diary
    day: date
    matched: tuple[str, ...]  # "No contact by any means: text message", one per condition

    @property
    def what(self) -> str:
        return "; ".join(self.matched)


def possible_breaches(
    orders: tuple[Order, ...], entries: Iterable[tuple[int, IncidentContent]]
) -> list[PossibleBreach]:
    """For each order, in turn, the entries (number, content) on a day it was in force that
    match any of its conditions, or that the person tagged as a breach."""
    found: list[PossibleBreach] = []
    for order in orders:
        if not order.conditions:
            continue
        for number, content in entries:
            day = content.occurred.local.date()
            if not order.in_force_on(day):
                continue
            matched = [f"{c.label}: {hit}" for c in order.conditions if (hit := c.matched(content))]
            if "breach" in content.behaviours:
                matched.append("tagged by the person as a breach")
            if matched:
                found.append(PossibleBreach(order, number, day, tuple(matched)))
    return found
