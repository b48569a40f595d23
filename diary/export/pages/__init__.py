"""Each part of the pack's PDF, as a function from the snapshot to a list of flowables."""
