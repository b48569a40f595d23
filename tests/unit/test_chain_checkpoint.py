"""The chain's checkpoint: an open walks only what came after it, and never trusts a forged one;
`check` and the whole-chain walk after unlock still find a change made before it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from diary.domain.errors import DiaryDamaged
from diary.vault import Vault
from diary.vault.keys import keys
from diary.vault.storage import chain, chain_checkpoint
from tests.conftest import PASSPHRASE, make_content


@pytest.fixture
def walked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sequence numbers of every revision the chain's walks look at."""
    seen: list[int] = []
    real = chain.broken_links

    def counting(rows: Iterable[tuple[int, str, str, str, str, str, str, str]], **kw: object):  # type: ignore[no-untyped-def]
        rows = list(rows)
        seen.extend(r[0] for r in rows)
        return real(rows, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(chain, "broken_links", counting)
    return seen


def _add(folder: Path, count: int) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        for n in range(count):
            vault.add_incident(make_content(what=f"Entry {n}"))


def _tamper_first_revision(folder: Path) -> None:
    """What someone with the key and a SQL shell could do; only the chain can tell."""
    with Vault.open(folder, PASSPHRASE) as vault:
        vault.conn.execute("DROP TRIGGER revisions_no_update")
        vault.conn.execute(
            "UPDATE revisions SET content = replace(content, 'Entry', 'Note') WHERE seq = 1"
        )


def _checkpoint_value(folder: Path) -> dict[str, object]:
    with Vault.open(folder, PASSPHRASE) as vault:
        return dict(json.loads(vault.setting(chain_checkpoint.SETTING)))


def _set_checkpoint_value(folder: Path, value: dict[str, object]) -> None:
    with Vault.open(folder, PASSPHRASE) as vault:
        vault.set_setting(chain_checkpoint.SETTING, json.dumps(value))


def test_an_open_walks_only_the_revisions_added_since_the_last_one(
    vault: Vault, diary_dir: Path, walked: list[int]
) -> None:
    for n in range(5):
        vault.add_incident(make_content(what=f"Entry {n}"))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE):
        pass
    assert walked == [1, 2, 3, 4, 5]
    _add(diary_dir, 2)
    walked.clear()

    with Vault.open(diary_dir, PASSPHRASE) as opened:
        assert walked == [6, 7]
        assert opened.chain_head == chain.head(opened.conn)[1]
        assert opened.check().ok


def test_a_change_before_the_checkpoint_is_found_by_check_and_the_walk_after_unlock(
    vault: Vault, diary_dir: Path
) -> None:
    for n in range(3):
        vault.add_incident(make_content(what=f"Entry {n}"))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE):
        pass  # the checkpoint now stands at revision 3
    _tamper_first_revision(diary_dir)

    with Vault.open(diary_dir, PASSPHRASE) as opened:  # the open itself looks only after it
        report = opened.check()
        found_after_unlock = opened.chain_walk()(lambda: False)

    assert not report.ok
    assert any("revision 1 has been changed" in p for p in report.problems)
    assert len(found_after_unlock) == 1
    assert "revision 1 has been changed" in found_after_unlock[0]


def test_a_checkpoint_with_a_bad_mac_is_not_trusted_and_the_whole_chain_is_walked(
    vault: Vault, diary_dir: Path, walked: list[int]
) -> None:
    for n in range(3):
        vault.add_incident(make_content(what=f"Entry {n}"))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE):
        pass
    _tamper_first_revision(diary_dir)
    value = _checkpoint_value(diary_dir)
    value["mac"] = "0" * 64
    _set_checkpoint_value(diary_dir, value)
    walked.clear()

    with pytest.raises(DiaryDamaged, match="revision 1 has been changed"):
        Vault.open(diary_dir, PASSPHRASE)
    assert walked[:3] == [1, 2, 3]


def test_a_checkpoint_made_without_the_diarys_key_is_not_trusted(
    vault: Vault, diary_dir: Path, walked: list[int]
) -> None:
    vault.add_incident(make_content(what="Entry 0"))
    vault.add_incident(make_content(what="Entry 1"))
    seq, digest = chain.head(vault.conn)
    forger = keys.derive_checkpoint_key(b"\x01" * 32)
    chain_checkpoint.write(vault.conn, forger, seq, digest)
    vault.close()
    walked.clear()

    with Vault.open(diary_dir, PASSPHRASE):
        assert walked == [1, 2]
    walked.clear()

    # Made again under the diary's own key when it closed: the next open starts from it.
    with Vault.open(diary_dir, PASSPHRASE):
        assert walked == []


def test_revisions_gone_from_after_the_checkpoint_refuse_the_open(
    vault: Vault, diary_dir: Path
) -> None:
    """An older copy of the last pages, put back: the chain it leaves is whole but shorter."""
    for n in range(3):
        vault.add_incident(make_content(what=f"Entry {n}"))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        opened.conn.execute("DROP TRIGGER revisions_no_delete")
        opened.conn.execute("DELETE FROM revisions WHERE seq = 3")

    with pytest.raises(DiaryDamaged, match="revision 3 is missing"):
        Vault.open(diary_dir, PASSPHRASE)


def test_the_checkpoint_survives_a_change_of_passphrase(
    vault: Vault, diary_dir: Path, walked: list[int]
) -> None:
    for n in range(3):
        vault.add_incident(make_content(what=f"Entry {n}"))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        opened.change_passphrase("a new passphrase for this diary")
        opened.add_incident(make_content(what="After the change"))
    walked.clear()

    with Vault.open(diary_dir, "a new passphrase for this diary") as opened:
        assert walked == [4]
        assert opened.check().ok


def test_a_diary_found_damaged_is_closed_without_moving_the_checkpoint(
    vault: Vault, diary_dir: Path
) -> None:
    vault.add_incident(make_content(what="Entry 0"))
    vault.close()
    before = (diary_dir / "diary.db").read_bytes()
    with pytest.raises(RuntimeError), Vault.open(diary_dir, PASSPHRASE):
        raise RuntimeError("a damaged page read part way through a command")
    assert (diary_dir / "diary.db").read_bytes() == before


def test_a_backup_walks_the_copy_from_its_checkpoint_and_a_restore_walks_it_all(
    vault: Vault, diary_dir: Path, tmp_path: Path, walked: list[int]
) -> None:
    from diary.vault.backups.backup import write_backup
    from diary.vault.backups.restore import restore_with_passphrase

    for n in range(4):
        vault.add_incident(make_content(what=f"Entry {n}"))
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE):
        pass  # the checkpoint now stands at revision 4
    with Vault.open(diary_dir, PASSPHRASE) as opened:
        opened.add_incident(make_content(what="Entry 4"))
        walked.clear()
        write_backup(opened, tmp_path / "one.backup")
        assert walked == [5]  # the copy's pages carry their HMACs; its chain from revision 4 on

    walked.clear()
    report = restore_with_passphrase(tmp_path / "one.backup", tmp_path / "restored", PASSPHRASE)
    assert report.ok
    assert walked[:5] == [1, 2, 3, 4, 5]  # a restore trusts no checkpoint: all of it
