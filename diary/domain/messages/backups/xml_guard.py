"""A streaming XML reader that refuses what SMS Backup & Restore never writes.

Python's expat (2.4 and later) already limits entity expansion ("billion laughs") and does not
fetch external entities; this goes further and refuses any document type declaration at all, so
no entity, internal or external, is ever defined, expanded or fetched. Files are fed in pieces:
memory stays that of one element, whatever the size of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.parsers import expat

CHUNK = 1024 * 1024

StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]


class Refused(Exception):
    """The document declares something this reader will not read (a DTD, an entity)."""


def _refuse_dtd(*_args: object) -> None:
    raise Refused("it declares a document type (DTD)")


def _refuse_entity(*_args: object) -> None:
    raise Refused("it declares an entity")


def parser(start: StartHandler, end: EndHandler) -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True
    p.ordered_attributes = False
    p.StartDoctypeDeclHandler = _refuse_dtd
    p.EntityDeclHandler = _refuse_entity
    p.UnparsedEntityDeclHandler = _refuse_entity
    p.ExternalEntityRefHandler = lambda *_args: 0  # never fetched: expat reports an error
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.StartElementHandler = start
    p.EndElementHandler = end
    return p


def feed(p: expat.XMLParserType, stream: BinaryIO) -> Iterator[None]:
    """Feed the file in pieces, yielding after each so the caller can pass on what was read.
    Raises expat.ExpatError (with its line number) or Refused."""
    while chunk := stream.read(CHUNK):
        p.Parse(chunk, False)
        yield None
    p.Parse(b"", True)
    yield None
