"""The encrypted vault: keys, the SQLCipher database, incidents, attachments and search.

The only package that imports sqlcipher3.
"""

from .vault import CheckReport, Vault, default_folder, is_diary

__all__ = ["CheckReport", "Vault", "default_folder", "is_diary"]
