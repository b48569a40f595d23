"""A reportlab canvas that writes its PDF to the target file as it goes, not all at the end.

reportlab keeps every object of a PDF until it saves, then formats them into one list and joins
it before writing: a pack of many pictures was held in memory whole, twice. Here:

- an exhibit picture is written to the file as soon as it is put in the PDF (write_now), and
  only a small stand-in is kept, so each original is read once and held only while written;
- each page's drawing commands are compressed as soon as the page is finished, exactly as
  reportlab would compress them when saving, and written to the file at once;
- each page's own record (its size, resources and links) is written as soon as every form it
  draws is defined, and only a reference to it kept;
- saving writes every remaining object to the file as soon as it is formatted.

reportlab still numbers the objects and builds the cross-reference table; an object written
early is simply found at its earlier place in the file, which PDF allows.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

# What an object written early formats to when the PDF is saved: never written itself, it tells
# the output where the object already is. No real object formats to this.
_WRITTEN = b"%Evidence Diary: written earlier%"
_WRITTEN_TAIL = _WRITTEN + b"\nendobj\n"


class _WrittenEarlier(pdfdoc.PDFObject):  # type: ignore[misc]
    def __init__(self, offset: int) -> None:
        self.offset = offset

    def format(self, document: Any) -> bytes:
        document.written_at = self.offset
        return _WRITTEN


class _Output(pdfdoc.PDFFile):  # type: ignore[misc]
    """reportlab's output collector, writing straight to the file; an object written early is
    not written again, and its earlier place goes into the cross-reference table."""

    document: _StreamingDocument

    def add(self, s: Any) -> int:
        if isinstance(s, bytes) and s.endswith(_WRITTEN_TAIL):
            return int(self.document.written_at)
        return int(super().add(s))


class _StreamingDocument(pdfdoc.PDFDocument):  # type: ignore[misc]
    """reportlab's PDF document, writing to its file as it goes (see the module's note).

    PDFDocument.format() keeps its output collector as `self.__accum__` (a name Python does not
    mangle) while it formats the objects; taking the collector as it is set points it at the file.
    """

    sink: BinaryIO | None = None
    position = 0  # bytes written to the sink so far
    written_at = 0
    _collector: Any = None

    @property
    def _waiting(self) -> dict[str, list[int]]:
        """The pages (by index) not yet written, by the name of a form they draw that is not
        defined yet."""
        waiting: dict[str, list[int]] = self.__dict__.setdefault("_waiting_pages", {})
        return waiting

    def _write(self, data: bytes) -> None:
        assert self.sink is not None
        if not self.position:
            header = b"".join(pdfdoc.PDFFile(self._pdfVersion).strings)
            self.sink.write(header)
            self.position = len(header)
        self.sink.write(data)
        self.position += len(data)

    def write_now(self, name: str) -> None:
        """Write a registered object (a picture) to the file now, and keep only a stand-in."""
        if self.sink is None:
            return  # not writing to a file: kept until saved, as reportlab does
        thing = self.idToObject[name]
        if hasattr(thing, "stream_parts"):  # a picture: its content written as it is, uncopied
            number, version = self.idToObjectNumberAndVersion[name]
            self.encrypt.register(number, version)
            head, content = thing.stream_parts(self)
            opening = f"{number} {version} obj\n".encode("ascii") + head + b"\nstream\n"
            parts = [opening, content, b"endstream\nendobj\n"]
        else:
            parts = [pdfdoc.PDFIndirectObject(name, thing).format(self)]
        self._write(b"")  # the header first, if nothing is written yet
        self.idToObject[name] = _WrittenEarlier(self.position)
        for part in parts:
            self._write(part)

    def addPage(self, page: Any) -> None:
        super().addPage(page)
        if page.stream and page.compression and not page.Contents:
            contents = pdfdoc.PDFStream(content=pdfdoc.PDFZCompress.encode(page.stream))
            # With its filter named, the stream is written as it is when the PDF is saved.
            contents.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            page.stream = None
            # Written to the file now, as a picture is: a pack of ten thousand pages would
            # otherwise hold every page's drawing until it is saved.
            reference = self.Reference(contents)
            page.Contents = reference
            self.write_now(reference.name)
        if self.sink is not None:
            self._write_page(len(self.Pages.pages) - 1)

    def _write_page(self, index: int) -> None:
        """Write a finished page's own record to the file, and keep only a reference to it. A
        page drawing a form not yet defined (the statement's page count, known when the
        statement ends) waits for that form."""
        pages = self.Pages.pages
        page = pages[index]
        forms = page.XObjects.dict.values() if page.XObjects is not None else ()
        for form in forms:
            if form.name not in self.idToObjectNumberAndVersion:
                self._waiting.setdefault(form.name, []).append(index)
                return
        name = page.__InternalName__
        try:
            self.write_now(name)
        except KeyError:  # anything else it refers to not yet made: kept until the PDF is saved
            return
        pages[index] = pdfdoc.PDFObjectReference(name)

    def addForm(self, name: str, form: Any) -> None:
        super().addForm(name, form)
        for index in self._waiting.pop(pdfdoc.xObjectName(name), []):
            self._write_page(index)

    @property
    def __accum__(self) -> Any:
        return self._collector

    @__accum__.setter
    def __accum__(self, collector: Any) -> None:
        self._collector = collector
        if self.sink is None:
            return
        if self.position:  # the header went out with the first picture
            collector.offset = self.position
        else:
            for piece in collector.strings:
                self.sink.write(piece)
        collector.strings = []
        collector.write = self.sink.write
        collector.__class__ = _Output
        collector.document = self

    @__accum__.deleter
    def __accum__(self) -> None:
        self._collector = None

    def SaveToFile(self, filename: Any, canvas: Any) -> None:
        if filename is not self.sink:
            raise TypeError("the pack is saved to the file object it was started with")
        super().SaveToFile(filename, canvas)


class StreamingCanvas(Canvas):  # type: ignore[misc]
    """A canvas writing its PDF to the open binary file it is given (see _StreamingDocument)."""

    def __init__(self, target: Any, *args: Any, **kwargs: Any) -> None:
        if not callable(getattr(target, "write", None)):
            raise TypeError("the pack is written to an open binary file")
        super().__init__(target, *args, **kwargs)
        self._doc.__class__ = _StreamingDocument
        self._doc.sink = target


def write_now(document: Any, name: str) -> None:
    """Write a registered object to the PDF's file at once, if the document can."""
    if isinstance(document, _StreamingDocument):
        document.write_now(name)
