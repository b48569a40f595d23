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


def test_entries_read_by_two_threads_at_once_decode_to_the_same_content(vault: Vault) -> None:
    """The timeline's reader and the window may read the same entries at the same moment; the
    stored JSON is let go once decoded, and neither may find it gone and the content missing."""
    from concurrent.futures import ThreadPoolExecutor

    for n in range(200):
        vault.add_incident(make_content(what=f"Entry {n}: he was at the gate."))
    for _ in range(5):
        listed = vault.incidents()
        with ThreadPoolExecutor(4) as pool:
            seen = list(pool.map(lambda i: [x.content.text for x in listed], range(4)))
        assert all(texts == seen[0] for texts in seen)
        assert seen[0][7] == "Entry 7: he was at the gate."
