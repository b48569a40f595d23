"""The diary's own Ed25519 key, which signs every bundle's manifest, and its fingerprint.

Made once per diary (on first export, or when Settings shows it); the private half lives only
inside the encrypted database (a setting, base64), the public half travels in each bundle and its
fingerprint on the cover. The fingerprint is what a person reads out or texts to an officer, so
that `diary verify --key` can tell their diary's bundles from any other that agrees with itself.
"""

from __future__ import annotations

import base64
import hashlib
import string
import unicodedata

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from diary.domain.errors import DiaryError, InvalidInput
from diary.vault import Vault
from diary.vault.keys.key_change import SIGNING_KEY_SETTING

FINGERPRINT_DIGITS = 32


def diary_signing_key(vault: Vault) -> Ed25519PrivateKey:
    """The diary's signing key, made and stored the first time it is asked for."""
    stored = vault.setting(SIGNING_KEY_SETTING)
    if stored:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    if vault.read_only:
        raise DiaryError(
            "This diary has never made an evidence pack, so it has no signing key yet, and one "
            "can only be made and kept where the diary's folder can be written to. Export from a "
            "copy of the folder somewhere you can write to. Nothing was written."
        )
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes_raw()
    vault.set_setting(SIGNING_KEY_SETTING, base64.b64encode(raw).decode("ascii"))
    return key


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _grouped(digits: str) -> str:
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, first 16 bytes, in groups of four hex digits: the one form
    shown everywhere (cover, Settings, export, verify), short enough to read out or text."""
    return _grouped(hashlib.sha256(public_key).hexdigest()[:FINGERPRINT_DIGITS].upper())


def key_fingerprint(key: Ed25519PrivateKey) -> str:
    return fingerprint(public_bytes(key.public_key()))


def parse_fingerprint(text: str) -> str:
    """A fingerprint as someone typed it back, in the form fingerprint() gives. Case, spaces and
    dashes do not matter; anything else that is not 32 hex digits is refused, never guessed."""
    # Any space or dash is left out: a phone may turn "-" into "–" or a space into a no-break one.
    digits = "".join(c for c in text if not (c.isspace() or unicodedata.category(c) == "Pd"))
    digits = digits.upper()
    if len(digits) == FINGERPRINT_DIGITS and all(c in string.hexdigits for c in digits):
        return _grouped(digits)
    if len(digits) == 64 and all(c in string.hexdigits for c in digits):
        raise InvalidInput(
            "That is 64 digits long, like the bundle fingerprint; the signing key fingerprint "
            f"is {FINGERPRINT_DIGITS} (8 groups of 4). Ask the person for that one."
        )
    raise InvalidInput(
        f"A signing key fingerprint is {FINGERPRINT_DIGITS} digits and letters A to F, "
        "in 8 groups of 4 (for example 1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D); "
        "what was given is not one. Ask the person to read or text it again."
    )
