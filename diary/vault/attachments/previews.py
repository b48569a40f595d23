"""Previews derived in memory from an allow-list of image formats, with bomb limits.

A preview is a convenience; the original is the evidence. Anything Pillow cannot decode safely
(unknown format, truncated file, decompression bomb) gets no preview and a plain reason, and the
original is kept all the same.
"""

from __future__ import annotations

import functools
import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from diary.domain.filetypes import PREVIEWABLE

if TYPE_CHECKING:
    from PIL import Image


@functools.cache
def open_heif_too() -> None:
    """From here on HEIC/HEIF photos (what an iPhone takes) open through pi-heif, from memory
    like the rest. Only the process that reads a HEIC photo apart from the app calls this
    (photo_apart.py): in the app's own process a HEIC photo does not open at all. pi-heif turns
    the picture upright as it decodes and then reports orientation 1, so exif_transpose does not
    turn it twice."""
    import pi_heif

    pi_heif.register_heif_opener()


THUMBNAIL_EDGE = 320
# 50 megapixels is larger than any phone photo or screenshot; beyond it is a bomb, not evidence
# a preview is needed for.
MAX_PREVIEW_PIXELS = 50_000_000


TOO_LARGE = "The image is too large to preview safely; the original is kept."
NOT_PREVIEWED = (
    "The file could not be previewed (it may be damaged or cut short); the original is kept."
)


@dataclass(frozen=True)
class Preview:
    thumbnail: bytes | None  # PNG, no metadata
    exif_captured_at: str  # EXIF DateTimeOriginal as written in the file, or ''
    problem: str  # why there is no thumbnail, or ''


def _exif_time(image: Image.Image) -> str:
    from PIL import ExifTags

    try:
        exif = image.getexif()
        value = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
            ExifTags.Base.DateTime
        )
    except Exception:  # noqa: BLE001 - malformed EXIF must not stop an import
        return ""
    if not isinstance(value, str):
        return ""
    return value.strip("\x00 ")[:40]


def open_limited(fp: BinaryIO, media_type: str) -> Image.Image:
    """Open an image of an allowed format, refusing bombs before any pixel is decoded."""
    allowed = PREVIEWABLE.get(media_type)
    if allowed is None:
        raise ValueError("not an image format that is previewed")
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(fp, formats=[allowed])
    width, height = image.size
    if width * height > MAX_PREVIEW_PIXELS:
        raise Image.DecompressionBombError(f"{width}x{height} pixels")
    return image


def make_preview(fp: BinaryIO, media_type: str) -> Preview:
    """A small PNG thumbnail rebuilt from pixels (so no metadata survives), and the EXIF time."""
    if media_type not in PREVIEWABLE:
        return Preview(None, "", "")
    if media_type == "image/heic":  # libheif, in a process of its own
        from .photo_apart import read_photo

        return read_photo(fp)[0]
    try:
        return preview_from(*decode(fp, media_type, for_thumbnail=True))
    except Exception as exc:
        failed = failed_preview(exc)
        if failed is None:
            raise
        return failed


def decode(
    fp: BinaryIO, media_type: str, *, for_thumbnail: bool = False
) -> tuple[Image.Image, str]:
    """The picture decoded and turned upright, and its EXIF time. for_thumbnail lets a JPEG's
    decoder scale down as it reads (much faster when only a thumbnail is wanted)."""
    from PIL import Image, ImageOps

    image = open_limited(fp, media_type)
    captured = _exif_time(image)
    if for_thumbnail and image.format == "JPEG":
        image.draft("RGB", (THUMBNAIL_EDGE * 2, THUMBNAIL_EDGE * 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image.load()
    ImageOps.exif_transpose(image, in_place=True)  # no copy of a full-size image
    return image, captured


def preview_from(image: Image.Image, captured: str) -> Preview:
    """The thumbnail of a decoded, upright picture (made smaller in place)."""
    from PIL import Image

    # A reducing gap of 1 lets the cheap box reduction do most of the shrinking: a fifth of
    # the default's cost on a screenshot, and no visible difference at thumbnail size.
    image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), reducing_gap=1.0)
    clean = Image.new("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB", image.size)
    clean.paste(image.convert(clean.mode))
    out = io.BytesIO()
    clean.save(out, "PNG", compress_level=1)
    return Preview(out.getvalue(), captured, "")


def failed_preview(exc: BaseException) -> Preview | None:
    """What a picture that could not be decoded safely gets instead of a thumbnail; None for a
    failure that is not the picture's (it is raised on)."""
    from PIL import Image, UnidentifiedImageError

    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return Preview(None, "", TOO_LARGE)
    if isinstance(exc, (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError)):
        return Preview(None, "", NOT_PREVIEWED)
    return None
