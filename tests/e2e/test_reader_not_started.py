"""A reader that could not be started, or that was halted from outside, says nothing about the
file: the person is told calmly, and nothing is stored, so the file is read again next time
(a crash or a stall is stored, so such a file is not tried again at every open)."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import pytest

from diary.vault import Vault
from diary.vault.attachments import derived_files, media_apart, photo_apart
from diary.vault.attachments.derived_forms import DerivedForm
from diary.vault.attachments.media_apart import Halt, read_apart
from tests.conftest import PASSPHRASE, make_content
from tests.file_kinds_support import heic_bytes, mp4_bytes

VIDEO = mp4_bytes(seconds=3.0)
PHOTO = heic_bytes((640, 480))


def _cannot_start(_command: list[str]) -> subprocess.Popen[bytes]:
    raise OSError(12, "Cannot allocate memory")


def test_a_reader_that_cannot_start_is_said_calmly_and_not_stored(
    vault: Vault, diary_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(media_apart, "_spawn", _cannot_start)
        view = read_apart(VIDEO, "video/mp4")
        assert view.problem == media_apart.NOT_STARTED and not view.facts
        preview, form = photo_apart.read_photo(PHOTO)
        assert form.picture is None and form.problem == media_apart.NOT_STARTED
        assert preview.thumbnail is None
        incident = vault.add_incident(make_content(what="He sent a video and a photo."))
        video = vault.attach_bytes(incident, "sent.mp4", VIDEO)
        photo = vault.attach_bytes(incident, "IMG_0007.HEIC", PHOTO)
        # Kept byte for byte; no form stored that would say "could not be read" for good.
        assert vault.read_original(video.id) == VIDEO
        assert vault.read_original(photo.id) == PHOTO
        assert vault.derived_form(video.id) is None
        assert vault.derived_form(photo.id) is None
        [held] = [a for a in vault.incident(incident).attachments if a.id == photo.id]
        assert not held.has_thumbnail and held.preview_problem == media_apart.NOT_STARTED
        assert vault.check().ok
        vault.close()
        with Vault.open(diary_dir, PASSPHRASE) as opened:  # still no reader: still not stored
            assert opened.derived_form(video.id) is None
    # The reader starts again: the next open makes and stores the real forms.
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        video_form = opened.derived_form(video.id)
        assert video_form is not None and video_form.view is not None
        assert video_form.view.fact("Duration") == "3.0 seconds"
        assert not video_form.view.problem and video_form.view.poster is not None
        photo_form = opened.derived_form(photo.id)
        assert photo_form is not None and photo_form.picture is not None
        assert (photo_form.picture.width, photo_form.picture.height) == (640, 480)
        # The photo's thumbnail is made then too, in place of the note.
        kept = {a.filename: a for a in opened.incident(incident).attachments}
        assert kept["IMG_0007.HEIC"].has_thumbnail
        assert kept["IMG_0007.HEIC"].preview_problem == ""
        assert opened.thumbnail(photo.id) is not None
        assert opened.check().ok


def test_a_form_is_stored_when_the_reader_crashed_but_not_when_it_did_not_start(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = vault.add_incident(make_content())
    with monkeypatch.context() as patch:
        patch.setenv(media_apart.TEST_FAULT_ENV, "crash")
        crashed = vault.attach_bytes(incident, "crashed.mp4", VIDEO)
    stored = vault.derived_form(crashed.id)
    assert stored is not None and stored.view is not None
    assert stored.view.problem == media_apart.STOPPED
    assert derived_files.make_missing(vault.conn) == 0  # not made again at every open


def test_a_halted_reader_is_killed_at_once_and_its_form_is_not_lasting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "hang")  # the child stalls
    halt = Halt()
    threading.Timer(0.5, halt.stop).start()
    started = time.monotonic()
    view = read_apart(VIDEO, "video/mp4", halt)
    assert time.monotonic() - started < 30  # READ_SECONDS is 120
    assert view.problem == media_apart.HALTED
    assert not DerivedForm(view=view).lasting
    # Once halted, no child is started at all.
    preview, form = photo_apart.read_photo(PHOTO, halt)
    assert form.problem == media_apart.HALTED and preview.thumbnail is None
    assert not form.lasting
