"""An exhibit image placed in the PDF from ready-encoded data (see image_data.py).

reportlab's own Image flowable decodes and re-encodes a PNG; this one hands the encoded bytes to
the PDF as an image XObject unchanged, and is drawn as large as the page allows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Flowable

from .image_data import PdfImage


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
    """A PDF image whose stream is written exactly as given, made only when the PDF is written."""

    def __init__(self, load: Callable[[], PdfImage], image: PdfImage) -> None:
        self._load = load
        self.width = image.width
        self.height = image.height
        self.smask_ref: object = None

    def format(self, document: Any) -> bytes:
        image = self._load()  # decoded again here so that the bytes are held only while written
        stream = pdfdoc.PDFStream(content=image.content)
        d = stream.dictionary
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
        return bytes(stream.format(document))


class ExhibitImage(Flowable):  # type: ignore[misc]
    """An exhibit picture, scaled to fit the space given (never enlarged past twice its size)."""

    def __init__(
        self, key: str, load: Callable[[], PdfImage], first: PdfImage, max_height: float
    ) -> None:
        super().__init__()
        self.key = key
        self.load = load
        self.pixel_width, self.pixel_height = first.width, first.height
        self.has_mask = first.smask is not None
        self.max_height = max_height
        self.draw_width = self.draw_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        scale = min(avail_width / self.pixel_width, self.max_height / self.pixel_height, 2.0)
        self.draw_width = self.pixel_width * scale
        self.draw_height = self.pixel_height * scale
        return self.draw_width, self.draw_height

    def _register(self, canvas: Any) -> str:
        doc = canvas._doc
        name = doc.getXObjectName(self.key)
        if name not in doc.idToObject:
            image = self.load()
            xobject = ImageXObject(self.load, image)
            if image.smask is not None:
                mask = image.smask
                xobject.smask_ref = doc.Reference(ImageXObject(lambda: mask, mask))
            canvas._setXObjects(xobject)
            doc.Reference(xobject, name)
            doc.addForm(self.key, xobject)
        return str(name)

    def draw(self) -> None:
        canvas = self.canv
        name = self._register(canvas)
        canvas.saveState()
        canvas.scale(self.draw_width, self.draw_height)
        canvas._code.append(f"/{name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.key)
