"""Schedules for the officer, drawn from the entries: who saw or heard what, the suspect's
identifiers with the entries that show each, and the S-DASH stalking screening questions with the
entries that bear on each.

The S-DASH list is material for the officer's own risk assessment. Nothing here answers a
question or scores anything: an entry is listed because what it records (a behaviour ticked, a
fear said, a word used) bears on the question, and the officer reads it and decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .case import CaseDetails
from .finds import Entry, Needing, handles, phone_key, phones, plates, urls

# The questions as DOMAIN.md gives them (S-DASH, 2009).
SDASH_QUESTIONS: tuple[str, ...] = (
    "Is the victim very frightened?",
    "Previous harassment (of this or other victims)?",
    "Destroyed or vandalised the victim's property?",
    "Visits the victim at work, home etc. more than three times a week?",
    "Loitered around home, workplace?",
    "Threats of physical or sexual violence in the current harassment?",
    "Harassed any third party since it began?",
    "Acted out violently towards people in the current incident?",
    "Persuaded other people to help (wittingly or unwittingly)?",
    "Abusing drugs and/or alcohol?",
    "Known to have been violent in the past?",
)

_VISITS = {"turning-up", "loitering"}
_WORDS: dict[int, Needing] = {
    2: Needing(
        r"\b(?:previous|ex-?partner|before we met|other (?:victims?|women|men))\b",
        "previous",
        "partner",
        "before we met",
        "other ",
    ),
    10: Needing(
        r"\b(?:drunk|alcohol|drinking|drugs?|cannabis|cocaine|high on)\b",
        "drunk",
        "alcohol",
        "drinking",
        "drug",
        "cannabis",
        "cocaine",
        "high on",
    ),
    11: Needing(
        r"\b(?:was violent|been violent|hit me|hurt me before|assaulted|convicted|prison)\b",
        "was violent",
        "been violent",
        "hit me",
        "hurt me before",
        "assaulted",
        "convicted",
        "prison",
    ),
}


@dataclass(frozen=True)
class ScheduledWitness:
    name: str
    number: int  # the entry
    saw: str  # what they saw or heard ('' when not recorded)
    first_hand: bool | None  # None: the entry does not say
    contact: str  # '' unless the person chose to include it


def witnesses(entries: Iterable[Entry]) -> list[ScheduledWitness]:
    """Every witness an entry names, in entry order: those recorded one by one with what they saw,
    and the free-text names of older entries as written."""
    found = []
    for entry in entries:
        c = entry.content
        for w in c.witness_details:
            contact = w.contact if w.contact_in_pack else ""
            found.append(ScheduledWitness(w.name, entry.number, w.saw, w.first_hand, contact))
        for name in c.witnesses:
            if name.strip():
                found.append(ScheduledWitness(name.strip(), entry.number, "", None, ""))
    return found


@dataclass(frozen=True)
class Identifier:
    kind: str  # "Phone number", "Vehicle registration", "Account or handle", "Web address"
    value: str
    in_case_details: bool
    numbers: tuple[int, ...]  # entries that show it


_KINDS = (
    ("Phone number", phones, phone_key),
    ("Vehicle registration", plates, lambda v: v.replace(" ", "")),
    ("Account or handle", handles, str.lower),
    ("Web address", urls, lambda v: v.lower().rstrip("/")),
)


def identifiers(case: CaseDetails, entries: Iterable[Entry]) -> list[Identifier]:
    """The phone numbers, registrations, handles and web addresses in the case details' account
    of the suspect and in the entries, each with the entries that show it; those the case details
    give first."""
    given = "\n".join([case.suspect_names, case.suspect_details])
    found: dict[tuple[str, str], tuple[str, bool, list[int]]] = {}
    for kind, find, key in _KINDS:
        for value in find(given):
            found.setdefault((kind, key(value)), (value, True, []))
    for entry in entries:
        texts = entry.texts() + [s.url for _, s in entry.sources]
        for kind, find, key in _KINDS:
            for value in (v for text in texts for v in find(text)):
                _shown, _given_there, numbers = found.setdefault(
                    (kind, key(value)), (value, False, [])
                )
                if entry.number not in numbers:
                    numbers.append(entry.number)
    order = {kind: i for i, (kind, _, _) in enumerate(_KINDS)}
    rows = [
        Identifier(kind, shown, in_case, tuple(numbers))
        for (kind, _), (shown, in_case, numbers) in found.items()
    ]
    return sorted(rows, key=lambda r: (not r.in_case_details, order[r.kind], r.value.lower()))


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    numbers: tuple[int, ...]  # entries that bear on it
    why: str  # what those entries record, in a few words ('' when none)


def _with(entries: Iterable[Entry], test: object) -> tuple[int, ...]:
    return tuple(e.number for e in entries if test(e))  # type: ignore[operator]


def _said(entry: Entry, pattern: Needing) -> bool:
    return any(pattern.search(text) for text in [*entry.texts(), entry.content.fear])


def sdash(entries: Iterable[Entry]) -> list[Question]:
    """The eleven questions, each with the entries that bear on it and why."""
    entries = list(entries)  # read a dozen times below: each made once, not once a pass

    def ticked(*kinds: str) -> tuple[int, ...]:
        return _with(entries, lambda e: set(kinds) & set(e.content.behaviours))

    weeks = Counter(e.day.isocalendar()[:2] for e in entries if _VISITS & set(e.content.behaviours))
    busy = {week for week, count in weeks.items() if count > 3}
    most = max(weeks.values(), default=0)
    answers: list[tuple[tuple[int, ...], str]] = [
        (
            _with(entries, lambda e: e.content.feared_violence or bool(e.content.fear.strip())),
            "fear of violence recorded",
        ),
        (_with(entries, lambda e: _said(e, _WORDS[2])), "words about earlier harassment"),
        (ticked("property"), "interfering with property"),
        (
            _with(
                entries,
                lambda e: e.day.isocalendar()[:2] in busy and _VISITS & set(e.content.behaviours),
            ),
            "more than three visits in one week"
            if busy
            else f"no week has more than three (the most in one week: {most})",
        ),
        (ticked("loitering", "watching", "turning-up"), "turning up, waiting nearby or watching"),
        (ticked("threats"), "threats"),
        (ticked("proxy"), "contacting family, friends or work"),
        (ticked("assault"), "physical or sexual assault"),
        (
            _with(
                entries,
                lambda e: e.content.channel == "via-someone" or "proxy" in e.content.behaviours,
            ),
            "contact through other people",
        ),
        (_with(entries, lambda e: _said(e, _WORDS[10])), "words about drink or drugs"),
        (
            _with(entries, lambda e: "assault" in e.content.behaviours or _said(e, _WORDS[11])),
            "assault, or words about violence",
        ),
    ]
    return [
        Question(i, text, numbers, why if numbers or i == 4 else "")
        for i, (text, (numbers, why)) in enumerate(zip(SDASH_QUESTIONS, answers, strict=True), 1)
    ]
