"""Every field of an incident, essentials first and the rest in sections a person can open.

The form converts to and from `IncidentContent` (to save) and a plain dict (the draft, saved as
the person types). Times are read as wall-clock times in the incident's zone; a time that
happened twice or never is reported by the domain and asked about by the editor.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from diary.domain.behaviours import BEHAVIOURS, CHANNELS, EFFECTS, REPORTED
from diary.domain.incident import IncidentContent, Witness
from diary.domain.times import Moment, Precision, parse_moment, system_zone

from ..choice_checklist import ChoiceChecklist
from ..collapsible_section import CollapsibleSection
from ..form_fields import choice_box, date_time_edit, line_edit, text_box
from .knowledge_choice import KnowledgeChoice

WALL_FORMAT = "yyyy-MM-ddTHH:mm"
TEXT_FIELDS = (
    "location",
    "words",
    "suspect",
    "vehicle",
    "visibility",
    "others_involved",
    "fear",
    "feelings",
    "impact",
    "actions",
    "police_ref",
    "officer",
    "cctv",
    "text",
)


class IncidentForm(QWidget):
    changed = Signal()  # anything typed or chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = system_zone()
        self.occurred = date_time_edit("When it happened")
        self.approximate = QCheckBox("About this time (not exact)")
        self.date_only = QCheckBox("I don't know the time")
        self.has_end = QCheckBox("It went on until")
        self.until = date_time_edit("When it ended")
        self.location = line_edit("Where it happened", "A place, or “online”, or “by phone”")
        self.text = text_box("What happened, in your own words", 8)
        self.text.setPlaceholderText(
            "What happened, in your own words. A sentence is enough "
            "for now; you can add more later."
        )
        self.knowledge = KnowledgeChoice()
        # Kept apart from the entry: never in an evidence pack, its bundle or a share.
        self.private_note = text_box("Private note, never exported", 3)
        self.private_note.setPlaceholderText(
            "Only in this diary: never in an evidence pack, a bundle or a share. For example, "
            "where it is safe to call you."
        )
        self.behaviours = ChoiceChecklist(BEHAVIOURS)
        self.channel = choice_box("How it came to you", CHANNELS)
        self.words = text_box("Exact words used")
        self.suspect = text_box("Who it was, how they looked, anyone acting for them")
        self.vehicle = line_edit("Their vehicle")
        self.visibility = line_edit("How well you saw them", "Light, distance, how long")
        self.witnesses = text_box("Witnesses, one per line")
        # Witnesses recorded one by one (name, what they saw, contact) are kept through an edit.
        self.witness_details: tuple[Witness, ...] = ()
        self.others_involved = text_box("Children or others involved", 2)
        self.fear_yes = QRadioButton("Yes")
        self.fear_no = QRadioButton("No")
        self.fear_unsaid = QRadioButton("I'd rather not say now")
        # Yes and No are answers; "rather not say" is the same as leaving it empty.
        self.fear_yes.setProperty("answer", True)
        self.fear_no.setProperty("answer", True)
        self.fear_group = QButtonGroup(self)
        for button in (self.fear_yes, self.fear_no, self.fear_unsaid):
            self.fear_group.addButton(button)
        self.fear_unsaid.setChecked(True)
        self.fear = text_box("What you feared", 2)
        self.feelings = text_box("How it felt", 2)
        self.impact = text_box("Effect on your daily life", 2)
        self.effects = ChoiceChecklist(EFFECTS)
        self.actions_taken = text_box("What you did", 2)  # not `actions`: QWidget has one
        self.reported = choice_box("Reported to police", REPORTED)
        self.police_ref = line_edit("Police reference", "Crime or incident number")
        self.officer = line_edit("Officer", "Name and collar number")
        self.cctv = line_edit("CCTV, doorbell or dashcam nearby")

        when_row = QHBoxLayout()
        when_row.addWidget(self.occurred)
        when_row.addWidget(self.approximate)
        when_row.addWidget(self.date_only)
        when_row.addStretch(1)
        end_row = QHBoxLayout()
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.until)
        end_row.addStretch(1)
        self.essentials = QFormLayout()
        self.essentials.addRow("When", when_row)
        self.essentials.addRow("", end_row)
        self.essentials.addRow("Where", self.location)
        self.essentials.addRow("What happened", self.text)
        self.essentials.addRow("How you know", self.knowledge)

        kinds = QVBoxLayout()
        kinds.addWidget(self.behaviours)
        channel_row = QFormLayout()
        channel_row.addRow("How it came to you", self.channel)
        kinds.addLayout(channel_row)
        people = QFormLayout()
        for label, widget in (
            ("Exact words used", self.words),
            ("Who, and how they looked", self.suspect),
            ("Their vehicle", self.vehicle),
            ("How well you saw them", self.visibility),
            ("Witnesses (one per line)", self.witnesses),
            ("Children or others involved", self.others_involved),
        ):
            people.addRow(label, widget)
        fear_row = QHBoxLayout()
        for button in (self.fear_yes, self.fear_no, self.fear_unsaid):
            fear_row.addWidget(button)
        fear_row.addStretch(1)
        impact = QFormLayout()
        impact.addRow("Did you fear violence?", fear_row)
        impact.addRow("What you feared", self.fear)
        impact.addRow("How it felt", self.feelings)
        impact.addRow("Effect on daily life", self.impact)
        impact.addRow("Because of it I…", self.effects)
        impact.addRow("What you did", self.actions_taken)
        police = QFormLayout()
        police.addRow("Reported", self.reported)
        police.addRow("Police reference", self.police_ref)
        police.addRow("Officer", self.officer)
        police.addRow("CCTV, doorbell, dashcam", self.cctv)
        private = QVBoxLayout()
        private.addWidget(self.private_note)
        self.sections = [
            CollapsibleSection("What kind of behaviour was it?", kinds),
            CollapsibleSection("Exact words, who it was, witnesses", people),
            CollapsibleSection("Fear, and how it affected you", impact),
            CollapsibleSection("Police and other evidence", police),
            CollapsibleSection("Private note (never exported)", private),
        ]
        self._watch()
        self.date_only.toggled.connect(self._time_known_changed)
        self.has_end.toggled.connect(self.until.setEnabled)
        self.until.setEnabled(False)

    def _watch(self) -> None:
        for name in (*TEXT_FIELDS, "witnesses"):
            self._widget(name).textChanged.connect(self.changed)
        for when in (self.occurred, self.until):
            when.dateTimeChanged.connect(self.changed)
        for box in (self.approximate, self.date_only, self.has_end, self.fear_yes, self.fear_no):
            box.toggled.connect(self.changed)
        for combo in (self.channel, self.reported):
            combo.currentIndexChanged.connect(self.changed)
        self.behaviours.changed.connect(self.changed)
        self.effects.changed.connect(self.changed)
        self.knowledge.changed.connect(self.changed)
        self.private_note.textChanged.connect(self.changed)

    def _widget(self, name: str) -> QLineEdit | QPlainTextEdit:
        """The widget holding the content field called name."""
        widget = getattr(self, "actions_taken" if name == "actions" else name)
        assert isinstance(widget, QLineEdit | QPlainTextEdit)
        return widget

    def _time_known_changed(self, date_only: bool) -> None:
        self.occurred.setDisplayFormat("ddd d MMM yyyy" if date_only else "ddd d MMM yyyy  HH:mm")
        self.approximate.setEnabled(not date_only)

    # ----- to and from the domain -------------------------------------------------------------

    def _moment(self, edit: QDateTimeEdit, fold: int | None) -> Moment:
        if self.date_only.isChecked() and edit is self.occurred:
            return parse_moment(edit.date().toString("yyyy-MM-dd"), self.zone)
        return parse_moment(
            edit.dateTime().toString(WALL_FORMAT),
            self.zone,
            approximate=self.approximate.isChecked(),
            fold=fold,
        )

    def content(self, fold: int | None = None) -> IncidentContent:
        """What the form holds, checked; raises InvalidInput (or a time error) when not savable."""
        values: dict[str, Any] = {name: self._text(name) for name in TEXT_FIELDS}
        values["witnesses"] = tuple(
            w.strip() for w in self.witnesses.toPlainText().splitlines() if w.strip()
        )
        values["feared_violence"] = (
            True if self.fear_yes.isChecked() else False if self.fear_no.isChecked() else None
        )
        return IncidentContent(
            occurred=self._moment(self.occurred, fold),
            until=self._moment(self.until, fold) if self.has_end.isChecked() else None,
            behaviours=self.behaviours.chosen(),
            effects=self.effects.chosen(),
            channel=self.channel.currentData() or None,
            reported=self.reported.currentData() or None,
            first_hand=self.knowledge.first_hand(),
            told_by=self.knowledge.who_told(),
            witness_details=self.witness_details,
            **values,
        ).validate()

    def _text(self, name: str) -> str:
        widget = self._widget(name)
        return str(widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text())

    def set_content(self, content: IncidentContent) -> None:
        self.zone = content.occurred.zone
        self.witness_details = content.witness_details
        state: dict[str, Any] = {name: getattr(content, name) for name in TEXT_FIELDS}
        state.update(
            occurred=content.occurred.local.strftime("%Y-%m-%dT%H:%M"),
            approximate=content.occurred.precision == Precision.APPROXIMATE,
            date_only=content.occurred.precision == Precision.DATE_ONLY,
            until=content.until.local.strftime("%Y-%m-%dT%H:%M") if content.until else "",
            witnesses="\n".join(content.witnesses),
            behaviours=list(content.behaviours),
            effects=list(content.effects),
            channel=content.channel or "",
            reported=content.reported or "",
            feared_violence=content.feared_violence,
            zone=content.occurred.zone,
            first_hand=content.first_hand,
            told_by=content.told_by,
        )
        self.set_state(state)

    # ----- to and from the draft --------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = {name: self._text(name) for name in TEXT_FIELDS}
        state.update(
            zone=self.zone,
            occurred=self.occurred.dateTime().toString(WALL_FORMAT),
            approximate=self.approximate.isChecked(),
            date_only=self.date_only.isChecked(),
            until=self.until.dateTime().toString(WALL_FORMAT) if self.has_end.isChecked() else "",
            witnesses=self.witnesses.toPlainText(),
            behaviours=list(self.behaviours.chosen()),
            effects=list(self.effects.chosen()),
            channel=self.channel.currentData() or "",
            reported=self.reported.currentData() or "",
            feared_violence=True
            if self.fear_yes.isChecked()
            else False
            if self.fear_no.isChecked()
            else None,
            first_hand=self.knowledge.first_hand(),
            told_by=self.knowledge.told_by.text(),
            private_note=self.private_note.toPlainText(),
        )
        return state

    def set_state(self, state: dict[str, Any]) -> None:
        self.zone = str(state.get("zone") or self.zone)
        for name in TEXT_FIELDS:
            widget = self._widget(name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(state.get(name, "")))
            else:
                widget.setText(str(state.get(name, "")))
        self.witnesses.setPlainText(str(state.get("witnesses", "")))
        when = QDateTime.fromString(str(state.get("occurred", "")), WALL_FORMAT)
        self.occurred.setDateTime(when if when.isValid() else QDateTime.currentDateTime())
        self.approximate.setChecked(bool(state.get("approximate")))
        self.date_only.setChecked(bool(state.get("date_only")))
        until = QDateTime.fromString(str(state.get("until", "")), WALL_FORMAT)
        self.has_end.setChecked(until.isValid())
        self.until.setDateTime(until if until.isValid() else self.occurred.dateTime())
        self.behaviours.set_chosen(list(state.get("behaviours", [])))
        self.effects.set_chosen(list(state.get("effects", [])))
        self.channel.setCurrentIndex(max(0, self.channel.findData(state.get("channel", ""))))
        self.reported.setCurrentIndex(max(0, self.reported.findData(state.get("reported", ""))))
        self.knowledge.set_choice(
            state.get("first_hand") is not False, str(state.get("told_by", ""))
        )
        self.private_note.setPlainText(str(state.get("private_note", "")))
        fear = state.get("feared_violence")
        (
            self.fear_yes if fear is True else self.fear_no if fear is False else self.fear_unsaid
        ).setChecked(True)
        # A section with something in it opens, so nothing written is out of sight.
        for section in self.sections:
            section.set_open(section.has_content())

    def set_private_note(self, text: str) -> None:
        """Show the entry's private note, its section open when there is one."""
        self.private_note.setPlainText(text)
        self.sections[-1].set_open(bool(text.strip()))

    def reset(self) -> None:
        """Empty the form, with the time set to now (a new entry, or forgetting on lock)."""
        self.zone = system_zone()
        self.witness_details = ()
        self.set_state({})
