"""What import-messages prints: the file, its senders with their counts, the lines not
understood, the proposed entries and what was saved; as text for a person or as JSON."""

from __future__ import annotations

from typing import Any

from diary.domain.messages.entries import quote_line
from diary.domain.messages.local_time import LocalTime
from diary.domain.messages.log import FORMAT_NAMES, CallType, Unread
from diary.domain.messages.proposals import ImportPlan, load, plural, proposal_summary, summary
from diary.domain.messages.quoting import LANGUAGES
from diary.domain.messages.survey import Sender, Survey, Tally
from diary.domain.times import utc_stamp
from diary.vault.messages.message_log import MessagesSaved

from .text_view import visible

UNREAD_SHOWN = 10


def tally_text(tally: Tally) -> str:
    parts = [plural(tally.messages, "message")] if tally.messages else []
    for call, count in sorted(tally.calls.items()):
        parts.append(
            plural(count, f"{call.value} call" if call is not CallType.UNKNOWN else "call")
        )
    return ", ".join(parts)


def _span(tally: Tally, local: LocalTime) -> str:
    if tally.first is None or tally.last is None:
        return ""
    first, last = (local.day(t) for t in (tally.first, tally.last))
    shown = (f"{d.day} {d:%b %Y}" for d in (first, last))
    start, end = shown
    return start if first == last else f"{start} to {end}"


def one_line(text: str) -> str:
    """User text on one line of a terminal: line breaks as ' / ', controls made visible."""
    return visible(" / ".join(text.splitlines()) if "\n" in text else text, one_line=True)


def _unread_line(unread: Unread) -> str:
    text = f" {visible(unread.text, one_line=True)!r}" if unread.text else ""
    return f"{unread.where.text() or 'the file'}:{text} - {unread.why}"


def survey_text(survey: Survey) -> str:
    source = survey.source
    inside = f" ({visible(source.member, one_line=True)})" if source.member else ""
    variant = f" ({source.variant})" if source.variant else ""
    lines = [
        f"{FORMAT_NAMES[source.format]}{variant}: {visible(source.name, one_line=True)!r}{inside}",
        f"SHA-256 of the file: {survey.sha256}",
        f"Times read in {survey.options.zone}.",
        *(visible(line, one_line=True) for line in survey.notes.lines),
    ]
    total = Tally()
    for sender in survey.senders.values():
        total.messages += sender.tally.messages
        total.calls.update(sender.tally.calls)
    counted = tally_text(total) or "no messages or calls"
    system = (
        f"; {survey.notes.system_lines} system line(s) left out"
        if survey.notes.system_lines
        else ""
    )
    lines.append(f"{counted}{system}.")
    lines.append("Senders and numbers:")
    local = LocalTime(survey.options.zone)
    for sender in survey.ranked_senders():
        lines.append(
            f"  {_sender_label(sender):<32} {tally_text(sender.tally):<34} "
            f"{_span(sender.tally, local)}"
        )
    if survey.unread_count:
        shown = survey.unread[:UNREAD_SHOWN]
        lines.append(
            f"{survey.unread_count} line(s) or entries were not understood and are left out "
            f"(the first {len(shown)} shown; the original file keeps them):"
        )
        lines += [f"  {_unread_line(u)}" for u in shown]
    return "\n".join(lines) + "\n"


def _sender_label(sender: Sender) -> str:
    name = visible(sender.name, one_line=True)
    key = visible(sender.key, one_line=True)
    return name if key == name else f"{name} [{key}]"


def plan_text(plan: ImportPlan, quotes_shown: bool = True) -> str:
    per = "day" if plan.grouping.value == "day" else f"burst (gaps over {_minutes(plan)} min)"
    count = len(plan.proposals)
    lines = [f"{count} proposed entr{'y' if count == 1 else 'ies'}, one per {per}:"]
    if quotes_shown:
        load(plan.proposals)  # one pass over the file for the lines to quote
    for proposal in plan.proposals:
        items = [e.item for e in proposal.items] if quotes_shown else []
        into = f"  -> added to entry {proposal.into}" if proposal.into is not None else ""
        lines.append(
            f"  {proposal.key}  {visible(proposal_summary(proposal, plan.local), one_line=True)}"
            f"{into}"
        )
        if quotes_shown:
            for index in proposal.quotes:
                quote = one_line(quote_line(items[index], plan.local))
                lines.append(f"      quote: {quote}")
    if quotes_shown and any(p.quotes for p in plan.proposals):
        lines.append(
            f"Lines to quote are offered by words often used in threats, in {LANGUAGES} only; "
            "read every message, the list is only a start."
        )
    if plan.already_here:
        lines.append(
            f"{plan.already_here} message(s) and call(s) are in the diary already (the file, or "
            "an earlier export of it, was imported before) and are left out."
        )
    return "\n".join(lines) + "\n"


def _minutes(plan: ImportPlan) -> int:
    return int(plan.gap.total_seconds() // 60)


def saved_text(done: MessagesSaved) -> str:
    if not done.added and not done.merged:
        return (
            f"Nothing new: all {done.already_here} message(s) and call(s) chosen are in the diary "
            "already. Nothing was added.\n"
        )
    parts = []
    if done.added:
        parts.append(
            f"{len(done.added)} new entr{'y' if len(done.added) == 1 else 'ies'} "
            f"({', '.join(map(str, done.added))})"
        )
    if done.merged:
        parts.append(
            f"messages added to entr{'y' if len(done.merged) == 1 else 'ies'} "
            f"{', '.join(map(str, done.merged))} (each now says what was added, as a new "
            "version; its earlier words are kept)"
        )
    text = (
        f"Saved: {'; '.join(parts)}; {done.logged} message(s) and call(s) logged, each with "
        f"where in the file it came from. The file is kept as attachment {done.attachment_id}.\n"
    )
    if done.already_here:
        text += f"{done.already_here} were in the diary already and were not added again.\n"
    return text


def _tally_record(tally: Tally) -> dict[str, Any]:
    return {
        "messages": tally.messages,
        "calls": {call.value: count for call, count in sorted(tally.calls.items())},
        "first": utc_stamp(tally.first) if tally.first else None,
        "last": utc_stamp(tally.last) if tally.last else None,
    }


def survey_record(survey: Survey) -> dict[str, Any]:
    source = survey.source
    return {
        "file": source.name,
        "format": source.format.value,
        "variant": source.variant,
        "member": source.member,
        "sha256": survey.sha256,
        "zone": survey.options.zone,
        "date_order": survey.options.date_order.value if survey.options.date_order else None,
        "system_lines": survey.notes.system_lines,
        "notes": survey.notes.lines,
        "senders": [
            {"key": s.key, "name": s.name, "own": s.owner, **_tally_record(s.tally)}
            for s in survey.ranked_senders()
        ],
        "not_understood": {
            "count": survey.unread_count,
            "shown": [
                {
                    "line": u.where.line,
                    "end_line": u.where.end_line,
                    "member": u.where.member,
                    "text": u.text,
                    "why": u.why,
                }
                for u in survey.unread
            ],
        },
    }


def plan_record(plan: ImportPlan) -> dict[str, Any]:
    proposals = []
    load(plan.proposals)  # one pass over the file
    for p in plan.proposals:
        items = [e.item for e in p.items]
        tally = Tally()
        for item in items:
            tally.add(item)
        proposals.append(
            {
                "key": p.key,
                "day": p.day.isoformat(),
                **_tally_record(tally),
                "summary": summary(items, plan.local),
                "quotes": [quote_line(items[i], plan.local) for i in p.quotes],
                "into": p.into,
            }
        )
    return {
        "senders": list(plan.senders),
        "per": plan.grouping.value,
        "gap_minutes": _minutes(plan),
        "already_in_diary": plan.already_here,
        "proposals": proposals,
    }


def saved_record(done: MessagesSaved) -> dict[str, Any]:
    return {
        "added": done.added,
        "merged": done.merged,
        "logged": done.logged,
        "already_in_diary": done.already_here,
        "attachment_id": done.attachment_id,
    }
