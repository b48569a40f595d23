"""Thumbnails: turned the way the camera says, small, and carrying none of the original's metadata."""

from __future__ import annotations

import io

from PIL import Image

from diary.vault.attachments import previews


def _jpeg(size: tuple[int, int], **exif_tags: object) -> bytes:
    exif = Image.Exif()
    for tag, value in exif_tags.items():
        exif[int(tag.removeprefix("t"))] = value
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_thumbnail_follows_exif_orientation_and_drops_metadata() -> None:
    # 274 = Orientation (6: turn 90 degrees), 270 = ImageDescription.
    data = _jpeg((800, 400), t274=6, t270="taken near 12 Example Road")

    preview = previews.make_preview(io.BytesIO(data), "image/jpeg")

    assert preview.problem == ""
    assert preview.thumbnail is not None
    thumb = Image.open(io.BytesIO(preview.thumbnail))
    assert thumb.format == "PNG"
    assert thumb.size == (160, 320)
    assert b"Example Road" not in preview.thumbnail
    assert not thumb.getexif()


def test_screenshot_thumbnail_fits_the_edge() -> None:
    out = io.BytesIO()
    Image.effect_noise((1280, 800), 60).convert("RGB").save(out, "PNG")

    preview = previews.make_preview(io.BytesIO(out.getvalue()), "image/png")

    assert preview.thumbnail is not None
    assert Image.open(io.BytesIO(preview.thumbnail)).size == (320, 200)


def test_a_heic_photo_gets_a_thumbnail_from_memory() -> None:
    from tests.file_kinds_support import heic_bytes

    data = heic_bytes((640, 480))
    preview = previews.make_preview(io.BytesIO(data), "image/heic")
    assert preview.problem == ""
    assert preview.thumbnail is not None
    thumb = Image.open(io.BytesIO(preview.thumbnail))
    assert thumb.size == (320, 240)
    assert thumb.getpixel((10, 10))[:3] == (255, 255, 255)  # its white corner, top left


def test_a_damaged_heic_gets_a_plain_reason_and_no_thumbnail() -> None:
    from tests.file_kinds_support import heic_bytes

    data = heic_bytes((640, 480))
    preview = previews.make_preview(io.BytesIO(data[: len(data) // 2]), "image/heic")
    assert preview.thumbnail is None
    assert "could not be previewed" in preview.problem
