"""The pack's story is made part by part as the layout reaches it, never all at once."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from pypdf import PdfReader
from reportlab.platypus import Paragraph

from diary.export.layout import PackDocument
from diary.export.page_furniture import PageState
from diary.export.story import Joined, Part, each
from diary.export.styles import BODY

PARTS = 400


def test_parts_are_made_only_as_the_pages_reach_them() -> None:
    made: list[int] = []
    made_by_page_end: list[int] = []

    def part(number: int) -> Part:
        def make() -> list[Any]:
            made.append(number)
            return [Paragraph(f"Entry {number}. " + "Words of the entry. " * 30, BODY)]

        return make

    class Document(PackDocument):
        def afterPage(self) -> None:
            super().afterPage()
            made_by_page_end.append(len(made))

    out = io.BytesIO()
    state = PageState("Someone (fictional)", "A note at the foot of every page.")
    meta = {"title": "t", "author": "a", "subject": "s", "creator": "c"}
    Document(out, state=state, sections=[], meta=meta).build([part(n) for n in range(PARTS)])
    assert made == list(range(PARTS))  # every part, once, in order
    pages = PdfReader(out).pages
    assert len(pages) == len(made_by_page_end) > 20
    assert "Entry 399." in pages[-1].extract_text()
    # When the first page is finished, only that page's parts and a few ahead have been made.
    assert made_by_page_end[0] < 40
    assert made_by_page_end == sorted(made_by_page_end)


def test_no_part_is_made_before_the_document_has_its_canvas() -> None:
    # A part may write a picture straight into the PDF, so it needs the canvas to exist already;
    # reportlab counts the story before it makes the canvas.
    out = io.BytesIO()
    state = PageState("Someone (fictional)", "A note at the foot of every page.")
    meta = {"title": "t", "author": "a", "subject": "s", "creator": "c"}
    document = PackDocument(out, state=state, sections=[], meta=meta)
    canvases: list[bool] = []

    def make() -> list[Any]:
        canvases.append(hasattr(document, "canv"))
        return [Paragraph("The only entry.", BODY)]

    document.build([make])
    assert canvases == [True]
    assert "The only entry." in PdfReader(out).pages[0].extract_text()


class _Entries(Sequence[int]):
    """A pack's entries, noting how far a pass over them has gone."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.reached = 0

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: Any) -> Any:
        raise AssertionError("taken one by one, never by index")

    def __iter__(self) -> Iterator[int]:
        for number in range(self.count):
            self.reached = number + 1
            yield number


def test_a_section_of_many_entries_gives_its_parts_only_as_the_layout_reaches_them() -> None:
    entries = _Entries(PARTS)
    reached_by_page_end: list[int] = []

    def entry(number: int) -> list[Any]:
        return [Paragraph(f"Entry {number}. " + "Words of the entry. " * 30, BODY)]

    class Document(PackDocument):
        def afterPage(self) -> None:
            super().afterPage()
            reached_by_page_end.append(entries.reached)

    story = Joined([lambda: [Paragraph("The chronology", BODY)]], each(entries, entry))
    assert len(story) == PARTS + 1 and entries.reached == 0  # counted without making any part
    out = io.BytesIO()
    state = PageState("Someone (fictional)", "A note at the foot of every page.")
    meta = {"title": "t", "author": "a", "subject": "s", "creator": "c"}
    Document(out, state=state, sections=[], meta=meta).build(story)
    assert "Entry 399." in PdfReader(out).pages[-1].extract_text()
    # Not one part for every entry up front: by the first page's end, only a few entries.
    assert reached_by_page_end[0] < 40 and reached_by_page_end[-1] == PARTS
