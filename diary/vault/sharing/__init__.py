"""Shares between a person and their advocate: writing, receiving, checking, adopting."""
