"""Messages and calls logged from a phone's or an app's export file."""
