"""Every colour pair the app draws meets WCAG AA, in Qt's light palette and in two dark
desktop themes: text 4.5:1, borders and the parts of controls 3:1.

The pairs are those of diary/gui/contrast.py (PAIRS, HIGHLIGHT) on the palette the app makes
from the system's, and the stylesheet's own colours: the error red of light.qss and dark.qss,
the spin box arrows, the white tick and dot on a ticked box, Quick exit, the received banner.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from diary.gui.app import apply_style
from diary.gui.contrast import CONTROL, HIGHLIGHT, PAIRS, TEXT, accessible_palette, is_dark, ratio
from diary.resources import resource_path
from tests.gui.palettes import ADWAITA_DARK, BREEZE_DARK, palette_of

Role = QPalette.ColorRole


def _light() -> QPalette:
    return QApplication.style().standardPalette()


PALETTES = {
    "Qt light": _light,
    "Breeze dark": lambda: palette_of(BREEZE_DARK),
    "Adwaita dark": lambda: palette_of(ADWAITA_DARK),
}


def _qss_colour(name: str, selector: str, what: str) -> QColor:
    sheet = resource_path("style", name).read_text(encoding="utf-8")
    block = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", sheet)
    assert block is not None, selector
    found = re.search(rf"{what}:\s*(#[0-9a-fA-F]{{6}})", block[1])
    assert found is not None, (selector, what)
    return QColor(found[1])


def _svg_colour(name: str) -> QColor:
    svg = resource_path("style", name).read_text(encoding="utf-8")
    found = re.search(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)
    assert found is not None
    return QColor(found[1])


@pytest.mark.parametrize("system", PALETTES)
def test_the_palette_pairs_pass(qapp, system: str) -> None:
    palette = accessible_palette(PALETTES[system]())
    short = []
    for role, backgrounds, needed, what in [
        *PAIRS,
        (*HIGHLIGHT[:1], (HIGHLIGHT[1],), *HIGHLIGHT[2:]),
    ]:
        for background in backgrounds:
            measured = ratio(palette.color(role), palette.color(background))
            if measured < needed:
                short.append(f"{what}: {role.name} on {background.name} {measured:.2f}:1")
    assert short == []


@pytest.mark.parametrize("system", PALETTES)
def test_the_stylesheet_colours_pass(qapp, system: str) -> None:
    palette = accessible_palette(PALETTES[system]())
    dark = is_dark(palette)
    assert dark == (system != "Qt light")
    sheet = "dark.qss" if dark else "light.qss"
    window, base, button = (palette.color(r) for r in (Role.Window, Role.Base, Role.Button))
    error = _qss_colour(sheet, "QLabel#error", "color")
    assert ratio(error, window) >= TEXT and ratio(error, base) >= TEXT
    arrows = "light" if dark else "dark"
    for name in (f"up-{arrows}.svg", f"down-{arrows}.svg"):
        assert ratio(_svg_colour(name), button) >= CONTROL, name
    fill = palette.color(Role.Highlight)
    for name in ("tick.svg", "dot.svg"):
        assert ratio(_svg_colour(name), fill) >= CONTROL, name
    exit_fill = _qss_colour("app.qss", "QPushButton#quickExit", "background")
    assert ratio(QColor("white"), exit_fill) >= TEXT
    banner = _qss_colour("app.qss", "QLabel#receivedBanner", "background")
    assert ratio(_qss_colour("app.qss", "QLabel#receivedBanner", "color"), banner) >= TEXT


def test_the_app_uses_the_readable_palette_and_the_dark_sheet(qapp) -> None:
    original = qapp.palette()
    try:
        qapp.setPalette(palette_of(BREEZE_DARK))
        apply_style(qapp)
        assert "#ff8f85" in qapp.styleSheet()  # dark.qss's error red
        hint = qapp.palette().color(Role.PlaceholderText)
        assert ratio(hint, qapp.palette().color(Role.Window)) >= TEXT
    finally:
        qapp.setPalette(original)
        apply_style(qapp)
