"""An entry's stored content (JSON) read back quickly, for lists of a hundred thousand entries.

orjson parses the same documents into the same values several times faster than the json
module, which was most of what `diary list` and the timeline spent per line. What orjson
refuses (NaN, half a surrogate pair) is read by the json module, as before. (orjson reads an
integer beyond 64 bits as a float; no field a list shows holds one.)
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def loads(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
