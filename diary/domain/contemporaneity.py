"""How soon each entry was first written after what it records: stated from the data, never
assumed.

A diary can refresh a witness's memory in court (s.139 CJA 2003) as far as it was written when
the events were fresh. So a pack never says "written at the time" of its own accord: it counts,
from the time the app stored each entry, how long after the incident that was, and says which
entries were copied in later from an earlier record (a spreadsheet) and what that record gives,
and which came from someone else's diary in a share (the person's own only once adopted): those
were not first written here, and when their sender wrote them is only the sender's claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from .incident import Author, Incident, IncidentContent
from .times import Precision

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)


class Soon(Enum):
    """How soon after the incident an entry was first written in this diary."""

    BEFORE = "before the time given for the incident"
    HOUR = "within an hour"
    DAY = "within a day"
    WEEK = "within a week"
    LATER = "more than a week later"
    COPIED = "copied from an earlier record"
    RECEIVED = "received in a share from someone else's diary"


@dataclass(frozen=True)
class Writing:
    """When and how an entry came to be written, as the diary recorded it."""

    recorded_at: datetime  # when this diary first stored it (set by the app)
    incident_day: date  # the day the incident happened, where it happened
    soon: Soon
    # From the end of the incident (its start when no end was given; the end of the day for a
    # date without a time) to recorded_at; negative when written before that end.
    after: timedelta
    copied_on: str = ""  # the day it was copied in from an earlier record, ISO
    copied_from: str = ""  # what it was copied from, as the import recorded it
    written_on: str = ""  # the day the earlier record gives as written, ISO ('' when not given)
    # The sender named by the share it arrived in, for an entry first stored here as received
    # ('' for one written or copied here); recorded_at is then when it arrived.
    received_from: str = ""

    @property
    def copied(self) -> bool:
        return bool(self.copied_on)

    @property
    def received(self) -> bool:
        return self.soon is Soon.RECEIVED

    @property
    def original_after(self) -> int | None:
        """Days from the incident to the day the earlier record gives as written, or None."""
        if not self.written_on:
            return None
        try:
            return (date.fromisoformat(self.written_on) - self.incident_day).days
        except ValueError:
            return None


def incident_end(content: IncidentContent) -> datetime:
    """The instant an entry about this incident could first be written in full: its end when
    given, else its start; for a day without a time, the end of that day where it happened."""
    moment = content.until or content.occurred
    if moment.precision is Precision.DATE_ONLY:
        local = moment.local
        next_day = (local + DAY).replace(hour=0, minute=0, second=0, microsecond=0)
        return next_day.astimezone(moment.instant.tzinfo)
    return moment.instant


def writing(incident: Incident) -> Writing:
    content = incident.content
    after = incident.recorded_at - incident_end(content)
    received = incident.author is Author.SENDER  # its first revision arrived in a share
    if received:
        soon = Soon.RECEIVED
    elif content.transcribed_on:
        soon = Soon.COPIED
    elif incident.recorded_at < content.occurred.instant:
        soon = Soon.BEFORE
    elif after <= HOUR:
        soon = Soon.HOUR  # includes an entry written while a long incident was still going on
    elif after <= DAY:
        soon = Soon.DAY
    elif after <= WEEK:
        soon = Soon.WEEK
    else:
        soon = Soon.LATER
    return Writing(
        recorded_at=incident.recorded_at,
        incident_day=content.occurred.local.date(),
        soon=soon,
        after=after,
        copied_on=content.transcribed_on,
        copied_from=content.transcribed_from,
        written_on=content.written_on,
        received_from=(incident.received_from or "someone unnamed") if received else "",
    )
