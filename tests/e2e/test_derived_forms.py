"""What the pack shows of a video and a HEIC photo is made once, when the file is kept, stored
encrypted beside the original, and used by every export without decoding the file again."""

from __future__ import annotations

import io
from pathlib import Path

import av
import pytest
from pypdf import PdfReader

from diary.domain.case import CaseDetails
from diary.export import image_data, image_flowable
from diary.vault import Vault
from diary.vault.attachments import derived_files, derived_forms
from diary.vault.backups.backup import write_backup
from diary.vault.backups.restore import restore_with_passphrase
from diary.vault.keys.keys import FLOOR
from diary.vault.storage import schema
from diary.vault.storage.database import transaction
from diary.vault.storage.file_store import FILES_FOLDER
from tests.conftest import PASSPHRASE, make_content
from tests.export_support import export, page_texts
from tests.file_kinds_support import heic_bytes, mp4_bytes

VIDEO = mp4_bytes(seconds=4.0)
PHOTO = heic_bytes((640, 480))


def _keep(vault: Vault) -> tuple[int, int]:
    incident = vault.add_incident(make_content(what="He filmed me at the door."))
    video = vault.attach_bytes(incident, "doorbell.mp4", VIDEO)
    photo = vault.attach_bytes(incident, "IMG_0001.HEIC", PHOTO)
    return video.id, photo.id


def _no_media_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding a video or a HEIC photo fails from here on, however it is tried."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the media readers are not available")

    monkeypatch.setattr(av, "open", refuse)
    monkeypatch.setattr(image_data, "heif_as_jpeg", refuse)
    monkeypatch.setattr(image_flowable, "view_file", refuse)
    monkeypatch.setattr(derived_forms, "make", refuse)


def _image_count(pdf: Path) -> int:
    return sum(len(page.images) for page in PdfReader(pdf).pages)


def test_the_pack_shows_a_video_and_a_heic_photo_without_decoding_them_again(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _keep(vault)
    _no_media_readers(monkeypatch)
    _, result = export(vault, tmp_path)
    text = "\n".join(page_texts(result.pdf))
    assert "6 frames, evenly spaced through the video" in text
    assert "First frame, at 0:00.0" in text and "4.0 seconds" in text
    assert "Picture below, converted for this PDF" in text
    assert _image_count(result.pdf) == 1 + 1 + 6  # the photo, the first frame, the strip


def test_derived_forms_are_ciphertext_in_the_file_store(vault: Vault, diary_dir: Path) -> None:
    _keep(vault)
    stored = list((diary_dir / FILES_FOLDER).iterdir())
    assert len(stored) == 4  # two originals, two derived forms
    for path in stored:
        data = path.read_bytes()
        for plain in (b"\xff\xd8\xff", b"JFIF", b"First frame", b"Duration", b"ftyp"):
            assert plain not in data, (path.name, plain)


def _derived_file(vault: Vault, attachment_id: int) -> str:
    row = vault.conn.execute(
        "SELECT file_id FROM derived_files WHERE attachment_id = ?", (attachment_id,)
    ).fetchone()
    return str(row[0])


def test_a_changed_derived_form_is_not_used_and_check_reports_it(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    video, photo = _keep(vault)
    path = diary_dir / FILES_FOLDER / _derived_file(vault, photo)
    data = bytearray(path.read_bytes())
    data[-30] ^= 1
    path.write_bytes(bytes(data))
    # A form made from another video, recorded as if it were this one's.
    other = derived_forms.make(io.BytesIO(mp4_bytes(seconds=9.0)), "video/mp4")
    with transaction(vault.conn):
        derived_files.record(vault.conn, video, "0" * 64, other)
    assert derived_files.load(vault.conn, video) is None
    assert derived_files.load(vault.conn, photo) is None
    _, result = export(vault, tmp_path)
    text = "\n".join(page_texts(result.pdf))
    assert "4.0 seconds" in text and "9.0 seconds" not in text  # made again from the original
    assert "Picture below, converted for this PDF" in text
    problems = vault.check().problems
    assert any("doorbell.mp4" in p and "different file" in p for p in problems), problems
    assert any("IMG_0001.HEIC" in p and "fails its check" in p for p in problems), problems


def test_a_key_change_and_a_backup_carry_the_derived_forms(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    video, photo = _keep(vault)
    change = vault.change_passphrase("a new long passphrase for the diary")
    assert change is not None
    vault.close()
    with Vault.open(diary_dir, "a new long passphrase for the diary") as reopened:
        assert reopened.conn.execute("SELECT count(*) FROM derived_files").fetchone()[0] == 2
        for attachment_id in (video, photo):
            assert derived_files.load(reopened.conn, attachment_id) is not None
        assert reopened.check().ok
        write_backup(reopened, tmp_path / "kept.backup")
    restored = tmp_path / "restored"
    assert restore_with_passphrase(
        tmp_path / "kept.backup", restored, "a new long passphrase for the diary"
    ).ok
    assert len(list((restored / FILES_FOLDER).iterdir())) == 4
    with Vault.open(restored, "a new long passphrase for the diary") as again:
        form = derived_files.load(again.conn, video)
        assert form is not None and form.view is not None and len(form.view.stills) == 6
        photo_form = derived_files.load(again.conn, photo)
        assert photo_form is not None and photo_form.picture is not None
        assert (photo_form.picture.width, photo_form.picture.height) == (640, 480)
        assert again.check().ok


def test_files_kept_before_version_10_get_their_forms_at_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "diary"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 9)
        patch.setattr(derived_forms, "derivable", lambda _type, _size: False)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        video, photo = _keep(vault)
        vault.close()
    assert len(list((folder / FILES_FOLDER).iterdir())) == 2
    with Vault.open(folder, PASSPHRASE) as vault:
        assert (
            vault.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 10
        )
        assert derived_files.load(vault.conn, video) is not None
        assert derived_files.load(vault.conn, photo) is not None
        assert vault.check().ok
    assert len(list((folder / FILES_FOLDER).iterdir())) == 4


def test_forms_made_at_an_open_stop_at_their_time_and_go_on_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every open (the command line's too) pays for the forms made then: a bounded time, the
    rest at the next opens."""
    folder = tmp_path / "diary"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 9)
        patch.setattr(derived_forms, "derivable", lambda _type, _size: False)
        vault, _ = Vault.create(folder, PASSPHRASE, CaseDetails("Sam Example", "SE"), kdf=FLOOR)
        _keep(vault)
        vault.close()
    monkeypatch.setattr(derived_files, "MAKE_AT_OPEN_SECONDS", 0.0)
    with Vault.open(folder, PASSPHRASE) as vault:
        waiting = "SELECT count(*) FROM derived_files"
        assert vault.conn.execute(waiting).fetchone()[0] <= 1
        assert derived_files.make_missing(vault.conn, seconds=60) >= 1
        assert vault.conn.execute(waiting).fetchone()[0] == 2
        assert derived_files.make_missing(vault.conn) == 0


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-30] ^= 1
    path.write_bytes(bytes(data))


def test_a_damaged_view_never_stops_a_backup_and_is_made_again(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    """A view made for packs is a convenience: damaged in the diary, it is forgotten when a
    backup is made (the backup and its restore go through, every original intact) and made
    again from its original at the next open."""
    video, photo = _keep(vault)
    _flip(diary_dir / FILES_FOLDER / _derived_file(vault, photo))
    write_backup(vault, tmp_path / "kept.backup")
    assert derived_files.load(vault.conn, video) is not None
    assert vault.conn.execute("SELECT count(*) FROM derived_files").fetchone()[0] == 1
    vault.close()
    with Vault.open(diary_dir, PASSPHRASE) as reopened:
        assert derived_files.load(reopened.conn, photo) is not None  # made again
        assert reopened.check().ok
    restored = tmp_path / "restored"
    assert restore_with_passphrase(tmp_path / "kept.backup", restored, PASSPHRASE).ok
    with Vault.open(restored, PASSPHRASE) as again:
        assert again.read_original(photo) == PHOTO and again.read_original(video) == VIDEO
        assert derived_files.load(again.conn, photo) is not None
        assert again.check().ok


def test_a_damaged_view_in_a_backup_folder_never_stops_its_restore(
    vault: Vault, diary_dir: Path, tmp_path: Path
) -> None:
    from diary.vault.backups.auto_backup import BACKUPS_FOLDER, auto_backup

    video, photo = _keep(vault)
    view = _derived_file(vault, video)
    report = auto_backup(vault)
    vault.close()
    assert report.ok, report.problems
    kept = report.made[0]
    _flip(kept.path.parent / FILES_FOLDER / view)  # damaged where the backups keep it
    restored = tmp_path / "restored"
    assert restore_with_passphrase(kept.path, restored, PASSPHRASE).ok
    assert (diary_dir / BACKUPS_FOLDER).is_dir()
    with Vault.open(restored, PASSPHRASE) as again:
        assert again.read_original(video) == VIDEO and again.read_original(photo) == PHOTO
        form = derived_files.load(again.conn, video)  # made again at this open
        assert form is not None and form.view is not None and len(form.view.stills) == 6
        assert again.check().ok
