"""Shares between diaries: encrypted in sealed frames, received with history, hashes and origin."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from diary.domain.case import CaseDetails
from diary.domain.errors import DiaryDamaged, VerificationFailed, WrongPassphrase
from diary.domain.incident import Author, canonical_json
from diary.domain.times import utc_now, utc_stamp
from diary.vault import Vault
from diary.vault.keys.keys import FLOOR
from diary.vault.sharing import share_crypto
from diary.vault.sharing.proposals import accept, proposals
from diary.vault.sharing.share import choose, write_share
from diary.vault.sharing.share_import import import_share, proposals_note
from tests.conftest import PASSPHRASE, make_content

SECRET = "A-SENTENCE-ONLY-THE-DIARY-HOLDS"


def _encrypt(data: bytes, passphrase: str) -> bytes:
    out = io.BytesIO()
    writer = share_crypto.ShareWriter(out, passphrase)
    writer.write(data)
    writer.close()
    return out.getvalue()


def test_frames_round_trip_and_any_change_is_refused() -> None:
    data = os.urandom(share_crypto.FRAME_BYTES * 2 + 1234)
    sealed = _encrypt(data, "ABCD-EFGH")
    reader = share_crypto.ShareReader(io.BytesIO(sealed), "abcd efgh")  # typed loosely
    assert reader.read_exactly(len(data)) == data
    reader.finish()
    with pytest.raises(WrongPassphrase):
        share_crypto.ShareReader(io.BytesIO(sealed), "ABCD-EFGX")
    for damage in ("flip", "cut", "extra"):
        changed = bytearray(sealed)
        if damage == "flip":
            changed[len(changed) // 2] ^= 1
        elif damage == "cut":
            del changed[-(share_crypto.FRAME_BYTES // 2) :]
        else:
            changed += b"\x00"
        reader = share_crypto.ShareReader(io.BytesIO(bytes(changed)), "ABCD-EFGH")
        with pytest.raises(DiaryDamaged):
            reader.read_exactly(len(data))
            reader.finish()


def test_cut_at_a_frame_boundary_is_refused() -> None:
    data = os.urandom(share_crypto.FRAME_BYTES + 10)
    sealed = _encrypt(data, "ABCD")
    first_frame_end = len(sealed) - (5 + 10 + 16)
    reader = share_crypto.ShareReader(io.BytesIO(sealed[:first_frame_end]), "ABCD")
    with pytest.raises(DiaryDamaged, match="ends early"):
        reader.read_exactly(len(data))


@pytest.mark.parametrize(
    ("setting", "hostile"),
    [
        (b'"memory_kib":65536', b'"memory_kib":4194304'),  # 4 GiB
        (
            b'"memory_kib":65536',
            b'"memory_kib":131072',
        ),  # within the diary's bounds, still not a share's
        (b'"iterations":3', b'"iterations":64'),
    ],
)
def test_key_settings_a_share_never_uses_are_refused_before_any_work(
    setting: bytes, hostile: bytes
) -> None:
    sealed = _encrypt(b"hello", "ABCD")
    length = int.from_bytes(sealed[8:12], "big")
    header = sealed[12 : 12 + length].replace(setting, hostile)
    assert header != sealed[12 : 12 + length]
    forged = sealed[:8] + len(header).to_bytes(4, "big") + header + sealed[12 + length :]
    started = time.monotonic()
    with pytest.raises(VerificationFailed, match="never uses for a share") as refused:
        share_crypto.ShareReader(io.BytesIO(forged), "ABCD")
    assert time.monotonic() - started < 0.5  # refused before any key derivation
    assert refused.value.exit_code == 5


def test_passphrases_are_new_each_time_and_readable() -> None:
    first, second = share_crypto.new_share_passphrase(), share_crypto.new_share_passphrase()
    assert first != second
    assert len(first) == 29 and first.count("-") == 5
    assert not set(first) & set("ILOU")


@pytest.fixture
def advocate_diary(tmp_path: Path) -> Vault:
    vault, _ = Vault.create(
        tmp_path / "case",
        PASSPHRASE,
        CaseDetails(name="Alex Advocate", initials="AA"),
        kdf=FLOOR,
    )
    return vault


def _victim_entries(vault: Vault) -> tuple[int, bytes]:
    first = vault.add_incident(make_content(what=f"He waited. {SECRET}"))
    vault.edit_incident(first, make_content(what="He waited by the gate."))
    photo = os.urandom(share_crypto.FRAME_BYTES + 5000)  # spans frames
    vault.attach_bytes(first, "photo.jpg", photo)
    vault.edit_incident(
        first, make_content(what="He waited by the gate.", impact="I stayed in."), Author.ADVOCATE
    )
    vault.add_incident(make_content(when="2024-07-01T10:00", what="Not shared."))
    return first, photo


def test_share_arrives_with_history_hashes_times_and_origin(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first, photo = _victim_entries(vault)
    vault.assign_exhibit_marks([vault.incident(first).attachments[0].id])
    sent = vault.incident(first)
    sent_history = vault.history(first)
    out = tmp_path / "for-advocate.share"
    result = write_share(vault, choose(vault, [first], None, None), out, "Sam Example")
    assert SECRET.encode() not in out.read_bytes()
    assert result.incidents == 1 and result.attachments == 1

    before = utc_now().replace(microsecond=0)
    report = import_share(advocate_diary, out, result.passphrase, Author.ADVOCATE)
    assert report.shared_by == "Sam Example" and len(report.added) == 1
    received = advocate_diary.incident(report.added[0])
    assert received.content == sent.content
    # Received now, by this diary's clock; the sender's own times are kept as their claims.
    assert before <= received.recorded_at <= utc_now()
    assert received.author is Author.SENDER and received.received_from == "Sam Example"
    assert advocate_diary.read_original(received.attachments[0].id) == photo
    assert received.attachments[0].sha256 == sent.attachments[0].sha256
    assert received.attachments[0].exhibit_mark == "SE/1"  # given before sharing, kept
    # Imported into this diary when received; when the sender's says is kept as their claim.
    assert received.attachments[0].imported_at == received.recorded_at

    history = advocate_diary.history(received.id)
    foreign, local = history[:-1], history[-1]
    assert [(r.seq, r.event, r.claimed_author, r.hash) for r in foreign] == [
        (r.seq, r.event, r.author.value, r.hash) for r in sent_history
    ]
    assert {(r.author, r.received_from, r.recorded_at) for r in foreign} == {
        (Author.SENDER, "Sam Example", local.recorded_at)
    }
    assert [r.claimed_at for r in foreign] == [utc_stamp(r.recorded_at) for r in sent_history]
    assert local.event == "import" and local.author is Author.SENDER
    assert local.content["shared_by"] == "Sam Example"
    assert local.content["received_by"] == "advocate"
    assert local.content["foreign_head"] == sent_history[-1].hash
    assert local.content["claimed"]["recorded_at"] == utc_stamp(sent.recorded_at)
    claimed_file = local.content["attachments"][0]["imported_at"]
    assert claimed_file == utc_stamp(sent.attachments[0].imported_at)
    assert local.content["received_at"]
    assert advocate_diary.check().ok, advocate_diary.check().problems

    again = import_share(advocate_diary, out, result.passphrase, Author.ADVOCATE)
    assert again.added == [] and again.already_received_at
    assert len(advocate_diary.incidents()) == 1
    assert advocate_diary.check().revisions == 1


def test_a_new_version_is_proposed_once_and_what_is_here_is_skipped(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first, _ = _victim_entries(vault)
    one = write_share(vault, choose(vault, [first], None, None), tmp_path / "1.share", "S")
    import_share(advocate_diary, one.path, one.passphrase)
    two = write_share(vault, choose(vault, [first], None, None), tmp_path / "2.share", "S")
    assert import_share(advocate_diary, two.path, two.passphrase).unchanged == 1
    vault.edit_incident(first, make_content(what="Later: he came back."))
    three = write_share(vault, choose(vault, [first], None, None), tmp_path / "3.share", "S")
    vault.edit_incident(first, make_content(what="Later still: he rang."))
    four = write_share(vault, choose(vault, [first], None, None), tmp_path / "4.share", "S")
    report = import_share(advocate_diary, four.path, four.passphrase)
    assert report.added == [] and len(report.proposed) == 1 and report.attachments == 0
    # Not applied: the received copy stands until the proposal is accepted.
    entry = advocate_diary.incidents()[0]
    assert entry.content.text == "He waited by the gate."
    assert "proposed change" in proposals_note(report)
    accept(advocate_diary.conn, report.proposed[0], Author.ADVOCATE, utc_now())
    entry = advocate_diary.incidents()[0]
    assert entry.content.text == "Later still: he rang."
    assert len(entry.attachments) == 1
    # Still the sender's account: accepting an update does not make it the receiver's words.
    assert entry.is_received and entry.received_from == "S"
    # An older share opened late is not proposed again, nor the same version twice.
    late = import_share(advocate_diary, three.path, three.passphrase)
    assert late.proposed == [] and late.unchanged == 1
    five = write_share(vault, choose(vault, [first], None, None), tmp_path / "5.share", "S")
    assert import_share(advocate_diary, five.path, five.passphrase).unchanged == 1
    assert advocate_diary.incidents()[0].content.text == "Later still: he rang."
    assert advocate_diary.check().ok, advocate_diary.check().problems


def test_wrong_passphrase_and_damage_add_nothing(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first, _ = _victim_entries(vault)
    result = write_share(vault, choose(vault, [first], None, None), tmp_path / "s.share", "S")
    with pytest.raises(WrongPassphrase):
        import_share(advocate_diary, result.path, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    data = bytearray(result.path.read_bytes())
    data[-100] ^= 0x01  # inside the photo's last frame: found only after rows were written
    damaged = tmp_path / "damaged.share"
    damaged.write_bytes(bytes(data))
    with pytest.raises(DiaryDamaged):
        import_share(advocate_diary, damaged, result.passphrase)
    assert advocate_diary.incidents() == []
    assert advocate_diary.check().revisions == 0
    # Once the good copy arrives, it is received in full.
    assert len(import_share(advocate_diary, result.path, result.passphrase).added) == 1


def test_date_range_chooses_entries(vault: Vault) -> None:
    _victim_entries(vault)
    from datetime import date

    chosen = choose(vault, None, date(2024, 7, 1), date(2024, 7, 31))
    assert [i.content.text for i in chosen] == ["Not shared."]


def test_an_advocates_edit_shared_back_is_a_proposal_the_person_accepts(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first = vault.add_incident(make_content(what="He waited."))
    out = write_share(vault, choose(vault, [first], None, None), tmp_path / "1.share", "Sam")
    received = import_share(advocate_diary, out.path, out.passphrase).added[0]
    advocate_diary.edit_incident(
        received, make_content(what="He waited by the gate at 6pm."), Author.ADVOCATE
    )
    back = write_share(
        advocate_diary, choose(advocate_diary, [received], None, None), tmp_path / "2.share", "Jo"
    )
    report = import_share(vault, back.path, back.passphrase)
    assert report.added == [] and len(report.proposed) == 1
    assert vault.incident(first).content.text == "He waited."
    accept(vault.conn, report.proposed[0], Author.VICTIM, utc_now())
    entry = vault.incident(first)
    assert entry.content.text == "He waited by the gate at 6pm."
    # The person accepted the wording: it is theirs now, and the record says whose it was.
    assert entry.last_changed_by is Author.VICTIM
    accepted = vault.history(first)[-1]
    assert (accepted.event, accepted.author) == ("accept", Author.VICTIM)
    assert accepted.content["proposed_by"] == "Jo"
    assert vault.check().ok, vault.check().problems


def test_an_entry_changed_on_both_sides_keeps_this_diarys_version_until_decided(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first = vault.add_incident(make_content(what="He waited."))
    one = write_share(vault, choose(vault, [first], None, None), tmp_path / "1.share", "Sam")
    received = import_share(advocate_diary, one.path, one.passphrase).added[0]
    advocate_diary.edit_incident(
        received, make_content(what="Advocate's note added."), Author.ADVOCATE
    )
    vault.edit_incident(first, make_content(what="He waited, then followed me."))
    two = write_share(vault, choose(vault, [first], None, None), tmp_path / "2.share", "Sam")
    report = import_share(advocate_diary, two.path, two.passphrase)
    assert report.added == [] and len(report.proposed) == 1
    # The advocate's words are not replaced; the person's are there to compare and decide on.
    assert advocate_diary.incident(received).content.text == "Advocate's note added."
    (waiting,) = proposals(advocate_diary.conn, pending_only=True)
    assert waiting.proposed.text == "He waited, then followed me."
    assert [c.field for c in waiting.changes] == ["text"]
    assert advocate_diary.check().ok


def test_who_last_wrote_the_words_is_kept(vault: Vault) -> None:
    first = vault.add_incident(make_content(what="Mine."))
    assert vault.incident(first).last_changed_by is Author.VICTIM
    vault.edit_incident(first, make_content(what="Mine, with a note."), Author.ADVOCATE)
    incident = vault.incident(first)
    assert (incident.author, incident.last_changed_by) == (Author.VICTIM, Author.ADVOCATE)
    vault.edit_incident(first, make_content(what="Mine again."))
    assert vault.incidents()[0].last_changed_by is Author.VICTIM
    note = vault.add_incident(make_content(what="Advocate's note."), Author.ADVOCATE)
    assert vault.incident(note).author is Author.ADVOCATE


def test_a_mark_already_used_here_is_not_given_twice(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first, _ = _victim_entries(vault)
    vault.assign_exhibit_marks([vault.incident(first).attachments[0].id])  # SE/1
    own = advocate_diary.add_incident(make_content(what="Own note."), Author.ADVOCATE)
    mine = advocate_diary.attach_bytes(own, "note.txt", b"advocate's own file")
    assert advocate_diary.assign_exhibit_marks([mine.id]) == {mine.id: "AA/1"}
    sent = write_share(vault, choose(vault, [first], None, None), tmp_path / "s.share", "S")
    received = advocate_diary.incident(
        import_share(advocate_diary, sent.path, sent.passphrase).added[0]
    )
    assert received.attachments[0].exhibit_mark is None
    history = advocate_diary.history(received.id)
    assert history[-1].content["attachments"][0]["exhibit_mark"] == "SE/1"


def test_check_finds_an_entry_attributed_to_the_wrong_person(
    vault: Vault, advocate_diary: Vault, tmp_path: Path
) -> None:
    first, _ = _victim_entries(vault)  # last edited by the advocate
    sent = write_share(vault, choose(vault, None, None, None), tmp_path / "s.share", "S")
    import_share(advocate_diary, sent.path, sent.passphrase)
    assert vault.check().ok and advocate_diary.check().ok
    for diary in (vault, advocate_diary):
        diary.conn.execute("UPDATE incidents SET last_author = 'victim'")
        problems = diary.check().problems
        assert any("names the wrong author" in p for p in problems), problems


def _rewrite(path: Path, passphrase: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """The same share with its list of contents changed, sealed again with the same passphrase:
    what someone who knows the passphrase could make by hand."""
    with path.open("rb") as fp:
        reader = share_crypto.ShareReader(fp, passphrase)
        length = int.from_bytes(reader.read_exactly(4), "big")
        manifest = json.loads(reader.read_exactly(length))
        rest = reader.read(1 << 30)
    change(manifest)
    body = canonical_json(manifest)
    out = path.with_name("changed.share")
    out.unlink(missing_ok=True)
    with out.open("wb") as fp:
        writer = share_crypto.ShareWriter(fp, passphrase)
        writer.write(len(body).to_bytes(4, "big") + body + rest)
        writer.close()
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["incidents"][0].update(recorded_at="last Tuesday"), "cannot be read"),
        (lambda m: m["incidents"][0]["history"][0].update(author="suspect"), "cannot be read"),
        (
            lambda m: m["incidents"][0]["history"][0].update(recorded_at="2020-01-01T00:00:00Z"),
            "does not match its hash",
        ),
        (lambda m: m["incidents"][0]["content"].update(text="Put words in."), "own history"),
        (lambda m: m["incidents"][0]["attachments"][0].update(size=10), "does not match"),
        (lambda m: m["incidents"][0]["attachments"][0].update(source=[1]), "cannot be read"),
        (lambda m: m["incidents"][0].update(uid="../../x"), "proper identifier"),
    ],
)
def test_a_share_changed_by_hand_is_refused_whole(
    vault: Vault,
    advocate_diary: Vault,
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    first, _ = _victim_entries(vault)
    sent = write_share(vault, choose(vault, None, None, None), tmp_path / "s.share", "S")
    changed = _rewrite(sent.path, sent.passphrase, change)
    with pytest.raises(DiaryDamaged, match=message):
        import_share(advocate_diary, changed, sent.passphrase)
    assert advocate_diary.incidents() == []
    assert len(import_share(advocate_diary, sent.path, sent.passphrase).added) == 2
