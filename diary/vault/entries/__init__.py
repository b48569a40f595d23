"""Entries in the database: writing, reading back, the timeline's rows, search and notes."""
