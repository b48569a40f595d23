"""The key hierarchy: passphrase and recovery key each unwrap the same random data key.

passphrase (NFC) --Argon2id--> key-encryption key --AES-GCM--> data key
recovery key     --HKDF------> key-encryption key --AES-GCM--> data key
data key --HKDF--> SQLCipher raw key
data key --HKDF--> the key that authenticates the chain's checkpoint (chain_checkpoint.py)

A failed AES-GCM unwrap is the only reliable sign of a wrong passphrase: SQLCipher cannot tell a
wrong key from a damaged file. `keys.json` holds nothing readable; it is rewritten atomically and
a spare copy of it is kept beside it as `keys.json.prev`. Changing any secret changes the data
key too (key_change.py), so no earlier key file opens the database.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from diary.domain.errors import DiaryDamaged, InvalidInput, WrongPassphrase

from ..storage.files import write_atomically

KEYS_FILE = "keys.json"
PREVIOUS_SUFFIX = ".prev"
FORMAT = "evidence-diary-keys"
VERSION = 1

# Argon2id floor (never below) and ceiling. The ceiling covers everything this app writes
# (calibration stays inside it) and nothing more: settings read from a key file, a backup or a
# share are checked before any work is done, so a file someone sends cannot make the app spend
# minutes and gigabytes before the passphrase is even tried. The most it allows, 1 GiB over
# eight passes, takes about 3.4 s on a 2-core machine (docs/security.md).
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 16
MAX_LANES = 8
MAX_WORK_KIB = 8 * 1024 * 1024  # memory x passes
CALIBRATION_MEMORY_CAP_KIB = MAX_MEMORY_KIB
DEFAULT_TARGET_SECONDS = 1.0
# Tests and benchmarks may ask for a quicker derivation; it never goes below the floor.
TARGET_ENV = "EVIDENCE_DIARY_KDF_SECONDS"

MIN_PASSPHRASE_CHARS = 8

_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_RECOVERY_BODY_CHARS = 30  # 150 random bits
_RECOVERY_CHECK_CHARS = 2


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int

    def check(self) -> KdfParams:
        ok = (
            FLOOR_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB
            and FLOOR_ITERATIONS <= self.iterations <= MAX_ITERATIONS
            and FLOOR_LANES <= self.lanes <= MAX_LANES
            and self.memory_kib * self.iterations <= MAX_WORK_KIB
        )
        if not ok:
            raise DiaryDamaged(
                "The diary's key file asks for key-derivation settings outside safe bounds; "
                "it has been damaged or changed. Restore it from a backup."
            )
        return self


FLOOR = KdfParams(FLOOR_MEMORY_KIB, FLOOR_ITERATIONS, FLOOR_LANES)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on another keyboard or system gives the same bytes."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect a diary."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise InvalidInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; "
            "a few unrelated words are easy to remember and hard to guess."
        )
    if "\n" in passphrase or "\r" in passphrase:
        raise InvalidInput("A passphrase cannot contain a line break.")


def derive_argon2(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


def calibrate(target_seconds: float | None = None) -> KdfParams:
    """Argon2id settings that take about target_seconds here, never below the floor."""
    if target_seconds is None:
        env = os.environ.get(TARGET_ENV, "")
        try:
            target_seconds = float(env) if env else DEFAULT_TARGET_SECONDS
        except ValueError:
            target_seconds = DEFAULT_TARGET_SECONDS
    salt = secrets.token_bytes(16)
    started = time.perf_counter()
    derive_argon2(b"calibration", salt, FLOOR)
    floor_seconds = max(time.perf_counter() - started, 1e-3)
    if floor_seconds >= target_seconds:
        return FLOOR
    memory = FLOOR_MEMORY_KIB
    while (
        memory * 2 <= CALIBRATION_MEMORY_CAP_KIB
        and floor_seconds * (memory * 2) / (FLOOR_MEMORY_KIB) <= target_seconds
    ):
        memory *= 2
    predicted = floor_seconds * memory / FLOOR_MEMORY_KIB
    most = min(MAX_ITERATIONS, MAX_WORK_KIB // memory)
    iterations = max(
        FLOOR_ITERATIONS, min(most, int(FLOOR_ITERATIONS * target_seconds / predicted))
    )
    return KdfParams(memory, iterations, FLOOR_LANES).check()


def derive_database_key(data_key: bytes) -> bytes:
    """The raw SQLCipher key; separate from the data key so the data key is never handed out."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"evidence-diary/sqlcipher/v1"
    ).derive(data_key)


def derive_checkpoint_key(data_key: bytes) -> bytes:
    """The HMAC key of the hash chain's checkpoint: only the data key's holder can make one."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"evidence-diary/chain-checkpoint/v1"
    ).derive(data_key)


def new_recovery_key() -> str:
    """A printable recovery key: 30 random base32 characters and 2 check characters, grouped."""
    body = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_BODY_CHARS))
    raw = body + _recovery_check(body)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _recovery_check(body: str) -> str:
    digest = hashlib.sha256(body.encode()).digest()
    return "".join(_RECOVERY_ALPHABET[b % 32] for b in digest[:_RECOVERY_CHECK_CHARS])


def recovery_characters(text: str) -> str:
    """A recovery key (or part of one) as typed, in the key's own letters: case, spaces and
    dashes ignored, O read as 0 and I or L as 1, which the key never uses."""
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def parse_recovery_key(text: str) -> bytes:
    """The recovery key's secret bytes; forgiving of case, spaces, dashes and O/0, I/L/1."""
    cleaned = recovery_characters(text)
    expected = _RECOVERY_BODY_CHARS + _RECOVERY_CHECK_CHARS
    if len(cleaned) != expected or any(c not in _RECOVERY_ALPHABET for c in cleaned):
        raise WrongPassphrase(
            f"That is not a recovery key: it should be {expected} letters and digits in groups "
            "of four, like ABCD-EFGH-…"
        )
    body, check = cleaned[:_RECOVERY_BODY_CHARS], cleaned[_RECOVERY_BODY_CHARS:]
    if _recovery_check(body) != check:
        raise WrongPassphrase(
            "That recovery key has a typing mistake in it. Check each group against the copy "
            "you kept."
        )
    return body.encode()


def _recovery_kek(secret: bytes, salt: bytes) -> bytes:
    # 150 random bits need no slow hash; HKDF binds the key to this slot's salt.
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"evidence-diary/recovery/v1"
    ).derive(secret)


def _aad(slot: str) -> bytes:
    return f"{FORMAT}/v{VERSION}/{slot}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    data = base64.b64decode(text, validate=True)
    if length is not None and len(data) != length:
        raise ValueError("wrong length")
    return data


@dataclass
class KeyFile:
    """The parsed contents of keys.json."""

    params: KdfParams
    salt: bytes
    passphrase_nonce: bytes
    passphrase_wrapped: bytes
    recovery_salt: bytes
    recovery_nonce: bytes
    recovery_wrapped: bytes

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "passphrase": {
                "kdf": "argon2id",
                "memory_kib": self.params.memory_kib,
                "iterations": self.params.iterations,
                "lanes": self.params.lanes,
                "salt": _b64(self.salt),
                "nonce": _b64(self.passphrase_nonce),
                "wrapped_key": _b64(self.passphrase_wrapped),
            },
            "recovery": {
                "kdf": "hkdf-sha256",
                "salt": _b64(self.recovery_salt),
                "nonce": _b64(self.recovery_nonce),
                "wrapped_key": _b64(self.recovery_wrapped),
            },
        }
        return (json.dumps(data, indent=2) + "\n").encode("ascii")

    @classmethod
    def from_json(cls, raw: bytes) -> KeyFile:
        """Parse keys.json; ValueError for anything malformed (the caller says 'damaged')."""
        if len(raw) > 64 * 1024:
            raise ValueError("key file too large")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a key file")
        if data.get("version") != VERSION:
            raise ValueError("unknown key file version")
        pw, rc = data["passphrase"], data["recovery"]
        if pw.get("kdf") != "argon2id" or rc.get("kdf") != "hkdf-sha256":
            raise ValueError("unknown key derivation")
        for name in ("memory_kib", "iterations", "lanes"):
            if type(pw[name]) is not int:
                raise ValueError("kdf parameter is not a whole number")
        params = KdfParams(pw["memory_kib"], pw["iterations"], pw["lanes"])
        try:
            params.check()
        except DiaryDamaged as exc:
            raise ValueError("kdf parameters out of bounds") from exc
        return cls(
            params=params,
            salt=_unb64(pw["salt"], 16),
            passphrase_nonce=_unb64(pw["nonce"], 12),
            passphrase_wrapped=_unb64(pw["wrapped_key"], 48),
            recovery_salt=_unb64(rc["salt"], 16),
            recovery_nonce=_unb64(rc["nonce"], 12),
            recovery_wrapped=_unb64(rc["wrapped_key"], 48),
        )


def _wrap(kek: bytes, data_key: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(12)
    return nonce, AESGCM(kek).encrypt(nonce, data_key, aad)


def _unwrap(kek: bytes, nonce: bytes, wrapped: bytes, aad: bytes) -> bytes | None:
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, aad)
    except InvalidTag:
        return None


def _recovery_slot(data_key: bytes, aad: bytes) -> tuple[bytes, bytes, bytes, str]:
    """A new recovery key and data_key wrapped under it: (salt, nonce, wrapped, recovery key)."""
    recovery = new_recovery_key()
    salt = secrets.token_bytes(16)
    nonce, wrapped = _wrap(_recovery_kek(parse_recovery_key(recovery), salt), data_key, aad)
    return salt, nonce, wrapped, recovery


@dataclass(frozen=True)
class PassphraseKey:
    """What a passphrase derives to for one key file: the key-encryption key, with the salt and
    settings it was derived under. Kept while a diary is open (like the data key), so that a
    new recovery key can be made without asking for the passphrase again."""

    kek: bytes
    salt: bytes
    params: KdfParams


def passphrase_key(passphrase: str, params: KdfParams, salt: bytes | None = None) -> PassphraseKey:
    """Derive the key-encryption key for passphrase (under a new salt unless one is given)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    kek = derive_argon2(normalise_passphrase(passphrase), salt, params.check())
    return PassphraseKey(kek, salt, params)


def key_file_for(data_key: bytes, passphrase: PassphraseKey) -> tuple[KeyFile, str]:
    """A key file wrapping data_key under the passphrase's key and under a new recovery key;
    return it and the recovery key (shown once, never stored)."""
    nonce, wrapped = _wrap(passphrase.kek, data_key, _aad("passphrase"))
    r_salt, r_nonce, r_wrapped, recovery = _recovery_slot(data_key, _aad("recovery"))
    keyfile = KeyFile(
        passphrase.params, passphrase.salt, nonce, wrapped, r_salt, r_nonce, r_wrapped
    )
    return keyfile, recovery


def unwrap_passphrase_key(keys: KeyFile, passphrase: PassphraseKey) -> bytes | None:
    """The data key, if passphrase (derived for this key file's salt) opens keys."""
    aad = _aad("passphrase")
    return _unwrap(passphrase.kek, keys.passphrase_nonce, keys.passphrase_wrapped, aad)


def unwrap_with_passphrase(keys: KeyFile, passphrase: str) -> bytes | None:
    return unwrap_passphrase_key(keys, passphrase_key(passphrase, keys.params, keys.salt))


def unwrap_with_recovery(keys: KeyFile, recovery_key: str) -> bytes | None:
    kek = _recovery_kek(parse_recovery_key(recovery_key), keys.recovery_salt)
    aad = _aad("recovery")
    return _unwrap(kek, keys.recovery_nonce, keys.recovery_wrapped, aad)


SPARE_FILE = KEYS_FILE + PREVIOUS_SUFFIX
# Written while the secrets change (key_change.py): the new key file, which opens the database
# once it has been re-encrypted and until keys.json has been replaced by it.
NEXT_FILE = KEYS_FILE + ".next"


def read_key_files(folder: Path) -> tuple[list[tuple[str, KeyFile]], list[str]]:
    """The key files to try, in order: keys.json, a new one left by a key change that was
    stopped part way, and the spare copy of keys.json (name, parsed); warnings for damage.
    A spare that is the same as keys.json is not listed twice.

    Raises DiaryDamaged when none can be read.
    """
    found: list[tuple[str, KeyFile]] = []
    warnings: list[str] = []
    for name in (KEYS_FILE, NEXT_FILE, SPARE_FILE):
        path = folder / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            continue
        try:
            keyfile = KeyFile.from_json(raw)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            if name != NEXT_FILE:  # a new one cut short by a crash was never in use
                warnings.append(f"{name} is damaged and was not used.")
            continue
        if all(keyfile != other for _, other in found):
            found.append((name, keyfile))
    if not found:
        raise DiaryDamaged(
            "The diary's key file (keys.json) is missing or damaged, and there is no good "
            "spare copy. Restore the diary from a backup."
        )
    return found, warnings


def write_key_file(folder: Path, keys: KeyFile) -> None:
    """Make keys (the key file in force) keys.json and its spare copy, keys.json.prev.

    The spare guards against a damaged disk block; it is always the same as keys.json, never a
    way back to an earlier passphrase or recovery key."""
    data = keys.to_json()
    write_atomically(folder / KEYS_FILE, data)
    write_atomically(folder / SPARE_FILE, data)
