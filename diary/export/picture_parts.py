"""How a very wide or very tall picture is cut into parts that can be read on the page.

Drawn whole, a 10000 x 200 panorama is a strip 3 mm high, and a long scrolling screenshot a
column too narrow to read. Such a picture is shown in parts instead, each drawn large enough to
read, in order and labelled ("part 2 of 5"). The parts are views of the one picture in the PDF
(each clipped to its share), so the file carries the picture once, not once per part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm

# A wide picture is cut when drawn whole it would be lower than this...
MIN_STRIP_HEIGHT = 35 * mm
# ...into parts that are each this high on the page (or its pixels twice over, if fewer).
STRIP_HEIGHT = 50 * mm
# A tall picture is cut when drawn whole it would be narrower than this share of the width.
MIN_COLUMN_SHARE = 0.45
MAX_ENLARGEMENT = 2.0
MAX_PARTS = 24


@dataclass(frozen=True)
class PicturePart:
    """The share of the upright picture one part shows (fractions, y from the top)."""

    left: float
    top: float
    right: float
    bottom: float
    index: int  # from 1
    count: int
    across: bool  # parts run left to right (a wide picture) rather than top to bottom

    @property
    def label(self) -> str:
        direction = "left to right" if self.across else "top to bottom"
        return f"Part {self.index} of {self.count} (the picture runs {direction})"


WHOLE = PicturePart(0.0, 0.0, 1.0, 1.0, 1, 1, True)


def plan(
    width: int, height: int, frame_width: float, max_height: float
) -> tuple[float, list[PicturePart]]:
    """The scale (points per pixel) and the parts of an upright picture of width x height."""
    fit = min(frame_width / width, max_height / height, MAX_ENLARGEMENT)
    if height * fit < MIN_STRIP_HEIGHT and height * MAX_ENLARGEMENT >= MIN_STRIP_HEIGHT:
        scale = min(MAX_ENLARGEMENT, STRIP_HEIGHT / height, max_height / height)
        count = min(math.ceil(width * scale / frame_width), MAX_PARTS)
        if count > 1:
            scale = min(frame_width * count / width, scale)
            return scale, [
                PicturePart(i / count, 0.0, (i + 1) / count, 1.0, i + 1, count, True)
                for i in range(count)
            ]
    if width * fit < frame_width * MIN_COLUMN_SHARE and fit < MAX_ENLARGEMENT:
        scale = min(MAX_ENLARGEMENT, frame_width / width)
        count = min(math.ceil(height * scale / max_height), MAX_PARTS)
        if count > 1:
            scale = min(max_height * count / height, scale)
            return scale, [
                PicturePart(0.0, i / count, 1.0, (i + 1) / count, i + 1, count, False)
                for i in range(count)
            ]
    return fit, [WHOLE]
