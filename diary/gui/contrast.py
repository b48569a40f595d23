"""Colours everyone can read (WCAG 2.1 AA): text at least 4.5:1 against what it sits on,
borders and the parts of controls a person must see at least 3:1, in a light palette and in
a dark one.

The system's palette is kept (a person's own theme, high contrast included) and only the
colours that fall short are moved, towards black on a light background or white on a dark
one, until they pass. PAIRS lists every pair checked, and the test checks each of them, with
the stylesheet's own colours (light.qss or dark.qss) against the backgrounds they sit on.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole

TEXT = 4.5  # WCAG 1.4.3: text and its background
CONTROL = 3.0  # WCAG 1.4.11: a field's border, a box to tick, an arrow to press

# (colour moved if short, the backgrounds it must stand out from, the ratio it needs, what it is)
PAIRS: list[tuple[QPalette.ColorRole, tuple[QPalette.ColorRole, ...], float, str]] = [
    (Role.WindowText, (Role.Window,), TEXT, "labels"),
    (Role.Text, (Role.Base,), TEXT, "typed text"),
    (Role.ButtonText, (Role.Button,), TEXT, "button titles"),
    (Role.PlaceholderText, (Role.Base, Role.Window, Role.Button), TEXT, "hints and status lines"),
    (Role.Link, (Role.Base, Role.Window), TEXT, "links"),
    (Role.Mid, (Role.Base, Role.Window, Role.Button), CONTROL, "borders and unticked boxes"),
]
# The main button and a ticked box are filled with Highlight: it moves away from its text.
HIGHLIGHT = (Role.Highlight, Role.HighlightedText, TEXT, "the main button and chosen rows")


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(Role.Window)) < 0.2


def _towards(colour: QColor, target: QColor, share: float) -> QColor:
    return QColor.fromRgbF(
        colour.redF() + (target.redF() - colour.redF()) * share,
        colour.greenF() + (target.greenF() - colour.greenF()) * share,
        colour.blueF() + (target.blueF() - colour.blueF()) * share,
    )


def readable(colour: QColor, backgrounds: list[QColor], needed: float) -> QColor:
    """colour, or the nearest colour on its way to black (or white, on dark backgrounds) that
    stands out from every background by the ratio needed."""
    darkest = min(luminance(b) for b in backgrounds)
    target = QColor("white") if darkest < 0.18 else QColor("black")
    shown = QColor(colour)
    for step in range(21):
        shown = _towards(colour, target, step / 20)
        if all(ratio(shown, b) >= needed for b in backgrounds):
            break
    return shown


def accessible_palette(palette: QPalette) -> QPalette:
    """The palette with every pair in PAIRS and HIGHLIGHT made to pass, in every colour group."""
    fixed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, backgrounds, needed, _what in PAIRS:
            behind = [fixed.color(group, b) for b in backgrounds]
            fixed.setColor(group, role, readable(fixed.color(group, role), behind, needed))
        fill, text, needed, _what = HIGHLIGHT
        shown = fixed.color(group, text)
        fixed.setColor(group, fill, readable(fixed.color(group, fill), [shown], needed))
    return fixed
