"""The pack's PDF, rendered from the snapshot alone, in the order an officer needs it.

Cover, the pattern on one page, the chronology, the draft statement (MG11 layout), impact when
chosen, the exhibits, then the exhibit schedule and the audit trail. The statement is laid out on
its own first to learn its page count, which the declaration and "Page X of Y" must state.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.platypus import NextPageTemplate, PageBreak

from .image_flowable import Pictures
from .layout import PackDocument
from .pack import EvidencePack, Exhibit
from .page_furniture import PageState
from .pages.chronology import SECTION as CHRONOLOGY
from .pages.chronology import chronology
from .pages.cover import cover
from .pages.exhibits import exhibits
from .pages.impact import impact
from .pages.message_logs import SECTION as MESSAGE_LOG
from .pages.message_logs import message_logs
from .pages.pattern import pattern
from .pages.records import AUDIT, SCHEDULE, audit, export_record, schedule
from .pages.statement import statement
from .story import Part

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


def _impact(pack: EvidencePack) -> list[Any]:
    pages = impact(pack)
    return [*pages, PageBreak()] if pages else []


def _parts(pack: EvidencePack, pictures: Pictures) -> list[Part]:
    """The story in parts, each made only when the layout reaches it (layout.Story)."""
    parts: list[Part] = [
        lambda: cover(pack),
        _between(NextPageTemplate("plain"), PageBreak()),
        lambda: pattern(pack),
        _between(NextPageTemplate(CHRONOLOGY.name), PageBreak()),
        *chronology(pack),
        _between(NextPageTemplate("statement"), PageBreak()),
        *statement(pack),
        _between(NextPageTemplate("plain"), PageBreak()),
    ]
    if pack.options.include_impact:
        parts.append(lambda: _impact(pack))
    parts += exhibits(pack, pictures)
    if pack.message_logs:
        parts += [_between(NextPageTemplate(MESSAGE_LOG.name), PageBreak()), *message_logs(pack)]
    parts += [_between(NextPageTemplate(SCHEDULE.name), PageBreak()), *schedule(pack)]
    parts += [_between(NextPageTemplate(AUDIT.name), PageBreak()), *audit(pack)]
    parts += [_between(NextPageTemplate("plain"), PageBreak()), lambda: export_record(pack)]
    return parts


def metadata(pack: EvidencePack) -> dict[str, str]:
    return {
        "title": f"Chronology and draft statement \u2013 {pack.statement_name}",
        "author": pack.statement_name,
        "subject": "Chronology and draft statement prepared to assist police",
        "creator": CREATOR,
    }


class _Document(PackDocument):
    def __init__(self, target: Any, pack: EvidencePack, **kwargs: Any) -> None:
        super().__init__(target, **kwargs)
        self._pack = pack

    def beforeDocument(self) -> None:
        self.canv._doc._timeStamp = _UtcTimeStamp(self._pack)
        self.canv.setProducer(CREATOR)


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
        sections=[CHRONOLOGY, SCHEDULE, AUDIT, MESSAGE_LOG],
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
