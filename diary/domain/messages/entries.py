"""The entry a proposal becomes: when (first to last message), where (the app), what happened
(the counts, in words), the exact words chosen to quote, who, and the channel. The person's own
account is theirs to add; this says only what the file shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from diary.domain.incident import IncidentContent
from diary.domain.times import Moment, Precision

from .local_time import LocalTime
from .log import FILE_PHRASES, PLATFORMS, Format, Item, Kind
from .proposals import ImportPlan, Proposal, summary

_CHANNELS = {
    Format.WHATSAPP: "app",
    Format.TELEGRAM: "app",
    Format.SMS: "text",
    Format.CALLS: "call",
    Format.EMAIL: "email",
    Format.MBOX: "email",
}


def moment(instant: datetime, local: LocalTime) -> Moment:
    wall = local.wall(instant)
    offset = int(local.offset(instant).total_seconds() // 60)
    return Moment(instant, local.zone, wall.isoformat(timespec="minutes"), offset, Precision.EXACT)


def quote_line(item: Item, local: LocalTime) -> str:
    """'21:05 Chris Sample: I know where you live'."""
    return f"{local.clock(item.instant)} {item.sender}: {item.text}"


def summary_sentence(proposal: Proposal, plan: ImportPlan) -> str:
    source = plan.survey.source
    return (
        f"{summary([e.item for e in proposal.items], plan.local)}. Counted from "
        f"{FILE_PHRASES[source.format]}, the file {source.name!r}; each message and call, with "
        "its words as in the file, is in the message log produced from that file."
    )


def entry_for(proposal: Proposal, plan: ImportPlan, today: date) -> IncidentContent:
    items = [e.item for e in proposal.items]
    first, last = items[0], items[-1]
    source = plan.survey.source
    calls_only = all(i.kind is Kind.CALL for i in items)
    channel = "call" if calls_only else _CHANNELS[source.format]
    senders = list(dict.fromkeys(i.sender for i in items if not i.sent_by_owner))
    return IncidentContent(
        occurred=moment(first.instant, plan.local),
        until=moment(last.instant, plan.local) if last.instant != first.instant else None,
        location=PLATFORMS[source.format],
        text=summary_sentence(proposal, plan),
        behaviours=("contact", "repeated-calls") if len(items) > 1 else ("contact",),
        channel=channel,
        words="\n".join(quote_line(items[i], plan.local) for i in proposal.quotes),
        suspect=", ".join(senders),
    ).validate()


def merged_into(current: IncidentContent, proposal: Proposal, plan: ImportPlan) -> IncidentContent:
    """An entry already in the diary with a proposal's messages added to it: its account keeps
    the person's words and gains the sentence saying what was added, counted from the file; the
    lines chosen to quote are added to its exact words. Its time, place and the rest stay."""
    items = [e.item for e in proposal.items]
    added = "Added from an import of messages and calls: " + summary_sentence(proposal, plan)
    quoted = "\n".join(quote_line(items[i], plan.local) for i in proposal.quotes)
    return replace(
        current,
        text="\n\n".join(part for part in (current.text.rstrip(), added) if part),
        words="\n".join(part for part in (current.words.rstrip(), quoted) if part),
    ).validate()
