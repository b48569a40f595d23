"""Pictures with and without a GPS position, in each format the export checks."""

from __future__ import annotations

import io
import struct

from PIL import ExifTags, Image

# The refuge's position, which must never leave the diary unless the person says so.
REFUGE = ((51.0, 30.0, 12.5), (0.0, 7.0, 39.0))


def gps_exif(with_position: bool = True) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    if with_position:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = REFUGE[0]
        gps[ExifTags.GPS.GPSLongitudeRef] = "W"
        gps[ExifTags.GPS.GPSLongitude] = REFUGE[1]
    return bytes(exif.tobytes())


def picture(fmt: str, with_position: bool = True, size: tuple[int, int] = (32, 24)) -> bytes:
    """A small picture in fmt (JPEG, PNG, TIFF, WEBP) with or without a GPS position."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, fmt, exif=gps_exif(with_position))
    return out.getvalue()


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _full_box(kind: bytes, version: int, body: bytes) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + body)


def heic(with_position: bool = True) -> bytes:
    """The structure of a HEIC file as far as its EXIF item: ftyp, meta (hdlr, iinf, iloc) and
    the item's bytes in mdat. No picture: nothing here decodes one."""
    exif_item = struct.pack(">I", 6) + b"Exif\x00\x00" + gps_exif(with_position)[6:]
    ftyp = _box(b"ftyp", b"heic" + b"\x00\x00\x00\x00" + b"mif1heic")
    hdlr = _full_box(b"hdlr", 0, b"\x00" * 4 + b"pict" + b"\x00" * 12 + b"\x00")
    infe = _full_box(b"infe", 2, struct.pack(">HH4s", 1, 0, b"Exif") + b"\x00")
    iinf = _full_box(b"iinf", 0, struct.pack(">H", 1) + infe)

    def iloc(offset: int) -> bytes:
        body = struct.pack(">BB", 0x44, 0x00) + struct.pack(">H", 1)
        body += struct.pack(">HHH", 1, 0, 1) + struct.pack(">II", offset, len(exif_item))
        return _full_box(b"iloc", 0, body)

    def whole(offset: int) -> bytes:
        meta = _full_box(b"meta", 0, hdlr + iinf + iloc(offset))
        return ftyp + meta

    head = whole(0)
    start = len(head) + 8  # the item's bytes begin just inside mdat
    return whole(start) + _box(b"mdat", exif_item)
