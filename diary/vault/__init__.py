"""The encrypted vault: keys, the SQLCipher database, incidents, attachments and search.

The only package that imports sqlcipher3. Its names load on first use, so that importing
`diary.vault.folders` (to find a diary) does not load SQLCipher and the cryptography library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .vault import CheckReport, Vault, default_folder, is_diary

__all__ = ["CheckReport", "Vault", "default_folder", "is_diary"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from . import vault

        return getattr(vault, name)
    raise AttributeError(f"module 'diary.vault' has no attribute {name!r}")
