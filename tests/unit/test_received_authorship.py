"""Nothing received speaks as the person: forged shares, proposals, accepting, declining, adopting.

Each share here is made by hand, as someone who can send the person a file would make it: its
revisions say 'victim', its times are whatever the maker chose, and its hashes are recomputed so
that they pass.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from diary.domain.errors import DiaryDamaged, InvalidInput, NotFound
from diary.domain.incident import Author
from diary.domain.times import parse_utc_stamp, utc_now
from diary.vault import Vault
from diary.vault.sharing.adoption import adopt
from diary.vault.sharing.proposals import ACCEPTED, DECLINED, PENDING, accept, decline, proposals
from diary.vault.sharing.received_history import received_details
from diary.vault.sharing.share import choose
from diary.vault.sharing.share import write_share as share_for_real
from diary.vault.sharing.share_import import import_share
from tests import forged_share as forged
from tests.conftest import make_content

FORGED = "He admitted he made the whole thing up."


def _import(vault: Vault, path: Path) -> list[int]:
    report = import_share(vault, path, forged.PASSPHRASE)
    assert report.shared_by == forged.SENDER
    return report.added + report.proposed


def _victim_authored_texts(vault: Vault) -> str:
    """Every revision in this diary that says the victim wrote it, with its content."""
    rows = vault.conn.execute("SELECT content FROM revisions WHERE author = 'victim'").fetchall()
    return "\n".join(r[0] for r in rows)


def test_entries_labelled_victim_at_chosen_times_arrive_as_the_senders(
    vault: Vault, tmp_path: Path
) -> None:
    vault.add_incident(make_content(what="My own account."))
    share = forged.write_share(
        tmp_path / "forged.share",
        [
            forged.entry(make_content(what=FORGED), recorded_at=forged.FUTURE),
            forged.entry(make_content(what=f"Also: {FORGED}"), recorded_at=forged.PAST),
        ],
    )
    before = utc_now() - timedelta(seconds=1)
    added = _import(vault, share)
    assert len(added) == 2
    for incident_id in added:
        entry = vault.incident(incident_id)
        assert entry.author is Author.SENDER and entry.last_changed_by is Author.SENDER
        assert entry.is_received and entry.received_from == forged.SENDER
        # This diary's record is its own clock, not 2031 or 1999.
        assert before <= entry.recorded_at <= utc_now()
        assert entry.updated_at == entry.recorded_at
        history = vault.history(incident_id)
        assert {r.author for r in history} == {Author.SENDER}
        claimed = [r for r in history if r.claimed_author]
        assert [r.claimed_author for r in claimed] == ["victim"]
        assert claimed[0].claimed_at in (forged.FUTURE, forged.PAST)
        assert history[-1].content["claimed"]["recorded_at"] in (forged.FUTURE, forged.PAST)
    assert FORGED not in _victim_authored_texts(vault)
    report = vault.check()
    assert report.ok, report.problems


def test_an_edit_built_on_the_persons_own_hash_is_only_proposed(
    vault: Vault, tmp_path: Path
) -> None:
    own = vault.add_incident(make_content(what="He followed me home."))
    # The sender once received the person's entry, so knows its identifier and head hash.
    given = share_for_real(vault, choose(vault, [own], None, None), tmp_path / "1.share", "Sam")
    earlier = forged.read_share(given.path, given.passphrase)["incidents"][0]
    forgery = forged.edit_on_top(earlier, make_content(what=FORGED))
    share = forged.write_share(tmp_path / "edit.share", [forgery])

    report = import_share(vault, share, forged.PASSPHRASE)
    assert report.added == [] and len(report.proposed) == 1
    entry = vault.incident(own)
    assert entry.content.text == "He followed me home."
    assert entry.last_changed_by is Author.VICTIM and entry.revisions == 1
    assert FORGED not in _victim_authored_texts(vault)
    (waiting,) = proposals(vault.conn, pending_only=True)
    assert (waiting.incident_id, waiting.sender, waiting.status) == (own, forged.SENDER, PENDING)
    assert [(c.field, c.ours, c.proposed) for c in waiting.changes] == [
        ("text", "He followed me home.", FORGED)
    ]
    history = vault.history(own)
    assert (history[-1].event, history[-1].author) == ("propose", Author.SENDER)
    assert vault.check().ok, vault.check().problems
    # The same forgery again is not proposed twice.
    again = forged.write_share(tmp_path / "again.share", [forgery])
    assert import_share(vault, again, forged.PASSPHRASE).unchanged == 1


def _proposed(vault: Vault, tmp_path: Path, own: int, text: str, name: str) -> int:
    given = share_for_real(vault, choose(vault, [own], None, None), tmp_path / f"{name}.1", "S")
    earlier = forged.read_share(given.path, given.passphrase)["incidents"][0]
    share = forged.write_share(
        tmp_path / f"{name}.2", [forged.edit_on_top(earlier, make_content(what=text))]
    )
    (number,) = import_share(vault, share, forged.PASSPHRASE).proposed
    return number


def test_accepting_is_a_new_revision_of_the_persons_own_naming_the_sender(
    vault: Vault, tmp_path: Path
) -> None:
    own = vault.add_incident(make_content(what="He waited."))
    number = _proposed(vault, tmp_path, own, "He waited by the gate at 6pm.", "a")
    before = utc_now() - timedelta(seconds=1)
    assert accept(vault.conn, number, Author.VICTIM, utc_now()) == own
    entry = vault.incident(own)
    assert entry.content.text == "He waited by the gate at 6pm."
    assert entry.last_changed_by is Author.VICTIM and before <= entry.updated_at
    accepted = vault.history(own)[-1]
    assert (accepted.event, accepted.author) == ("accept", Author.VICTIM)
    assert before <= accepted.recorded_at <= utc_now()
    assert accepted.content["proposed_by"] == forged.SENDER
    assert accepted.content["proposal"] == number
    (decided,) = proposals(vault.conn)
    assert (decided.status, decided.decided_by) == (ACCEPTED, Author.VICTIM)
    with pytest.raises(InvalidInput, match="already accepted"):
        decline(vault.conn, number, Author.VICTIM, utc_now())
    assert vault.check().ok, vault.check().problems


def test_declining_is_recorded_and_the_proposal_kept(vault: Vault, tmp_path: Path) -> None:
    own = vault.add_incident(make_content(what="He waited."))
    number = _proposed(vault, tmp_path, own, FORGED, "d")
    decline(vault.conn, number, Author.VICTIM, utc_now())
    entry = vault.incident(own)
    assert entry.content.text == "He waited." and entry.revisions == 1
    declined = vault.history(own)[-1]
    assert (declined.event, declined.author) == ("decline", Author.VICTIM)
    (kept,) = proposals(vault.conn)
    assert (kept.status, kept.proposed.text) == (DECLINED, FORGED)
    assert proposals(vault.conn, pending_only=True) == []
    with pytest.raises(InvalidInput, match="already declined"):
        accept(vault.conn, number, Author.VICTIM, utc_now())
    with pytest.raises(NotFound):
        accept(vault.conn, number + 1, Author.VICTIM, utc_now())
    assert vault.check().ok, vault.check().problems


def test_a_change_to_a_withdrawn_entry_can_be_declined_not_accepted(
    vault: Vault, tmp_path: Path
) -> None:
    own = vault.add_incident(make_content(what="He waited."))
    number = _proposed(vault, tmp_path, own, FORGED, "w")
    vault.delete_incident(own, "entered twice")
    with pytest.raises(InvalidInput, match="withdrawn"):
        accept(vault.conn, number, Author.VICTIM, utc_now())
    decline(vault.conn, number, Author.VICTIM, utc_now())
    assert vault.check().ok, vault.check().problems


def test_adopting_makes_a_received_account_the_persons_own_and_says_so(
    vault: Vault, tmp_path: Path
) -> None:
    (received,) = _import(
        vault, forged.write_share(tmp_path / "s.share", [forged.entry(make_content(what=FORGED))])
    )
    # Until adopted, the person cannot make it theirs by editing it; an advocate's edit is
    # the advocate's.
    with pytest.raises(InvalidInput, match="adopt it first"):
        vault.edit_incident(received, make_content(what=FORGED + " Edited."))
    before = utc_now() - timedelta(seconds=1)
    adopt(vault.conn, received, utc_now())
    entry = vault.incident(received)
    assert (entry.author, entry.last_changed_by) == (Author.SENDER, Author.VICTIM)
    assert entry.received_from == forged.SENDER and not entry.is_received
    adopted = vault.history(received)[-1]
    assert (adopted.event, adopted.author) == ("adopt", Author.VICTIM)
    assert before <= adopted.recorded_at <= utc_now()
    assert adopted.content["received_from"] == forged.SENDER
    assert adopted.content["content"]["text"] == FORGED
    with pytest.raises(InvalidInput, match="not a received account"):
        adopt(vault.conn, received, utc_now())
    vault.edit_incident(received, make_content(what=FORGED + " In my words now."))
    assert vault.check().ok, vault.check().problems


def test_an_advocates_edit_of_a_received_entry_is_the_advocates(
    vault: Vault, tmp_path: Path
) -> None:
    (received,) = _import(
        vault, forged.write_share(tmp_path / "s.share", [forged.entry(make_content(what=FORGED))])
    )
    vault.edit_incident(received, make_content(what="Advocate's note."), Author.ADVOCATE)
    assert vault.incident(received).last_changed_by is Author.ADVOCATE
    with pytest.raises(InvalidInput):
        vault.add_incident(make_content(), Author.SENDER)
    assert vault.check().ok


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        ("UPDATE incidents SET last_author = 'victim' WHERE author = 'sender'", "wrong author"),
        ("UPDATE incidents SET received_from = 'Sam' WHERE author = 'sender'", "wrong sender"),
        (
            f"UPDATE incidents SET recorded_at = '{forged.FUTURE}' WHERE author = 'sender'",
            "gives times",
        ),
        ("UPDATE proposals SET status = 'accepted'", "decided otherwise"),
        ("DELETE FROM proposals", "missing from the list"),
    ],
)
def test_check_finds_received_words_given_to_the_wrong_person(
    vault: Vault, tmp_path: Path, tamper: str, problem: str
) -> None:
    own = vault.add_incident(make_content(what="He waited."))
    _proposed(vault, tmp_path, own, FORGED, "c")
    _import(
        vault, forged.write_share(tmp_path / "n.share", [forged.entry(make_content(what=FORGED))])
    )
    assert vault.check().ok, vault.check().problems
    vault.conn.execute(tamper)
    problems = vault.check().problems
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "overrides",
    [{"shared_by": {"name": "x"}}, {"shared_by": "x" * 201}, {"shared_at": "yesterday"}],
)
def test_a_share_with_an_impossible_sender_or_time_is_refused(
    vault: Vault, tmp_path: Path, overrides: dict[str, object]
) -> None:
    path = tmp_path / "odd.share"
    forged.write_share(path, [forged.entry(make_content(what=FORGED))], **overrides)
    with pytest.raises(DiaryDamaged):
        import_share(vault, path, forged.PASSPHRASE)
    assert vault.incidents() == []


def test_what_a_share_claims_about_its_times_stays_a_claim(vault: Vault, tmp_path: Path) -> None:
    (received,) = _import(
        vault,
        forged.write_share(
            tmp_path / "t.share", [forged.entry(make_content(what=FORGED), recorded_at=forged.PAST)]
        ),
    )
    entry = vault.incident(received)
    assert entry.recorded_at > parse_utc_stamp(forged.PAST)
    details = received_details(vault.conn, received)
    assert details is not None
    assert (details.claimed_recorded_at, details.claimed_author) == (forged.PAST, "victim")
    assert details.shared_at == forged.FUTURE and details.received_at == entry.recorded_at
