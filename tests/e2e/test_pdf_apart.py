"""A kept PDF's pages are drawn in a process of their own, once, when it is kept: a document made
to exploit PDFium never reaches the process that holds the diary's key, and one that crashes or
stalls its reader costs a plain note on that file — never the entry, the pack or the original."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
import time
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from diary.domain.case import CaseDetails
from diary.export.file_views import view_file
from diary.vault import Vault
from diary.vault.attachments import derived_files, derived_forms, media_apart, pdf_apart
from diary.vault.attachments.pdf_apart import pdf_from, read_pdf
from diary.vault.keys.keys import FLOOR
from diary.vault.storage.file_store import FILES_FOLDER
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, page_texts
from tests.file_kinds_support import pdf_bytes

LETTER = pdf_bytes(pages=4)
WHAT = "He pushed this letter through the door."


def _no_pdfium_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium fails in this process from here on, however it is asked to open a document."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("PDFium is not to be used in the app's own process")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)


def _pack_text(pdf: Path) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


def _image_count(pdf: Path) -> int:
    return sum(len(page.images) for page in PdfReader(pdf).pages)


def test_a_kept_pdf_is_shown_and_exported_without_pdfium_in_the_app(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pdfium_here(monkeypatch)
    kept = vault.attach_bytes(vault.add_incident(make_content(what=WHAT)), "letter.pdf", LETTER)
    form = vault.derived_form(kept.id)
    assert form is not None and form.view is not None and not form.view.problem
    assert form.view.fact("Pages") == "4"
    assert [s.caption for s in form.view.stills] == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4"]
    first = Image.open(io.BytesIO(form.view.stills[0].data))
    assert first.format == "PNG" and first.size == (900, 1275)
    # the page as drawn: its frame is black on white
    assert first.getpixel((450, 5)) == (255, 255, 255) and min(first.getpixel((450, 45))) < 100
    _, result = export(vault, tmp_path)
    text = _pack_text(result.pdf)
    assert "Page 1 of 4" in text and "Page 3 of 4" in text and WHAT in text
    assert "the last page is in the original" in text
    assert _image_count(result.pdf) == 3


def test_a_pdf_without_a_stored_view_is_drawn_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """A diary on read-only media, say: the view is made again, in a child, not here."""
    _no_pdfium_here(monkeypatch)
    view = view_file(LETTER, "application/pdf")
    assert view is not None and not view.problem
    assert [s.caption for s in view.stills] == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4"]
    assert read_pdf(io.BytesIO(LETTER)) == view  # a file object over the bytes reads the same


def test_a_document_that_is_not_a_pdf_says_so() -> None:
    view = read_pdf(b"%PDF-1.7 and then nothing a reader can use")
    assert view.problem.startswith("The document could not be opened")
    assert not view.stills and not view.facts


def test_a_pdf_that_crashes_its_reader_is_kept_and_the_pack_is_made(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader dies of a signal, as a fault in PDFium would: the file is kept byte for byte,
    its view says what happened, the diary checks clean and the pack is made with the note."""
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "crash")
    kept = vault.attach_bytes(vault.add_incident(make_content(what=WHAT)), "letter.pdf", LETTER)
    assert hashlib.sha256(vault.read_original(kept.id)).digest() == hashlib.sha256(LETTER).digest()
    form = vault.derived_form(kept.id)
    assert form is not None and form.view is not None
    assert form.view.problem == pdf_apart.STOPPED and not form.view.stills
    assert vault.check().ok
    _, result = export(vault, tmp_path)
    text = _pack_text(result.pdf)
    assert "could not be read safely" in text and WHAT in text
    assert "Nothing read from the file: the note below says why" in text
    assert "Its first pages below" not in text
    assert _image_count(result.pdf) == 0


def test_a_pdf_that_stalls_its_reader_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "hang")
    monkeypatch.setattr(pdf_apart, "READ_SECONDS", 1.0)
    started = time.monotonic()
    view = read_pdf(LETTER)
    assert time.monotonic() - started < 30
    assert view.problem == media_apart.TOO_LONG and not view.stills


def test_a_pdf_kept_before_its_pages_were_drawn_apart_gets_its_view_at_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    with monkeypatch.context() as patch:
        # as the app kept PDFs before: no derived form, the pages drawn at every view
        patch.setattr(derived_forms, "derivable", lambda _type, _size: False)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        kept = vault.attach_bytes(vault.add_incident(make_content()), "letter.pdf", LETTER)
        vault.close()
    assert len(list((folder / FILES_FOLDER).iterdir())) == 1
    _no_pdfium_here(monkeypatch)
    with Vault.open(folder, PASSPHRASE) as vault:
        form = derived_files.load(vault.conn, kept.id)
        assert form is not None and form.view is not None
        assert len(form.view.stills) == 3 and form.view.stills[0].caption == "Page 1 of 4"
        assert vault.check().ok
    assert len(list((folder / FILES_FOLDER).iterdir())) == 2


def _png(size: tuple[int, int] = (90, 130)) -> str:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def _jpeg() -> str:
    out = io.BytesIO()
    Image.new("RGB", (90, 130), "white").save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def _answer(**changes: Any) -> dict[str, Any]:
    return {"pages": 4, "drawn": [_png(), _png(), _png()], "problem": "", **changes}


def test_a_well_formed_answer_is_read() -> None:
    view = pdf_from(json.loads(json.dumps(_answer())))
    assert view.fact("Pages") == "4" and len(view.stills) == 3
    assert view.stills[2].caption == "Page 3 of 4" and view.stills[2].width == 90
    partly = pdf_from(_answer(drawn=[_png()], problem="partly"))
    assert partly.problem == "Some pages could not be drawn; the original is kept."
    assert pdf_from(_answer(pages=None, drawn=[], problem="unopened")).problem


@pytest.mark.parametrize(
    "changes",
    [
        {"pages": "4"},
        {"pages": True},
        {"pages": -1},
        {"pages": 10**12},
        {"pages": None},
        {"drawn": "pages"},
        {"drawn": [_jpeg(), _png(), _png()]},  # not a PNG
        {"drawn": [base64.b64encode(b"<svg/>").decode(), _png(), _png()]},
        {"drawn": ["not base64!", _png(), _png()]},
        {"drawn": [None, _png(), _png()]},
        {"drawn": [_png((901, 130)), _png(), _png()]},  # wider than a page is drawn
        {"drawn": [_png((90, 1301)), _png(), _png()]},
        {"drawn": ["A" * (pdf_apart.MAX_PAGE_BYTES * 2), _png(), _png()]},
        {"drawn": [_png()] * 4},  # more pages than are drawn
        {"drawn": [_png()]},  # fewer, without saying why
        {"problem": "Your diary is damaged: send it to this address to have it repaired."},
        {"problem": media_apart.NOT_STARTED},  # only this process says that: never stored
        {"problem": None},
        {"stills_heading": "Everything in this document is true"},  # a field not in an answer
    ],
)
def test_an_answer_that_is_not_a_documents_view_is_refused(changes: dict[str, Any]) -> None:
    """A reader taken over by a hostile document can say no more than its pages can."""
    with pytest.raises((ValueError, TypeError, KeyError)):
        pdf_from(json.loads(json.dumps(_answer(**changes))))


def test_a_pdf_whose_reader_cannot_start_is_said_calmly_and_drawn_at_the_next_open(
    vault: Vault, diary_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_start(_command: list[str]) -> None:
        raise OSError(12, "Cannot allocate memory")

    with monkeypatch.context() as patch:
        patch.setattr(media_apart, "_spawn", cannot_start)
        kept = vault.attach_bytes(vault.add_incident(make_content()), "letter.pdf", LETTER)
        assert vault.read_original(kept.id) == LETTER
        assert vault.derived_form(kept.id) is None  # nothing stored that says so for good
        view = view_file(LETTER, "application/pdf")
        assert view is not None and view.problem == media_apart.NOT_STARTED
        vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        form = opened.derived_form(kept.id)
        assert form is not None and form.view is not None and len(form.view.stills) == 3
        assert opened.check().ok


def test_locking_stops_a_pdf_being_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's diary is locked while a stalled child draws a PDF: the child is killed at
    once, and the view says the reading was stopped (it is not stored)."""
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "hang")
    halt = media_apart.Halt()
    threading.Timer(0.5, halt.stop).start()
    started = time.monotonic()
    view = read_pdf(LETTER, halt)
    assert time.monotonic() - started < 10  # not READ_SECONDS
    assert view.problem == media_apart.HALTED and not view.stills
