"""Location data in originals: found in each picture format, and hostile files never trusted."""

from __future__ import annotations

import random

import pytest

from diary.domain.filetypes import detect
from diary.export.location_data import JPEG_LIMIT, Location, location_in
from tests.location_support import heic, picture


def _check(data: bytes, media_type: str | None = None, chunk: int = 4096) -> Location:
    pieces = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    return location_in(pieces, media_type or detect(data[:64]))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "WEBP"])
def test_a_gps_position_is_found_in_each_format(fmt: str) -> None:
    assert _check(picture(fmt)) is Location.GPS
    assert _check(picture(fmt, with_position=False)) is Location.NONE


def test_a_gps_position_is_found_in_a_heic_file() -> None:
    assert detect(heic()[:64]) == "image/heic"
    assert _check(heic()) is Location.GPS
    assert _check(heic(with_position=False)) is Location.NONE


def test_a_position_in_xmp_is_found() -> None:
    xmp = b'<x:xmpmeta><rdf:Description exif:GPSLatitude="51,30.2N"/></x:xmpmeta>'
    plain = picture("JPEG", with_position=False)
    segment = b"\xff\xe1" + (len(xmp) + 31).to_bytes(2, "big") + b"http://ns.adobe.com/xap/1.0/\x00"
    assert _check(plain[:2] + segment + xmp + plain[2:]) is Location.GPS


def test_files_that_are_not_pictures_are_not_opened() -> None:
    assert location_in([b"GPSLatitude" * 10], "video/mp4") is Location.NONE


def test_metadata_beyond_what_is_read_is_not_checked() -> None:
    # A JPEG whose metadata segments run past the first megabyte: not found to be clean.
    filler = b"\xff\xe2\xff\xff" + b"\x00" * 0xFFFD
    data = b"\xff\xd8" + filler * (JPEG_LIMIT // len(filler) + 2) + b"\xff\xda\x00\x02"
    assert _check(data, "image/jpeg") is Location.UNCHECKED


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_damaged_picture_is_never_called_clean(fmt: str) -> None:
    data = picture(fmt)
    for damaged in (
        data[: len(data) // 3],  # cut short
        data[:20] + b"\xff" * 40 + data[60:],  # overwritten
        data.replace(b"MM\x00*", b"MM\x00*\xff\xff\xff\xff", 1),  # EXIF offsets gone wrong
    ):
        # Where the position's bytes are still in the file, it is never called clean.
        if b"MM\x00*" in damaged:
            assert _check(damaged) in (Location.GPS, Location.UNCHECKED)


def test_a_cut_picture_without_metadata_is_clean() -> None:
    # A screenshot cut short (a failed copy) holds no metadata: it is not asked about.
    plain = picture("PNG", with_position=False, size=(300, 200))
    assert _check(plain[: len(plain) // 2]) is Location.NONE


def test_a_heic_file_whose_exif_is_damaged_is_not_called_clean() -> None:
    damaged = heic().replace(b"MM\x00*\x00\x00\x00\x08", b"MM\x00*\x00\x00\xff\x08", 1)
    assert damaged != heic()
    assert _check(damaged, "image/heic") is Location.UNCHECKED


def test_random_bytes_in_every_format_are_answered_quickly() -> None:
    rng = random.Random(7)
    heads = {
        "image/jpeg": b"\xff\xd8",
        "image/png": b"\x89PNG\r\n\x1a\n",
        "image/tiff": b"II*\x00",
        "image/webp": b"RIFF\x00\x00\x00\x00WEBP",
        "image/heic": b"\x00\x00\x00\x18ftypheic",
    }
    for media_type, head in heads.items():
        for _ in range(200):
            data = head + rng.randbytes(rng.randint(0, 400))
            assert location_in([data], media_type) in tuple(Location)


def test_a_loop_of_boxes_or_segments_ends() -> None:
    # Zero-length PNG chunks and JPEG segments that point at themselves cannot hold it forever.
    endless_png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00tEXt\x00\x00\x00\x00" * 200_000
    assert _check(endless_png, "image/png") in (Location.UNCHECKED, Location.NONE)
    assert _check(b"\xff\xd8" + b"\xff\xe0\x00\x02" * 300_000, "image/jpeg") is not Location.GPS
