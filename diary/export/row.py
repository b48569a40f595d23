"""One row of a long table, drawn directly: cells side by side in fixed columns with a grid.

A reportlab Table measures and draws through many layers; a chronology of five hundred rows
spends most of its time there. A row here wraps each cell once and draws its borders itself.
Rows do not split across pages, so callers keep each cell's text short (summaries, not essays).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from .plain_text import PlainText, draw_slots
from .styles import RULE

PADDING = 2.5


class Row(Flowable):  # type: ignore[misc]
    def __init__(
        self, cells: list[Any], widths: tuple[float, ...], grid: Color = RULE, boxed: bool = True
    ) -> None:
        super().__init__()
        self.cells = cells
        self.widths = widths
        self.grid = grid
        self.boxed = boxed  # a box round each cell, or only a rule under the row
        self._heights: list[float] = []
        self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if not self._heights:
            self._heights = [
                cell.wrap(width - 2 * PADDING, 10_000)[1]
                for cell, width in zip(self.cells, self.widths, strict=True)
            ]
            self.height = max(self._heights, default=0.0) + 2 * PADDING
        return sum(self.widths), self.height

    def draw(self) -> None:
        """The grid, then the cells: plain text cells share one text object, placed directly
        rather than each through a saved and restored graphics state (most of a row's cost)."""
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.grid)
        canvas.setLineWidth(0.3)
        x = 0.0
        if not self.boxed:
            canvas.line(0, 0, sum(self.widths), 0)
        text = canvas.beginText()
        written = False
        slots: list[tuple[float, float, str]] = []
        for cell, width, height in zip(self.cells, self.widths, self._heights, strict=True):
            if self.boxed:
                canvas.rect(x, 0, width, self.height, stroke=1, fill=0)
            y = self.height - PADDING - height
            if isinstance(cell, PlainText):
                cell.write(text, x + PADDING, y, slots)
                written = True
            else:
                cell.drawOn(canvas, x + PADDING, y)
            x += width
        if written:
            canvas.drawText(text)
        draw_slots(canvas, slots)
        canvas.restoreState()


class Rows(Flowable):  # type: ignore[misc]
    """A short run of rows kept together as one flowable (an exhibit's details): one step for
    the page layout instead of one per row. Never split, so keep it to a page's worth."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows
        self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = sum(row.wrap(avail_width, avail_height)[1] for row in self.rows)
        return avail_width, self.height

    def draw(self) -> None:
        y = self.height
        for row in self.rows:
            y -= row.height
            row.drawOn(self.canv, 0, y)
