"""The diary session: the locked screen and unlocking, the first run and the recovery key,
changing the keys, the session that holds the open vault, where diaries live, and backups
(made at each lock, and by hand)."""
