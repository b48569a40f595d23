"""The quick test before each search for things to act on finds exactly what the search finds.

Every entry's words are searched for cameras, withheld numbers, accounts, phone numbers,
registrations and the S-DASH words. Most words hold none of them, so each search first asks
whether the text holds a word the pattern needs; a wrong answer there would silently drop a
camera or a threat from the pack, so it is held here against the search itself, in any case and
with the letters that case-insensitive matching folds beyond ASCII.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.domain import act_now, finds, schedules

_NEEDING = [pattern for pattern, _ in act_now._FOOTAGE]
_NEEDING += [act_now._WITHHELD, finds._URL, *schedules._WORDS.values()]

# Pieces of what the patterns look for, and of what they do not, to build text from.
_PIECES = [
    *("cctv", "doorbell camera", "video doorbell", "dash-cam", "dashcam", "security cameras"),
    *("camera footage", "withheld number", "private numbers", "no caller id", "caller id hidden"),
    *("https://example.org/x", "www.example.org", "previous", "ex-partner", "before we met"),
    *("other victims", "drunk", "drugs", "high on", "was violent", "hit me", "prison"),
    *("07700 900123", "+44 7700 900123", "AB12 CDE", "@someone", "a", "the", "bus", "car"),
    *("\u0131", "\u017f", "\u212a", "\u0130", "\u00e9"),  # ı ſ K İ é: folded beyond ASCII
]
_SEPARATORS = st.sampled_from([" ", "  ", "\n", ".", ", ", "", "-"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_PIECES), max_size=8))
    text = ""
    for part in parts:
        cased = "".join(c.upper() if draw(st.booleans()) else c for c in part)  # any mix of case
        text += draw(_SEPARATORS) + cased
    return text


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_the_quick_test_never_hides_what_the_search_finds(text: str) -> None:
    for needing in _NEEDING:
        assert _spans(needing.finditer(text)) == _spans(needing.pattern.finditer(text))
        assert bool(needing.search(text)) == bool(needing.pattern.search(text))
    assert finds.phones(text) == [
        m.group().strip()
        for m in finds._PHONE.finditer(text)
        if len(finds.phone_key(m.group())) in (10, 11)
    ]
    assert finds.plates(text) == [m.group() for m in finds._PLATE.finditer(text)]
    assert finds.handles(text) == [m.group() for m in finds._HANDLE.finditer(text)]


def test_a_camera_written_with_letters_folded_beyond_ascii_is_still_found() -> None:
    # A long s and a dotless i match s and i in a case-insensitive search; str.lower keeps them.
    for text in ("Their \u017fecurity cameras saw it", "a \u0131ncident on CCTV", "Prıvate number"):
        found = [n for n in _NEEDING if n.pattern.search(text)]
        assert found and all(n.search(text) for n in found)
