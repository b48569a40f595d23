"""`diary case` with orders as data: an order and what it forbids kept, listed and given as JSON;
every bad input said plainly with exit code 2 and nothing changed; the older options as before."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli import Run, run  # noqa: F401 - the fixture

ORDER = [
    "case",
    "--with-order",
    "non-molestation",
    "--made",
    "2024-03-14",
    "--given-by",
    "Example Family Court",
    "--forbid",
    "contact",
    "--forbid",
    "place=my home; my front door",
]


def test_an_order_and_its_conditions_are_kept_and_listed(run: Run) -> None:  # noqa: F811
    code, out, err = run(*ORDER)
    assert code == 0, err
    assert (
        "Order 1: Non-molestation order, made 14 March 2024 at Example Family Court, until "
        "further order. Forbids: No contact by any means; Not to go to my home" in out
    )
    _, out, _ = run("case", "--json")
    (order,) = json.loads(out)["orders_in_force"]
    assert order["kind"] == "non-molestation" and order["made"] == "2024-03-14"
    assert order["expires"] is None
    assert order["conditions"] == [
        {"kind": "contact", "place": ""},
        {"kind": "place", "place": "my home; my front door"},
    ]
    # The free-text option works as it did, beside the orders kept as data.
    code, _, err = run("case", "--orders", "Bail conditions, in words")
    assert code == 0, err
    case = json.loads(run("case", "--json")[1])
    assert case["orders"] == "Bail conditions, in words" and len(case["orders_in_force"]) == 1
    code, out, err = run("case", "--undo-order", "1")
    assert code == 0, err
    assert json.loads(run("case", "--json")[1])["orders_in_force"] == []


def test_bad_orders_are_refused_plainly_and_change_nothing(run: Run) -> None:  # noqa: F811
    assert run(*ORDER)[0] == 0
    before = run("case", "--json")[1]
    bad = [
        (["--with-order", "restraining", "--made", "14/03/2024"], "is not a date"),
        (["--with-order", "restraining", "--made", "2024-03-14", "--forbid", "hugs"], "hugs"),
        (["--with-order", "bail", "--forbid", "contact"], "Give the date the order was made"),
        (["--with-order", "restraining", "--made", "2024-03-14", "--forbid", "place="], "place"),
        (
            ["--with-order", "injunction", "--made", "2024-03-14", "--expires", "2024-01-01"],
            "expiry is before",
        ),
        (["--forbid", "contact"], "give --with-order KIND"),
        (["--undo-order", "5"], "There is no order 5"),
    ]
    for args, said in bad:
        code, out, err = run("case", *args)
        assert code == 2, (args, err)
        assert said in err and "Traceback" not in err and out == ""
        assert err.count("\n") == 1
    with pytest.raises(SystemExit) as usage:
        run("case", "--with-order", "court-martial")
    assert usage.value.code == 2 and "invalid choice" in run.capsys.readouterr().err
    assert run("case", "--json")[1] == before
