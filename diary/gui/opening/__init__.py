"""Opening and closing a diary: the locked screen, the first run, the recovery key, changing the
keys, the session that holds the open vault, where diaries live, and backups."""
