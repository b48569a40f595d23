"""The rules behind the pattern page's orders and act-now box, on their own."""

from __future__ import annotations

from datetime import date

from diary.domain.act_now import act_now
from diary.domain.case import CaseDetails
from diary.domain.finds import Entry, phones, plates
from diary.domain.orders import Condition, Order, possible_breaches
from tests.conftest import make_content


def test_an_older_diarys_free_text_order_is_kept_as_an_other_order_with_no_conditions() -> None:
    case = CaseDetails.from_dict(
        {"name": "Sam", "initials": "SE", "orders": "Non-molestation order, March 2024"}
    )
    (order,) = case.all_orders
    assert order.kind == "other" and order.note == "Non-molestation order, March 2024"
    assert possible_breaches(case.orders_in_force, [(1, make_content())]) == []
    assert CaseDetails.from_dict(case.to_dict()) == case


def test_an_order_covers_the_days_after_it_was_made_up_to_its_expiry() -> None:
    order = Order(
        "bail",
        made=date(2024, 6, 1),
        expires=date(2024, 6, 30),
        conditions=(Condition("following"),),
    )
    entries = [
        (n, make_content(when=f"2024-{day}T10:00", behaviours=("following",)))
        for n, day in enumerate(["06-01", "06-02", "06-30", "07-01"], 1)
    ]
    assert [b.number for b in possible_breaches((order,), entries)] == [2, 3]


def test_footage_words_are_read_narrowly() -> None:
    said = [
        "The shop has CCTV over the door.",
        "My neighbour's video doorbell saw it.",
        "A driver behind had a dash cam.",
        "He rang the doorbell.",
        "There is no CCTV on our road.",
    ]
    entries = [Entry(n, make_content(what=text)) for n, text in enumerate(said, 1)]
    found = act_now(entries, date(2024, 6, 5)).footage
    assert [(f.number, f.kind) for f in found] == [
        (1, "CCTV"),
        (2, "Doorbell camera"),
        (3, "Dashcam"),
    ]


def test_phone_numbers_and_registrations_are_picked_out_and_not_other_numbers() -> None:
    assert phones("call 07700 900123 or +44 7700 900124, ref 2024-06-01") == [
        "07700 900123",
        "+44 7700 900124",
    ]
    assert phones("crime ref 12345678901") == []
    assert plates("AB12 CDE and XY34FGH but not ab12 cde or AB123 CDE") == ["AB12 CDE", "XY34FGH"]
