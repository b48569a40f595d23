"""What leaves the diary: the evidence pack and its case details, and share files for an
advocate (the entries chosen for either)."""
