"""A line of text is wrapped and coded for the PDF as the general ways do it, however it is found.

plain_text.show codes a line in one step from the codes the document has already given its
characters; a line with a character not seen before goes a word at a time. Either way the PDF
must carry the bytes reportlab itself would write, or the text would draw and extract wrong.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from diary.export.fonts import SANS, SANS_BOLD, font_set
from diary.export.lead_text import LeadText
from diary.export.line_codes import show
from diary.export.one_font_text import OneFontText
from diary.export.plain_text import PlainText
from diary.export.text_words import text_width, words_across, words_of

# Characters the sans font draws, from several scripts, with the no-break space and a
# character it lacks (drawn by reportlab as its missing-glyph box).
_CHARS = st.sampled_from(list("abcdefXYZ 0123456789.,;'\"()\\éüßłΩжЖ€–\xa0\u0e01"))


def _codes(draw_with_show: bool, lines: list[str]) -> str:
    """The text operators written for lines, as the page's content stream holds them."""
    canvas = Canvas(io.BytesIO())
    text = canvas.beginText()
    text.setFont(SANS, 10)
    start = len(text._code)
    for line in lines:
        if draw_with_show:
            show(text, line)
        else:
            text._textOut(line)
    return " ".join(text._code[start:])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CHARS, min_size=1, max_size=30).map("".join), min_size=1, max_size=6))
def test_lines_are_coded_as_reportlab_codes_them(lines: list[str]) -> None:
    font_set()
    # Drawn twice in one document: first as new characters, then as ones already given codes.
    assert _codes(True, lines + lines) == _codes(False, lines + lines)


class _GeneralPlainText(PlainText):
    """PlainText made to take its general way of wrapping (a measure of its own, as BidiText)."""

    measure = staticmethod(lambda piece, font, size: text_width(piece, font, size))


_WORDS = st.lists(
    st.sampled_from(["a", "he", "was", "outside", "again,", "Zażółć", "—", "x" * 40, "WWWW"]),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=4), st.sampled_from([20.0, 60.0, 150.0, 400.0]))
def test_one_font_lines_wrap_as_the_general_way_wraps_them(
    hard_lines: list[list[str]], width: float
) -> None:
    font_set()
    text = "\n".join(" ".join(words) for words in hard_lines)
    style = ParagraphStyle("t", fontName=SANS, fontSize=10, leading=12)
    quick = PlainText(words_of([(SANS, text)]), style)
    general = _GeneralPlainText(words_of([(SANS, text)]), style)
    assert quick._wrap_lines(width) == general._wrap_lines(width)
    # Kept as strings, the same words break at the same places.
    strings = OneFontText(SANS, text, style)._wrap_lines(width)
    assert strings == [
        ["".join(p for _, p in w) for w in line] for line in quick._wrap_lines(width)
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=4),
    st.sampled_from([20.0, 60.0, 150.0, 400.0]),
    st.sampled_from(["", "12.", "Entry 4:"]),
)
def test_lines_with_a_bold_lead_wrap_as_the_general_way_wraps_them(
    hard_lines: list[list[str]], width: float, lead: str
) -> None:
    font_set()
    text = "\n".join(" ".join(words) for words in hard_lines)
    style = ParagraphStyle("t", fontName=SANS, fontSize=10, leading=12)
    segments = [(SANS_BOLD, lead + " ")] if lead else []
    quick = PlainText(words_of([*segments, (SANS, text)]), style)
    general = _GeneralPlainText(words_of([*segments, (SANS, text)]), style)
    assert quick._wrap_lines(width) == general._wrap_lines(width)


def _drawn(text: PlainText, width: float, one_font: bool) -> tuple[str, list[object]]:
    """The text operators text writes at width (its one-font way allowed or not), and the
    rectangles of the links it puts on its exhibit marks."""
    canvas = Canvas(io.BytesIO())
    canvas.exhibit_marks = {"AB/1", "AB/12"}
    text.wrap(width, 1000)
    if one_font and not isinstance(text, OneFontText):  # every word fits: the quick way
        assert text._one_font or not any(text._wrapped)
    else:
        text._one_font = ""
    out = canvas.beginText()
    slots: list[tuple[float, float, str]] = []
    text.write(out, 7.5, 30.25, slots)
    links = [canvas._doc.idToObject[ref.name].Rect for ref in canvas._annotationrefs]
    return " ".join(out._code), links


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "went", "AB/1,", "AB/12", "—", "Zażółć"]), max_size=30)
    ),
    st.sampled_from([40.0, 150.0, 400.0]),
)
def test_one_font_text_is_drawn_as_the_general_way_draws_it(
    hard_lines: list[list[str]], width: float
) -> None:
    font_set()
    text = "\n".join(" ".join(words) for words in hard_lines)
    style = ParagraphStyle("t", fontName=SANS, fontSize=10, leading=12, leftIndent=3)
    quick = PlainText(words_of([(SANS, text)]), style)
    general = _drawn(PlainText(words_of([(SANS, text)]), style), width, False)
    assert _drawn(quick, width, True) == general
    assert _drawn(OneFontText(SANS, text, style), width, True) == general


_SEGMENT_TEXT = st.lists(st.sampled_from(["a", "was", " ", "\n", "AB/1", "—", "  "]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([SANS, SANS_BOLD]), _SEGMENT_TEXT.map("".join))))
def test_segments_are_split_into_words_as_the_general_way_splits_them(
    segments: list[tuple[str, str]],
) -> None:
    assert words_of(segments) == words_across(segments)


_LEADS = st.sampled_from(["12.", "Entry 4:", "last Mon 3 Jun 2024, withheld number:", "x" * 60])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "went", "AB/1,", "AB/12", "—", "x" * 40]), max_size=30),
        min_size=1,
        max_size=3,
    ),
    st.floats(min_value=20.0, max_value=400.0),
    _LEADS,
    st.sampled_from([0.0, 24.0, 60.0, 1000.0]),
)
def test_text_after_a_bold_lead_is_laid_out_as_the_general_way_lays_it_out(
    hard_lines: list[list[str]], width: float, lead: str, height: float
) -> None:
    font_set()
    text = "\n".join(" ".join(words) for words in hard_lines)
    style = ParagraphStyle("t", fontName=SANS, fontSize=10, leading=12, leftIndent=3)

    def both() -> tuple[LeadText, PlainText]:
        general = PlainText(words_of([(SANS_BOLD, lead + " "), (SANS, text)]), style)
        return LeadText(SANS, SANS_BOLD, lead, text, style), general

    quick, general = both()
    lines, expected = quick._wrap_lines(width), general._wrap_lines(width)
    if not quick.general:  # kept as strings (a lead word too wide turns it into pieces)
        expected = [["".join(p for _, p in w) for w in line] for line in expected]
    assert lines == expected
    quick, general = both()
    assert _drawn(quick, width, False) == _drawn(general, width, False)
    # Split across a page (each part drawn on), then the parts laid out at another width.
    quick, general = both()
    quick_parts, general_parts = quick.split(width, height), general.split(width, height)
    assert len(quick_parts) == len(general_parts)
    for q, g in zip(quick_parts, general_parts, strict=True):
        q._width = g._width = -1.0  # laid out again
        assert _drawn(q, width + 30, False) == _drawn(g, width + 30, False)
