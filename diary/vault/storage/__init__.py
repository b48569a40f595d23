"""The encrypted database itself: opening it, its schema, the revision chain, durable writes."""
