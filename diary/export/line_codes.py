"""A line of text coded for the PDF as reportlab codes it, in one step when it can be.

reportlab gives each character of a TrueType font a code in one of the document's subsets of
that font as it is first drawn, and codes every string character by character. Most lines hold
only characters drawn before, in the first subset: those are coded here with one table lookup
(str.translate, or bytes.translate for a line of ASCII); a line with a character new to the
document is coded a word at a time, which gives the new characters their codes; anything else
goes through reportlab as it is. Either way the bytes are the ones reportlab would write
(tests/unit/test_export_line_codes.py).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.textobject import PDFTextObject

# Each cache of coded words starts again past this many (see text_words._MAX_CACHED).
_MAX_CACHED = 50_000


def _coded(font: Any, word: str, doc: Any) -> tuple[int, bytes] | None:
    """A word's (subset, bytes) in a TrueType font's subsets for this document, or None when its
    characters fall in more than one subset; remembered per document, since finding each
    character's code is most of the cost of drawing a line."""
    cache: dict[tuple[str, str], tuple[int, bytes] | None] | None = getattr(
        doc, "_word_codes", None
    )
    if cache is None or len(cache) > _MAX_CACHED:
        cache = doc._word_codes = {}
    key = (font.fontName, word)
    try:
        return cache[key]
    except KeyError:
        pieces = font.splitString(word, doc)
        coded = cache[key] = pieces[0] if len(pieces) == 1 else None
        return coded


class _LineCodes:
    """A TrueType font's codes in the subset of its space in this document, as tables: a line
    whose characters all have codes there is coded in one step. Made again whenever the document
    has given the font's characters more codes."""

    def __init__(self, font: Any, doc: Any) -> None:
        self.space = _coded(font, " ", doc)  # None: a space cannot be coded on its own
        self.state = font.state[doc]  # made by the coding of the space, if not before
        subset = self.space[0] if self.space is not None else -1
        self.subset = subset
        assignments = self.state.assignments
        self.assigned = len(assignments)
        self.table = {code: n & 0xFF for code, n in assignments.items() if n >> 8 == subset}
        if 32 in self.table:
            self.table[0xA0] = self.table[32]  # as splitString: a no-break space is a space
        self.characters = frozenset(map(chr, self.table))
        # The same codes for ASCII, as bytes.translate takes them, and which ASCII has them.
        ascii_codes = {code: n for code, n in self.table.items() if code < 128}
        self.ascii_table = bytes(ascii_codes.get(b, 0) for b in range(256))
        self.ascii_coded = bytes(sorted(ascii_codes))
        self.selecting: dict[tuple[float, float], str] = {}  # Tf operators, by size and leading

    def select(self, text: PDFTextObject, font: Any, doc: Any) -> None:
        """Make this subset the text object's current font at its size, as reportlab's Tf."""
        key = (text._fontsize, text._leading)
        selecting = self.selecting.get(key)
        if selecting is None:
            name = font.getSubsetInternalName(self.subset, doc)
            selecting = self.selecting[key] = (
                f"{name} {fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL"
            )
        text._code.append(selecting)
        text._curSubset = self.subset

    def fresh(self) -> bool:
        return self.assigned == len(self.state.assignments)


def _line_codes(font: Any, doc: Any) -> _LineCodes:
    tables: dict[str, _LineCodes] | None = getattr(doc, "_line_codes", None)
    if tables is None:
        tables = doc._line_codes = {}
    table = tables.get(font.fontName)
    if table is None or not table.fresh():
        table = tables[font.fontName] = _LineCodes(font, doc)
    return table


def _one_step(codes: _LineCodes, piece: str) -> bytes | None:
    """piece coded from the table, or None when a character of it has no code there yet."""
    if piece.isascii():
        raw = piece.encode("ascii")
        if raw.translate(None, codes.ascii_coded):  # a character left without a code
            return None
        return raw.translate(codes.ascii_table)
    if codes.characters.issuperset(piece):
        return piece.translate(codes.table).encode("latin-1")
    return None


def show(text: PDFTextObject, piece: str) -> None:
    """Draw piece at the text object's origin in its current font and size, as textOut would
    (without moving the cursor, which every line sets anew). A line of TrueType characters that
    share a subset is coded in one step from the codes they were given before; a line with a
    character new to the document, a word at a time; anything else goes through reportlab as it
    is."""
    font = getFont(text._fontname)
    if not font._dynamicFont:
        text._textOut(piece)
        return
    canvas = text._canvas
    doc = canvas._doc
    codes = _line_codes(font, doc)
    space = codes.space
    if space is None:
        text._textOut(piece)
        return
    subset = codes.subset
    data = _one_step(codes, piece)
    if data is None:  # a character not drawn before (or one the font lacks): a word at a time
        words = [_coded(font, word, doc) for word in piece.split(" ")]
        if any(w is None or w[0] != subset for w in words):
            text._textOut(piece)
            return
        data = space[1].join([w[1] for w in words])  # type: ignore[index]
    if subset != text._curSubset:
        codes.select(text, font, doc)
    text._code.append(f"({canvas._escape(data)}) Tj")
