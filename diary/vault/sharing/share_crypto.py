"""The share file's encryption: a one-time passphrase, Argon2id, and AES-GCM in chunks.

Layout (integers big-endian)::

    8 bytes   magic b"EDSHARE1"
    4 bytes   length of the header
    header    UTF-8 JSON: {"format": "evidence-diary-share", "version": 1,
                           "kdf": {"name": "argon2id", "memory_kib", "iterations", "lanes",
                                   "salt": base64},
                           "nonce_prefix": base64 (7 bytes), "check": base64 (16 bytes)}
    frames    each: 1 byte final flag (0 or 1), 4 bytes length, AES-GCM ciphertext and tag

Frame n is sealed with nonce = prefix || n (4 bytes) || final flag, and the magic and header as
associated data, so frames cannot be reordered, dropped, cut short or moved between files. Each
frame (at most 1 MiB of plaintext) is verified before any of its bytes are used. The `check` is
the tag of an empty message under a nonce no frame uses: it tells a wrong passphrase from a
damaged file.
"""

from __future__ import annotations

import base64
import json
import secrets
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from diary.domain.errors import DiaryDamaged, VerificationFailed, WrongPassphrase

from ..keys.keys import FLOOR, KdfParams, derive_argon2

# The settings every share made by this app uses; a share is held to exactly these.
SHARE_KDF = FLOOR

MAGIC = b"EDSHARE1"
FORMAT = "evidence-diary-share"
VERSION = 1
FRAME_BYTES = 1024 * 1024
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_GROUPS = 6
_CHECK_NONCE_COUNTER = 0xFFFFFFFF
_MAX_HEADER = 4096


def new_share_passphrase() -> str:
    """Six groups of four letters and digits (120 random bits), easy to read out or copy."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUPS * 4))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _normalise(passphrase: str) -> bytes:
    cleaned = passphrase.strip().upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned.encode("utf-8")


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if final else b"\x00")


def _damaged(why: str) -> DiaryDamaged:
    return DiaryDamaged(
        f"The share file is damaged ({why}). Ask for it to be sent again; nothing was imported."
    )


class ShareWriter:
    """Encrypts a byte stream into a share file, one frame per MiB."""

    def __init__(self, out: BinaryIO, passphrase: str, params: KdfParams = SHARE_KDF) -> None:
        salt = secrets.token_bytes(16)
        self._prefix = secrets.token_bytes(7)
        self._aead = AESGCM(derive_argon2(_normalise(passphrase), salt, params.check()))
        check = self._aead.encrypt(_nonce(self._prefix, _CHECK_NONCE_COUNTER, True), b"", b"check")
        header = json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "kdf": {
                    "name": "argon2id",
                    "memory_kib": params.memory_kib,
                    "iterations": params.iterations,
                    "lanes": params.lanes,
                    "salt": base64.b64encode(salt).decode(),
                },
                "nonce_prefix": base64.b64encode(self._prefix).decode(),
                "check": base64.b64encode(check).decode(),
            },
            separators=(",", ":"),
        ).encode()
        self._aad = MAGIC + struct.pack(">I", len(header)) + header
        self._out = out
        self._out.write(self._aad)
        self._buffer = bytearray()
        self._counter = 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > FRAME_BYTES:
            self._seal(bytes(self._buffer[:FRAME_BYTES]), final=False)
            del self._buffer[:FRAME_BYTES]

    def close(self) -> None:
        """Seal the last frame; a share without it is refused as cut short."""
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, final), plain, self._aad)
        self._out.write((b"\x01" if final else b"\x00") + struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1


class ShareReader:
    """Decrypts a share file frame by frame; read() hands out only verified bytes."""

    def __init__(self, fp: BinaryIO, passphrase: str) -> None:
        self._fp = fp
        if fp.read(len(MAGIC)) != MAGIC:
            raise _damaged("it is not a share file")
        try:
            (length,) = struct.unpack(">I", fp.read(4))
            if length > _MAX_HEADER:
                raise ValueError("header too large")
            raw_header = fp.read(length)
            header = json.loads(raw_header.decode("utf-8"))
            if header["format"] != FORMAT or header["version"] != VERSION:
                raise ValueError("unknown format")
            kdf = header["kdf"]
            if kdf["name"] != "argon2id":
                raise ValueError("unknown kdf")
            params = KdfParams(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"]))
            salt = base64.b64decode(kdf["salt"], validate=True)
            self._prefix = base64.b64decode(header["nonce_prefix"], validate=True)
            check = base64.b64decode(header["check"], validate=True)
            if len(salt) != 16 or len(self._prefix) != 7:
                raise ValueError("bad lengths")
        except (ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError) as exc:
            raise _damaged("its header cannot be read") from exc
        if params != SHARE_KDF:
            # The sender chose these: a share asking for more work than this app ever puts in
            # one is refused before any, so a file cannot tie up the computer for minutes.
            raise VerificationFailed(
                "This share file asks for key settings that this app never uses for a share "
                f"({params.memory_kib // 1024} MiB over {params.iterations} passes), so it was "
                "not opened: it was not made by this app, or it has been changed. "
                "Nothing was imported."
            )
        self._aead = AESGCM(derive_argon2(_normalise(passphrase), salt, params))
        try:
            self._aead.decrypt(_nonce(self._prefix, _CHECK_NONCE_COUNTER, True), check, b"check")
        except InvalidTag:
            raise WrongPassphrase(
                "That passphrase does not open this share. Check it against the one you were "
                "given; nothing was imported."
            ) from None
        self._aad = MAGIC + struct.pack(">I", length) + raw_header
        self._counter = 0
        self._plain = b""
        self._done = False

    def _next_frame(self) -> None:
        head = self._fp.read(5)
        if len(head) < 5:
            raise _damaged("it ends early")
        flag, length = head[0], struct.unpack(">I", head[1:])[0]
        if flag not in (0, 1) or length > FRAME_BYTES + 16:
            raise _damaged("a part of it cannot be read")
        sealed = self._fp.read(length)
        try:
            self._plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, flag == 1), sealed, self._aad
            )
        except InvalidTag:
            raise _damaged(f"part {self._counter + 1} does not match its seal") from None
        self._counter += 1
        if flag == 1:
            self._done = True
            if self._fp.read(1):
                raise _damaged("there is extra data after its end")

    def read(self, size: int) -> bytes:
        """Exactly size verified bytes (fewer only at the very end)."""
        parts = []
        while size > 0:
            if not self._plain:
                if self._done:
                    break
                self._next_frame()
                continue
            piece, self._plain = self._plain[:size], self._plain[size:]
            parts.append(piece)
            size -= len(piece)
        return b"".join(parts)

    def read_exactly(self, size: int) -> bytes:
        data = self.read(size)
        if len(data) != size:
            raise _damaged("its contents end early")
        return data

    def finish(self) -> None:
        """Everything must have been read, up to and including the sealed final frame."""
        while not self._done:
            self._next_frame()
            if self._plain:
                raise _damaged("there is more in it than its list of contents")
        if self._plain:
            raise _damaged("there is more in it than its list of contents")
