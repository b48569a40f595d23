"""Words the window and the evidence pack both use, so a person reads what the police will.

When an incident happened, and where a screenshot came from, are written the same way on
screen and on paper: someone checking their pack against the diary finds the same phrases.
"""

from __future__ import annotations

from functools import lru_cache

from .incident import Source
from .times import Moment, Precision


@lru_cache(maxsize=4096)  # a pack names each incident's day on several pages
def day_text(moment: Moment) -> str:
    """e.g. 'Mon 3 Jun 2024', on the day as it was where it happened."""
    local = moment.local
    return f"{local:%a} {local.day} {local:%b %Y}"


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
    ]
    return [(label, value) for label, value in labelled if value.strip()]
