"""Evidence Diary: an encrypted, offline diary of stalking and harassment incidents."""

__version__ = "0.1.0"
