"""Whose words an entry holds, and how its writer knows what it says.

The person's draft statement is their own first-hand account, in their own words (DOMAIN.md,
"The statement format"). Everything else a diary holds is someone's too, and says whose: an
advocate's notes are the advocate's, by name; what the person was told is hearsay, naming who
told them; what arrived in a share is its sender's. The window, `diary show` and the pack all
sort entries by these rules and use these words, so each says the same thing about an entry.
"""

from __future__ import annotations

from enum import StrEnum

from .incident import Author, Incident, IncidentContent


class Voice(StrEnum):
    """Where an entry's words belong in a pack."""

    OWN = "own"  # the person's own first-hand account: their statement
    TOLD = "told"  # the person's words about what someone told them: hearsay, never the statement
    ADVOCATE = "advocate"  # an advocate's words: theirs, by name
    RECEIVED = "received"  # a share's sender's words, not adopted


def voice_of(incident: Incident) -> Voice:
    if incident.is_received:
        return Voice.RECEIVED
    if incident.last_changed_by is Author.ADVOCATE:
        return Voice.ADVOCATE
    return Voice.TOLD if incident.content.hearsay else Voice.OWN


def advocate_name(content: IncidentContent, fallback: str = "") -> str:
    """The advocate who wrote it, by name: as recorded with the words, else fallback (the
    diary's advocate), else a plain admission that no name was recorded."""
    return content.written_by.strip() or fallback.strip() or "an advocate (name not recorded)"


def told_phrase(content: IncidentContent) -> str:
    """e.g. 'told by my sister Jo', or 'told by someone not named'."""
    who = " ".join(content.told_by.split())
    return f"told by {who}" if who else "told by someone not named"


def knowledge_text(content: IncidentContent) -> str:
    """How the writer knows it, in a short phrase for lists and the window."""
    if content.first_hand:
        return "Seen or heard first-hand"
    return f"Not seen or heard first-hand: {told_phrase(content)}"


def whose_words(incident: Incident, diary_advocate: str = "") -> str:
    """e.g. 'Your own words', 'Written by Sam Helper (advocate)', 'Received from Jo'."""
    voice = voice_of(incident)
    if voice is Voice.RECEIVED:
        return f"Received from {incident.received_from or 'someone unnamed'}"
    if voice is Voice.ADVOCATE:
        return f"Written by {advocate_name(incident.content, diary_advocate)} (advocate)"
    return "Written by the person it happened to"
