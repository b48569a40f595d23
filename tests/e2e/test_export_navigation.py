"""The PDF as an officer's reader navigates it and a screen reader reads it: an outline of
sections, entries and exhibits; each exhibit mark linked to its exhibit's page; the document's
language and description; text in the order it is placed; no app name in discreet mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader

from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts, png_bytes


def _two_entries_with_exhibits(vault: Vault) -> None:
    first = vault.add_incident(make_content(when="2024-03-01T09:00", what="He followed me."))
    vault.attach_bytes(first, "screen.png", png_bytes(seed=1))
    second = vault.add_incident(make_content(when="2024-03-09T09:00", what="He messaged me."))
    vault.attach_bytes(second, "message.png", png_bytes(seed=2))
    vault.attach_bytes(second, "call.png", png_bytes(seed=3))


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_the_outline_lists_sections_entries_and_exhibits(vault: Vault, tmp_path: Path) -> None:
    _two_entries_with_exhibits(vault)
    _, result = export(vault, tmp_path, statement_name="Sam E. Example")
    reader = PdfReader(result.pdf)
    outline = _outline(reader)
    texts = page_texts(result.pdf)
    top = [title for depth, title, _ in outline if depth == 0]
    assert top[:3] == ["Cover", "The pattern", "Chronology"]
    assert top[3].startswith("Schedules: witnesses") and top[4] == "Draft statement"
    assert "Exhibits" in top and "Exhibit schedule" in top
    entries = [(title, page) for depth, title, page in outline if title.startswith("Entry ")]
    assert [title for title, _ in entries] == ["Entry 1", "Entry 2"]
    exhibits = {title: page for depth, title, page in outline if title.startswith("Exhibit SE")}
    assert set(exhibits) == {"Exhibit SE/1", "Exhibit SE/2", "Exhibit SE/3"}
    for title, page in exhibits.items():
        assert title in texts[page - 1], title  # the bookmark opens the exhibit's own page
    statement = next(page for _, title, page in outline if title == "Draft statement")
    assert "WITNESS STATEMENT" in texts[statement - 1]


def test_each_exhibit_mark_links_to_its_exhibit_page(vault: Vault, tmp_path: Path) -> None:
    _two_entries_with_exhibits(vault)
    _, result = export(vault, tmp_path, statement_name="Sam E. Example")
    reader = PdfReader(result.pdf)
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    texts = page_texts(result.pdf)
    targets: dict[str, set[int]] = {}
    statement_links = 0
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link["/Subtype"] != "/Link":
                continue
            target = numbers[link["/Dest"][0].idnum]
            mark = next(
                m for m in ("SE/1", "SE/2", "SE/3") if f"Exhibit {m}\n" in texts[target - 1]
            )
            targets.setdefault(mark, set()).add(target)
            statement_links += "WITNESS STATEMENT" in texts[number - 1]
    # Every mark is linked (from the chronology, the statement and the schedule) and each of its
    # links opens the one page where that exhibit is shown.
    assert set(targets) == {"SE/1", "SE/2", "SE/3"}
    assert all(len(pages) == 1 for pages in targets.values())
    assert statement_links >= 3


def test_language_title_and_subject_are_declared(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content())
    _, result = export(vault, tmp_path, statement_name="Sam Example")
    reader = PdfReader(result.pdf)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Sam Example" in reader.metadata.title
    assert reader.metadata.subject == "Chronology and draft statement prepared to assist police"


def test_discreet_mode_leaves_the_app_name_out_of_the_pdf(vault: Vault, tmp_path: Path) -> None:
    vault.add_incident(make_content())
    vault.set_setting("discreet", "1")
    _, result = export(vault, tmp_path)
    info = PdfReader(result.pdf).metadata
    assert all("Evidence Diary" not in str(value) for value in info.values())
    assert b"Evidence Diary" not in result.pdf.read_bytes()


def test_text_reads_in_the_order_it_is_placed(vault: Vault, tmp_path: Path) -> None:
    for day in range(1, 20):
        vault.add_incident(
            make_content(when=f"2024-02-{day:02d}T10:00", what=f"Day {day}: he followed me. " * 30)
        )
    _, result = export(vault, tmp_path)
    # -raw gives text in the order it is drawn, as a screen reader and copy and paste take it.
    raw = page_texts(result.pdf, raw=True)
    statement = [t for t in raw if "WITNESS STATEMENT" in t]
    count = len(statement)
    assert count > 1
    for number, page in enumerate(statement, 1):
        flat = " ".join(page.split())
        heading = flat.index("WITNESS STATEMENT")
        body = flat.index("he followed me")
        signature = flat.index("Signature witnessed by")
        page_of = flat.index(f"Page {number} of {count}")
        assert heading < body < signature < page_of, number
        assert flat.endswith(f"Page {number} of {count}")
    number, chronology = next((n, t) for n, t in enumerate(raw, 1) if "one row per entry" in t)
    flat = " ".join(chronology.split())
    assert flat.startswith("Chronology: one row per entry")  # the heading first, the foot last
    assert flat.endswith(
        f"Page {number} Chronology and draft statement by Sam Example, to "
        "assist police; not a signed statement."
    )


def test_a_message_log_is_in_the_outline_beside_its_exhibit(vault: Vault, tmp_path: Path) -> None:
    from tests.e2e.test_export_messages import _import
    from tests.messages_support import android_zip

    _import(vault, android_zip(tmp_path), ["Chris Sample"])
    pack, result = export(vault, tmp_path, statement_name="Sam E. Example")
    (log,) = pack.message_logs.logs
    mark = log.exhibit.mark
    texts = page_texts(result.pdf)
    outline = {title: page for _, title, page in _outline(PdfReader(result.pdf))}
    # The exported file's exhibit page, and the log of its messages made from it.
    assert f"Exhibit {mark}" in texts[outline[f"Exhibit {mark}"] - 1]
    log_page = texts[outline[f"Message log, exhibit {mark}"] - 1]
    assert "Message logs" in log_page and f"Exhibit {mark}" in log_page
