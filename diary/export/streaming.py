"""A reportlab canvas that writes its PDF to the target file object by object.

reportlab formats every object of a PDF into one list and joins it before writing, so saving a
pack held the whole file in memory twice, every picture included. Here each object goes to the
file as soon as it is formatted, and an exhibit picture is read just before it is written (see
image_flowable.py): saving holds one picture at a time, however many the pack has.

Each page's drawing commands are also compressed as soon as the page is finished, exactly as
reportlab would compress them when saving, rather than kept as text until the end: a long pack's
pages take a fraction of the memory meanwhile.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class _StreamingDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """reportlab's PDF document, with its output collector pointed at the file.

    PDFDocument.format() keeps its collector (a PDFFile) as `self.__accum__` while it formats the
    objects, and the collector counts the offsets the cross-reference table needs. Taking the
    collector as it is set lets every later piece go straight to the file, while reportlab still
    does all the numbering and counting itself.
    """

    _sink: BinaryIO | None = None
    _collector: Any = None

    @property
    def __accum__(self) -> Any:
        return self._collector

    @__accum__.setter
    def __accum__(self, collector: Any) -> None:
        self._collector = collector
        if self._sink is not None:
            for piece in collector.strings:  # the header, already collected
                self._sink.write(piece)
            collector.strings = []
            collector.write = self._sink.write

    @__accum__.deleter
    def __accum__(self) -> None:
        self._collector = None

    def addPage(self, page: Any) -> None:
        super().addPage(page)
        if page.stream and page.compression and not page.Contents:
            contents = pdfdoc.PDFStream(content=pdfdoc.PDFZCompress.encode(page.stream))
            # With its filter named, the stream is written as it is when the PDF is saved.
            contents.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            page.Contents = contents
            page.stream = None

    def SaveToFile(self, filename: Any, canvas: Any) -> None:
        if not callable(getattr(filename, "write", None)):
            raise TypeError("the pack is written to an open binary file")
        self._sink = filename
        try:
            super().SaveToFile(filename, canvas)
        finally:
            self._sink = None


class StreamingCanvas(Canvas):  # type: ignore[misc]
    """A canvas whose save() streams the PDF to its file (see _StreamingDocument)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._doc.__class__ = _StreamingDocument
