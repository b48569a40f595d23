"""WhatsApp's 'Export chat': the line-by-line reader (chat), the bulk readers that give what it
gives with no object made per message (bulk, and plain for pieces with no marked line and no
missed call; times for the dates and times both read), and the proposals made from what the
bulk readers kept (plan)."""
