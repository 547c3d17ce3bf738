"""Desktop notifications from new messages, pauses and quiet hours."""
