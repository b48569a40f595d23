"""The Vault: one open diary, the service the command line and the window share.

Creating, unlocking (by passphrase or recovery key), locking, and every read and write of the
diary go through here. It holds the open connection and the lock that keeps a second copy of the
app out; it never holds the passphrase, and the data key only as long as it is open. Opening and
locking are UnlockedDiary's (unlocked_diary.py, with the work in opening.py); the whole-diary
check is in checking.py; this module holds the methods that read and write what the diary holds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from diary.domain.errors import DiaryError, InvalidInput, NotFound
from diary.domain.incident import (
    Attachment,
    Author,
    Incident,
    IncidentContent,
    NewFile,
    Revision,
    Source,
    check_text,
)
from diary.domain.messages.log_lines import FIRST_LINES, EntryLog
from diary.domain.times import utc_now, utc_stamp

from . import checking
from .attachments import attachments, derived_files, removal, unfinished_files
from .attachments.derived_forms import DerivedForm
from .checking import CheckReport
from .entries import entry_notes, incident_history, incidents, listing, search
from .entries.entry_notes import PrivateNote
from .folders import default_folder, is_diary
from .keys import key_change, keys
from .opening import LOCK_FILE
from .storage import chain
from .storage.database import as_diary_error, transaction
from .unlocked_diary import UnlockedDiary

# A setting present while the recovery key last shown has not been confirmed as written down.
RECOVERY_UNCONFIRMED = key_change.RECOVERY_UNCONFIRMED


class Vault(UnlockedDiary):
    """The diary service the command line and the window share: an UnlockedDiary (opened,
    locked and its settings kept as unlocked_diary.py says) and every read and write of what
    it holds."""

    # ----- keys -----------------------------------------------------------------------------

    def change_passphrase(
        self, new_passphrase: str, progress: Callable[[int], None] = lambda _p: None
    ) -> key_change.KeyChange:
        """Put the diary under a new passphrase, a new data key and a new recovery key (returned
        in the KeyChange, to show once): no earlier passphrase, recovery key, key file or backup
        made by the app opens it afterwards."""
        keys.check_new_passphrase(new_passphrase)
        secret = keys.passphrase_key(new_passphrase, self._keyfile.params)
        return self._change_secrets(secret, progress)

    def new_recovery_key(
        self, progress: Callable[[int], None] = lambda _p: None
    ) -> key_change.KeyChange:
        """Replace the recovery key (the old one stops working, in backups too) under a new
        data key; the passphrase stays. The new key counts as not yet written down until
        confirm_recovery_key(). Needs the diary to have been opened with its passphrase."""
        if self._passphrase_key is None:
            raise InvalidInput(
                "Choose a new passphrase first: the diary was opened with its recovery key."
            )
        return self._change_secrets(self._passphrase_key, progress)

    def passphrase_opens(self, passphrase: str) -> bool:
        """Whether passphrase is the one in force (asked before any change of secrets)."""
        return keys.unwrap_with_passphrase(self._keyfile, passphrase) == self._data_key

    def _change_secrets(
        self, secret: keys.PassphraseKey, progress: Callable[[int], None]
    ) -> key_change.KeyChange:
        try:
            return key_change.change_secrets(self, secret, progress)
        except BaseException as exc:
            plain = as_diary_error(exc, self.folder)
            if plain is not None:
                raise plain from exc
            raise

    @property
    def recovery_key_confirmed(self) -> bool:
        """False while the recovery key last shown has not been confirmed as written down."""
        return self.setting(RECOVERY_UNCONFIRMED) != "yes"

    def confirm_recovery_key(self) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM settings WHERE key = ?", (RECOVERY_UNCONFIRMED,))

    # ----- incidents ----------------------------------------------------------------------------

    def add_incident(self, content: IncidentContent, author: Author = Author.VICTIM) -> int:
        return incidents.insert(self.conn, content, author, utc_now())

    def edit_incident(
        self, incident_id: int, content: IncidentContent, author: Author = Author.VICTIM
    ) -> None:
        incidents.update(self.conn, incident_id, content, author, utc_now())

    def delete_incident(
        self, incident_id: int, reason: str = "", author: Author = Author.VICTIM
    ) -> None:
        incidents.delete(self.conn, incident_id, reason, author, utc_now())

    def restore_incident(self, incident_id: int, author: Author = Author.VICTIM) -> None:
        """Undo a deletion: the entry is back as it stood, and the restoring is recorded."""
        incidents.restore(self.conn, incident_id, author, utc_now())

    def deleted_incident(self, incident_id: int) -> Incident:
        """A deleted entry as it stood when deleted (NotFound if there is none, or it is live)."""
        found = incidents.get(self.conn, incident_id, include_deleted=True)
        if not found.deleted:
            raise NotFound(f"Entry {incident_id} is not deleted.")
        return found

    def remove_attachment(
        self, attachment_id: int, reason: str = "", author: Author = Author.VICTIM
    ) -> int:
        """Take a file out of its entry, as a recorded change; its bytes stay in the diary.
        Returns the entry's number."""
        return removal.remove_attachment(self.conn, attachment_id, reason, author, utc_now())

    def removed_files(self, incident_ids: list[int] | None = None) -> list[removal.RemovedFile]:
        """Files removed from entries (these entries', or all), oldest removal first."""
        return removal.removed_files(self.conn, incident_ids)

    def incident(self, incident_id: int) -> Incident:
        return incidents.get(self.conn, incident_id)

    def incidents(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        behaviour: str | None = None,
        ids: list[int] | None = None,
    ) -> list[Incident]:
        """Live incidents in time order, optionally filtered."""
        return incidents.select(self.conn, start=start, end=end, behaviour=behaviour, ids=ids)

    def list_rows(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        behaviours: frozenset[str] = frozenset(),
        matching: str | None = None,
    ) -> Iterator[listing.ListRow]:
        """What a list line shows of each entry incidents() (any of behaviours) or search()
        finds, in time order, read as it is used (listing.py)."""
        return listing.list_rows(
            self.conn, start=start, end=end, behaviours=behaviours, matching=matching
        )

    def deleted_incidents(self) -> list[Incident]:
        """Incidents that were deleted, in time order, as they stood when deleted."""
        return incidents.withdrawn(self.conn)

    def entry_count(self) -> int:
        """How many of the person's own entries the diary holds now: deleted ones, and ones
        received from others and not adopted (the senders' words), are not counted."""
        (count,) = self.conn.execute(
            "SELECT count(*) FROM incidents WHERE deleted = 0"
            " AND coalesce(last_author, author) != ?",
            (Author.SENDER.value,),
        ).fetchone()
        return int(count)

    def search(self, text: str) -> list[Incident]:
        """Incidents containing every word of text, in time order."""
        ids = search.matching_ids(self.conn, text)
        return incidents.select(self.conn, ids=ids) if ids else []

    def history(self, incident_id: int) -> list[Revision]:
        return incident_history.history(self.conn, incident_id)

    def histories(
        self, incident_ids: list[int], *, with_content: bool = True
    ) -> dict[int, list[Revision]]:
        """history() of many incidents at once, read in one go (for an export)."""
        return incident_history.histories(self.conn, incident_ids, with_content=with_content)

    def recorded_links(self, incident_ids: list[int]) -> dict[int, list[chain.Link]]:
        """Each incident's revisions exactly as hashed (for an evidence bundle)."""
        return incident_history.recorded_links(self.conn, incident_ids)

    def chain_listing(self) -> list[tuple[str, str]]:
        """(entry uid, hash) of every revision in the diary, in order; the last is the head."""
        return chain.listing(self.conn)

    # ----- attachments ------------------------------------------------------------------------

    def attach_many(
        self, items: list[tuple[int, str, bytes, Source]], author: Author = Author.VICTIM
    ) -> list[Attachment]:
        """Keep many files at once ((incident id, name, bytes, source) each), one by one."""
        return attachments.import_many(self.conn, items, author, utc_now())

    def attach_each(
        self, files: Sequence[NewFile], author: Author = Author.VICTIM
    ) -> Generator[Attachment | DiaryError, None, None]:
        """Keep each file in turn, yielding its Attachment or the error that refused it; the
        next files are read and previewed while each is written (attachments.import_each)."""
        return attachments.import_each(self.conn, files, author, utc_now)

    def attach_file(
        self,
        incident_id: int,
        path: Path,
        source: Source | None = None,
        author: Author = Author.VICTIM,
        *,
        max_bytes: int = attachments.MAX_ATTACHMENT_BYTES,
    ) -> Attachment:
        return attachments.import_file(
            self.conn,
            incident_id,
            Path(path),
            source or Source(),
            author,
            utc_now(),
            max_bytes=max_bytes,
        )

    def attach_bytes(
        self,
        incident_id: int,
        filename: str,
        data: bytes,
        source: Source | None = None,
        author: Author = Author.VICTIM,
    ) -> Attachment:
        return attachments.import_bytes(
            self.conn, incident_id, filename, data, source or Source(), author, utc_now()
        )

    def open_original(self, attachment_id: int) -> BinaryIO:
        return attachments.open_original(self.conn, attachment_id)

    def iter_original(self, attachment_id: int) -> Iterator[bytes]:
        return attachments.iter_original(self.conn, attachment_id)

    def read_original(self, attachment_id: int) -> bytes:
        return attachments.read_original(self.conn, attachment_id)

    def derived_form(self, attachment_id: int) -> DerivedForm | None:
        """What was made of the file when it was kept (a video's frames, a HEIC photo upright),
        checked against the original; None when there is none that can be used."""
        return derived_files.load(self.conn, attachment_id)

    def thumbnail(self, attachment_id: int) -> bytes | None:
        return attachments.thumbnail(self.conn, attachment_id)

    def assign_exhibit_marks(self, attachment_ids: list[int]) -> dict[int, str]:
        if self.read_only:
            return attachments.stored_exhibit_marks(self.conn, attachment_ids, self.case.initials)
        return attachments.assign_exhibit_marks(
            self.conn, attachment_ids, self.case.initials, utc_now()
        )

    def provisional_exhibit_marks(self, attachment_ids: list[int]) -> dict[int, str]:
        """The marks assign_exhibit_marks would give now, without storing them."""
        return attachments.provisional_exhibit_marks(self.conn, attachment_ids, self.case.initials)

    def live_incident_count(self) -> int:
        """How many entries the diary holds (not counting deleted ones)."""
        return int(
            self.conn.execute("SELECT count(*) FROM incidents WHERE deleted = 0").fetchone()[0]
        )

    # ----- messages and calls logged from an exported file ---------------------------------------

    def message_log(self, incident_id: int, first: int | None = FIRST_LINES) -> EntryLog:
        """How many messages and calls are logged for an entry, and the first of them (all of
        them when first is None), in time order."""
        # NotFound for an entry that is not there (a deleted one still has its log).
        incidents.get(self.conn, incident_id, include_deleted=True)
        from .messages import message_log  # the message readers: not for list, show or check

        return message_log.entry_log(self.conn, incident_id, first)

    # ----- private notes (never exported) -------------------------------------------------------

    def private_note(self, incident_id: int) -> PrivateNote | None:
        """The entry's private note, if it has one. Never part of any export or share."""
        return entry_notes.private_note(self.conn, incident_id)

    def set_private_note(self, incident_id: int, text: str, author: Author = Author.VICTIM) -> None:
        """Keep text as the entry's private note ('' removes it); no revision, no export."""
        entry_notes.set_private_note(self.conn, incident_id, text, author, utc_now())

    def ids_with_private_notes(self, incident_ids: Sequence[int]) -> set[int]:
        return entry_notes.ids_with_notes(self.conn, incident_ids)

    def add_private_note(self, text: str, author: Author = Author.VICTIM) -> int:
        """Keep a private note (a safety plan, a wellbeing note). No export ever includes these."""
        check_text(text, "note")
        if not text.strip():
            raise InvalidInput("The note is empty.")
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO private_notes (author, written_at, text) VALUES (?, ?, ?)",
                (author.value, utc_stamp(utc_now()), text),
            )
        return int(cur.lastrowid)

    def private_notes(self) -> list[tuple[int, Author, str, str]]:
        """(id, author, written_at UTC, text), oldest first."""
        rows = self.conn.execute(
            "SELECT id, author, written_at, text FROM private_notes ORDER BY id"
        ).fetchall()
        return [(r[0], Author(r[1]), r[2], r[3]) for r in rows]

    # ----- drafts -------------------------------------------------------------------------------

    def save_draft(self, key: str, content: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO drafts (key, content, saved_at) VALUES (?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET content = excluded.content,"
                " saved_at = excluded.saved_at",
                (key, content, utc_now().isoformat()),
            )

    def draft(self, key: str) -> str | None:
        row = self.conn.execute("SELECT content FROM drafts WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def drafts(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, content FROM drafts").fetchall())

    def discard_draft(self, key: str) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    # ----- files written outside the diary (unfinished_files.py) -------------------------------

    def remember_unfinished(self, paths: Sequence[Path]) -> bool:
        """Note files about to be written outside the diary, so that if this process is killed
        before they are finished or removed, the next unlock removes them. False when they
        could not be noted (a read-only diary, a full disk): the writing goes ahead."""
        if self.read_only:
            return False
        try:
            unfinished_files.remember(self.conn, paths)
        except DiaryError:
            return False
        return True

    def forget_unfinished(self, paths: Sequence[Path]) -> None:
        """The writing at paths has ended, finished or cleaned away (best effort)."""
        if self.read_only or self._conn is None:
            return
        with contextlib.suppress(DiaryError):
            unfinished_files.forget(self.conn, paths)

    @contextlib.contextmanager
    def writing_outside(self, paths: Sequence[Path]) -> Iterator[None]:
        """remember_unfinished(paths) for the time of the with block."""
        noted = self.remember_unfinished(paths)
        try:
            yield
        finally:
            if noted:
                self.forget_unfinished(paths)

    # ----- checks -----------------------------------------------------------------------------

    def check(self, *, attachments_read: bool = True, pages_checked: bool = False) -> CheckReport:
        """Everything `diary check` looks at: pages, structure, hash chain, current state, files.

        attachments_read False leaves out reading every attachment through, pages_checked True
        every page's HMAC and the walk of the whole chain (restore has just checked all three,
        on the bytes it wrote)."""
        report = checking.check(
            self.conn, attachments_read=attachments_read, pages_checked=pages_checked
        )
        if report.problems:
            self.found_damage()
        return report


__all__ = ["LOCK_FILE", "CheckReport", "Vault", "default_folder", "is_diary"]
