"""Exhibit marks are given by a real export only: a preview shows them without keeping them."""

from __future__ import annotations

from diary.export.pack import EvidencePack, PackOptions, build_pack
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import png_bytes


def _stored_marks(vault: Vault) -> list[tuple[int, str]]:
    return vault.conn.execute(
        "SELECT attachment_id, mark FROM exhibit_marks ORDER BY number"
    ).fetchall()


def _marks(pack: EvidencePack) -> list[tuple[int, str]]:
    return [(e.attachment.id, e.mark) for e in pack.exhibits]


def _diary_with_photos(vault: Vault) -> None:
    for day in (3, 1, 2):
        incident = vault.add_incident(make_content(when=f"2024-04-{day:02d}T10:00"))
        vault.attach_bytes(incident, f"day{day}.png", png_bytes(seed=day))


def test_a_preview_alone_gives_no_marks(vault: Vault) -> None:
    _diary_with_photos(vault)
    preview = build_pack(vault, PackOptions(), assign_marks=False)
    assert [mark for _, mark in _marks(preview)] == ["SE/1", "SE/2", "SE/3"]
    assert _stored_marks(vault) == []


def test_previews_then_export_give_the_marks_a_direct_export_gives(vault: Vault) -> None:
    _diary_with_photos(vault)
    first = build_pack(vault, PackOptions(), assign_marks=False)
    second = build_pack(vault, PackOptions(), assign_marks=False)
    exported = build_pack(vault, PackOptions())
    assert _marks(first) == _marks(second) == _marks(exported)
    assert _stored_marks(vault) == _marks(exported)
    # In time order, so the photo of the 1st is SE/1 even though it was attached second.
    assert [e.attachment.filename for e in exported.exhibits] == [
        "day1.png",
        "day2.png",
        "day3.png",
    ]
    assert [mark for _, mark in _stored_marks(vault)] == ["SE/1", "SE/2", "SE/3"]


def test_a_preview_after_an_export_shows_the_next_numbers_and_keeps_the_old(
    vault: Vault,
) -> None:
    _diary_with_photos(vault)
    build_pack(vault, PackOptions(ids=(1,)))
    incident = vault.add_incident(make_content(when="2024-04-04T10:00"))
    vault.attach_bytes(incident, "day4.png", png_bytes(seed=4))
    preview = build_pack(vault, PackOptions(), assign_marks=False)
    marks = dict(_marks(preview))
    stored = dict(_stored_marks(vault))
    assert len(stored) == 1
    (only_id,) = stored
    assert marks[only_id] == "SE/1"
    assert sorted(m for i, m in marks.items() if i != only_id) == ["SE/2", "SE/3", "SE/4"]
    assert dict(_stored_marks(vault)) == stored
