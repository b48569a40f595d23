"""A HEIC photo decoded in a process of its own, so that a photo made to crash its decoder
cannot take the app down with it.

libheif (through pi-heif) is a large C decoder, and an iPhone photo can come from the person the
diary is about. A HEIC photo is decoded once, when it is kept: its thumbnail and its derived form
(the upright JPEG the pack and the window show, derived_forms.py) are both made from that one
decoding, by the same child that reads videos (`diary --read-media image/heic`, media_apart.py:
the file's bytes go through a pipe, nothing is written to disk, core dumps are off). In the
app's own process a HEIC photo is never decoded; previews.open_heif_too is called only here.

The child answers with JSON, checked field by field: the thumbnail is a PNG no larger than a
thumbnail, the picture a JPEG no larger than the pack draws it, the caption and the problems
only the texts this program writes. If the child dies, takes longer than READ_SECONDS, or
answers with anything else, the thumbnail and the form say so in a plain note, and the original
is kept all the same. A child that could not be started, or was halted, says nothing of the
photo: the note says so, and such a form is never stored (media_apart.PASSING_PROBLEMS).
"""

from __future__ import annotations

import base64
import io
import json
import struct
from typing import Any, BinaryIO

from . import derived_forms, previews
from .derived_forms import PICTURE_CAPTION, PICTURE_EDGE, PICTURE_PROBLEM, DerivedForm
from .file_view import Still
from .media_apart import Halt, ask_apart, problem_of
from .previews import THUMBNAIL_EDGE, Preview

MEDIA_TYPE = "image/heic"
# Longer than any real photo takes (a 48-megapixel HEIC decodes in about two seconds here); a
# photo that keeps the decoder busy beyond this is stopped.
READ_SECONDS = 60.0
STOPPED = (
    "This photo could not be read safely (it may be damaged), so it is not shown here; the "
    "original is kept, unchanged."
)
_PNG = b"\x89PNG\r\n\x1a\n"
MAX_THUMBNAIL = 2 * 1024 * 1024  # a 320-pixel PNG at the fastest compression is far less
MAX_PICTURE = 32 * 1024 * 1024  # a 2000-pixel JPEG at quality 90 is far less
_PREVIEW_PROBLEMS = ("", previews.TOO_LARGE, previews.NOT_PREVIEWED)
_PICTURE_PROBLEMS = ("", PICTURE_PROBLEM)


def read_photo(data: bytes | BinaryIO, halt: Halt | None = None) -> tuple[Preview, DerivedForm]:
    """A HEIC photo's thumbnail and derived form, made by a child process from data (bytes, or
    a seekable file object over them): what made_here makes, or a note on each of why not.
    halt can stop it from another thread."""
    found, unread = ask_apart(data, MEDIA_TYPE, READ_SECONDS, halt)
    if unread is None:
        try:
            return photo_from(found)
        except (ValueError, TypeError, KeyError, struct.error):
            pass
    problem = problem_of(unread, STOPPED) if unread is not None else STOPPED
    return Preview(None, "", problem), DerivedForm(problem=problem)


def made_here(fp: BinaryIO) -> tuple[Preview, DerivedForm]:
    """The thumbnail and the derived form of a HEIC photo from one decoding, in this process
    (the child's work: only the child calls it). Each is what make_preview and
    derived_forms.make would make alone."""
    previews.open_heif_too()
    form = DerivedForm(problem=PICTURE_PROBLEM)
    try:
        image, captured = previews.decode(fp, MEDIA_TYPE)
        form = derived_forms.picture_from(image)  # first: the thumbnail is made in place
        preview = previews.preview_from(image, captured)
    except Exception as exc:
        failed = previews.failed_preview(exc)
        if failed is None:
            raise
        preview = failed
    return preview, form


def photo_answer(fp: BinaryIO) -> bytes:
    """The child's answer (JSON) for the photo read from fp."""
    data = bytearray()
    while piece := fp.read(4 * 1024 * 1024):  # the whole photo, in a few asks of the parent
        data += piece
    preview, form = made_here(io.BytesIO(bytes(data)))
    picture = form.picture
    return json.dumps(
        {
            "thumbnail": _text(preview.thumbnail),
            "captured": preview.exif_captured_at,
            "preview_problem": preview.problem,
            "picture": None
            if picture is None
            else {
                "caption": picture.caption,
                "data": _text(picture.data),
                "media_type": picture.media_type,
                "width": picture.width,
                "height": picture.height,
            },
            "problem": form.problem,
        }
    ).encode()


def _text(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def photo_from(found: Any) -> tuple[Preview, DerivedForm]:
    """The thumbnail and form from the child's answer, every field checked for its type and
    bounds; raises ValueError (or TypeError, KeyError) for anything else."""
    if not isinstance(found, dict) or set(found) != {
        "thumbnail",
        "captured",
        "preview_problem",
        "picture",
        "problem",
    }:
        raise ValueError("not a photo's answer")
    captured, preview_problem, problem = (
        found["captured"],
        found["preview_problem"],
        found["problem"],
    )
    if not isinstance(captured, str) or len(captured) > 40:
        raise ValueError("not a time as a photo gives it")
    if preview_problem not in _PREVIEW_PROBLEMS or problem not in _PICTURE_PROBLEMS:
        raise ValueError("not a problem this program describes")
    thumbnail = _thumbnail(found["thumbnail"])
    if (thumbnail is None) != bool(preview_problem):
        raise ValueError("a thumbnail and a problem, or neither")
    picture = _picture(found["picture"])
    if (picture is None) != bool(problem):
        raise ValueError("a picture and a problem, or neither")
    return Preview(thumbnail, captured, preview_problem), DerivedForm(picture, problem=problem)


def _bytes(value: Any, most: int) -> bytes:
    if not isinstance(value, str) or len(value) > most * 4 // 3 + 4:
        raise ValueError("not bytes of a bounded size")
    return base64.b64decode(value, validate=True)


def _thumbnail(value: Any) -> bytes | None:
    if value is None:
        return None
    data = _bytes(value, MAX_THUMBNAIL)
    if not data.startswith(_PNG) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= THUMBNAIL_EDGE and 0 < height <= THUMBNAIL_EDGE):
        raise ValueError("not a thumbnail's size")
    return data


def _picture(value: Any) -> Still | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {
        "caption",
        "data",
        "media_type",
        "width",
        "height",
    }:
        raise ValueError("not a picture")
    if value["caption"] != PICTURE_CAPTION or value["media_type"] != "image/jpeg":
        raise ValueError("not the photo's picture")
    width, height = value["width"], value["height"]
    if not all(
        isinstance(n, int) and not isinstance(n, bool) and 0 < n <= PICTURE_EDGE
        for n in (width, height)
    ):
        raise ValueError("not a picture's size")
    data = _bytes(value["data"], MAX_PICTURE)
    if not (data.startswith(b"\xff\xd8\xff") and data.endswith(b"\xff\xd9")):
        raise ValueError("not a JPEG")
    return Still(PICTURE_CAPTION, data, "image/jpeg", width, height)
