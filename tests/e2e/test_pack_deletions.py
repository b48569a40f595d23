"""What a pack says about entries deleted, files removed and entries left out by choice."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from diary.cli import main
from diary.domain.errors import NotFound
from diary.vault import Vault
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, page_texts, png_bytes


def _flat(text: str) -> str:
    return " ".join(text.split())


def _entries(result_bundle: Path | None) -> dict:  # type: ignore[type-arg]
    assert result_bundle is not None
    with zipfile.ZipFile(result_bundle) as bundle:
        return json.loads(bundle.read("entries.json"))  # type: ignore[no-any-return]


def test_a_deleted_entry_is_listed_with_its_reason_and_a_removed_file_is_no_exhibit(
    vault: Vault, tmp_path: Path
) -> None:
    kept = vault.add_incident(make_content(when="2024-03-01T10:00", what="He was at the gate."))
    wrong = vault.add_incident(make_content(when="2024-03-02T10:00", what="Wrong client's entry."))
    vault.add_incident(make_content(when="2024-03-03T10:00", what="A text at midnight."))
    right = vault.attach_bytes(kept, "gate.png", png_bytes(seed=1))
    mistake = vault.attach_bytes(kept, "holiday.png", png_bytes(seed=2))
    vault.delete_incident(wrong, "typed into the wrong client's diary")
    vault.remove_attachment(mistake.id, "not about this")

    pack, result = export(vault, tmp_path)
    text = _flat(" ".join(page_texts(result.pdf, raw=True)))
    assert "Wrong client's entry" not in text
    assert "typed into the wrong client's diary" in text  # the audit trail says why
    assert "file removed" in text
    assert [e.attachment.filename for e in pack.exhibits] == ["gate.png"]
    assert "holiday.png" not in [e.attachment.filename for e in pack.exhibits]
    assert "A file once added to Entry 1 was removed from it before this pack was made" in text
    entries = _entries(result.bundle)
    assert [d["id"] for d in entries["deleted"]] == [wrong]
    assert entries["deleted"][0]["reason"] == "typed into the wrong client's diary"
    with zipfile.ZipFile(result.bundle) as bundle:  # type: ignore[arg-type]
        names = bundle.namelist()
    assert not any("holiday" in n for n in names) and any("gate" in n for n in names)
    assert right.id != mistake.id


def test_a_restored_entry_is_back_in_the_pack_and_listed_as_deleted_no_more(
    vault: Vault, tmp_path: Path
) -> None:
    entry = vault.add_incident(make_content(what="Followed me home."))
    vault.delete_incident(entry, "by mistake")
    vault.restore_incident(entry)
    pack, result = export(vault, tmp_path)
    assert [i.incident.id for i in pack.incidents] == [entry] and pack.deleted == ()
    assert "restored after being deleted" in _flat(" ".join(page_texts(result.pdf, raw=True)))


def test_entries_left_out_one_by_one_are_counted_and_named_never_hidden(
    vault: Vault, tmp_path: Path
) -> None:
    ids = [
        vault.add_incident(make_content(when=f"2024-04-{day:02d}T10:00", what=f"Event {day}."))
        for day in range(1, 7)
    ]
    pack, result = export(vault, tmp_path, left_out=(ids[1], ids[4]))
    assert [i.incident.id for i in pack.incidents] == [ids[0], ids[2], ids[3], ids[5]]
    texts = page_texts(result.pdf, raw=True)
    cover = _flat(texts[0])
    assert (
        "4 of the 6 entries in the diary, with 2 left out one by one at the person's choice "
        f"(entries {ids[1]} and {ids[4]})." in cover
    )
    everything = _flat(" ".join(texts))
    assert "All 6 entries" not in everything
    assert (
        f"Of those, 2 entries were left out one by one at Sam Example's choice (entries "
        f"{ids[1]} and {ids[4]}), so this pack is not every entry" in everything
    )
    assert "Event 2." not in everything and "Event 5." not in everything
    selection = _entries(result.bundle)["selection"]
    assert selection["left_out"] == [ids[1], ids[4]]
    assert selection["entries_in_pack"] == 4


def test_leaving_out_an_entry_that_is_not_chosen_writes_nothing(
    vault: Vault, tmp_path: Path
) -> None:
    vault.add_incident(make_content())
    with pytest.raises(NotFound, match="cannot be left out"):
        export(vault, tmp_path, left_out=(99,))
    assert list(tmp_path.glob("*.pdf")) == []


def test_the_command_line_deletes_restores_removes_and_leaves_out(
    vault: Vault,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    first = vault.add_incident(make_content(what="First."))
    second = vault.add_incident(make_content(what="Second."))
    shot = vault.attach_bytes(first, "shot.png", png_bytes())
    folder = vault.folder
    vault.close()

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
        code = main([args[0], "--diary", str(folder), *args[1:]])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("delete", str(second), "--reason", "duplicate")
    assert (code, out) == (0, "") and f"Entry {second} is deleted" in err
    code, out, _ = run("list", "--json")
    assert [e["id"] for e in json.loads(out)] == [first]
    code, _, err = run("delete", str(second))
    assert code != 0 and "no incident" in err
    code, out, _ = run("show", str(second), "--history")
    assert code != 0
    code, _, err = run("restore-entry", str(second))
    assert code == 0 and "is back" in err
    code, _, err = run("restore-entry", str(second))
    assert code != 0 and "not deleted" in err
    code, _, err = run("remove-file", str(shot.id), "--reason", "wrong picture")
    assert code == 0 and "shot.png is no longer part of entry" in err
    code, out, _ = run("show", str(first), "--json")
    assert json.loads(out)["attachments"] == []
    code, out, _ = run("show", str(second), "--history", "--json")
    events = [r["event"] for r in json.loads(out)["history"]]
    assert events == ["create", "delete", "restore"]
    pdf = tmp_path / "out.pdf"
    code, _, err = run("export", "--pdf", str(pdf), "--leave-out", str(first), "--quiet")
    assert code == 0, err
    assert "left out one by one" in _flat(" ".join(page_texts(pdf, raw=True)))
    code, _, err = run("export", "--pdf", str(tmp_path / "x.pdf"), "--leave-out", "one")
    assert code != 0 and "--leave-out 'one' should be entry numbers" in err
    code, _, err = run("check")
    assert code == 0, err
