"""Saving an import: entries, the original file and every message's record in one transaction,
nothing twice, and `diary check` noticing a logged message changed behind the app's back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from diary.domain.errors import InvalidInput, NotFound
from diary.vault import Vault
from diary.vault.messages import message_log
from tests.conftest import make_content
from tests.messages_support import fixture, planned


def _counts(vault: Vault) -> tuple[int, int, int]:
    conn = vault.conn
    return tuple(  # type: ignore[return-value]
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("incidents", "attachments", "logged_items")
    )


def test_an_import_saves_entries_the_file_and_where_each_message_came_from(
    vault: Vault,
) -> None:
    path = fixture("whatsapp_android.txt")
    plan = planned(path, ["Chris Sample"])
    message_log.prepare(vault, plan, 3)
    done = message_log.save(vault, plan)
    assert len(done.added) == 2 and done.logged == 7 and done.merged == []
    first, second = vault.incidents()
    assert first.content.text.startswith("5 messages from Chris Sample from 21:04 to 23:47.")
    assert "21:05 Chris Sample: I know where you live 🔪" in first.content.words
    (original,) = first.attachments
    assert vault.read_original(original.id) == path.read_bytes()
    assert original.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert original.source.platform == "WhatsApp"
    logged = message_log.logged_for(vault.conn, [first.id, second.id])
    texts = [entry.item.text for entry in logged[first.id]]
    assert texts[2] == "You'll regret this.\nDon't think you can hide.\nAnd tell your sister too"
    assert [(e.item.where.line, e.item.where.end_line) for e in logged[first.id]][2] == (5, 7)
    assert all(e.source_id == original.id for e in logged[second.id])
    assert vault.check().ok


def test_importing_the_same_file_again_adds_nothing(vault: Vault) -> None:
    path = fixture("sms.xml")
    for _ in range(2):
        plan = planned(path, ["+447700900123"])
        message_log.prepare(vault, plan, 3)
        done = message_log.save(vault, plan)
    assert done.added == [] and done.logged == 0 and done.already_here == 2
    assert _counts(vault) == (2, 1, 2)


def _two_exports(folder: Path, first: str, added: str) -> tuple[Path, Path]:
    """An earlier export of a chat and a later one that goes on from it."""
    earlier, later = folder / "earlier.txt", folder / "later.txt"
    earlier.write_text(first, encoding="utf-8")
    later.write_text(first + added, encoding="utf-8")
    return earlier, later


def test_a_later_export_adds_only_the_new_messages_to_that_days_entry(
    vault: Vault, tmp_path: Path
) -> None:
    earlier, later = _two_exports(
        tmp_path,
        "03/06/2024, 21:04 - Chris: answer me\n03/06/2024, 21:04 - Chris: answer me\n"
        "13/06/2024, 09:00 - Chris: hello\n",
        "13/06/2024, 09:01 - Chris: answer me\n13/06/2024, 23:00 - Chris: last warning\n",
    )
    plan = planned(earlier, ["Chris"])
    message_log.prepare(vault, plan, 3)
    first = message_log.save(vault, plan)
    assert first.logged == 3  # the same words twice in one minute are two messages
    plan = planned(later, ["Chris"])
    message_log.prepare(vault, plan, 3)
    assert [p.key for p in plan.proposals] == ["2024-06-13"]
    assert plan.proposals[0].into == first.added[1]  # that day's entry holds Chris already
    done = message_log.save(vault, plan)
    assert (done.added, done.merged, done.logged, done.already_here) == ([], [first.added[1]], 2, 3)
    logged = message_log.logged_for(vault.conn, [first.added[1]])[first.added[1]]
    assert [e.item.text for e in logged] == ["hello", "answer me", "last warning"]
    assert _counts(vault) == (2, 2, 5)  # both files kept as originals
    assert vault.check().ok


def test_a_failure_part_way_saves_nothing(vault: Vault) -> None:
    plan = planned(fixture("calls.xml"), ["+447700900123"])
    message_log.prepare(vault, plan, 3)
    plan.proposals[-1].into = 999  # an entry that is not there
    with pytest.raises(NotFound):
        message_log.save(vault, plan)
    assert _counts(vault) == (0, 0, 0)
    assert vault.check().ok


def test_a_file_changed_since_it_was_read_is_refused(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(fixture("whatsapp_android.txt").read_bytes())
    plan = planned(path, ["Chris Sample"])
    path.write_bytes(path.read_bytes().replace(b"regret", b"forget"))
    with pytest.raises(InvalidInput, match="has changed since it was read"):
        message_log.save(vault, plan)
    assert _counts(vault) == (0, 0, 0)


def test_unticked_proposals_are_not_saved(vault: Vault) -> None:
    plan = planned(fixture("result.json"), ["Chris Sample"])
    message_log.prepare(vault, plan, 3)
    plan.proposals[0].chosen = False
    done = message_log.save(vault, plan)
    assert len(done.added) == 1
    (entry,) = vault.incidents()
    assert entry.content.text.startswith(
        "1 message from Chris Sample at 07:00; 1 answered call from Chris Sample at 07:30."
    )


def test_messages_added_to_an_entry_already_written_keep_its_words_and_say_what_was_added(
    vault: Vault,
) -> None:
    own = vault.add_incident(make_content(when="2024-06-03T20:00", what="He rang all evening."))
    plan = planned(fixture("calls.xml"), ["+447700900123", "withheld"])
    message_log.prepare(vault, plan, 3)
    plan.proposals[0].into = own
    done = message_log.save(vault, plan)
    assert done.merged == [own]
    text = vault.incident(own).content.text
    assert text.startswith("He rang all evening.\n\nAdded from an import of messages and calls: ")
    assert (
        "1 missed call from Chris (+447700900123) at 22:10; 1 missed call from a withheld "
        "number at 22:40; 1 rejected call from a withheld number at 23:30." in text
    )
    assert "the file 'calls.xml'" in text
    logged = message_log.logged_for(vault.conn, [own])[own]
    assert [e.item.call.value for e in logged] == ["missed", "missed", "rejected"]  # type: ignore[union-attr]
    history = vault.history(own)
    assert [r.event for r in history] == ["create", "attach", "attach", "edit"]
    assert vault.check().ok


def test_messages_are_not_added_to_an_entry_holding_someone_elses_words(vault: Vault) -> None:
    own = vault.add_incident(make_content(when="2024-06-03T20:00", what="Received account."))
    vault.conn.execute(
        "UPDATE incidents SET last_author = 'sender', received_from = 'An advocate' WHERE id = ?",
        (own,),
    )
    plan = planned(fixture("calls.xml"), ["+447700900123"])
    message_log.prepare(vault, plan, 3)
    plan.proposals[0].into = own
    with pytest.raises(InvalidInput, match="holds words received from An advocate"):
        message_log.save(vault, plan)
    assert vault.incident(own).content.text == "Received account."
    assert _counts(vault) == (1, 0, 0)


def test_check_notices_a_logged_message_changed_outside_the_app(vault: Vault) -> None:
    plan = planned(fixture("whatsapp_android.txt"), ["Chris Sample"])
    message_log.save(vault, plan)
    conn = vault.conn
    with pytest.raises(Exception, match="never changed"):
        conn.execute("UPDATE logged_items SET record = '{}'")
    with pytest.raises(Exception, match="never deleted"):
        conn.execute("DELETE FROM logged_items")
    conn.execute("DROP TRIGGER logged_items_no_update")
    conn.execute("UPDATE logged_items SET record = replace(record, 'regret', 'forget')")
    report = vault.check()
    assert not report.ok
    assert any("do not match their history" in p for p in report.problems)


def test_a_chat_imported_in_part_before_is_checked_only_where_it_was(
    vault: Vault, tmp_path: Path
) -> None:
    """Days already imported are left out; the others are offered without their messages being
    read from the file until they are saved, and saving logs exactly the rest."""
    from datetime import datetime

    from tests.unit.test_message_bulk import write_chat

    path = tmp_path / "WhatsApp Chat with Chris Sample.txt"
    write_chat(path, month_first=False, twelve=False, start=datetime(2024, 6, 1, 8), seed=4)
    plan = planned(path, ["Chris Sample"])
    total = sum(p.count for p in plan.proposals)
    for proposal in plan.proposals[3:]:
        proposal.chosen = False
    message_log.prepare(vault, plan, 3)
    first = message_log.save(vault, plan)
    assert first.logged == sum(p.count for p in plan.proposals[:3]) > 0
    assert not any(p.loaded for p in plan.proposals[3:])  # unticked: never read

    plan = planned(path, ["Chris Sample"])
    days = [p.day for p in plan.proposals]
    message_log.prepare(vault, plan, 3)
    assert plan.already_here == first.logged
    assert [p.day for p in plan.proposals] == days[3:]
    assert not any(p.loaded for p in plan.proposals)
    done = message_log.save(vault, plan)
    assert (done.logged, done.already_here) == (total - first.logged, first.logged)
    assert _counts(vault)[2] == total
    assert vault.check().ok


def test_a_day_whose_messages_are_half_in_the_diary_already_still_saves_the_other_half(
    vault: Vault, tmp_path: Path
) -> None:
    earlier, later = _two_exports(
        tmp_path,
        "13/06/2024, 09:00 - Chris: hello\n13/06/2024, 09:01 - Chris: answer me\n",
        "13/06/2024, 22:00 - Chris: I'm outside\n13/06/2024, 23:00 - Chris: last warning\n",
    )
    plan = planned(earlier, ["Chris"])
    message_log.prepare(vault, plan, 3)
    message_log.save(vault, plan)
    plan = planned(later, ["Chris"])
    message_log.prepare(vault, plan, 3)
    (proposal,) = plan.proposals
    assert proposal.count == 2 and proposal.already == 2
    assert plan.chosen == [proposal]  # two new of four: offered, and ticked
    done = message_log.save(vault, plan)
    assert (done.logged, done.already_here) == (2, 2)
    (entry,) = vault.incidents()
    logged = message_log.logged_for(vault.conn, [entry.id])[entry.id]
    assert [e.item.text for e in logged] == ["hello", "answer me", "I'm outside", "last warning"]
