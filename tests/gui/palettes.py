"""System palettes people have, to check the app's colours against: Qt's own light one, and
two dark desktop themes (KDE Breeze Dark and GNOME Adwaita dark, as Qt receives them)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole

BREEZE_DARK = {
    Role.Window: "#31363b",
    Role.WindowText: "#eff0f1",
    Role.Base: "#232629",
    Role.AlternateBase: "#31363b",
    Role.Text: "#eff0f1",
    Role.Button: "#31363b",
    Role.ButtonText: "#eff0f1",
    Role.Highlight: "#3daee9",
    Role.HighlightedText: "#eff0f1",
    Role.Link: "#2980b9",
    Role.PlaceholderText: "#6e7175",
    Role.Light: "#40464c",
    Role.Midlight: "#363b40",
    Role.Mid: "#3b4045",
    Role.Dark: "#1e2124",
    Role.Shadow: "#141618",
    Role.ToolTipBase: "#31363b",
    Role.ToolTipText: "#eff0f1",
}
ADWAITA_DARK = {
    Role.Window: "#353535",
    Role.WindowText: "#eeeeec",
    Role.Base: "#2d2d2d",
    Role.AlternateBase: "#353535",
    Role.Text: "#eeeeec",
    Role.Button: "#373737",
    Role.ButtonText: "#eeeeec",
    Role.Highlight: "#15539e",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#3584e4",
    Role.PlaceholderText: "#777777",
    Role.Light: "#454545",
    Role.Midlight: "#3e3e3e",
    Role.Mid: "#1b1b1b",
    Role.Dark: "#282828",
    Role.Shadow: "#000000",
    Role.ToolTipBase: "#353535",
    Role.ToolTipText: "#eeeeec",
}


def palette_of(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, name in colours.items():
        palette.setColor(role, QColor(name))
    palette.setColor(QPalette.ColorGroup.Disabled, Role.Text, QColor("#7f8284"))
    palette.setColor(QPalette.ColorGroup.Disabled, Role.WindowText, QColor("#7f8284"))
    palette.setColor(QPalette.ColorGroup.Disabled, Role.ButtonText, QColor("#7f8284"))
    return palette
