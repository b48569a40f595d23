"""Which original pictures carry location data (EXIF GPS), told without decoding a pixel.

A phone photo of a broken window can carry the GPS position of the refuge it was taken from.
The PDF never carries image metadata (image_data.py rebuilds pictures from their pixels); the
bundle carries originals byte for byte, because that is what makes them evidence. So before an
export the person is told which originals carry a position, and chooses: include them as they
are, or leave them out of the bundle. Nothing is ever re-encoded or stripped silently.

The files are hostile until shown otherwise, so this reads only their containers' structure,
within fixed bounds, and never decodes an image: JPEG segments up to the start of the picture
data, PNG chunks, TIFF directories, WebP chunks and the HEIC item that holds EXIF. The EXIF block
found is read with Pillow's EXIF reader (no image is opened). A position in XMP (GPSLatitude) is
found too. In a file whose structure is broken or cut short, every place that begins as an
EXIF block does is read as one (a lenient reader might find it there). A file whose metadata
goes on beyond what is read, or whose EXIF cannot be read, is reported as not checked, which
the export treats like one that carries a position.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from PIL import ExifTags, Image

# Pictures whose metadata is checked; other files (videos too) are not, and the pack says so.
CHECKED_TYPES = ("image/jpeg", "image/png", "image/tiff", "image/webp", "image/heic")
# How much of a file is read to find its metadata: a JPEG's metadata segments come before its
# picture data, so a megabyte is plenty; the others are read whole up to this.
JPEG_LIMIT = 1024 * 1024
READ_LIMIT = 64 * 1024 * 1024
MAX_BOXES = 10_000  # no container walk goes on for ever, whatever the file says
MAX_LOOSE = 50  # places read as EXIF in a file whose structure is broken
_XMP_GPS = (b"GPSLatitude", b"GPSLongitude")


class Location(StrEnum):
    NONE = "none"  # checked: no position in it
    GPS = "gps"  # a GPS position (latitude and longitude) in its EXIF or XMP
    UNCHECKED = "unchecked"  # its metadata could not be read; it may carry a position


def bounded(chunks: Iterable[bytes], limit: int) -> tuple[bytes, bool]:
    """Up to limit bytes of the file, and whether that was all of it."""
    data = bytearray()
    iterator = iter(chunks)
    for chunk in iterator:
        data += chunk
        if len(data) > limit:
            return bytes(data[:limit]), False
    return bytes(data), True


def location_in(chunks: Iterable[bytes], media_type: str) -> Location:
    """Whether the file (its chunks, read lazily) carries a GPS position."""
    if media_type not in CHECKED_TYPES:
        return Location.NONE
    limit = JPEG_LIMIT if media_type == "image/jpeg" else READ_LIMIT
    data, whole = bounded(chunks, limit)
    if any(marker in data for marker in _XMP_GPS):
        return Location.GPS
    try:
        blobs, complete = _metadata(data, media_type)
    except (ValueError, struct.error, IndexError):
        blobs, complete = [], False
    if any(_has_gps(blob) for blob in blobs):
        return Location.GPS
    if not complete:
        if not whole:
            return Location.UNCHECKED  # its metadata may go on beyond what was read
        # A broken or cut structure: a lenient reader could still find EXIF anywhere in the
        # file, so every place that begins like an EXIF block is read as one.
        loose = list(_loose_exif(data))
        if any(_has_gps(b) for b in loose):
            return Location.GPS
        return Location.UNCHECKED if any(_unreadable(b) for b in loose) else Location.NONE
    if any(_unreadable(blob) for blob in blobs):
        return Location.UNCHECKED
    return Location.NONE


def _loose_exif(data: bytes) -> Iterator[bytes]:
    """Whatever in data begins as an EXIF block does (a TIFF header), first ones first."""
    for header in (b"MM\x00*", b"II*\x00"):
        at = data.find(header)
        for _ in range(MAX_LOOSE):
            if at < 0:
                break
            yield data[at:]
            at = data.find(header, at + 1)


def _metadata(data: bytes, media_type: str) -> tuple[list[bytes], bool]:
    """The EXIF blocks (TIFF structures) in the file, and whether all its metadata was seen."""
    if media_type == "image/jpeg":
        return _jpeg(data)
    if media_type == "image/png":
        return _png(data)
    if media_type == "image/tiff":
        return [data], True
    if media_type == "image/webp":
        return _webp(data)
    return _heic(data)


def _exif_tiff(blob: bytes) -> bytes:
    return blob[6:] if blob.startswith(b"Exif\x00\x00") else blob


def _gps_directory(blob: bytes) -> dict[int, object]:
    """The GPS directory of an EXIF block; raises on anything Pillow only warns about, and on
    a first directory that is outside the block or empty (a cut or corrupt block would
    otherwise read as one with no position)."""
    tiff = _exif_tiff(blob)
    order = {b"MM": ">", b"II": "<"}.get(tiff[:2])
    if order is None:
        raise ValueError("not a TIFF header")
    magic, first = struct.unpack(order + "HI", tiff[2:8])
    if magic != 42 or not 8 <= first <= len(tiff) - 2:
        raise ValueError("the first directory is not in the block")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exif = Image.Exif()
        exif.load(b"Exif\x00\x00" + tiff)
        if not len(exif):
            raise ValueError("an EXIF block with nothing in it")
        return dict(exif.get_ifd(ExifTags.IFD.GPSInfo))


def _has_gps(blob: bytes) -> bool:
    try:
        gps = _gps_directory(blob)
    except Exception:  # noqa: BLE001 - hostile EXIF: reported as unchecked by _unreadable
        return False
    latitude, longitude = gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLongitude)
    return bool(latitude) and bool(longitude)


def _unreadable(blob: bytes) -> bool:
    try:
        _gps_directory(blob)
    except Exception:  # noqa: BLE001 - any failure means it could not be checked
        return True
    return False


def _jpeg(data: bytes) -> tuple[list[bytes], bool]:
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    blobs: list[bytes] = []
    at = 2
    for _ in range(MAX_BOXES):
        if at + 4 > len(data):
            return blobs, False
        if data[at] != 0xFF:
            raise ValueError("broken JPEG segment")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xDA, 0xD9):  # the picture data (or the end): no metadata after this
            return blobs, True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if length < 2:
            raise ValueError("broken JPEG segment length")
        body = data[at + 4 : at + 2 + length]
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            blobs.append(body)
        at += 2 + length
    raise ValueError("too many JPEG segments")


def _png(data: bytes) -> tuple[list[bytes], bool]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("not a PNG")
    blobs: list[bytes] = []
    at = 8
    for _ in range(MAX_BOXES * 10):
        if at + 8 > len(data):
            return blobs, False
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"eXIf":
            blobs.append(body)
        elif kind == b"IEND":
            return blobs, True
        at += 12 + length
    raise ValueError("too many PNG chunks")


def _webp(data: bytes) -> tuple[list[bytes], bool]:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    blobs: list[bytes] = []
    at = 12
    for _ in range(MAX_BOXES):
        if at + 8 > len(data):
            return blobs, at == len(data)
        kind, length = struct.unpack("<4sI", data[at : at + 8])
        if kind == b"EXIF":
            blobs.append(data[at + 8 : at + 8 + length])
        at += 8 + length + (length & 1)
    raise ValueError("too many WebP chunks")


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """ISO base media boxes between start and end: (type, body start, body end)."""
    at = start
    for _ in range(MAX_BOXES):
        if at + 8 > end:
            return
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[at + 8 : at + 16])
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise ValueError("broken box size, or a box cut short")
        yield kind, at + header, at + size
        at += size
    raise ValueError("too many boxes")


def _heic(data: bytes) -> tuple[list[bytes], bool]:
    meta = next(((s, e) for kind, s, e in _boxes(data, 0, len(data)) if kind == b"meta"), None)
    if meta is None:
        raise ValueError("no meta box")  # HEIC keeps its EXIF in one; not found: unchecked
    start, end = meta[0] + 4, meta[1]  # meta is a full box: version and flags first
    children = {kind: (s, e) for kind, s, e in _boxes(data, start, end)}
    if b"iinf" not in children or b"iloc" not in children:
        return [], True
    exif_items = _exif_item_ids(data, *children[b"iinf"])
    blobs: list[bytes] = []
    for offset, length in _item_extents(data, *children[b"iloc"], exif_items):
        if offset + length > len(data):
            return blobs, False
        item = data[offset : offset + length]
        (skip,) = struct.unpack(">I", item[:4])  # where the TIFF header starts after this
        blobs.append(item[4 + skip :])
    return blobs, True


def _exif_item_ids(data: bytes, start: int, end: int) -> set[int]:
    version = data[start]
    at = start + 4 + (2 if version == 0 else 4)  # the entry count
    ids = set()
    for kind, s, _e in _boxes(data, at, end):
        if kind != b"infe":
            continue
        infe_version = data[s]
        if infe_version < 2:
            continue
        if infe_version == 2:
            item_id, item_type = struct.unpack(">H2x4s", data[s + 4 : s + 12])
        else:
            item_id, item_type = struct.unpack(">I2x4s", data[s + 4 : s + 14])
        if item_type == b"Exif":
            ids.add(item_id)
    return ids


def _item_extents(data: bytes, start: int, end: int, wanted: set[int]) -> list[tuple[int, int]]:
    version = data[start]
    at = start + 4
    sizes = data[at] << 8 | data[at + 1]
    offset_size, length_size, base_size = sizes >> 12, (sizes >> 8) & 0xF, (sizes >> 4) & 0xF
    index_size = sizes & 0xF if version in (1, 2) else 0
    at += 2
    count_size = 2 if version < 2 else 4
    count = int.from_bytes(data[at : at + count_size], "big")
    at += count_size
    extents = []
    for _ in range(min(count, MAX_BOXES)):
        id_size = 2 if version < 2 else 4
        item_id = int.from_bytes(data[at : at + id_size], "big")
        at += id_size + (2 if version in (1, 2) else 0) + 2  # construction method, data ref
        base = int.from_bytes(data[at : at + base_size], "big")
        at += base_size
        extent_count = int.from_bytes(data[at : at + 2], "big")
        at += 2
        for _ in range(min(extent_count, MAX_BOXES)):
            at += index_size
            offset = int.from_bytes(data[at : at + offset_size], "big")
            at += offset_size
            length = int.from_bytes(data[at : at + length_size], "big")
            at += length_size
            if item_id in wanted:
                extents.append((base + offset, length))
        if at > end:
            raise ValueError("broken iloc box")
    return extents


@dataclass(frozen=True)
class LocatedOriginal:
    """An exhibit whose original file carries (or may carry) a position."""

    attachment_id: int
    filename: str
    location: Location
    members: tuple[str, ...] = ()  # for a zip: the pictures in it that carry a position

    @property
    def described(self) -> str:
        what = (
            "a GPS position"
            if self.location is Location.GPS
            else "metadata that could not be read, so it may hold a position"
        )
        if not self.members:
            return what
        shown = ", ".join(self.members[:3]) + (" …" if len(self.members) > 3 else "")
        return f"{what} in {len(self.members)} picture(s) inside it ({shown})"
