"""Plain-Python core: incidents, attachments, revisions, behaviours, time rules and typed errors.

Nothing here touches the disk, a database, Qt or reportlab.
"""
