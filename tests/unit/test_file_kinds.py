"""Telling each kind of file from its bytes, and reading a view of it in memory: a video's
frames, a recording's duration, an e-mail's headers, a PDF's pages; damaged files give a plain
problem, never an exception."""

from __future__ import annotations

import pytest

from diary.domain.filetypes import detect
from diary.export.file_views import duration_text, view_file
from diary.export.file_views.email_view import html_text
from diary.export.picture_parts import plan
from tests.file_kinds_support import audio_bytes, eml_bytes, heic_bytes, mp4_bytes, pdf_bytes


@pytest.mark.parametrize(
    ("make", "media_type"),
    [
        (lambda: heic_bytes(), "image/heic"),
        (lambda: mp4_bytes(), "video/mp4"),
        (lambda: audio_bytes(), "audio/mp4"),
        (lambda: audio_bytes("amr", "libopencore_amrnb", 1.0, 8000), "audio/amr"),
        (lambda: audio_bytes("wav", "pcm_s16le", 1.0), "audio/wav"),
        (lambda: audio_bytes("ogg", "libopus", 1.0, 48000), "audio/ogg"),
        (lambda: eml_bytes(), "message/rfc822"),
        (lambda: pdf_bytes(1), "application/pdf"),
    ],
)
def test_each_kind_is_told_from_its_bytes(make: object, media_type: str) -> None:
    assert detect(make()[:4096]) == media_type  # type: ignore[operator]


def test_a_letter_that_mentions_from_is_still_text() -> None:
    assert detect(b"Dear Sam,\nFrom: the look of it, he was there.\n") == "text/plain"


@pytest.mark.parametrize(
    ("container", "codec", "rate", "media_type", "words"),
    [
        ("mp3", "libmp3lame", 22050, "audio/mpeg", "MP3, mono"),
        ("ogg", "libopus", 48000, "audio/ogg", "Opus, mono"),
        ("amr", "libopencore_amrnb", 8000, "audio/amr", "AMR (narrow band), mono"),
        ("wav", "pcm_s16le", 8000, "audio/wav", "uncompressed (PCM), mono"),
    ],
)
def test_recordings_give_their_duration(
    container: str, codec: str, rate: int, media_type: str, words: str
) -> None:
    view = view_file(audio_bytes(container, codec, 3.0, rate), media_type)
    assert view is not None and view.kind == "audio" and view.problem == ""
    seconds = float(view.fact("Duration").split()[0])
    assert 2.9 <= seconds <= 3.2
    assert view.fact("Sound").startswith(words)


def test_a_video_gives_a_first_frame_and_six_timed_frames_in_order() -> None:
    view = view_file(mp4_bytes(seconds=6.0), "video/mp4")
    assert view is not None and view.kind == "video" and view.problem == ""
    assert view.fact("Duration") == "6.0 seconds"
    assert view.poster is not None and view.poster.caption == "First frame, at 0:00.0"
    times = [float(s.caption.removeprefix("At 0:")) for s in view.stills]
    assert len(times) == 6 and times == sorted(times) and times[0] < 1.0 < 5.0 < times[-1]
    # Later frames show more red (the test video fills with red as it plays).
    from io import BytesIO

    from PIL import Image

    reds = [
        Image.open(BytesIO(s.data))
        .convert("RGB")
        .getchannel("R")
        .point(lambda v: v > 150 and 255)
        .histogram()[255]
        for s in view.stills
    ]
    assert reds == sorted(reds) and reds[0] < reds[-1]


@pytest.mark.parametrize("cut", [0, 50, 400, 2000])
def test_a_damaged_video_gives_a_problem_not_an_error(cut: int) -> None:
    data = mp4_bytes()
    view = view_file(data[:cut] + b"\x00" * 64, "video/mp4")
    assert view is not None and view.problem


def test_an_email_gives_its_headers_and_html_text_without_markup() -> None:
    view = view_file(eml_bytes(html_only=True), "message/rfc822")
    assert view is not None and view.problem == ""
    assert view.fact("Message-ID") == "<threat-0001@mail.example.org>"
    assert view.fact("Subject") == "You cannot hide from me"
    assert view.text == "I know where you work.\n\nSee you tomorrow."
    assert "color" not in view.text


def test_html_text_keeps_words_and_drops_scripts() -> None:
    assert html_text("<script>alert(1)</script><p>a &amp; b</p><div>c</div>") == "a & b\n\nc"


def test_a_message_without_headers_is_said_plainly() -> None:
    view = view_file(b"just some words\n", "message/rfc822")
    assert view is not None and view.problem and not view.facts


def test_a_pdf_gives_its_page_count_and_first_pages() -> None:
    view = view_file(pdf_bytes(5), "application/pdf")
    assert view is not None and view.fact("Pages") == "5"
    assert [s.caption for s in view.stills] == ["Page 1 of 5", "Page 2 of 5", "Page 3 of 5"]
    damaged = view_file(b"%PDF-1.4\n garbage", "application/pdf")
    assert damaged is not None and damaged.problem and not damaged.stills


def test_durations_read_plainly() -> None:
    assert duration_text(4.04) == "4.0 seconds"
    assert duration_text(125.4) == "2 min 05 s"
    assert duration_text(3725) == "1 h 02 min 05 s"


def test_a_panorama_is_planned_in_legible_parts_and_a_photo_whole() -> None:
    frame_width, max_height = 500.0, 500.0
    scale, parts = plan(10000, 200, frame_width, max_height)
    assert len(parts) > 1 and all(p.across for p in parts)
    assert 200 * scale >= 100  # each part at least 35 mm high (100 points)
    assert parts[0].left == 0 and parts[-1].right == 1
    assert parts[1].label == f"Part 2 of {len(parts)} (the picture runs left to right)"
    scale, parts = plan(200, 10000, frame_width, max_height)
    assert len(parts) > 1 and not parts[0].across and 200 * scale >= frame_width * 0.45
    assert len(plan(4000, 3000, frame_width, max_height)[1]) == 1
    assert len(plan(300, 10, frame_width, max_height)[1]) == 1  # a small banner is not cut up


def test_a_long_video_gives_frames_from_its_whole_length() -> None:
    view = view_file(mp4_bytes(seconds=60, fps=5), "video/mp4")
    assert view is not None and view.problem == ""
    assert view.fact("Duration") == "1 min 00 s"
    assert [s.caption for s in view.stills] == [
        "At 0:05.0",
        "At 0:15.0",
        "At 0:25.0",
        "At 0:35.0",
        "At 0:45.0",
        "At 0:55.0",
    ]
