"""SMS Backup & Restore's sms.xml and calls.xml: the XML reader (xml_reader, over xml_guard's
guarded expat), the bulk reader of call logs in the app's own layout (calls_bulk), what the
survey keeps of every item (rows) and the proposals made from it (plan)."""
