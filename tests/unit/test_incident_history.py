"""Histories read for many entries at once match each entry's own history, withdrawn included."""

from __future__ import annotations

import pytest

from diary.domain.errors import NotFound
from diary.domain.incident import Author
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import png_bytes


def test_histories_at_once_are_each_entrys_own_history(vault: Vault) -> None:
    edited = vault.add_incident(make_content(what="First account"))
    vault.edit_incident(edited, make_content(what="Corrected account"), Author.ADVOCATE)
    with_photo = vault.add_incident(make_content(when="2024-06-01T09:00"))
    vault.attach_bytes(with_photo, "gate.png", png_bytes(seed=2))
    withdrawn = vault.add_incident(make_content(what="Entered twice"))
    vault.delete_incident(withdrawn, "entered twice")

    together = vault.histories([with_photo, withdrawn, edited])

    assert list(together) == [with_photo, withdrawn, edited]
    for incident_id, revisions in together.items():
        assert revisions == vault.history(incident_id)
    assert [r.event for r in together[edited]] == ["create", "edit"]
    assert together[edited][1].content["text"] == "Corrected account"
    assert [r.event for r in together[with_photo]] == ["create", "attach"]
    assert [r.event for r in together[withdrawn]] == ["create", "delete"]


def test_an_id_not_in_the_diary_is_refused(vault: Vault) -> None:
    known = vault.add_incident(make_content())
    with pytest.raises(NotFound, match="There is no incident 99 in this diary"):
        vault.histories([known, 99])
    with pytest.raises(NotFound, match="There is no incident 99 in this diary"):
        vault.history(99)
