"""The timeline: every entry in a table with its filters, the chosen entry in full (its rich
text, whose words it is, what can be done to it), and the dialogs those actions open."""
