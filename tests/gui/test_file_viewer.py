"""Each kind of file shown inside the window as the pack shows it: a video's duration and
frames, a recording's duration and the person's transcript, an e-mail's headers and text, a
PDF's first pages, a HEIC photo and a sideways photo upright; never through another program."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import av
import pypdfium2
import pytest
from PIL import Image
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QToolButton

from diary.export.file_views import view_file
from diary.gui.viewers import file_opening
from diary.gui.viewers.file_viewer_dialog import FileViewerDialog
from diary.gui.viewers.image_viewer_dialog import ImageViewerDialog
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import export, page_texts
from tests.file_kinds_support import audio_bytes, eml_bytes, heic_bytes, mp4_bytes, pdf_bytes
from tests.gui.conftest import unlock

WORDS = "You think you can ignore me? I'll be outside again tonight."


def _sideways_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (400, 200), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


FILES = {
    "doorbell.mp4": mp4_bytes(seconds=4.0),
    "voicemail.m4a": audio_bytes(seconds=2.5),
    "threat.eml": eml_bytes(),
    "letter.pdf": pdf_bytes(pages=4),
}


def _viewer(qtbot, window, name: str):  # type: ignore[no-untyped-def]
    """Click the entry's button for the file called name; the dialog it opens."""
    window.timeline.table.selectRow(0)
    buttons = window.timeline.detail.thumbs.findChildren(QToolButton)
    button = next(b for b in buttons if b.toolTip().startswith(f"{name}:"))
    before = _dialogs(window)
    button.click()
    qtbot.waitUntil(lambda: bool(_dialogs(window) - before))
    [dialog] = _dialogs(window) - before
    return dialog


def _dialogs(window) -> set:  # type: ignore[no-untyped-def]
    found = window.timeline.findChildren(FileViewerDialog)
    return set(found + window.timeline.findChildren(ImageViewerDialog))


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url) or True)
    return calls


def test_each_kind_shows_in_the_window_what_the_pack_shows(
    qtbot, make_window, vault: Vault, diary_dir: Path, tmp_path: Path, opened_urls: list[object]
) -> None:
    digest = hashlib.sha256(FILES["voicemail.m4a"]).hexdigest()
    incident = vault.add_incident(make_content(transcripts=((digest, WORDS),)))
    for name, data in FILES.items():
        vault.attach_bytes(incident, name, data)
    _, result = export(vault, tmp_path)
    pack_text = " ".join(" ".join(page_texts(result.pdf)).split())
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    for name, data in FILES.items():
        dialog = _viewer(qtbot, window, name)
        assert isinstance(dialog, FileViewerDialog) and dialog.isVisible()
        view = view_file(data, _media_type(name))
        assert view is not None
        # The same facts, frames and pages as the view the pack draws, and each in the pack.
        assert dialog.shown_facts() == list(view.facts) and view.facts
        for label, value in view.facts:
            assert f"{label} {' '.join(value.split())}" in pack_text
        expected = ([view.poster.caption] if view.poster else []) + [s.caption for s in view.stills]
        assert dialog.captions == expected
        for caption in expected:
            assert caption in pack_text
        if view.text:
            assert dialog.text.toPlainText() == view.text
        if name == "doorbell.mp4":
            assert dialog.shown_facts()[0] == ("Duration", "4.0 seconds")
            assert len(dialog.captions) == 7
        if name == "voicemail.m4a":
            assert dialog.transcript.isVisible() and dialog.transcript.text() == WORDS
            assert WORDS in pack_text
        if name == "threat.eml":
            assert dict(dialog.shown_facts())["Message-ID"] == "<threat-0001@mail.example.org>"
        if name == "letter.pdf":
            assert dialog.captions == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4"]
        dialog.grab().save(str(tmp_path / f"viewer-{name}.png"))
        dialog.reject()
    assert opened_urls == []


def _media_type(name: str) -> str:
    return {
        "doorbell.mp4": "video/mp4",
        "voicemail.m4a": "audio/mp4",
        "threat.eml": "message/rfc822",
        "letter.pdf": "application/pdf",
    }[name]


def test_a_heic_and_a_sideways_photo_show_upright_at_full_size(
    qtbot, make_window, vault: Vault, diary_dir: Path, opened_urls: list[object]
) -> None:
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "IMG_0001.HEIC", heic_bytes((320, 240)))
    vault.attach_bytes(incident, "portrait.jpg", _sideways_jpeg())
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    heic = _viewer(qtbot, window, "IMG_0001.HEIC")
    assert isinstance(heic, ImageViewerDialog) and heic.pixmap is not None
    assert (heic.pixmap.width(), heic.pixmap.height()) == (320, 240)
    heic.reject()
    sideways = _viewer(qtbot, window, "portrait.jpg")
    assert isinstance(sideways, ImageViewerDialog) and sideways.pixmap is not None
    assert (sideways.pixmap.width(), sideways.pixmap.height()) == (200, 400)
    assert opened_urls == []


def test_the_transcript_is_typed_beside_a_kept_recording_and_saved_with_the_entry(
    qtbot, make_window, vault: Vault, diary_dir: Path
) -> None:
    recording = FILES["voicemail.m4a"]
    incident = vault.add_incident(make_content())
    vault.attach_bytes(incident, "voicemail.m4a", recording)
    vault.attach_bytes(incident, "threat.eml", FILES["threat.eml"])
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)
    window.timeline.table.selectRow(0)
    window.timeline.edit_requested.emit(incident)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.isVisible())
    files = editor.files
    files.list.setCurrentRow(1)  # the e-mail: no transcript to type
    assert not files.transcript.isVisibleTo(editor)
    files.list.setCurrentRow(0)
    assert files.transcript.isVisibleTo(editor)
    files.transcript.setPlainText(WORDS)
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    content = window.session.vault.incident(incident).content
    assert content.transcript_of(hashlib.sha256(recording).hexdigest()) == WORDS
    history = window.session.vault.history(incident)
    assert len(history) >= 2  # the transcript is a recorded change to the entry


def test_a_video_shows_its_frames_kept_with_it_without_decoding_it_again(
    qtbot, make_window, vault: Vault, diary_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.attach_bytes(vault.add_incident(make_content()), "doorbell.mp4", FILES["doorbell.mp4"])
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)

    def refuse(*_args: object) -> None:
        raise RuntimeError("the media readers are not available")

    monkeypatch.setattr(file_opening, "view_file", refuse)
    monkeypatch.setattr(av, "open", refuse)
    dialog = _viewer(qtbot, window, "doorbell.mp4")
    assert isinstance(dialog, FileViewerDialog)
    assert dialog.shown_facts()[0] == ("Duration", "4.0 seconds")
    assert len(dialog.captions) == 7 and dialog.captions[0] == "First frame, at 0:00.0"
    dialog.reject()


def test_a_pdf_shows_its_pages_kept_with_it_without_pdfium_in_the_window(
    qtbot, make_window, vault: Vault, diary_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept PDF's pages were drawn apart when it was kept: the window shows those, and never
    opens the document with PDFium in its own process."""
    vault.attach_bytes(vault.add_incident(make_content()), "letter.pdf", FILES["letter.pdf"])
    vault.close()
    window = make_window(diary_dir)
    unlock(qtbot, window)

    def refuse(*_args: object) -> None:
        raise RuntimeError("PDFium is not to be used in the app's own process")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    monkeypatch.setattr(file_opening, "view_file", refuse)
    dialog = _viewer(qtbot, window, "letter.pdf")
    assert isinstance(dialog, FileViewerDialog)
    assert dialog.shown_facts() == [("Pages", "4")]
    assert dialog.captions == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4"]
    dialog.reject()
