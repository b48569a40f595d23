"""The kinds of behaviour, channels and day-to-day effects an entry can record.

Behaviours follow s.2A(3) of the Protection from Harassment Act 1997 (not an exhaustive list)
plus the sub-kinds police and advocates commonly record. Names are stable identifiers used on
the command line and in JSON; descriptions are what a person reads.
"""

from __future__ import annotations

from .errors import InvalidInput

BEHAVIOURS: dict[str, str] = {
    "following": "Following you, on foot or in a vehicle",
    "contact": "Contacting you or trying to, by any means",
    "repeated-calls": "Repeated calls, messages or emails",
    "turning-up": "Turning up uninvited at your home, work or elsewhere",
    "loitering": "Waiting or hanging around somewhere you go",
    "watching": "Watching or spying on you",
    "monitoring": "Monitoring your phone, internet, email or accounts",
    "tracking": "Tracking devices, spyware or location sharing",
    "publishing": "Posting or publishing material about you, or pretending to be you",
    "fake-profiles": "Fake profiles or impersonation",
    "gifts": "Gifts or items left for you",
    "property": "Interfering with or damaging your property",
    "threats": "Threats, to you or to others",
    "proxy": "Contacting your family, friends, employer or others about you",
    "breach": "Breaking a court order or bail conditions",
    "assault": "Physical or sexual assault",
    "counter-allegations": "False reports or counter-allegations about you",
    "other": "Something else",
}

# Short names, whole in themselves, for narrow places: the timeline's column, the pack's
# chronology and its counts on the pattern page. The descriptions above are what a person ticks.
SHORT_BEHAVIOURS: dict[str, str] = {
    "following": "Following",
    "contact": "Contact or attempted contact",
    "repeated-calls": "Repeated calls or messages",
    "turning-up": "Turning up uninvited",
    "loitering": "Waiting or loitering nearby",
    "watching": "Watching or spying",
    "monitoring": "Monitoring phone or accounts",
    "tracking": "Tracking or spyware",
    "publishing": "Posting or publishing material",
    "fake-profiles": "Fake profiles or impersonation",
    "gifts": "Gifts or items left",
    "property": "Interfering with property",
    "threats": "Threats",
    "proxy": "Contacting family, friends or work",
    "breach": "Breach of an order or bail",
    "assault": "Physical or sexual assault",
    "counter-allegations": "False reports or counter-allegations",
    "other": "Something else",
}


def short_behaviour(kind: str) -> str:
    """A behaviour's short name (an unknown kind, from a newer diary, as it is)."""
    return SHORT_BEHAVIOURS.get(kind) or BEHAVIOURS.get(kind, kind)


CHANNELS: dict[str, str] = {
    "in-person": "In person",
    "call": "Phone call",
    "text": "Text message",
    "app": "Messaging app",
    "email": "Email",
    "social-media": "Social media",
    "letter": "Letter or note",
    "via-someone": "Through someone else",
    "other": "Other",
}

EFFECTS: dict[str, str] = {
    "route": "Changed my route or routine",
    "stayed-in": "Stayed in or avoided places",
    "work-school": "Missed work or school",
    "accounts": "Changed my number, email or accounts",
    "security": "Added security (locks, cameras, alarms)",
    "sleep": "Lost sleep",
    "health": "Affected my health",
    "cost": "Cost me money",
    "relationships": "Affected family, friends or relationships",
}

REPORTED: dict[str, str] = {
    "no": "Not reported",
    "999": "Called 999",
    "101": "Called 101",
    "online": "Reported online",
    "in-person": "Reported at a police station or to an officer",
    "other": "Reported another way",
}


def check_kinds(values: list[str], allowed: dict[str, str], what: str) -> list[str]:
    """Return values without duplicates, in order; raise InvalidInput naming any unknown kind."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput(f"Unknown {what} {unknown[0]!r}. Choose one of: {', '.join(allowed)}.")
    return list(dict.fromkeys(values))


def check_kind(value: str | None, allowed: dict[str, str], what: str) -> str | None:
    """Return value if it is one of allowed (or None); otherwise raise InvalidInput."""
    if value is None or value == "":
        return None
    return check_kinds([value], allowed, what)[0]
