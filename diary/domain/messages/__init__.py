"""Messages and calls a person already holds (chat exports, text and call logs, e-mail), read
from the files phones and programs export, counted and quoted without retyping.

`reading.read_file` opens any of the supported files and yields what it holds; `survey` counts
it; `proposals` groups the chosen senders' messages into proposed entries. Nothing here saves.
Each format's readers: `whatsapp` (a chat exported from WhatsApp), `backups` (SMS Backup &
Restore's text messages and call logs), `email_files` (.eml and .mbox) and `telegram`
(Telegram Desktop's result.json).
"""
