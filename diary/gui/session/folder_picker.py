"""Asking for a diary folder with Qt's own dialog, which leaves no recent-folder record."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_for_folder(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(
        parent,
        "Choose a diary folder (or an empty folder for a new diary)",
        str(Path.home()),
        QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
    )
    return Path(chosen) if chosen else None
