"""Shared test set-up: fast key derivation, offscreen Qt, and a fresh diary per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Key derivation at its floor (64 MiB, t=3, p=4) instead of the ~1 s calibrated at creation.
os.environ["EVIDENCE_DIARY_KDF_SECONDS"] = "0"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from diary.domain.case import CaseDetails
from diary.domain.incident import IncidentContent
from diary.domain.times import parse_moment
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def diary_dir(tmp_path: Path) -> Path:
    return tmp_path / "diary"


@pytest.fixture
def new_vault(diary_dir: Path) -> Iterator[tuple[Vault, str]]:
    """A freshly created, open diary and its recovery key."""
    vault, recovery = Vault.create(
        diary_dir, PASSPHRASE, CaseDetails(name="Sam Example", initials="SE"), kdf=FLOOR
    )
    yield vault, recovery
    if vault._conn is not None:
        vault.close()


@pytest.fixture
def vault(new_vault: tuple[Vault, str]) -> Vault:
    return new_vault[0]


def make_content(
    when: str = "2024-06-03T18:30",
    where: str = "Outside my work",
    what: str = "He was waiting.",
    **fields: object,
) -> IncidentContent:
    return IncidentContent(
        occurred=parse_moment(when, "Europe/London"),
        location=where,
        text=what,
        **fields,  # type: ignore[arg-type]
    )
