"""Personal data: the audit of who read or changed data in bulk, forgetting a person, retention."""
