"""Writing an entry: the editor and its form, how the writer knows what it says, and its
evidence files (dropped, pasted or picked, stored in a worker)."""
