"""The pack's PDF, rendered from the snapshot alone, in the order an officer needs it.

Cover, the pattern (with the act-now box and the orders' possible breaches), the chronology,
the schedules (witnesses, the suspect's identifiers, S-DASH material), the draft statement (MG11
layout: the person's own first-hand account only), what the person was told by others and what
an advocate wrote (each in a section of its own), impact and a draft Victim Personal Statement
when chosen, entries received from others (if any: never part of the statement), what the pack
leaves out, the exhibits, then the exhibit schedule, the audit trail and, when any entry was
edited, the appendix of changes. The statement is laid out on its own first to learn its page
count, which the declaration and "Page X of Y" must state.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.platypus import NextPageTemplate, PageBreak

from .image_flowable import Pictures
from .layout import PackDocument
from .navigation import Outline, exhibit_key, mark_first, outlined, set_marks
from .pack import EvidencePack, Exhibit, PackIncident
from .page_furniture import PageState
from .pages.advocate_notes import advocate_section
from .pages.changes import changes
from .pages.chronology import NAME as CHRONOLOGY
from .pages.chronology import row
from .pages.chronology import section as chronology_section
from .pages.cover import cover
from .pages.exhibits import exhibits
from .pages.impact import impact
from .pages.message_logs import SECTION as MESSAGE_LOG
from .pages.message_logs import message_logs
from .pages.pattern import pattern
from .pages.received import received_section
from .pages.records import AUDIT, SCHEDULE, audit, export_record, schedule
from .pages.schedules import schedules_section
from .pages.statement import statement
from .pages.told import told_section
from .pages.vps import vps
from .pages.withheld import withheld_section
from .story import Joined, Part, each

# Streams as binary (not ASCII85, a quarter larger and slower); the PDF is a binary file anyway.
rl_config.useA85 = 0

Progress = Callable[[float], None]
CREATOR = "Evidence Diary"


class _UtcTimeStamp:
    """The creation date reportlab writes, fixed to the pack's production time in UTC."""

    def __init__(self, pack: EvidencePack) -> None:
        produced = pack.produced_at
        self.t = produced.timestamp()
        self.YMDhms = (
            produced.year,
            produced.month,
            produced.day,
            produced.hour,
            produced.minute,
            produced.second,
        )
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def _between(*flowables: Any) -> Part:
    return lambda: list(flowables)


def _chronology_entry(item: PackIncident, zone: str) -> list[Any]:
    return mark_first([row(item, zone)], Outline(f"entry-{item.number}", item.reference, 1))


def _parts(pack: EvidencePack, pictures: Pictures) -> Sequence[Part]:
    """The story in parts, each made only when the layout reaches it (layout.Story). A section
    with nothing in it (no impact written, no entry received, no exhibits, no entry edited) is
    left out with the page break before it, so no page is left blank. Each section, entry and
    exhibit is bookmarked in the PDF's outline (navigation.py)."""
    # Each entry's row and bookmark made only when the layout reaches it (story.Each).
    entries = each(pack.incidents, partial(_chronology_entry, zone=pack.zone))
    exhibit_parts = exhibits(pack, pictures)
    exhibit_parts[1:] = [
        outlined(part, Outline(exhibit_key(e.mark), f"Exhibit {e.mark}", 1))
        for e, part in zip(pack.exhibits, exhibit_parts[1:], strict=True)
    ]
    sections: list[tuple[str, str, Sequence[Part]]] = [
        ("plain", "", [lambda: pattern(pack)]),
        (CHRONOLOGY, "Chronology", entries),
        ("plain", "", schedules_section(pack)),
        ("statement", "Draft statement", statement(pack)),
    ]
    sections += [("plain", "", told_section(pack)), ("plain", "", advocate_section(pack))]
    if pack.options.include_impact:
        impact_parts = impact(pack)  # each made as the layout reaches it
        if impact_parts:
            sections.append(("plain", "", impact_parts))
        draft = vps(pack) if pack.options.vps else []
        if draft:
            sections.append(("plain", "", [_between(*draft)]))
    sections += [
        ("plain", "", received_section(pack)),
        ("plain", "", withheld_section(pack)),
        ("plain", "", exhibit_parts),
        (MESSAGE_LOG.name, MESSAGE_LOG.heading, message_logs(pack) if pack.message_logs else []),
        (SCHEDULE.name, SCHEDULE.heading, schedule(pack)),
        (AUDIT.name, AUDIT.heading, audit(pack)),
        ("plain", "", changes(pack)),
        ("plain", "", [lambda: export_record(pack)]),
    ]
    parts: list[Sequence[Part]] = [[outlined(lambda: cover(pack), Outline("cover", "Cover"))]]
    for number, (template, title, section) in enumerate(sections):
        if section:
            first = outlined(section[0], Outline(f"section-{number}", title))
            parts += [[_between(NextPageTemplate(template), PageBreak()), first], section[1:]]
    return Joined(*parts)


def metadata(pack: EvidencePack) -> dict[str, str]:
    """The document information: what it is and whose. In discreet mode nothing names the app
    (the producer and creator are left empty), as its window and files say nothing either."""
    app = "" if pack.discreet else CREATOR
    return {
        "title": f"Chronology and draft statement \u2013 {pack.statement_name}",
        "author": pack.statement_name,
        "subject": "Chronology and draft statement prepared to assist police",
        "creator": app,
    }


class _Document(PackDocument):
    def __init__(self, target: Any, pack: EvidencePack, **kwargs: Any) -> None:
        super().__init__(target, **kwargs)
        self._pack = pack

    def beforeDocument(self) -> None:
        self.canv._doc._timeStamp = _UtcTimeStamp(self._pack)
        self.canv.setProducer(self._meta_creator)
        self.canv.showOutline()
        set_marks(self.canv, (e.mark for e in self._pack.exhibits))


def render_pdf(
    pack: EvidencePack,
    target: BinaryIO,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_original: Callable[[Exhibit, bytes], None] | None = None,
) -> int:
    """Write the pack's PDF to target; return its number of pages. Raises layout.Cancelled.

    Each picture's original is read from the diary once, as its page is made, and handed to
    on_original (the bundle), so that it need not be read again.
    """
    state = PageState(
        pack.statement_name,
        f"Chronology and draft statement by {pack.statement_name}, to assist police; "
        "not a signed statement.",
    )
    doc = _Document(
        target,
        pack,
        state=state,
        sections=[chronology_section(pack), SCHEDULE, AUDIT, MESSAGE_LOG],
        meta=metadata(pack),
        progress=progress,
        cancelled=cancelled,
    )
    # Laying out creates many long-lived objects; the collector's frequent passes over them
    # cost about a tenth of the time and free nothing, so it runs less often meanwhile.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        with Pictures(lambda: doc.canv._doc, pack.exhibits, on_original) as pictures:
            doc.build(_parts(pack, pictures))
    finally:
        gc.set_threshold(*thresholds)
    return state.pages
