"""Exhibit images turned into PDF image data without losing a pixel and without their metadata.

A PNG's compressed pixel stream (its IDAT chunks) is already what a PDF FlateDecode image with
PNG predictors expects, so a screenshot goes in as it is: lossless and fast, and none of its text
chunks or EXIF come along. A JPEG goes in as it is too, after its metadata segments (EXIF, XMP,
comments) are cut out of the marker stream; its compressed picture is untouched. Only images that
carry transparency or come in other formats are decoded, and then stored as lossless Flate
pixels rebuilt from the decoded image (which carries no metadata at all).

A photo whose EXIF says it was held sideways keeps its own bytes too: its orientation travels
with it and the page draws it turned (image_flowable.py), rather than a decoded, upright and much
larger copy. A HEIC photo cannot go into a PDF as it is; it goes in as the upright, high-quality
JPEG made of it when it was kept (its pixels were never lossless to begin with), or, without one,
as the same JPEG made again by a process of its own (vault/attachments/photo_apart.py): libheif
never runs in the app's process.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageOps

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DECODABLE = ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"]
# JPEG segments worth keeping: the frame, tables, scans, and the Adobe marker that says how
# colours were transformed. Everything else before the picture (EXIF, XMP, ICC, comments) goes.
_KEEP_APP = {0xE0, 0xEE}
_SOF_OK = {0xC0, 0xC1, 0xC2}
# In a scan, 0xFF is followed by 0x00 (a stuffed byte), a restart marker or more 0xFF fill.
_NEXT_MARKER = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")


class NotAnImage(Exception):
    """The bytes cannot be shown as a picture; the exhibit is listed by its hash instead."""


@dataclass
class PdfImage:
    """What a PDF image XObject needs: dimensions, colour space, filter and the encoded bytes."""

    width: int
    height: int
    color_space: str | list[object]
    bits: int
    filter: str
    content: bytes = field(repr=False)
    decode_parms: dict[str, int] | None = None
    decode: list[int] | None = None
    smask: PdfImage | None = None
    orientation: int = 1  # EXIF orientation (1-8): how the page must turn the stored picture
    converted: bool = False  # decoded and re-encoded with loss (a HEIC photo), not as stored

    @property
    def upright_size(self) -> tuple[int, int]:
        """Width and height as seen once turned upright."""
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height


def _png_chunks(data: bytes) -> list[tuple[bytes, memoryview]]:
    """(kind, body) of each chunk; bodies are views of data, not copies (a photo can be large)."""
    view = memoryview(data)
    chunks, pos = [], len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.append((kind, view[pos + 8 : pos + 8 + length]))
        pos += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _orientation(data: bytes, fmt: str) -> int:
    with Image.open(io.BytesIO(data), formats=[fmt]) as image:
        value = image.getexif().get(0x0112, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def png_as_is(data: bytes) -> PdfImage | None:
    """The PNG's own compressed stream, when the PDF can take it unchanged; None otherwise."""
    chunks = _png_chunks(data)
    if not chunks or chunks[0][0] != b"IHDR":
        raise NotAnImage("not a PNG")
    width, height, bits, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    kinds = {kind for kind, _ in chunks}
    if interlace or colour in (4, 6) or b"tRNS" in kinds or bits == 16:
        return None
    orientation = _orientation(data, "PNG") if b"eXIf" in kinds else 1
    colours = 3 if colour == 2 else 1
    space: str | list[object] = "DeviceRGB" if colour == 2 else "DeviceGray"
    if colour == 3:
        palette = bytes(next((body for kind, body in chunks if kind == b"PLTE"), b""))
        if not palette:
            return None
        space = ["Indexed", "DeviceRGB", len(palette) // 3 - 1, palette]
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    parms = {"Predictor": 15, "Colors": colours, "BitsPerComponent": bits, "Columns": width}
    return PdfImage(
        width, height, space, bits, "FlateDecode", idat, decode_parms=parms, orientation=orientation
    )


def _jpeg_segments(data: bytes) -> tuple[bytes, tuple[int, int, int, int]]:
    """The JPEG without its metadata segments, and (marker, width, height, components)."""
    if data[:2] != b"\xff\xd8":
        raise NotAnImage("not a JPEG")
    view = memoryview(data)  # segments are cut from it without copying them first
    out: list[bytes | memoryview] = [b"\xff\xd8"]
    frame: tuple[int, int, int, int] | None = None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise NotAnImage("damaged JPEG")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = view[pos : pos + 2 + length]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", segment[5:9])
            frame = (marker, width, height, segment[9])
        if not ((0xE0 <= marker <= 0xEF and marker not in _KEEP_APP) or marker == 0xFE):
            out.append(segment)
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not a restart
            found = _NEXT_MARKER.search(data, pos)
            if found is None:
                raise NotAnImage("truncated JPEG")
            out.append(view[pos : found.start()])
            pos = found.start()
    out.append(b"\xff\xd9")
    if frame is None:
        raise NotAnImage("JPEG without a frame")
    return b"".join(out), frame


def jpeg_as_is(data: bytes) -> PdfImage | None:
    """The JPEG's own compressed picture without its metadata, with the orientation its EXIF
    gives; None when the PDF cannot take it as it is."""
    stripped, (marker, width, height, components) = _jpeg_segments(data)
    if marker not in _SOF_OK or components not in (1, 3, 4):
        return None
    orientation = _orientation(data, "JPEG")
    space = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}[components]
    # Adobe CMYK JPEGs are stored inverted; PDF viewers expect the Decode array to say so.
    decode = [1, 0, 1, 0, 1, 0, 1, 0] if components == 4 else None
    return PdfImage(
        width, height, space, 8, "DCTDecode", stripped, decode=decode, orientation=orientation
    )


def heif_as_jpeg(data: bytes) -> PdfImage:
    """A HEIC/HEIF photo as the upright JPEG its derived form is, made by a process of its own;
    NotAnImage (saying why, in the form's plain words) when there is none."""
    from diary.vault.attachments.derived_forms import PICTURE_PROBLEM
    from diary.vault.attachments.photo_apart import read_photo

    form = read_photo(data)[1]
    if form.picture is None:
        raise NotAnImage(form.problem or PICTURE_PROBLEM)
    try:
        return derived_jpeg(form.picture.data)
    except NotAnImage as exc:
        raise NotAnImage(PICTURE_PROBLEM) from exc


def derived_jpeg(data: bytes) -> PdfImage:
    """A HEIC photo's JPEG made when it was kept (vault/attachments/derived_forms.py: upright,
    built from its pixels alone), placed in the PDF as it is."""
    image = jpeg_as_is(data)
    if image is None:
        raise NotAnImage("not a JPEG the PDF takes as it is")
    image.converted = True
    return image


def from_pixels(data: bytes) -> PdfImage:
    """Decode, turn upright and store the pixels losslessly (Flate), with alpha as a soft mask."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=_DECODABLE) as opened:
                opened.seek(0)
                image = ImageOps.exif_transpose(opened)
                image.load()
        except (
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as exc:
            raise NotAnImage(str(exc)) from exc
    alpha = None
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        alpha_band = image.getchannel("A")
        if alpha_band.getextrema() != (255, 255):
            alpha = PdfImage(
                image.width,
                image.height,
                "DeviceGray",
                8,
                "FlateDecode",
                zlib.compress(alpha_band.tobytes(), 6),
            )
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    space = "DeviceRGB" if image.mode == "RGB" else "DeviceGray"
    return PdfImage(
        image.width,
        image.height,
        space,
        8,
        "FlateDecode",
        zlib.compress(image.tobytes(), 6),
        smask=alpha,
    )


def pdf_image(data: bytes, media_type: str) -> PdfImage:
    """The PDF form of an exhibit image. Raises NotAnImage when it cannot be shown."""
    try:
        if media_type == "image/png":
            fast = png_as_is(data)
        elif media_type == "image/jpeg":
            fast = jpeg_as_is(data)
        elif media_type == "image/heic":
            return heif_as_jpeg(data)
        else:
            fast = None
    except (struct.error, IndexError, OSError, SyntaxError) as exc:
        raise NotAnImage(str(exc)) from exc
    return fast or from_pixels(data)
