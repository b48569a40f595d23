"""Videos and recordings are read in a process of their own: a file that crashes or stalls its
reader, or a reader that answers with anything but a view, costs a plain note on that file —
never the app, the entry being kept, or the original."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from diary.vault import Vault
from diary.vault.attachments import media_apart
from diary.vault.attachments.media_apart import read_apart, view_from
from diary.vault.attachments.media_view import media_view
from tests.conftest import make_content
from tests.export_support import export, page_texts
from tests.file_kinds_support import audio_bytes, mp4_bytes

VIDEO = mp4_bytes(seconds=3.0)


def test_a_video_read_apart_is_the_view_read_in_the_app() -> None:
    apart = read_apart(VIDEO, "video/mp4")
    assert apart == media_view(VIDEO, "video/mp4")
    assert apart.poster is not None and len(apart.stills) == 6 and not apart.problem
    # a file object over the bytes (a stored original too large to hold) reads the same
    assert read_apart(io.BytesIO(VIDEO), "video/mp4") == apart


def test_a_recording_read_apart_has_its_duration() -> None:
    recording = audio_bytes()
    apart = read_apart(recording, "audio/mp4")
    assert apart == media_view(recording, "audio/mp4")
    assert apart.fact("Duration")


def test_a_damaged_video_read_apart_says_so_as_in_the_app() -> None:
    cut = VIDEO[: len(VIDEO) // 3]
    assert read_apart(cut, "video/mp4") == media_view(cut, "video/mp4")
    assert read_apart(b"not a video at all", "video/mp4").problem


def test_a_video_that_crashes_its_reader_is_kept_and_the_app_goes_on(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader dies of a signal, as a decoder's fault would: the file is kept byte for byte,
    its view says what happened, the diary checks clean and the pack is made."""
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "crash")
    incident = vault.add_incident(make_content(what="He sent me this video."))
    kept = vault.attach_bytes(incident, "sent.mp4", VIDEO)
    assert hashlib.sha256(vault.read_original(kept.id)).digest() == hashlib.sha256(VIDEO).digest()
    form = vault.derived_form(kept.id)
    assert form is not None and form.view is not None
    assert form.view.problem == media_apart.STOPPED
    assert vault.check().ok
    _, result = export(vault, tmp_path)
    text = " ".join(" ".join(page_texts(result.pdf)).split())
    assert "could not be read safely" in text
    assert "He sent me this video." in text


def test_a_video_that_stalls_its_reader_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(media_apart.TEST_FAULT_ENV, "hang")
    monkeypatch.setattr(media_apart, "READ_SECONDS", 1.0)
    started = time.monotonic()
    view = read_apart(VIDEO, "video/mp4")
    assert time.monotonic() - started < 30
    assert view.problem == media_apart.TOO_LONG
    assert view.poster is None and not view.stills


def _answer(**changes: Any) -> dict[str, Any]:
    jpeg = media_view(VIDEO, "video/mp4").poster
    assert jpeg is not None
    still = {
        "caption": "First frame, at 0:00",
        "data": base64.b64encode(jpeg.data).decode(),
        "media_type": "image/jpeg",
        "width": jpeg.width,
        "height": jpeg.height,
    }
    answer = {
        "kind": "video",
        "facts": [["Duration", "3.0 seconds"]],
        "poster": still,
        "stills": [still],
        "stills_heading": "1 frame",
        "problem": "",
    }
    return {**answer, **changes}


def test_a_well_formed_answer_is_read() -> None:
    view = view_from(json.loads(json.dumps(_answer())))
    assert view.fact("Duration") == "3.0 seconds" and view.poster is not None


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "email"},
        {"facts": "Duration"},
        {"facts": [["Duration", "x" * 100_000]]},
        {"facts": [["Duration"]]},
        {"stills": [None]},
        {"stills": [_answer()["poster"]] * 40},
        {"poster": {**_answer()["poster"], "data": base64.b64encode(b"<svg/>").decode()}},
        {"poster": {**_answer()["poster"], "media_type": "image/svg+xml"}},
        {"poster": {**_answer()["poster"], "width": 10**9}},
        {"poster": {**_answer()["poster"], "width": "640"}},
        {"poster": {**_answer()["poster"], "data": "not base64!"}},
        {"problem": None},
        {"problem": media_apart.NOT_STARTED},  # only this process says that: never stored
    ],
)
def test_an_answer_that_is_not_a_view_is_refused(changes: dict[str, Any]) -> None:
    """A reader taken over by a hostile file can say no more than a view can."""
    with pytest.raises((ValueError, TypeError, KeyError)):
        view_from(json.loads(json.dumps(_answer(**changes))))
