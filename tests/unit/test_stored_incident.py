"""Incidents read from the vault decode their content lazily and behave as plain Incidents."""

from __future__ import annotations

import dataclasses

from diary.domain.incident import Incident
from diary.vault import Vault
from tests.conftest import make_content


def test_listed_incident_has_the_content_that_was_saved(vault: Vault) -> None:
    content = make_content(what="He was at the gate at 6pm.", words="You can't hide")
    incident_id = vault.add_incident(content)

    listed = vault.incidents()[0]

    assert listed.id == incident_id
    assert listed.content == content
    assert listed.content is listed.content  # decoded once


def test_stored_incident_equals_a_plain_copy_and_survives_replace(vault: Vault) -> None:
    vault.add_incident(make_content(what="First"))
    stored = vault.incidents()[0]
    plain = Incident(**{f.name: getattr(stored, f.name) for f in dataclasses.fields(Incident)})

    assert stored == plain and plain == stored
    assert hash(stored) == hash(plain)
    assert dataclasses.asdict(stored) == dataclasses.asdict(plain)
    changed = dataclasses.replace(stored, content=make_content(what="Second"))
    assert changed.content.text == "Second"
    assert stored.content.text == "First"
    assert changed != stored
