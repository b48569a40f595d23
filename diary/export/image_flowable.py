"""Exhibit pictures placed in the PDF from ready-encoded data (see image_data.py).

reportlab's own Image flowable decodes and re-encodes a PNG; these hand the encoded bytes to the
PDF as an image XObject unchanged, and are drawn as large as the page allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import pairwise
from types import TracebackType
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Flowable

from diary.vault.attachments.derived_forms import derivable

from .file_views import FileView, Still, view_file, viewable
from .image_data import NotAnImage, PdfImage, derived_jpeg, pdf_image
from .pack import Exhibit
from .picture_parts import WHOLE, PicturePart, plan
from .streaming import write_now
from .styles import FRAME_WIDTH


def _pdf_value(value: object) -> object:
    if isinstance(value, str):
        return pdfdoc.PDFName(value)
    if isinstance(value, bytes):
        return _HexString(value)
    if isinstance(value, list):
        return pdfdoc.PDFArray([_pdf_value(v) for v in value])
    return value


class _HexString(pdfdoc.PDFObject):  # type: ignore[misc]
    """A PDF hex string <...>, for an indexed image's palette."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return b"<" + self.data.hex().encode("ascii") + b">"


class ImageXObject(pdfdoc.PDFObject):  # type: ignore[misc]
    """A PDF image whose stream is written exactly as given."""

    def __init__(self, image: PdfImage) -> None:
        self.image = image
        self.smask_ref: object = None

    def stream_parts(self, document: Any) -> tuple[bytes, bytes]:
        """The stream's dictionary, formatted, and its content: written one after the other,
        so that a large picture is not copied into one string with them."""
        image = self.image
        d = pdfdoc.PDFDictionary()
        d["Type"] = pdfdoc.PDFName("XObject")
        d["Subtype"] = pdfdoc.PDFName("Image")
        d["Width"] = image.width
        d["Height"] = image.height
        d["BitsPerComponent"] = image.bits
        d["ColorSpace"] = _pdf_value(image.color_space)
        d["Filter"] = pdfdoc.PDFName(image.filter)
        if image.decode_parms:
            d["DecodeParms"] = pdfdoc.PDFDictionary(dict(image.decode_parms))
        if image.decode:
            d["Decode"] = pdfdoc.PDFArray(image.decode)
        if self.smask_ref is not None:
            d["SMask"] = self.smask_ref
        content = document.encrypt.encode(image.content)
        d["Length"] = len(content)
        return pdfdoc.format(d, document), content

    def format(self, document: Any) -> bytes:
        head, content = self.stream_parts(document)
        return head + b"\nstream\n" + content + b"endstream\n"


def place_image(document: Any, key: str, image: PdfImage) -> None:
    """Put a picture in the PDF under key, written to the file at once (streaming.py) so that
    its bytes are not kept until the PDF is saved."""
    name = document.getXObjectName(key)
    if name in document.idToObject:
        return
    xobject = ImageXObject(image)
    if image.smask is not None:
        mask = document.Reference(ImageXObject(image.smask))
        write_now(document, mask.name)
        xobject.smask_ref = mask
    document.Reference(xobject, name)
    write_now(document, name)


# For each EXIF orientation, the upright position (x', y') of a stored pixel at (x, y), as
# fractions of the picture with y from the top: x' = p0 + p1 x + p2 y, y' = q0 + q1 x + q2 y.
_UPRIGHT: dict[int, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    1: ((0, 1, 0), (0, 0, 1)),
    2: ((1, -1, 0), (0, 0, 1)),  # mirrored left to right
    3: ((1, -1, 0), (1, 0, -1)),  # upside down
    4: ((0, 1, 0), (1, 0, -1)),  # mirrored top to bottom
    5: ((0, 0, 1), (0, 1, 0)),  # mirrored and turned
    6: ((1, 0, -1), (0, 1, 0)),  # taken with the phone turned a quarter clockwise
    7: ((1, 0, -1), (1, -1, 0)),
    8: ((0, 0, 1), (1, -1, 0)),  # turned a quarter anticlockwise
}


def upright_matrix(orientation: int, width: float, height: float) -> tuple[float, ...]:
    """The PDF matrix that draws a stored image (its unit square, first row at the top) upright
    in a box width x height points, its origin at the box's lower left corner."""
    (p0, p1, p2), (q0, q1, q2) = _UPRIGHT.get(orientation, _UPRIGHT[1])
    return (
        width * p1,
        -height * q1,
        -width * p2,
        height * q2,
        width * (p0 + p2),
        height * (1 - q0 - q2),
    )


class ExhibitImage(Flowable):  # type: ignore[misc]
    """An exhibit picture already in the PDF (place_image), drawn upright (its EXIF orientation
    applied by the page, not by re-encoding it) and as large as the space allows (never enlarged
    past twice its size), or one part of it (picture_parts.py)."""

    def __init__(
        self,
        key: str,
        pixel_width: int,
        pixel_height: int,
        max_height: float,
        orientation: int = 1,
        part: PicturePart = WHOLE,
        scale: float | None = None,
    ) -> None:
        super().__init__()
        self.key = key
        self.orientation = orientation
        # The picture's size once upright.
        turned = orientation in (5, 6, 7, 8)
        self.pixel_width = pixel_height if turned else pixel_width
        self.pixel_height = pixel_width if turned else pixel_height
        self.max_height = max_height
        self.part = part
        self.scale = scale
        self.draw_width = self.draw_height = 0.0
        self._full = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        part = self.part
        share_w, share_h = part.right - part.left, part.bottom - part.top
        width, height = self.pixel_width * share_w, self.pixel_height * share_h
        scale = min(avail_width / width, self.max_height / height, 2.0)
        if self.scale is not None:
            scale = min(scale, self.scale)
        self._full = (self.pixel_width * scale, self.pixel_height * scale)
        self.draw_width, self.draw_height = width * scale, height * scale
        return self.draw_width, self.draw_height

    def draw(self) -> None:
        canvas = self.canv
        name = canvas._doc.getXObjectName(self.key)
        full_width, full_height = self._full
        part = self.part
        canvas.saveState()
        if part is not WHOLE:
            clip = canvas.beginPath()
            clip.rect(0, 0, self.draw_width, self.draw_height)
            canvas.clipPath(clip, stroke=0, fill=0)
            canvas.translate(-part.left * full_width, -(1 - part.bottom) * full_height)
        canvas.transform(*upright_matrix(self.orientation, full_width, full_height))
        canvas._code.append(f"/{name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.key)


def is_picture(exhibit: Exhibit) -> bool:
    """Whether the pack shows this exhibit as a picture (an image the diary could preview)."""
    a = exhibit.attachment
    return a.media_type.startswith("image/") and a.has_thumbnail


def has_view(exhibit: Exhibit) -> bool:
    """Whether the pack shows a view of this exhibit (a video's stills, an e-mail's headers...)."""
    a = exhibit.attachment
    return viewable(a.media_type, a.size)


def picture_parts(
    key: str, image: PdfImage, max_height: float
) -> list[tuple[PicturePart, ExhibitImage]]:
    """The picture drawn whole, or in parts when whole it could not be read (picture_parts.py)."""
    width, height = image.upright_size
    scale, parts = plan(width, height, FRAME_WIDTH, max_height)
    return [
        (
            part,
            ExhibitImage(
                key,
                image.width,
                image.height,
                max_height,
                image.orientation,
                part,
                None if part is WHOLE else scale,
            ),
        )
        for part in parts
    ]


Prepared = PdfImage | FileView | str | None


def _prepare(exhibit: Exhibit) -> tuple[bytes, Prepared]:
    """Read an exhibit's original and make what the page shows of it: its PDF image data, its
    file view, or why a picture is not shown (str). Run on the reader thread for the next
    exhibit while this one is laid out (a child reading a HEIC photo or a video's frames
    leaves the interpreter free)."""
    data = exhibit.read()
    media_type = exhibit.attachment.media_type
    # A video's frames, a PDF's pages and a HEIC photo's JPEG were made when the file was kept;
    # made again here (in a process of its own) only when there is no stored form to use (a
    # diary on read-only media, say).
    form = exhibit.derived() if derivable(media_type, exhibit.attachment.size) else None
    if is_picture(exhibit):
        if form is not None and form.picture is not None:
            try:
                return data, derived_jpeg(form.picture.data)
            except NotAnImage:
                pass
        if form is not None and form.problem and media_type == "image/heic":
            return data, form.problem  # decoded once when kept, and not again
        try:
            return data, pdf_image(data, media_type)
        except NotAnImage as exc:
            return data, (str(exc) or None) if media_type == "image/heic" else None
    if not has_view(exhibit):
        return data, None
    if form is not None and form.view is not None:
        return data, form.view
    return data, view_file(data, media_type)


class Pictures:
    """Puts exhibits' pictures into the PDF as their pages are made, and the views of the other
    files the pack can show (a video's frames, an e-mail's headers: file_views/). Each original
    is read from the diary once, handed to on_original (the bundle keeps it), turned into PDF
    image data and written to the file at once. However many exhibits the pack has, two are
    held at most: the one being placed, and the next, read (and decrypted) on another thread
    meanwhile.

    Use as a context manager: leaving it waits for a read under way and drops what was read.
    """

    def __init__(
        self,
        document: Callable[[], Any],
        exhibits: Sequence[Exhibit],
        on_original: Callable[[Exhibit, bytes], None] | None = None,
    ) -> None:
        self._document = document  # reportlab's PDF document, once the layout has begun
        self._on_original = on_original
        shown = [e for e in exhibits if is_picture(e) or has_view(e)]
        self._next = {a.attachment.id: b for a, b in pairwise(shown)}
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="pictures")
        self._ahead: tuple[int, Future[tuple[bytes, Prepared]]] | None = None
        self._notes: dict[int, str] = {}

    def __enter__(self) -> Pictures:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._ahead = None
        self._reader.shutdown(wait=True, cancel_futures=True)

    def _fetch(self, exhibit: Exhibit) -> tuple[bytes, Prepared]:
        """The exhibit's original (read and prepared ahead if it was next), starting on the
        next, and handed to the bundle."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == exhibit.attachment.id:
            data, prepared = ahead[1].result()
        else:
            data, prepared = _prepare(exhibit)
        following = self._next.get(exhibit.attachment.id)
        if following is not None:
            self._ahead = (following.attachment.id, self._reader.submit(_prepare, following))
        if self._on_original is not None:
            self._on_original(exhibit, data)
        return data, prepared

    def picture(
        self, exhibit: Exhibit, max_height: float
    ) -> tuple[PdfImage, list[tuple[PicturePart, ExhibitImage]]] | None:
        """The exhibit's picture, placed in the PDF, and the flowables that draw it (one, or
        one to a part); None when it is not a picture."""
        if not is_picture(exhibit):
            return None
        _, image = self._fetch(exhibit)
        if isinstance(image, str):
            self._notes[exhibit.attachment.id] = image
        if not isinstance(image, PdfImage):
            return None
        key = f"exhibit{exhibit.attachment.id}"
        place_image(self._document(), key, image)
        return image, picture_parts(key, image, max_height)

    def note(self, exhibit: Exhibit) -> str:
        """Why a picture the pack would show is not shown (a HEIC photo that stopped its
        reader, say), once picture() has been asked for it; '' when nothing is known."""
        return self._notes.get(exhibit.attachment.id, "")

    def view(self, exhibit: Exhibit) -> FileView | None:
        """The view of an exhibit that is not a picture; None when its kind has none."""
        if not has_view(exhibit):
            return None
        _, view = self._fetch(exhibit)
        return view if isinstance(view, FileView) else None

    def still(self, key: str, still: Still, max_height: float) -> ExhibitImage | None:
        """A still from a file's view (a frame, a page), placed in the PDF under key."""
        try:
            image = pdf_image(still.data, still.media_type)
        except NotAnImage:
            return None
        place_image(self._document(), key, image)
        return ExhibitImage(key, image.width, image.height, max_height)
