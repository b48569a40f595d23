"""What is lost if nobody acts: footage that will be overwritten, calls from withheld numbers
that only communications data can trace, and online accounts and posts a platform can be asked
to preserve. Each with the entries it comes from, most urgent first.

Footage: CCTV, doorbell and dashcam systems commonly keep recordings from a few days to about a
month (DOMAIN.md). The pack states the retention it assumes (RETENTION_DAYS unless told) and
works out an overwrite-by date from each incident's date; it is an estimate to act on, not a
fact about any one system. "Today" is always given (the pack's date), never read from a clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .finds import Entry, Needing, handles, sentence_around, urls

RETENTION_DAYS = 30
NEAR_DAYS = 7

# Narrow on purpose: "doorbell" alone is mostly someone ringing it.
_FOOTAGE = [
    (Needing(r"\bCCTV\b", "cctv"), "CCTV"),
    (
        Needing(
            r"\b(?:video\s+doorbell|doorbell\s+(?:camera|cam|video|footage|recording))s?\b",
            "doorbell",
        ),
        "Doorbell camera",
    ),
    (Needing(r"\bdash[\s-]?cam(?:era)?s?\b", "dash"), "Dashcam"),
    (
        Needing(r"\b(?:security|surveillance)\s+cameras?\b|\bcamera\s+footage\b", "camera"),
        "Camera",
    ),
]
_NEGATED = re.compile(r"\b(?:no|not\s+any|without)\s+$", re.IGNORECASE)
_NOTHING = re.compile(r"^\s*(?:no|none|n/?a|not\s+known|don'?t\s+know)\b", re.IGNORECASE)
_WITHHELD = Needing(
    r"\b(?:withheld|private|hidden|blocked)\s+(?:phone\s+)?numbers?\b|\bnumber\s+withheld\b|"
    r"\bno\s+caller\s+id\b|\bcaller\s+id\s+(?:hidden|withheld)\b",
    "withheld",
    "private",
    "hidden",
    "blocked",
    "caller",
)


@dataclass(frozen=True)
class Footage:
    """A camera that may have recorded an incident."""

    kind: str  # "CCTV", "Doorbell camera", "Dashcam", "Camera"
    said: str  # the words it was found in
    number: int  # the entry
    recorded: date  # the incident's date
    overwrite_by: date

    def days_left(self, today: date) -> int:
        return (self.overwrite_by - today).days

    def flag(self, today: date) -> str:
        """'past' once the overwrite date has gone, 'near' within NEAR_DAYS of it, else ''."""
        left = self.days_left(today)
        return "past" if left < 0 else "near" if left <= NEAR_DAYS else ""


@dataclass(frozen=True)
class Lead:
    """A withheld-number call or an account or address to preserve, with its entries."""

    kind: str  # "withheld" or "account"
    what: str
    numbers: tuple[int, ...]
    last: date  # the latest day it was seen
    marks: tuple[str, ...] = ()  # exhibits that show it


@dataclass(frozen=True)
class ActNow:
    footage: tuple[Footage, ...]
    withheld: tuple[Lead, ...]
    accounts: tuple[Lead, ...]
    retention_days: int
    today: date

    def __bool__(self) -> bool:
        return bool(self.footage or self.withheld or self.accounts)

    def urgent_footage(self) -> list[Footage]:
        """Soonest to be overwritten first; those already past after, the latest first."""
        live = sorted(
            (f for f in self.footage if f.flag(self.today) != "past"),
            key=lambda f: (f.overwrite_by, f.number),
        )
        gone = sorted(
            (f for f in self.footage if f.flag(self.today) == "past"),
            key=lambda f: (-f.overwrite_by.toordinal(), f.number),
        )
        return live + gone


def footage(entry: Entry, retention_days: int) -> list[Footage]:
    """Each camera an entry mentions, once per kind, from its cctv field and its words."""
    found: dict[str, Footage] = {}
    keep = timedelta(days=retention_days)

    def add(kind: str, said: str) -> None:
        if kind not in found:
            found[kind] = Footage(kind, said, entry.number, entry.day, entry.day + keep)

    cctv = entry.content.cctv.strip()
    if cctv and not _NOTHING.match(cctv):
        kinds = [label for pattern, label in _FOOTAGE if pattern.search(cctv)]
        add(kinds[0] if kinds else "Camera", cctv)
    for text in entry.texts():
        for pattern, label in _FOOTAGE:
            for m in pattern.finditer(text):
                if not _NEGATED.search(text[: m.start()]):
                    add(label, sentence_around(text, m.start(), m.end()))
    return list(found.values())


def act_now(
    entries: Iterable[Entry],
    today: date,
    retention_days: int = RETENTION_DAYS,
    logged_withheld: list[Lead] | None = None,
) -> ActNow:
    """The act-now items of these entries, as of today. logged_withheld: withheld-number calls
    read from call logs kept in the diary (the messages log), one lead per day."""
    cameras = [f for entry in entries for f in footage(entry, retention_days)]
    withheld: list[Lead] = list(logged_withheld or ())
    accounts: dict[str, tuple[str, list[int], date, list[str]]] = {}

    def account(what: str, entry: Entry, mark: str = "") -> None:
        key = what.lower().rstrip("/")
        shown, numbers, last, marks = accounts.get(key, (what, [], entry.day, []))
        if entry.number not in numbers:
            numbers.append(entry.number)
        if mark and mark not in marks:
            marks.append(mark)
        accounts[key] = (shown, numbers, max(last, entry.day), marks)

    for entry in entries:
        said = [m for text in entry.texts() for m in _WITHHELD.finditer(text)]
        if said:
            text = next(t for t in entry.texts() if _WITHHELD.search(t))
            m = _WITHHELD.search(text)
            assert m is not None
            withheld.append(
                Lead(
                    "withheld",
                    sentence_around(text, m.start(), m.end()),
                    (entry.number,),
                    entry.day,
                )
            )
        for text in entry.texts():
            for found in handles(text) + urls(text):
                account(found, entry)
        for mark, source in entry.sources:
            if source.url:
                account(source.url, entry, mark)
            if source.profile:
                where = f" on {source.platform}" if source.platform else ""
                account(f"{source.profile}{where}", entry, mark)
    leads = [
        Lead("account", shown, tuple(sorted(ns)), last, tuple(marks))
        for shown, ns, last, marks in accounts.values()
    ]
    return ActNow(
        tuple(cameras),
        tuple(sorted(withheld, key=lambda lead: (-lead.last.toordinal(), lead.numbers))),
        tuple(sorted(leads, key=lambda lead: (-lead.last.toordinal(), lead.what.lower()))),
        retention_days,
        today,
    )
