"""The page that tells the officer what this pack leaves out (left_out.py says it)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from ..left_out import TITLE, left_out_sentences
from ..pack import EvidencePack
from ..story import Part
from ..styles import BODY, HEADING
from ..text import para


def _page(said: list[str]) -> list[Any]:
    return [Paragraph(TITLE, HEADING), *(para(sentence, BODY) for sentence in said)]


def withheld_section(pack: EvidencePack) -> list[Part]:
    said = left_out_sentences(pack)
    return [lambda: _page(said)] if said else []
