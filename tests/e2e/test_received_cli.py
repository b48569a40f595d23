"""Forged shares through the real `diary` command: nothing received speaks as the person.

The share is made by hand (tests/forged_share.py): entries and an 'edit' that say 'victim', at
times the maker chose, the edit built on the head hash of an earlier share the person sent. The
person's diary must show the sender's words as the sender's, keep them out of the first-person
statement, and apply nothing until the person decides.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests import forged_share as forged
from tests.conftest import make_content
from tests.e2e.cli_runner import PASSPHRASE, add_incident, init_diary, run_diary
from tests.export_support import page_texts

OWN = "He followed me home from the station."
FORGED_EDIT = "I made up the part about the station."
FORGED_NEW = "He was kind to me really and I was wrong."


def _diary_with_forged_share(tmp_path: Path) -> tuple[Path, int]:
    """The person's diary, with one entry of their own and a forged share received."""
    victim = tmp_path / "victim"
    init_diary(victim)
    own = add_incident(victim, OWN)
    done = run_diary("share", "--diary", victim, tmp_path / "given.share", "--sender", "Sam")
    assert done.returncode == 0, done.stderr
    earlier = forged.read_share(tmp_path / "given.share", done.stdout.strip())["incidents"][0]
    forged.write_share(
        tmp_path / "forged.share",
        [
            forged.edit_on_top(earlier, make_content(what=FORGED_EDIT)),
            forged.entry(
                make_content(when="2024-06-05T09:00", what=FORGED_NEW, fear="Nothing at all"),
                recorded_at=forged.PAST,
            ),
        ],
    )
    done = run_diary(
        "import-share",
        "--diary",
        victim,
        tmp_path / "forged.share",
        stdin=f"{forged.PASSPHRASE}\n{PASSPHRASE}\n",
    )
    assert done.returncode == 0, done.stderr
    assert f"Received from {forged.SENDER}" in done.stderr
    assert "1 new entries, 1 proposed changes" in done.stderr
    assert "Nothing was changed" in done.stderr
    return victim, own


def _json(*args: str | Path) -> Any:
    done = run_diary(*args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_show_names_the_sender_and_no_victim_text_comes_from_the_share(tmp_path: Path) -> None:
    victim, own = _diary_with_forged_share(tmp_path)
    listed = {e["text"]: e for e in _json("list", "--json", "--diary", victim)}
    assert set(listed) == {OWN, FORGED_NEW}  # the forged edit was not applied
    assert (listed[OWN]["author"], listed[OWN]["last_changed_by"]) == ("victim", "victim")
    received = listed[FORGED_NEW]
    assert (received["author"], received["last_changed_by"]) == ("sender", "sender")
    assert received["received_from"] == forged.SENDER
    # The times the share gave stay claims: this diary's record is its own clock.
    assert received["recorded_at"] != forged.PAST

    shown = _json("show", "--json", "--history", "--diary", victim, str(received["id"]))
    assert shown["received"]["from"] == forged.SENDER
    assert shown["received"]["sender_name_checked"] is False
    assert shown["received"]["claimed_by_sender"]["recorded_at"] == forged.PAST
    assert shown["received"]["claimed_by_sender"]["author"] == "victim"
    assert {h["author"] for h in shown["history"]} == {"sender"}
    assert {h["received_from"] for h in shown["history"]} == {forged.SENDER}
    assert [h["claimed_author"] for h in shown["history"] if "claimed_author" in h] == ["victim"]

    text = run_diary("show", "--history", "--diary", victim, str(received["id"])).stdout
    assert f"Received from {forged.SENDER}: these are their words, not yours" in text
    assert "nothing can check who really sent it" in text
    assert f"claimed {forged.PAST}" in text
    assert "What they feared:\nNothing at all" in text and "What I feared" not in text
    listing = run_diary("list", "--diary", victim).stdout
    assert f"[Received from {forged.SENDER}] {FORGED_NEW[:20]}" in listing

    mine = _json("show", "--json", "--history", "--diary", victim, str(own))
    assert mine["text"] == OWN and mine["pending_proposals"] == [1]
    assert mine["received"] is None
    victim_words = [h for h in mine["history"] if h["author"] == "victim"]
    assert all(FORGED_EDIT not in json.dumps(h["content"]) for h in victim_words)

    done = run_diary("check", "--diary", victim)
    assert done.returncode == 0, done.stderr
    assert "The diary is intact" in done.stdout


def test_a_proposal_is_listed_beside_the_persons_version_then_accepted(tmp_path: Path) -> None:
    victim, own = _diary_with_forged_share(tmp_path)
    (proposal,) = _json("proposals", "--json", "--diary", victim)
    assert (proposal["number"], proposal["entry"], proposal["status"]) == (1, own, "pending")
    assert proposal["proposed_by"] == forged.SENDER
    assert {"field": "text", "label": "What happened", "yours": OWN, "proposed": FORGED_EDIT} in (
        proposal["changes"]
    )
    text = run_diary("proposals", "--diary", victim)
    assert f"Proposed change 1 to entry {own}, from {forged.SENDER}" in text.stdout
    assert f"yours:    {OWN}" in text.stdout and f"proposed: {FORGED_EDIT}" in text.stdout

    done = run_diary("accept", "--diary", victim, "1")
    assert done.returncode == 0, done.stderr
    assert "its words are now the victim's" in done.stderr
    assert _json("show", "--json", "--diary", victim, str(own))["text"] == FORGED_EDIT
    history = _json("show", "--json", "--history", "--diary", victim, str(own))["history"]
    assert (history[-1]["event"], history[-1]["author"]) == ("accept", "victim")
    assert history[-1]["content"]["proposed_by"] == forged.SENDER

    again = run_diary("accept", "--diary", victim, "1")
    assert again.returncode == 2 and "already accepted" in again.stderr
    assert run_diary("decline", "--diary", victim, "7").returncode == 1
    assert _json("proposals", "--json", "--diary", victim) == []
    assert _json("proposals", "--all", "--json", "--diary", victim)[0]["status"] == "accepted"
    assert run_diary("check", "--diary", victim).returncode == 0


def test_a_declined_proposal_is_recorded_and_the_entry_unchanged(tmp_path: Path) -> None:
    victim, own = _diary_with_forged_share(tmp_path)
    done = run_diary("decline", "--diary", victim, "1")
    assert done.returncode == 0, done.stderr
    assert "kept on record" in done.stderr
    shown = _json("show", "--json", "--history", "--diary", victim, str(own))
    assert shown["text"] == OWN and shown["pending_proposals"] == []
    assert (shown["history"][-1]["event"], shown["history"][-1]["author"]) == (
        "decline",
        "victim",
    )
    (kept,) = _json("proposals", "--all", "--json", "--diary", victim)
    assert (kept["status"], kept["decided_by"]) == ("declined", "victim")
    assert run_diary("check", "--diary", victim).returncode == 0


def _pdf_texts(victim: Path, pdf: Path) -> tuple[str, str]:
    """The PDF's statement pages and its received-entries pages, as text."""
    done = run_diary("export", "--diary", victim, "--pdf", pdf)
    assert done.returncode == 0, done.stderr
    pages = page_texts(pdf)
    statement = " ".join(" ".join(p.split()) for p in pages if "WITNESS STATEMENT" in p)
    # The cover lists every section by name: the section itself is on the pages after it.
    received = " ".join(
        " ".join(p.split()) for p in pages[1:] if "Entries received from others" in p
    )
    return statement, received


def test_the_statement_holds_only_the_persons_words_until_they_adopt(tmp_path: Path) -> None:
    victim, own = _diary_with_forged_share(tmp_path)
    statement, received = _pdf_texts(victim, tmp_path / "before.pdf")
    assert OWN in statement
    assert FORGED_NEW not in statement and FORGED_EDIT not in statement
    assert forged.SENDER not in statement
    assert f"R1. Received from {forged.SENDER}" in received and FORGED_NEW in received
    assert "nothing can check who really sent it" in received
    # The sender's claim, in the pack's zone (31 Dec 1999 was winter: GMT), labelled as a claim.
    assert "Fri 31 Dec 1999, 23:00 GMT by “victim” (not checked)" in received

    received_id = next(
        e["id"] for e in _json("list", "--json", "--diary", victim) if e["text"] == FORGED_NEW
    )
    refused = run_diary("edit", "--diary", victim, str(received_id), "--what", "Mine now.")
    assert refused.returncode == 2 and f"diary adopt {received_id}" in refused.stderr
    unconfirmed = run_diary("adopt", "--diary", victim, str(received_id))
    assert unconfirmed.returncode == 2 and "was not adopted" in unconfirmed.stderr
    assert "goes into your draft witness statement" in unconfirmed.stderr
    assert run_diary("adopt", "--diary", victim, str(own), "--yes").returncode == 2
    done = run_diary("adopt", "--diary", victim, str(received_id), "--yes")
    assert done.returncode == 0, done.stderr

    shown = _json("show", "--json", "--history", "--diary", victim, str(received_id))
    assert (shown["last_changed_by"], shown["received_from"]) == ("victim", forged.SENDER)
    assert (shown["history"][-1]["event"], shown["history"][-1]["author"]) == ("adopt", "victim")
    text = run_diary("show", "--history", "--diary", victim, str(received_id)).stdout
    assert f"adopted the account received from {forged.SENDER} as their own" in text

    statement, received = _pdf_texts(victim, tmp_path / "after.pdf")
    assert FORGED_NEW in statement and received == ""
    assert run_diary("check", "--diary", victim).returncode == 0


def test_a_pack_of_nothing_but_received_entries_is_refused(tmp_path: Path) -> None:
    victim, _ = _diary_with_forged_share(tmp_path)
    listed = _json("list", "--json", "--diary", victim)
    received_id = next(e["id"] for e in listed if e["author"] == "sender")
    done = run_diary(
        "export", "--diary", victim, "--pdf", tmp_path / "p.pdf", "--ids", str(received_id)
    )
    assert done.returncode == 2 and "received from someone else" in done.stderr
    assert not (tmp_path / "p.pdf").exists()
