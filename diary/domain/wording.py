"""Words the window and the evidence pack both use, so a person reads what the police will.

When an incident happened, and where a screenshot came from, are written the same way on
screen and on paper: someone checking their pack against the diary finds the same phrases.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .incident import Source
from .times import Moment, Precision


def day_text(moment: Moment) -> str:
    """e.g. 'Mon 3 Jun 2024', on the day as it was where it happened."""
    return date_text(moment.local.date())


@lru_cache(maxsize=4096)  # a pack names each day on several pages, and most days more than once
def date_text(day: date) -> str:
    """e.g. 'Mon 3 Jun 2024'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def when_text(moment: Moment) -> str:
    """e.g. 'Mon 3 Jun 2024, 18:30' or '..., about 18:30'; the date only when no time was given."""
    if moment.precision is Precision.DATE_ONLY:
        return day_text(moment)
    time = f"{moment.local:%H:%M}"
    if moment.precision is Precision.APPROXIMATE:
        time = f"about {time}"
    return f"{day_text(moment)}, {time}"


def source_details(source: Source) -> list[tuple[str, str]]:
    """Where a file came from, as (label, value) for each detail that was given."""
    labelled = [
        ("Captured (as recorded)", source.captured_at),
        ("Time shown on screen", source.shown_time),
        ("Platform", source.platform),
        ("Profile or handle", source.profile),
        ("Address (URL)", source.url),
        ("Taken or recorded on", source.device),
    ]
    return [(label, value) for label, value in labelled if value.strip()]


# Words about what arrived in a share, the same in the window, `diary show` and the pack.
SENDER_NAME_NOTE = (
    "The name is the one the sender typed into their share; nothing can check who really sent it."
)


def received_marker(sender: str) -> str:
    """e.g. 'Received from Jo Advocate': the mark on anything whose words are a sender's."""
    return f"Received from {sender.strip() or 'someone unnamed'}"


def adoption_meaning(sender: str) -> str:
    """What adopting a received account means, said before the person does it."""
    who = sender.strip() or "someone unnamed"
    return (
        f"This account was written by {who}, not by you. Adopting it says it is your own "
        "account: from now on its words count as yours, and it goes into your draft witness "
        "statement, which you may be asked to sign as true. The diary keeps a record that it "
        f"came from {who} and of when you adopted it. Only adopt it if you saw or went through "
        "what it says and would say it in your own words."
    )
