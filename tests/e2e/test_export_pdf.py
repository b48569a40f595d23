"""The pack's PDF: order of parts, text as typed in any script, the statement's page count,
metadata, and exhibit marks that never change."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from diary.domain.behaviours import BEHAVIOURS
from diary.domain.errors import InvalidInput
from diary.export.fonts import SYMBOLS, font_set
from diary.export.text import font_runs
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, normalised, page_texts, png_bytes

SCRIPTS = {
    "polish": "Zażółć gęślą jaźń, powiedział",
    "greek": "Καλημέρα κόσμε",
    "cyrillic": "Привет, я тебя вижу",
    "arabic": "مرحبا بك في البيت",
    "hebrew": "שלום עולם",
}


def test_every_script_is_drawn_and_extracts_back(vault: Vault, tmp_path: Path) -> None:
    text = " / ".join(SCRIPTS.values()) + " 🔥 done"
    vault.add_incident(make_content(what=text))
    _, result = export(vault, tmp_path)
    raw = "\n".join(page_texts(result.pdf))
    # Shaped Arabic is drawn with joined (presentation) forms; unshaped would be isolated letters.
    assert any("\ufe70" <= c <= "\ufeff" for c in raw)
    body = normalised(raw)
    for name in ("polish", "greek", "cyrillic"):
        assert SCRIPTS[name] in body, name
    for word in SCRIPTS["arabic"].split() + SCRIPTS["hebrew"].split():
        assert word in body or word[::-1] in body, word
    assert "🔥" in body
    # The emoji is drawn by an embedded font that really has the glyph, never as a box.
    runs = font_runs("fire 🔥", "EvidenceSans")
    assert runs[-1] == (SYMBOLS, "🔥") and ord("🔥") in font_set().coverage[SYMBOLS]
    fonts = {
        f["/BaseFont"]
        for p in PdfReader(result.pdf).pages
        for f in p["/Resources"]["/Font"].get_object().values()
        for f in [f.get_object()]
    }
    assert any(name.endswith("Symbola") for name in fonts)


def test_markup_like_text_is_shown_literally(vault: Vault, tmp_path: Path) -> None:
    typed = "<b>bold</b> <img src=/etc/passwd> &amp; <i>never closed"
    vault.add_incident(make_content(what=typed, where="<font name=x>here"))
    _, result = export(vault, tmp_path)
    statement = next(t for t in page_texts(result.pdf) if "WITNESS STATEMENT" in t)
    flat = " ".join(statement.split())
    assert "<b>bold</b> <img src=/etc/passwd> &amp; <i>never closed" in flat
    assert "<font name=x>here" in flat


def test_a_one_megabyte_entry_is_exported_whole(vault: Vault, tmp_path: Path) -> None:
    words = [f"w{i:06d}" for i in range(140_000)]  # ~1 MB of text, no blank lines
    vault.add_incident(make_content(what=" ".join(words)))
    _, result = export(vault, tmp_path)
    body = " ".join(" ".join(page_texts(result.pdf)).split())
    assert words[0] in body and words[70_000] in body and words[-1] in body


def _statement_pages(texts: list[str]) -> list[str]:
    return [t for t in texts if "WITNESS STATEMENT" in t]


def test_declaration_states_the_real_number_of_statement_pages(
    vault: Vault, tmp_path: Path
) -> None:
    for day in range(1, 29):
        vault.add_incident(
            make_content(when=f"2024-02-{day:02d}T10:00", what="He followed me again. " * 40)
        )
    _, result = export(vault, tmp_path, occupation="Nurse")
    statement = _statement_pages(page_texts(result.pdf))
    count = len(statement)
    assert count > 2
    flat = " ".join(statement[0].split())
    assert f"consisting of {count} page(s) each signed by me" in flat
    # No age was given and the person did not say they are over 18: the line is left blank.
    assert "Over 18" not in flat and "Nurse" in flat and "Statement of:" in flat
    assert "URN:" in flat
    for number, page in enumerate(statement, start=1):
        assert f"Page {number} of {count}" in page
        assert "Signature witnessed by" in page and "DRAFT" in page
        assert ("Continuation of Statement of" in page) == (number > 1)


def test_parts_come_in_the_order_officers_need(vault: Vault, tmp_path: Path) -> None:
    first = vault.add_incident(
        make_content(
            when="2024-03-01T09:00",
            feared_violence=True,
            behaviours=("following",),
            police_ref="CAD 77",
            impact="I moved my shifts",
            effects=("route",),
        )
    )
    vault.attach_bytes(first, "screen.png", png_bytes())
    vault.add_incident(make_content(when="2024-03-09T09:00", behaviours=("threats",)))
    _, result = export(vault, tmp_path, statement_name="Sam E. Example")
    texts = page_texts(result.pdf)
    order = [
        "The pattern\n",
        "Chronology: one row",
        "WITNESS STATEMENT",
        "Impact\nHow these",
        "Exhibits\nExhibit SE/1",
        "Exhibit schedule\n",
        "Audit trail:",
        "This export\n",
    ]
    pages = [next(i for i, t in enumerate(texts) if key in t) for key in order]
    assert pages == sorted(pages) and pages[0] == 1
    cover = " ".join(texts[0].split())
    assert "prepared by Sam E. Example to assist police" in cover
    assert "not a witness statement under section 9 of the Criminal Justice Act 1967" in cover
    pattern = " ".join(texts[1].split())
    assert "Occasions of fear of violence: 1" in pattern and "CAD 77" in pattern
    assert "a screenshot, which I produce as exhibit SE/1." in " ".join(" ".join(texts).split())


def test_impact_is_left_out_when_asked(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content(impact="I moved my shifts", effects=("route",)))
    _, result = export(vault, tmp_path, include_impact=False)
    assert not any(t.startswith("Impact") or "\nImpact\n" in t for t in page_texts(result.pdf))


def test_metadata_is_set_on_purpose(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content())
    pack, result = export(vault, tmp_path, statement_name="Sam Example")
    info = PdfReader(result.pdf).metadata
    assert info["/Author"] == "Sam Example"
    assert "Sam Example" in info["/Title"]
    assert info["/Producer"] == "Evidence Diary" and info["/Creator"] == "Evidence Diary"
    assert info["/CreationDate"] == pack.produced_at.strftime("D:%Y%m%d%H%M%S+00'00'")


def test_filters_choose_incidents_and_nothing_chosen_is_refused(
    vault: Vault, tmp_path: Path
) -> None:
    vault.add_incident(make_content(when="2024-01-05T10:00", what="January event"))
    vault.add_incident(
        make_content(when="2024-05-05T10:00", what="May event", behaviours=("threats",))
    )
    from datetime import date

    _, result = export(vault, tmp_path, start=date(2024, 4, 1))
    body = " ".join(page_texts(result.pdf))
    assert "May event" in body and "January event" not in body
    _, result = export(vault, tmp_path, "b", behaviours=("threats",))
    assert "January event" not in " ".join(page_texts(result.pdf))
    with pytest.raises(InvalidInput):
        export(vault, tmp_path, "c", start=date(2025, 1, 1))
    assert not (tmp_path / "c.pdf").exists()


def _marks(bundle: Path) -> dict[str, str]:
    with zipfile.ZipFile(bundle) as archive:
        entries = json.loads(archive.read("entries.json"))
    return {
        a["filename"]: a["exhibit_mark"] for i in entries["incidents"] for a in i["attachments"]
    }


def test_exhibit_marks_are_consecutive_and_never_change(vault: Vault, tmp_path: Path) -> None:
    first = vault.add_incident(make_content(when="2024-03-01T09:00"))
    second = vault.add_incident(make_content(when="2024-03-05T09:00"))
    vault.attach_bytes(first, "a.png", png_bytes(seed=1))
    vault.attach_bytes(second, "b.png", png_bytes(seed=2))
    vault.attach_bytes(first, "c.png", png_bytes(seed=3))
    _, one = export(vault, tmp_path, "one")
    marks = _marks(one.bundle)  # type: ignore[arg-type]
    assert sorted(marks.values()) == ["SE/1", "SE/2", "SE/3"]
    assert marks["b.png"] == "SE/3"  # time order: both of the first incident's files come first
    _, two = export(vault, tmp_path, "two")
    assert _marks(two.bundle) == marks  # type: ignore[arg-type]
    earlier = vault.add_incident(make_content(when="2024-02-01T09:00"))
    vault.attach_bytes(earlier, "d.png", png_bytes(seed=4))
    _, three = export(vault, tmp_path, "three")
    assert _marks(three.bundle) == {**marks, "d.png": "SE/4"}  # type: ignore[arg-type]
    texts = " ".join(page_texts(three.pdf))
    assert re.search(r"Exhibit SE/4", texts)


def test_no_field_however_long_breaks_the_layout(vault: Vault, tmp_path: Path) -> None:
    from diary.domain.case import CaseDetails
    from diary.domain.incident import Source

    huge = "long-" * 40_000
    vault.set_case(
        CaseDetails(name="Sam " + "Example" * 300, initials="SE", crime_refs=huge, orders=huge)
    )
    incident = vault.add_incident(
        make_content(
            where=huge,
            police_ref=huge,
            words=huge,
            witnesses=(huge, huge),
            feared_violence=True,
            behaviours=tuple(BEHAVIOURS),
        )
    )
    vault.attach_bytes(
        incident,
        "x" * 250 + ".png",
        png_bytes(),
        Source(url="https://example.org/" + huge, profile=huge),
    )
    _, result = export(vault, tmp_path, occupation=huge)
    assert any("Exhibit SE/1" in text for text in page_texts(result.pdf))
