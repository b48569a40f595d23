"""What an officer acts on the same day, read off the pack's pages: possible breaches of an order
(listed and marked on the chart), footage with its overwrite-by date and flag, withheld-number
calls and accounts to preserve, witnesses, the suspect's identifiers and the S-DASH material."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from diary.domain.incident import Witness
from diary.domain.orders import Condition, Order
from diary.export.export_pack import write_pack
from diary.export.pack import PackOptions, build_pack
from diary.export.signing import diary_signing_key
from diary.vault import Vault
from tests.conftest import make_content
from tests.export_support import page_texts


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(vault: Vault, folder: Path, now: datetime | None = None) -> list[str]:
    pack = build_pack(vault, PackOptions())
    if now is not None:
        pack = replace(pack, produced_at=now)
    with pack:
        write_pack(pack, diary_signing_key(vault), folder / "pack.pdf")
    return [_flat(t) for t in page_texts(folder / "pack.pdf", raw=True)]


def test_incidents_after_an_order_that_match_a_condition_are_listed_and_the_order_charted(
    vault: Vault, tmp_path: Path
) -> None:
    order = Order(
        "restraining",
        made=date(2024, 3, 14),
        court="Example Crown Court",
        expires=date(2024, 9, 30),
        conditions=(Condition("contact"), Condition("place", "my home; my front door")),
    )
    vault.set_case(replace(vault.case, orders_in_force=(order,)))
    before = vault.add_incident(
        make_content(when="2024-03-01T20:00", behaviours=("contact",), channel="text")
    )
    texted = vault.add_incident(
        make_content(when="2024-04-02T21:00", behaviours=("repeated-calls",), channel="text")
    )
    at_home = vault.add_incident(
        make_content(when="2024-05-06T07:30", where="Outside my home", channel="in-person")
    )
    elsewhere = vault.add_incident(
        make_content(when="2024-05-20T12:00", where="The park", behaviours=("watching",))
    )
    after_expiry = vault.add_incident(
        make_content(when="2024-10-20T12:00", behaviours=("contact",), channel="call")
    )
    pattern = " ".join(
        t
        for t in _pages(vault, tmp_path)
        if "Behaviours and references" in t or "possible breaches" in t
    )
    assert "Orders in force and possible breaches (for the officer to assess)" in pattern
    assert (
        "Restraining order, made 14 March 2024 at Example Crown Court, until 30 September 2024"
        in pattern
    )
    assert (
        f"{texted} 2 Apr 2024 No contact by any means: Repeated calls or messages, text message"
        in pattern
    )
    assert f"{at_home} 6 May 2024 Not to go to my home: the place: Outside my home" in pattern
    assert "2 entries after it match a condition" in pattern
    for number in (before, elsewhere, after_expiry):
        assert f" {number} " not in pattern.split("What matched")[1].split("entries after")[0]
    # The chart marks the day the order was made, with a label.
    assert "Restraining order, 14 Mar" in pattern


def test_footage_has_an_overwrite_by_date_flagged_as_it_nears_and_passes(
    vault: Vault, tmp_path: Path
) -> None:
    near = vault.add_incident(
        make_content(when="2024-06-01T18:00", cctv="Doorbell camera at number 4")
    )
    past = vault.add_incident(
        make_content(when="2024-05-01T18:00", what="The shop over the road has CCTV.")
    )
    vault.add_incident(make_content(when="2024-06-10T18:00", what="He rang the doorbell twice."))
    vault.add_incident(
        make_content(
            when="2024-06-12T23:00",
            what="Five calls from a withheld number. His new account is @example_handle.",
            channel="call",
        )
    )
    texts = _pages(vault, tmp_path, now=datetime(2024, 6, 26, 9, 0, tzinfo=UTC))
    pattern = next(t for t in texts if "Act now" in t)
    assert "kept 30 days from the incident" in pattern
    assert (
        f"Doorbell camera, entry {near} (1 Jun 2024), overwrite by 1 Jul 2024: NEAR (5 days left)"
        in pattern
    )
    assert (
        f"CCTV, entry {past} (1 May 2024), overwrite by 31 May 2024: PAST (26 days ago" in pattern
    )
    # Soonest first: the one still to be had before the one already gone.
    assert pattern.index("NEAR (5 days left)") < pattern.index("PAST (26 days ago")
    assert "rang the doorbell" not in pattern
    assert "Calls from withheld numbers (for communications data)" in pattern
    assert "Five calls from a withheld number." in pattern
    assert "@example_handle" in pattern.split("Accounts and web addresses to preserve")[1]


def test_witnesses_identifiers_and_sdash_are_scheduled(vault: Vault, tmp_path: Path) -> None:
    vault.set_case(replace(vault.case, suspect_details="Mobile 07700 900999; drives AB12 CDE"))
    seen = vault.add_incident(
        make_content(
            when="2024-03-02T18:00",
            what="He texted me from 07700 900999 and said he would hurt me.",
            behaviours=("threats",),
            witness_details=(
                Witness(
                    "Jo Example",
                    "heard him shouting at the gate",
                    contact="07700 900123",
                    contact_in_pack=True,
                ),
                Witness("My manager", "was told by Jo", first_hand=False, contact="07700 900555"),
            ),
        )
    )
    car = vault.add_incident(
        make_content(
            when="2024-03-09T08:00",
            what="His car, ab12 cde, was parked outside.",
            vehicle="AB12 CDE",
            witnesses=("Neighbour at 6",),
        )
    )
    texts = _pages(vault, tmp_path)
    schedules = " ".join(t for t in texts if "Schedules" in t or "S-DASH" in t)
    assert (
        f"{seen} Jo Example heard him shouting at the gate saw or heard it 07700 900123"
        in schedules
    )
    assert f"{seen} My manager was told by Jo was told of it not given" in schedules
    assert "07700 900555" not in " ".join(texts)  # not chosen for the pack
    assert f"{car} Neighbour at 6 not recorded not recorded not given" in schedules
    assert f"Phone number 07700 900999 case details {seen}" in schedules
    assert f"Vehicle registration AB12 CDE case details {car}" in schedules
    assert "material for the officer's own assessment" in schedules
    assert "This is not a risk assessment" in schedules
    assert (
        f"6 Threats of physical or sexual violence in the current harassment? {seen} threats"
        in schedules
    )
    # The schedules come after the chronology and before the statement (the cover, page 0,
    # names each in its contents).
    order = [i for i, t in enumerate(texts) if i and "Chronology: one row" in t][:1]
    order += [i for i, t in enumerate(texts) if i and "Schedules: witnesses" in t][:1]
    order += [i for i, t in enumerate(texts) if i and "WITNESS STATEMENT" in t][:1]
    assert order == sorted(order) and len(order) == 3
