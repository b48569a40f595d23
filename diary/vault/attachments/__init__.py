"""Original files kept byte for byte, and the previews derived from them in memory."""
