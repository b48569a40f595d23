"""The diary's whole chain of revision hashes, as a pack carries it, held packed.

Every revision of the diary is listed in entries.json by its entry's uid and its hash, so that a
selection can be placed in the diary's whole record of changes. As Python strings a pair takes
about 250 bytes; a diary of a hundred thousand revisions would hold 25 MB of them for the whole
export. Here each pair whose uid and hash are plain lowercase hex (as the diary makes them) is
kept as its 48 bytes, and given back as the same strings when read; any other pair is kept as it
is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

_UID = 16  # bytes of a uid (uuid4().hex)
_HASH = 32  # bytes of a SHA-256
_PAIR = _UID + _HASH


def _packable(uid: str, digest: str) -> bytes | None:
    try:
        packed = bytes.fromhex(uid) + bytes.fromhex(digest)
    except ValueError:
        return None
    exact = len(packed) == _PAIR and packed[:_UID].hex() == uid and packed[_UID:].hex() == digest
    return packed if exact else None


class ChainListing(Sequence[tuple[str, str]]):
    """(entry uid, hash) of every revision, in order, read back exactly as given."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        packed = bytearray()
        self._other: dict[int, tuple[str, str]] = {}  # pairs not kept packed, by position
        count = 0
        for uid, digest in pairs:
            piece = _packable(uid, digest)
            if piece is None:
                self._other[count] = (uid, digest)
                piece = bytes(_PAIR)
            packed += piece
            count += 1
        self._packed = bytes(packed)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def _pair(self, index: int) -> tuple[str, str]:
        other = self._other.get(index)
        if other is not None:
            return other
        at = index * _PAIR
        return self._packed[at : at + _UID].hex(), self._packed[at + _UID : at + _PAIR].hex()

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, str] | Sequence[tuple[str, str]]:
        if isinstance(index, slice):
            return [self._pair(n) for n in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._pair(index)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return (self._pair(n) for n in range(self._count))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(other) == self._count and all(
            a == tuple(b) for a, b in zip(self, other, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]
