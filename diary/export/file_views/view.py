"""The shape of a file's view (kept in the vault, which derives and stores views of videos and
recordings when they are kept: vault/attachments/file_view.py)."""

from diary.vault.attachments.file_view import (
    MAX_VIEWED_BYTES,
    FileView,
    Still,
    clock_text,
    duration_text,
    viewable,
)

__all__ = ["MAX_VIEWED_BYTES", "FileView", "Still", "clock_text", "duration_text", "viewable"]
