"""The key hierarchy and changing it: passphrase, recovery key, data key, signing key."""
