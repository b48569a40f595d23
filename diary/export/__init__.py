"""The evidence pack: the only package that imports reportlab."""
