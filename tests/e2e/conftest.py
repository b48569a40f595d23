"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .small_disk import mounted_tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, as a nearly full USB stick; skipped where mounting is not allowed."""
    with mounted_tmpfs(tmp_path / "stick", 512 * 1024) as mount:
        yield mount
