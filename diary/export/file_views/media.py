"""A video's or a recording's view, read with PyAV in a process of its own
(vault/attachments/media_apart.py; the view itself is vault/attachments/media_view.py, where it
is derived when the file is kept)."""

from diary.vault.attachments.media_apart import read_apart as media_view

__all__ = ["media_view"]
