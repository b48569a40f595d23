"""The diary's own Ed25519 key, which signs every bundle's manifest.

Made once per diary on first export; the private half lives only inside the encrypted database
(a setting, base64), the public half travels in each bundle and its fingerprint on the cover.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from diary.domain.errors import DiaryError
from diary.vault import Vault

SIGNING_KEY_SETTING = "export_signing_key"


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


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, first 16 bytes, in groups of four hex digits."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))
