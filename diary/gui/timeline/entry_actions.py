"""What the buttons of the entry shown in full do: delete it, restore it, take a file out of
it, adopt it, review what was proposed for it, and open one of its files in a viewer (read in
a worker by file_opening.py, while the entry says which file is being opened).

Deleting, restoring, removing a file and adopting are each a recorded change, asked about first
in a dialog where it needs one. The timeline page (timeline_page.py) shows the result: it reads
the entries again when told an entry changed or was deleted, and passes on what is failed or
reported. Dialogs open without a nested event loop; a lock closes them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from diary.domain.errors import DiaryError
from diary.domain.times import utc_now
from diary.vault.sharing.adoption import adopt

from ..session.diary_session import DiarySession
from ..viewers.file_opening import FileOpener, Opened
from ..viewers.file_viewer_dialog import FileViewerDialog
from ..viewers.image_viewer_dialog import ImageViewerDialog
from .incident_detail_view import IncidentDetailView


class EntryActions(QObject):
    """Answers the requests of an IncidentDetailView, with dialogs parented to page."""

    changed = Signal(int)  # incident id: changed; read the entries again and show it chosen
    deleted = Signal(int)  # incident id: deleted; read the entries again
    failed = Signal(str)  # a message to show
    reported = Signal(str)  # good news to show (an entry deleted, restored, adopted)

    def __init__(self, session: DiarySession, detail: IncidentDetailView, page: QWidget) -> None:
        super().__init__(page)
        self.session = session
        self._detail = detail
        self._page = page
        detail.image_requested.connect(self.show_image)
        detail.adopt_requested.connect(self.ask_to_adopt)
        detail.proposals_requested.connect(self.review_proposals)
        detail.delete_requested.connect(self.ask_to_delete)
        detail.restore_requested.connect(self.restore)
        detail.remove_file_requested.connect(self.ask_to_remove_file)
        self.opener = FileOpener(session, self)
        self.opener.opening.connect(detail.show_opening)
        self.opener.opened.connect(self._show_opened)
        self.opener.failed.connect(self.failed)

    # ----- deleting, restoring, removing a file: each a recorded change ------------------------

    def ask_to_delete(self, incident_id: int) -> None:
        from .withdraw_dialog import WithdrawDialog

        dialog = WithdrawDialog(incident_id, parent=self._page)
        dialog.confirmed.connect(self.delete)
        self._open(dialog)

    def delete(self, incident_id: int, reason: str) -> None:
        vault = self.session.vault
        try:
            vault.delete_incident(incident_id, reason, vault.kept_by)
        except DiaryError as exc:
            self.failed.emit(exc.message)
            return
        self.deleted.emit(incident_id)
        self.reported.emit(
            f"Entry {incident_id} is deleted: it is in no pack or share, and its history is "
            "kept. Tick “Show deleted” to see it or put it back."
        )

    def restore(self, incident_id: int) -> None:
        vault = self.session.vault
        try:
            vault.restore_incident(incident_id, vault.kept_by)
        except DiaryError as exc:
            self.failed.emit(exc.message)
            return
        self.changed.emit(incident_id)
        self.reported.emit(f"Entry {incident_id} is back, as it was; its history says so.")

    def ask_to_remove_file(self, incident_id: int) -> None:
        from .withdraw_dialog import WithdrawDialog

        files = self.session.vault.incident(incident_id).attachments
        if not files:
            return
        dialog = WithdrawDialog(incident_id, files, self._page)
        dialog.confirmed.connect(self.remove_file)
        self._open(dialog)

    def remove_file(self, attachment_id: int, reason: str) -> None:
        vault = self.session.vault
        try:
            incident_id = vault.remove_attachment(attachment_id, reason, vault.kept_by)
        except DiaryError as exc:
            self.failed.emit(exc.message)
            return
        self.changed.emit(incident_id)
        self.reported.emit(
            "The file is no longer part of this entry and will not be in packs; it is kept, "
            "unchanged, in the diary's history."
        )

    # ----- what came in shares --------------------------------------------------------------

    def ask_to_adopt(self, incident_id: int) -> None:
        from .adopt_dialog import AdoptDialog

        dialog = AdoptDialog(self.session.vault.incident(incident_id), self._page)
        dialog.adopt_confirmed.connect(self.adopt)
        self._open(dialog)

    def adopt(self, incident_id: int) -> None:
        try:
            adopt(self.session.vault.conn, incident_id, utc_now())
        except DiaryError as exc:
            self.failed.emit(exc.message)
            return
        self.changed.emit(incident_id)
        self.reported.emit(
            "Adopted: this entry is now your own account, and its history keeps where it came from."
        )

    def review_proposals(self, incident_id: int) -> None:
        from .proposals_dialog import ProposalsDialog

        dialog = ProposalsDialog(self.session, incident_id, self._page)
        dialog.decided.connect(self.changed.emit)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        """Without a nested event loop; a lock closes it, and it is then deleted."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session.locked.connect(dialog.reject)
        dialog.open()

    def show_image(self, attachment_id: int) -> None:
        """Open one of the shown entry's files in a viewer, once it has been read (in a worker:
        the window stays free meanwhile)."""
        try:
            incident = self.session.vault.incident(self._detail.incident_id)
            attachment = next(a for a in incident.attachments if a.id == attachment_id)
        except (DiaryError, StopIteration) as exc:
            self.failed.emit(getattr(exc, "message", "That file could not be read."))
            return
        self.opener.open(attachment, incident.content.transcript_of(attachment.sha256))

    def _show_opened(self, opened: Opened) -> None:
        attachment, photo = opened.attachment, opened.photo
        if photo is not None:
            picture = photo.picture
            self._open(
                ImageViewerDialog(
                    attachment,
                    picture.data if picture is not None else b"",
                    self._page,
                    problem=photo.problem,
                    converted=True,
                )
            )
        elif opened.view is not None:
            self._open(FileViewerDialog(attachment, opened.view, opened.transcript, self._page))
        else:
            self._open(ImageViewerDialog(attachment, opened.data, self._page))
