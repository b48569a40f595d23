"""The pack's story in parts: each part (an incident's row, an exhibit's page) is made only when
the page layout is about to reach it."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, TypeVar

# Flowables made ready ahead of the layout: enough for any run of headings kept with what follows.
LOOK_AHEAD = 32

# A piece of the story (an incident's row, an exhibit's page), made only when the layout needs it.
Part = Callable[[], list[Any]]
T = TypeVar("T")


def each(items: Iterable[T], make: Callable[[T], list[Any]]) -> list[Part]:
    """One part for each item, made by make(item) when its turn comes."""
    return [partial(make, item) for item in items]


class Story(list[Any]):
    """The flowables still to lay out, made part by part just before the layout reaches them.

    reportlab's build loop asks len() before every flowable; answering it tops the list up from
    the parts, so a pack of any length holds only a few parts' flowables at a time, not all of
    them (each Paragraph keeps its parsed words and fonts until it is drawn).
    """

    def __init__(self, parts: Sequence[Part]) -> None:
        super().__init__()
        self.parts = deque(parts)
        self.total = max(len(parts), 1)
        # Parts may draw on the canvas (a picture is written into the PDF as it is made), so none
        # is made until the document has started its build and made its canvas.
        self.started = False

    def __len__(self) -> int:
        if not self.started:
            return super().__len__() + len(self.parts)
        while self.parts and super().__len__() < LOOK_AHEAD:
            self.extend(self.parts.popleft()())
        return super().__len__()

    @property
    def done(self) -> float:
        """The share of the parts already handed to the layout."""
        return 1 - len(self.parts) / self.total
