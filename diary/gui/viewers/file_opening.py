"""Opening one of an entry's files in the window's viewer, without holding up the window.

Showing a file can take long: a large original is decrypted whole, a video, a PDF or a HEIC
photo without a stored form is read by a child process (up to two minutes when it stalls).
All of that is done in a worker (worker.py), with a read-only reader of its own
(vault.exhibit_files), while the window says "Opening <name>…" and stays free: a person can
lock it, or go on reading.

One file is opened at a time. Asking for the file already being opened changes nothing; asking
for another replaces it: the first reading is stopped (its child process killed, its reader
closed) and its answer dropped, so clicks do not pile up readers. Locking the diary stops the
reading in the same way: no viewer appears after a lock, and the window keeps no decrypted byte.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from diary.domain.errors import DiaryError
from diary.domain.filetypes import PREVIEWABLE
from diary.domain.incident import Attachment
from diary.export.file_views import FileView, view_file, viewable
from diary.vault.attachments.derived_forms import DerivedForm
from diary.vault.attachments.exhibit_files import ExhibitFiles
from diary.vault.attachments.media_apart import Halt
from diary.vault.attachments.photo_apart import read_photo

from ..session.diary_session import DiarySession
from ..worker import Worker


@dataclass(frozen=True)
class Opened:
    """What the viewer shows of one file: a HEIC photo's form, a view, or an image's bytes."""

    attachment: Attachment
    transcript: str = ""  # the person's transcript of a recording, typed in the entry
    photo: DerivedForm | None = None  # a HEIC photo: its upright picture, or why there is none
    view: FileView | None = None  # a video, a recording, an e-mail, a PDF
    data: bytes = b""  # an image's original bytes (empty for a kind that is not shown)


def read_for_viewer(
    files: ExhibitFiles, attachment: Attachment, transcript: str, halt: Halt
) -> Opened:
    """What to show of the attachment, read through files (closed as soon as what is needed is
    read, before a child process or PDFium works on it); halt stops a child reading it. Runs
    in a worker."""
    # Only images and the kinds the pack shows (file_views) are read into memory; anything
    # else is described, not opened.
    shown = viewable(attachment.media_type, attachment.size)
    photo = attachment.media_type == "image/heic"
    try:
        # A video's frames, a PDF's first pages and a HEIC photo's upright JPEG were made when
        # it was kept: the window shows those, as the pack does, and reads the original only
        # without them (then in a process of its own, as when it was kept).
        form = files.derived(attachment.id) if shown or photo else None
        if photo:
            usable = form is not None and (form.picture is not None or bool(form.problem))
        else:
            usable = form is not None and form.view is not None
        wanted = not usable and (photo or shown or attachment.media_type in PREVIEWABLE)
        data = files.read(attachment.id) if wanted else b""
    finally:
        files.close()
    if photo:
        if not usable:
            form = read_photo(data, halt)[1]
        return Opened(attachment, transcript, photo=form)
    if form is not None and form.view is not None:
        return Opened(attachment, transcript, view=form.view)
    view = view_file(data, attachment.media_type, halt) if shown else None
    if view is not None:
        return Opened(attachment, transcript, view=view)
    return Opened(attachment, transcript, data=data)


@dataclass(frozen=True, eq=False)
class _Reading:
    worker: Worker
    files: ExhibitFiles
    halt: Halt
    attachment_id: int

    def stop(self) -> None:
        self.worker.cancel()
        self.halt.stop()  # a child reading it is killed at once
        self.files.close()  # a decryption under way stops at its next piece


class FileOpener(QObject):
    """Reads one file at a time for the viewer, in a worker; a lock stops the reading."""

    opening = Signal(str)  # the name of the file being opened; "" when none is
    opened = Signal(object)  # an Opened, ready to show
    failed = Signal(str)  # a message to show

    def __init__(self, session: DiarySession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._reading: _Reading | None = None
        # Readings stopped but not yet ended: kept until their worker ends (the pool does not
        # own them), their answers dropped.
        self._stopped: list[_Reading] = []
        session.locked.connect(self.stop)

    @property
    def readers(self) -> int:
        """How many readings are still running (the one wanted, and those stopped)."""
        return len(self._stopped) + (self._reading is not None)

    @property
    def pending(self) -> int | None:
        """The id of the attachment being opened, or None."""
        return self._reading.attachment_id if self._reading is not None else None

    def open(self, attachment: Attachment, transcript: str = "") -> None:
        """Start reading attachment for the viewer (nothing new when it is being read)."""
        if self._reading is not None and self._reading.attachment_id == attachment.id:
            return
        self._stop_reading()
        try:
            files = self.session.vault.exhibit_files()
        except DiaryError as exc:
            self.opening.emit("")
            self.failed.emit(exc.message)
            return
        halt = Halt()
        worker = Worker(read_for_viewer, files, attachment, transcript, halt)
        reading = _Reading(worker, files, halt, attachment.id)
        worker.signals.finished.connect(lambda opened: self._finished(reading, opened))
        worker.signals.failed.connect(lambda error: self._failed(reading, error))
        self._reading = reading
        self.opening.emit(attachment.filename)
        worker.start()

    def stop(self) -> None:
        """Stop the reading under way, if any: no viewer will open for it."""
        if self._stop_reading():
            self.opening.emit("")

    def _stop_reading(self) -> bool:
        reading, self._reading = self._reading, None
        if reading is None:
            return False
        reading.stop()
        self._stopped.append(reading)
        return True

    def _ended(self, reading: _Reading) -> bool:
        """Forget reading; whether its answer is still wanted."""
        if reading in self._stopped:
            self._stopped.remove(reading)
            return False
        if reading is not self._reading:
            return False
        self._reading = None
        self.opening.emit("")
        return self.session.is_open

    def _finished(self, reading: _Reading, opened: Opened) -> None:
        if self._ended(reading):
            self.opened.emit(opened)

    def _failed(self, reading: _Reading, error: DiaryError) -> None:
        # A reading stopped by a lock fails as its reader closes: nobody is waiting for it.
        if self._ended(reading):
            self.failed.emit(error.message)
