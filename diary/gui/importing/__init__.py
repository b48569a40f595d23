"""Bringing entries in: a share file, a spreadsheet diary, or messages and calls exported from a
phone."""
