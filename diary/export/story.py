"""The pack's story in parts: each part (an incident's row, an exhibit's page) is made only when
the page layout is about to reach it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import chain
from typing import Any, Generic, TypeVar, overload

# Flowables made ready ahead of the layout: enough for any run of headings kept with what follows.
LOOK_AHEAD = 32

# A piece of the story (an incident's row, an exhibit's page), made only when the layout needs it.
Part = Callable[[], list[Any]]
T = TypeVar("T")


class Each(Sequence[Part], Generic[T]):
    """One part for each item, made by make(item) when its turn comes; the parts themselves are
    made only as the layout reaches them, so a pack of thousands of entries holds no part (nor
    any bookmark) for every entry up front."""

    __slots__ = ("items", "make")

    def __init__(self, items: Sequence[T], make: Callable[[T], list[Any]]) -> None:
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Part: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Part]: ...
    def __getitem__(self, index: int | slice) -> Part | Sequence[Part]:
        if isinstance(index, slice):
            return Each(self.items[index], self.make)
        return partial(self.make, self.items[index])

    def __iter__(self) -> Iterator[Part]:
        make = self.make
        return (partial(make, item) for item in self.items)


def each(items: Sequence[T], make: Callable[[T], list[Any]]) -> Each[T]:
    """One part for each item, made by make(item) when its turn comes (see Each)."""
    return Each(items, make)


class Joined(Sequence[Part]):
    """Sequences of parts one after another, none of them copied."""

    def __init__(self, *pieces: Sequence[Part]) -> None:
        self.pieces = [piece for piece in pieces if len(piece)]

    def __len__(self) -> int:
        return sum(len(piece) for piece in self.pieces)

    @overload
    def __getitem__(self, index: int) -> Part: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Part]: ...
    def __getitem__(self, index: int | slice) -> Part | Sequence[Part]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1 or stop != len(self):
                return list(self)[index]
            pieces = list(self.pieces)
            while pieces and start >= len(pieces[0]):
                start -= len(pieces.pop(0))
            if pieces:
                pieces[0] = pieces[0][start:]
            return Joined(*pieces)
        at = index if index >= 0 else len(self) + index
        for piece in self.pieces:
            if at < len(piece):
                return piece[at]
            at -= len(piece)
        raise IndexError(index)

    def __iter__(self) -> Iterator[Part]:
        return chain.from_iterable(self.pieces)


class Story(list[Any]):
    """The flowables still to lay out, made part by part just before the layout reaches them.

    reportlab's build loop asks len() before every flowable; answering it tops the list up from
    the parts, so a pack of any length holds only a few parts' flowables at a time, not all of
    them (each Paragraph keeps its parsed words and fonts until it is drawn).
    """

    def __init__(self, parts: Sequence[Part]) -> None:
        super().__init__()
        self.parts = iter(parts)  # taken one at a time: none is held before it is reached
        self.left = len(parts)
        self.total = max(self.left, 1)
        # Parts may draw on the canvas (a picture is written into the PDF as it is made), so none
        # is made until the document has started its build and made its canvas.
        self.started = False

    def __len__(self) -> int:
        if not self.started:
            return super().__len__() + self.left
        while self.left and super().__len__() < LOOK_AHEAD:
            part = next(self.parts)
            self.left -= 1
            self.extend(part())
        return super().__len__()

    @property
    def done(self) -> float:
        """The share of the parts already handed to the layout."""
        return 1 - self.left / self.total
