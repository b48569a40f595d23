"""The desktop window. The only package that imports PySide6; it drives the vault and export."""
