"""Thumbnails: turned the way the camera says, small, and carrying none of the original's metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from diary.vault.attachments import derived_forms, previews
from diary.vault.attachments.attachments import make_forms


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


def test_a_heic_photo_is_decoded_once_for_its_thumbnail_and_its_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decoding is the slowest part of keeping an iPhone photo: the thumbnail and the JPEG the
    pack shows come from one decoding (in a process of its own, photo_apart.py), each exactly
    as it is made alone."""
    from diary.vault.attachments.photo_apart import made_here
    from tests.file_kinds_support import heic_bytes

    data = heic_bytes((1200, 900))
    alone = (
        previews.make_preview(io.BytesIO(data), "image/heic"),
        derived_forms.make(io.BytesIO(data), "image/heic"),
    )
    assert make_forms(data, "image/heic").parts == alone
    opened: list[str] = []
    real = previews.open_limited

    def counting(fp: object, media_type: str) -> object:
        opened.append(media_type)
        return real(fp, media_type)  # type: ignore[arg-type]

    monkeypatch.setattr(previews, "open_limited", counting)
    made = made_here(io.BytesIO(data))  # what the child does
    assert opened == ["image/heic"]
    assert made == alone
    assert made[1].picture is not None
    assert (made[1].picture.width, made[1].picture.height) == (1200, 900)
    damaged = make_forms(data[: len(data) // 3], "image/heic")
    assert damaged.preview.thumbnail is None and "could not be previewed" in damaged.preview.problem
    assert damaged.form is not None and damaged.form.picture is None and damaged.form.problem
