"""A video's or a recording's view, read with PyAV (vault/attachments/media_view.py, where it is
derived when the file is kept)."""

from diary.vault.attachments.media_view import media_view

__all__ = ["media_view"]
