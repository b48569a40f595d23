"""A list line is cut before its text is made visible, and reads exactly as if all of it had been."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from diary.cli import text_view
from diary.domain.errors import DiaryError
from diary.domain.times import Precision, parse_moment
from diary.vault import Vault
from diary.vault.entries import stored_json
from tests.conftest import make_content


def _one_line_of_all(text: str, width: int) -> str:
    """The line made from the whole text, every character looked at (the reference)."""
    shown = []
    for ch in text:
        hidden = unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch != "\u200d"
        shown.append(f"<U+{ord(ch):04X}>" if hidden and ch not in "\n\t" else ch)
    flat = " ".join("".join(shown).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


_CHARS = st.sampled_from(list(" \n\t\x0b\x1c\x85\u2028\xa0\x1b\u202e\u200d\u200bab日é-"))


@settings(max_examples=400)
@given(st.lists(_CHARS, max_size=400).map("".join), st.integers(min_value=2, max_value=70))
def test_a_line_reads_as_if_the_whole_text_had_been_made_visible(text: str, width: int) -> None:
    assert text_view._one_line(text, width) == _one_line_of_all(text, width)


# Mostly plain words with now and then a character that is not printable or not a plain space,
# so that the line's cut falls on every kind of character.
_WORDY = st.lists(
    st.one_of(
        st.sampled_from(["word", "a", "日本", "é", " ", " ", "x" * 30]),
        st.sampled_from(list(" \n\t\x1c\x85\u2028\xa0\x1b\u202e\u200d\u200b")),
    ),
    max_size=80,
).map("".join)


@settings(max_examples=600)
@given(_WORDY, st.integers(min_value=2, max_value=70))
def test_a_line_of_words_reads_as_if_the_whole_text_had_been_made_visible(
    text: str, width: int
) -> None:
    assert text_view._one_line(text, width) == _one_line_of_all(text, width)


def test_a_long_entry_is_made_visible_only_as_far_as_its_line_shows(
    vault: Vault, monkeypatch
) -> None:
    vault.add_incident(make_content(what="word\x1b " * 50_000))
    looked_at: list[int] = []
    real = text_view.visible

    def counting(text: str, *, one_line: bool = False) -> str:
        looked_at.append(len(text))
        return real(text, one_line=one_line)

    monkeypatch.setattr(text_view, "visible", counting)
    (row,) = vault.list_rows()
    line = text_view.format_row(row)

    assert line.endswith(_one_line_of_all("word\x1b " * 50_000, 60))
    assert max(looked_at) < 1_000


_ZONES = st.sampled_from(
    ["Europe/London", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati", "UTC"]
)


@settings(max_examples=300)
@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    _ZONES,
    st.sampled_from(list(Precision)),
)
def test_a_list_line_gives_the_time_where_it_happened(
    wall: datetime, zone: str, precision: Precision
) -> None:
    """The list's quick "when" reads as the wall clock where it happened, by the zone's rules."""
    text = wall.strftime("%Y-%m-%d" if precision is Precision.DATE_ONLY else "%Y-%m-%dT%H:%M")
    try:
        moment = parse_moment(text, zone, approximate=precision is Precision.APPROXIMATE)
    except DiaryError:  # a wall time that never happened, or happened twice, is asked about
        return
    local = moment.local
    day = f"{local.year}-{local:%m-%d}"
    expected = {
        Precision.DATE_ONLY: f"{day} (time not known)",
        Precision.APPROXIMATE: f"{day} {local:%H:%M} (approx.)",
        Precision.EXACT: f"{day} {local:%H:%M}",
    }[moment.precision]
    assert text_view.when_text(moment) == expected
    # (Before 1973 some zones' offsets had seconds, which a stored offset in minutes drops.)
    if moment.precision is not Precision.DATE_ONLY and wall.year >= 1973:
        assert text_view.when_text(moment)[:16] == text.replace("T", " ")


def test_an_entry_json_cannot_read_quickly_is_still_listed(vault: Vault) -> None:
    first = vault.add_incident(make_content(what="A value a quick reader refuses."))
    content = vault.conn.execute("SELECT content FROM incidents WHERE id = ?", (first,))
    stored = content.fetchone()[0]
    # json.dumps of an older version wrote NaN and half a surrogate pair as they were.
    odd = stored.replace('"location":', '"extra":[NaN,"\\ud800"],"location":')
    vault.conn.execute("UPDATE incidents SET content = ? WHERE id = ?", (odd, first))
    (row,) = vault.list_rows()
    assert row.text == "A value a quick reader refuses."
    assert stored_json.loads(odd)["extra"][1] == "\ud800"


def test_a_list_line_read_from_the_stored_row_gives_the_entry_s_own_time(vault: Vault) -> None:
    """The list reads the time straight from the stored entry, without rebuilding it: the line
    still says what the entry says, in each zone and for each precision."""
    given = [
        ("2024-10-27T01:30", "Europe/London", False, 1),  # the hour that happened twice
        ("2024-06-03T18:30", "Asia/Kathmandu", False, None),
        ("2024-06-03", "America/St_Johns", False, None),
        ("2024-06-03T23:50", "Pacific/Kiritimati", True, None),
    ]
    for when, zone, approximate, fold in given:
        occurred = parse_moment(when, zone, approximate=approximate, fold=fold)
        vault.add_incident(replace(make_content(what=f"At {when}"), occurred=occurred))
    lines = [text_view.format_row(row) for row in vault.list_rows()]
    for incident, line in zip(vault.incidents(), lines, strict=True):
        assert text_view.when_text(incident.content.occurred) in line
        assert line.split()[0] == str(incident.id)
