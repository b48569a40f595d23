"""A pack holds the diary's whole chain of revision hashes packed, and gives every pair back
exactly as the diary listed it."""

from __future__ import annotations

import json
import sys

from diary.export.chain_listing import ChainListing
from diary.export.pack import PackOptions, build_pack
from diary.vault import Vault
from tests.conftest import make_content


def test_every_pair_is_given_back_exactly_as_the_diary_listed_it(vault: Vault) -> None:
    for n in range(5):
        entry = vault.add_incident(make_content(what=f"Entry {n}."))
        vault.edit_incident(entry, make_content(what=f"Entry {n}, corrected."))
    listed = vault.chain_listing()
    listing = ChainListing(listed)
    assert len(listing) == len(listed) == 10
    assert list(listing) == listed and listing == listed
    assert listing[0] == listed[0] and listing[-1] == listed[-1]
    assert listing[3:7] == listed[3:7]
    # Held as 48 bytes a revision, not as two strings each.
    assert sys.getsizeof(listing._packed) < 48 * 10 + 64


def test_a_pair_not_in_the_diarys_own_form_is_kept_as_it_is() -> None:
    pairs = [
        ("a" * 32, "b" * 64),
        ("ABCDEF" * 5 + "AB", "c" * 64),  # upper case would not come back the same from bytes
        ("sender-uid", "d" * 64),  # not hex at all
        ("e" * 30, "f" * 64),  # hex of another length
        ("1" * 32, "2" * 64),
    ]
    assert list(ChainListing(pairs)) == pairs
    assert ChainListing(pairs)[2] == ("sender-uid", "d" * 64)


def test_entries_json_lists_the_whole_chain_as_the_diary_holds_it(vault: Vault) -> None:
    for n in range(3):
        vault.add_incident(make_content(what=f"Entry {n}."))
    listed = vault.chain_listing()
    with build_pack(vault, PackOptions()) as pack:
        document = json.loads(pack.entries_json)
        assert pack.chain_head == listed[-1][1]
    assert [tuple(link) for link in document["chain"]["links"]] == listed
    assert document["chain_head"] == listed[-1][1]
