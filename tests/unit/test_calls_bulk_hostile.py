"""Call logs made of hostile lines counted in bulk give what the XML reader gives.

The bulk reader claims it reads a file only when the file is in the app's own layout, and then
reads it exactly as the XML reader does; anything else it hands over. Here Hypothesis writes
call logs from pieces chosen to break that claim: values holding entities, character references
(a line end, an emoji, characters XML refuses), '>' and '<', quotes of the other kind, raw tabs
and control characters; attributes in another order, given twice, missing, or with single
quotes; dates that are not digits, out of range, or in other digits; other elements, CDATA,
comments and processing instructions among the calls; a DOCTYPE declaring an entity; another
declaration or none; CR LF line ends, a byte-order mark, bytes that are not UTF-8; and files cut
short anywhere. Each log is read both ways, a whole piece and a few bytes at a time, and must
give the same senders, counts, days, first and last times, entries not understood, notes or
refusal, and the same proposals with the same calls.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from diary.domain.messages.backups import calls_bulk
from diary.domain.messages.options import ReadOptions
from tests.unit.test_calls_bulk import plans_alike, surveys

# Values the app writes, or could: each file is read in bulk when it holds only these.
_FINE = {
    "number": ["+447700900123", "+447700900123", "07700 900-123", "", "null", "-2", "&#x2B;44"],
    "duration": ["0", "12", ""],
    "date": ["1717449000000", "1717452600000", "1711846800000", "1729990800000", "0"],
    "type": ["1", "2", "3", "3", "4", "5", "6", "7", "9", "", "02"],
    "presentation": ["1", "1", "2", "3", "4", ""],
    "readable_date": ["3 Jun 2024 22:10:00", "a &amp; b &gt; c"],
    "contact_name": [
        "Chris",
        "(Unknown)",
        "Tom &amp; Jerry",
        "A&#10;B",
        "A&#13;B",
        "&lt;b&gt;",
        "&quot;Sam&quot; &apos;S&apos;",
        "x > y",
        "it's",
        "😡 سأجدك",
        "&#x1F600;",
        "\x85\x9f",
        "null",
        "",
    ],
}
# Values that XML refuses, reads differently, or that are not a time.
_WILD = {
    "number": ["Private", "+44&#55;700900123", "&#0;"],
    "duration": ["x", "&#1;"],
    "date": [
        "00001717449000000",
        str(calls_bulk.LAST_MS),
        str(calls_bulk.LAST_MS + 1),
        "99999999999999999999",
        "",
        "abc",
        "+1717449000000",
        " 1717449000000",
        "1_717_449_000_000",
        "١٧١٧٤٤٩٠٠٠٠٠٠",
        "-1000",
        "&#49;717449000000",
    ],
    "type": ["&#51;", " 3"],
    "presentation": ["&#50;"],
    "readable_date": [
        "a&#10;b",
        "&#0;",
        "&#xFFFF;",
        "&#xD800;",
        "a < b",
        "&#1114112;",
        "&#x110000;",
    ],
    "contact_name": [
        "&nbsp;",
        "&amp",
        "a & b",
        "a < b",
        "tab\there",
        "line\nend",
        "\x01",
        "\ufffe",
        "&#1;",
        "&#x;",
        "&#65",
    ],
}
_SHAPES = ["order", "single", "twice", "missing", "closed", "tight", "spaced", "uppercase"]


@st.composite
def _call(draw: st.DrawFn, wild: bool) -> str:
    pairs = [(name, draw(st.sampled_from(values))) for name, values in _FINE.items()]
    shape = "plain"
    if wild:
        what = draw(st.sampled_from(["value", "shape"]))
        if what == "value":
            at = draw(st.integers(0, len(pairs) - 1))
            pairs[at] = (pairs[at][0], draw(st.sampled_from(_WILD[pairs[at][0]])))
        else:
            shape = draw(st.sampled_from(_SHAPES))
    if shape == "order":
        pairs = pairs[1:] + pairs[:1]
    elif shape == "twice":
        pairs.append(("type", "3"))
    elif shape == "missing":
        pairs.pop(draw(st.integers(0, len(pairs) - 1)))
    elif shape == "uppercase":
        pairs[0] = ("Number", pairs[0][1])
    quote = "'" if shape == "single" else '"'
    text = " ".join(f"{name}={quote}{value}{quote}" for name, value in pairs)
    if shape == "closed":
        return f"  <call {text}></call>"
    if shape == "tight":
        return f"<call {text}/>"
    if shape == "spaced":
        return f"\t<call  {text} />"
    return f"  <call {text} />"


_ODD = [
    "  <sms address='1' date='1717449000000' type='1' body='hi' />",
    "  <foo />",
    "  <!-- a comment -->",
    "  <?pi here?>",
    "  <![CDATA[<call number='1' date='1' />]]>",
    "  loose words",
    "",
    "   ",
    "  <call number='1' date='1717449000000' type='3'",  # not closed
    "  &amp;",
    "  <calls count='1'>",
    "  </calls>",
]
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>"
_WILD_DECLARATION = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>",
    "<?xml version='1.0' encoding='ISO-8859-1' standalone='yes' ?>",
    "<?xml version='1.1' encoding='UTF-8' standalone='yes' ?>",
    "\ufeff" + _DECLARATION,
    " " + _DECLARATION,
    "",
]
_PROLOGUE = [
    "<!--File Created By SMS Backup & Restore v10.20.002 on 14/06/2024 08:00:00-->",
    '<?xml-stylesheet type="text/xsl" href="calls.xsl"?>',
]
_WILD_PROLOGUE = [
    "<!-- two -- dashes -->",
    "<!--ends in a dash--->",
    '<!DOCTYPE calls [<!ENTITY who "Chris">]>',
    '<!DOCTYPE calls SYSTEM "file:///etc/passwd">',
    "<!DOCTYPE calls>",
    "<!-- <calls> </calls> -->",
    "<?xml-stylesheet href='a?b'?>",
    "<!--\x01-->",
]
_ROOT = '<calls count="3" backup_set="x" backup_date="1718348400000" type="full">'
_WILD_ROOT = [
    "<calls>",
    "<calls count='3'>",
    '<calls count="3" count="4">',
    '<calls note="a &amp; b">',
    '<calls note="a &#0; b">',
    '<calls note="a < b">',
    '<smses count="3">',
    "<calls/>",
]
_END = "</calls>\n"
_WILD_END = ["</calls>", "</calls>\n\n  \n", "</calls>\n<x/>", "</calls>\n<!-- end -->\n", ""]


@st.composite
def _log(draw: st.DrawFn) -> bytes:
    """A log in the app's layout, with (most often) one thing in it that is not."""
    odd = draw(
        st.sampled_from(
            [
                *("none", "none", "none", "call", "call", "call", "line", "declaration"),
                *("prologue", "root", "end", "crlf", "cut", "not utf-8"),
            ]
        )
    )
    declaration = draw(st.sampled_from(_WILD_DECLARATION)) if odd == "declaration" else _DECLARATION
    prologue = draw(st.lists(st.sampled_from(_PROLOGUE), max_size=2))
    if odd == "prologue":
        prologue.insert(draw(st.integers(0, len(prologue))), draw(st.sampled_from(_WILD_PROLOGUE)))
    root = draw(st.sampled_from(_WILD_ROOT)) if odd == "root" else _ROOT
    calls = draw(st.lists(_call(wild=False), min_size=1, max_size=10))
    if odd in ("call", "line"):
        extra = draw(_call(wild=True)) if odd == "call" else draw(st.sampled_from(_ODD))
        calls.insert(draw(st.integers(0, len(calls))), extra)
    end = draw(st.sampled_from(_WILD_END)) if odd == "end" else _END
    text = "\n".join([declaration, *prologue, root, *calls]) + "\n" + end
    if odd == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    if odd == "cut":
        data = data[: draw(st.integers(len(data) // 3, len(data) - 1))]
    elif odd == "not utf-8":
        data = data.replace(b'contact_name="', b'contact_name="\xe9', 1)
    return data


_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(data=_log(), piece=st.sampled_from([calls_bulk.CHUNK, 64, 300]))
def test_hostile_call_logs_are_read_alike(
    monkeypatch: pytest.MonkeyPatch, data: bytes, piece: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, monkeypatch.context() as patch:
        patch.setattr(calls_bulk, "CHUNK", piece)
        path = Path(folder) / "calls.xml"
        path.write_bytes(data)
        bulk, reference, read = surveys(path, ReadOptions("Europe/London"), monkeypatch)
        event("read in bulk" if read else "read by the XML reader")
        assert bulk == reference
        plans_alike(path, ReadOptions("Europe/London"))


_FINE_CONTACT = st.sampled_from(_FINE["contact_name"])
_FINE_NUMBER = st.sampled_from(_FINE["number"])
_KIND = st.sampled_from(_FINE["type"])
_PRESENTATION = st.sampled_from(_FINE["presentation"])


@settings(max_examples=60, deadline=None)
@given(
    calls=st.lists(
        st.tuples(
            _FINE_NUMBER, _FINE_CONTACT, _KIND, _PRESENTATION, st.integers(0, calls_bulk.LAST_MS)
        ),
        min_size=1,
        max_size=10,
    )
)
def test_logs_in_the_app_s_own_layout_are_read_in_bulk(
    calls: list[tuple[str, str, str, str, int]],
) -> None:
    """Entities, references and '>' in values, any type and presentation: still the app's
    layout, read in bulk (the hostile logs above are not all handed over)."""
    rows = "".join(
        f'  <call number="{number}" duration="0" date="{date}" type="{kind}" '
        f'presentation="{presentation}" contact_name="{contact}" />\n'
        for number, contact, kind, presentation, date in calls
    )
    text = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<calls count="{len(calls)}">\n{rows}</calls>\n'
    )
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "calls.xml"
        path.write_text(text, encoding="utf-8")
        bulk, reference, read = surveys(path, ReadOptions("Europe/London"), patch)
        assert read and bulk == reference
        plans_alike(path, ReadOptions("Europe/London"))
