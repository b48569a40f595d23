"""Messages and calls a person already holds (chat exports, text and call logs, e-mail), read
from the files phones and programs export, counted and quoted without retyping.

`reading.read_file` opens any of the supported files and yields what it holds; `survey` counts
it; `proposals` groups the chosen senders' messages into proposed entries. Nothing here saves.
"""
