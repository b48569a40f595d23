"""Which pictures inside a zip file carry location data: a WhatsApp chat exported 'with media'
is a zip of the chat's text and every photo sent in it, and a photo the person sent from home
can carry the GPS position of home. The zip is kept byte for byte like any original, so before
an export the person is told, as for a photo attached on its own (location_data.py).

Each member is told by its first bytes, not its name, and read as location_data reads a file:
its containers' structure only, within bounds, never decoding an image. A zip that cannot be
read, or a picture in it that cannot be unpacked, is reported as not checked (it may hold a
position), which the export treats like one that does.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from diary.domain.filetypes import detect

from .location_data import CHECKED_TYPES, Location, location_in

ZIP_TYPE = "application/zip"
MAX_MEMBERS = 100_000  # more files than any chat export holds: beyond this it is not checked
_HEAD = 64
_PIECE = 1024 * 1024


@dataclass(frozen=True)
class ZipLocation:
    location: Location
    members: tuple[str, ...] = ()  # the pictures inside that carry (or may carry) a position


def _pieces(stream: IO[bytes], head: bytes) -> Iterator[bytes]:
    yield head
    while piece := stream.read(_PIECE):
        yield piece


def zip_location(fp: BinaryIO) -> ZipLocation:
    """Whether any picture in the zip (a seekable file) carries a GPS position."""
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return ZipLocation(Location.UNCHECKED)
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            return ZipLocation(Location.UNCHECKED)
        found: list[tuple[str, Location]] = []
        for info in infos:
            try:
                with archive.open(info) as member:
                    head = member.read(_HEAD)
                    media_type = detect(head)
                    if media_type not in CHECKED_TYPES:
                        continue
                    location = location_in(_pieces(member, head), media_type)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
                location = Location.UNCHECKED  # damaged, or locked with a password
            if location is not Location.NONE:
                found.append((info.filename, location))
    if not found:
        return ZipLocation(Location.NONE)
    worst = Location.GPS if any(loc is Location.GPS for _, loc in found) else Location.UNCHECKED
    return ZipLocation(worst, tuple(name for name, _ in found))
