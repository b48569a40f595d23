"""Shared by the message-import tests: the hand-written fixtures, and zips made from them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from diary.domain.messages.log import Item, Notes, Unread
from diary.domain.messages.options import ReadOptions
from diary.domain.messages.reading import identify, read_items

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "messages"
ZONE = "Europe/London"
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0500f0004850180848a8c210000000049454e44ae426082"
)


def fixture(name: str) -> Path:
    return FIXTURES / name


def read_all(path: Path, **options: object) -> tuple[list[Item], list[Unread], Notes]:
    source = identify(path)
    notes = Notes()
    found = list(read_items(source, ReadOptions(ZONE, **options), notes, []))  # type: ignore[arg-type]
    return (
        [e for e in found if isinstance(e, Item)],
        [e for e in found if isinstance(e, Unread)],
        notes,
    )


def iphone_zip(folder: Path) -> Path:
    """An iPhone 'Export chat' with media: _chat.txt and the photo it names."""
    path = folder / "WhatsApp Chat - Chris Sample.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(fixture("whatsapp_iphone.txt"), "_chat.txt")
        archive.writestr("00000012-PHOTO-2024-06-13-07-02-00.jpg", PHOTO)
    return path


def android_zip(folder: Path) -> Path:
    path = folder / "WhatsApp Chat with Chris Sample.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(fixture("whatsapp_android.txt"), "WhatsApp Chat with Chris Sample.txt")
        archive.writestr("IMG-20240613-WA0001.jpg", PHOTO)
    return path


def planned(path: Path, senders: list[str], **options: object):  # type: ignore[no-untyped-def]
    """The survey and plan of a file for the senders named (by name or number)."""
    from diary.domain.messages.proposals import plan
    from diary.domain.messages.survey import survey

    result = survey(identify(path), ReadOptions(ZONE, **options))  # type: ignore[arg-type]
    keys = [s.key for name in senders for s in result.match(name)]
    return plan(result, keys)
