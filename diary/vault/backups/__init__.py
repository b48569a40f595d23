"""Backup files: making, checking, the automatic rolling set, and restoring."""
