"""Sentences from what a person typed in a field, for a statement that reads as an account.

People write in a diary's fields the way they would answer a question: "Tired and on edge.",
"Called 101", "That Chris would hurt me". Read out after a label ("How I felt: Tired and on
edge.") it sounds like a form. Each field here has a few plain words of the app's that make the
answer a sentence ("I felt tired and on edge."), and an answer that is a sentence already ("I
couldn't stop shaking.") is left exactly as written. The person's words are never changed,
except that a first word such as "Tired" or "That" loses its capital inside a sentence; names
keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diary.domain.behaviours import EFFECTS
from diary.domain.incident import IncidentContent


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First words that begin a sentence of its own: the answer is kept as it is.
_SUBJECTS = _words(
    "i i'm i've i'd i'll i’m i’ve i’d i’ll he he's he’s she she's she’s they they're they’re "
    "we we're we’re it it's it’s there there's there’s this these those you"
)
# First words that are plainly not names, so they lose their capital inside a sentence.
_COMMON = _words(
    "a an the that this these those my his her their our your some someone somebody another "
    "same unknown not very really quite so too for to of about being just still all no "
    "former ex ex-partner previous partner boyfriend girlfriend husband wife neighbour "
    "colleague friend stranger man woman male female person tall short big small large old "
    "young new dark light black white grey gray silver blue red green yellow "
    "scared frightened terrified afraid anxious upset sick shaken shaky nervous worried angry "
    "tired exhausted numb panicked alone unsafe unable too clearly well badly poorly only"
)
_NONE_WORDS = _words("none no nothing n/a na unknown nil -")
_ENDS = ".!?\u2026"
_CLOSERS = "\"'\u201d\u2019)"
_WORD = re.compile(r"[\w'’-]+")
# Effects the person ticked: done by them ("Because of it I lost sleep"), or done to them.
_BY_ME = ("route", "stayed-in", "work-school", "accounts", "security", "sleep")
_TO_ME = ("health", "cost", "relationships")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _first_word(text: str) -> str:
    found = _WORD.match(text)
    return found.group(0) if found else ""


def sentence(text: str) -> str:
    """text, ending as a sentence does."""
    text = text.rstrip()
    if not text:
        return ""
    if text[-1] in _ENDS or (text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _ENDS):
        return text
    return text.rstrip(",;:") + "."


def is_a_sentence(text: str, mine: bool = False) -> bool:
    """Whether the answer begins as a sentence of its own ("He was...", "My hands shook")."""
    first = _first_word(text).lower()
    return first in _SUBJECTS or (mine and first == "my")


def _inline(text: str, lower_first: bool, verb_first: bool) -> str:
    """text to follow the app's words: a first word that is not a name loses its capital."""
    first = _first_word(text)
    capitalised = bool(first) and first[0].isupper() and (len(first) == 1 or first[1:].islower())
    if not capitalised or first == "I":
        return text
    plain = first.lower() in _COMMON
    shaped = lower_first and len(first) > 4 and first.lower().endswith(("ed", "ing", "ly", "ous"))
    return text[0].lower() + text[1:] if plain or shaped or verb_first else text


def framed(
    frame: str,
    text: str,
    *,
    lower_first: bool = False,
    mine: bool = False,
    verb_first: bool = False,
    skip_none: bool = False,
) -> str:
    """The answer as a sentence: as written when it is one already, else in frame ('I felt {}').

    mine: "My ..." begins a sentence of the person's own; verb_first: the frame expects a verb
    ("I {}"), so the first word always loses its capital; skip_none: "none" says nothing."""
    text = _flat(text)
    if not text:
        return ""
    if skip_none and text.lower().rstrip(".") in _NONE_WORDS:
        return ""
    if is_a_sentence(text, mine):
        return sentence(text)
    if verb_first and _first_word(text).lower() in ("nothing", "none"):
        return sentence("I did " + text[0].lower() + text[1:])
    if frame.endswith("my {}") and _first_word(text).lower() == "my":
        text = text[len("my") :].lstrip()
    return sentence(frame.format(_inline(text, lower_first, verb_first)))


def exact_words(words: str) -> str:
    """'The words used were: “…”.' with the lines of what was said kept apart by slashes."""
    said = " / ".join(line.strip() for line in words.splitlines() if line.strip())
    if not said:
        return ""
    if said[0] in "\"\u201c'\u2018":
        return sentence(f"The words used were: {said}")
    # A quotation ending in its own full stop ends the sentence too: “... that.” not “... that.”.
    end = "" if said[-1] in _ENDS else "."
    return f"The words used were: \u201c{said}\u201d{end}"


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def witnesses_sentence(witnesses: Iterable[str]) -> str:
    """'My neighbour Jo and the bus driver witnessed it.', or what was written, as written."""
    names = [_flat(w) for w in witnesses if w.strip()]
    if not names:
        return ""
    if any(is_a_sentence(n, mine=False) or len(n.split()) > 8 for n in names):
        return " ".join(sentence(n) for n in names)
    return sentence(_listed([n.rstrip(".") for n in names]) + " witnessed it")


def effects_sentences(effects: Iterable[str]) -> list[str]:
    """The day-to-day effects ticked, as the person's sentences."""
    chosen = list(effects)
    mine = [EFFECTS[e].lower() for e in _BY_ME if e in chosen]
    theirs = [EFFECTS[e].lower() for e in _TO_ME if e in chosen]
    said = []
    if mine:
        said.append(f"Because of it I {_listed(mine)}.")
    if theirs:
        said.append(f"It {_listed(theirs)}.")
    return said


_REPORTED = {
    "999": "I called 999",
    "101": "I called 101",
    "online": "I reported it to the police online",
    "in-person": "I reported it to the police in person",
    "other": "I reported it to the police",
}


def impact_sentence(impact: str) -> str:
    """'It affected my day-to-day life — stayed at my sister's.', or their sentence."""
    return framed("It affected my day-to-day life \u2014 {}", impact, lower_first=True, mine=True)


def reported_sentence(c: IncidentContent) -> str:
    """'I called 101; the reference is CAD 1001, and the officer was PC 123 Smith.'"""
    said = _REPORTED.get(c.reported or "", "")
    ref, officer = _flat(c.police_ref), _flat(c.officer)
    if not said and (ref or officer):
        said = "I reported it to the police"
    if not said:
        return ""
    if ref:
        said += f"; the reference is {ref}"
    if officer:
        said += f", and the officer was {officer}" if ref else f"; the officer was {officer}"
    return sentence(said)
