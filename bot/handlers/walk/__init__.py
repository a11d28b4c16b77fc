"""A walk: one person, one topic, one recommendation at a time, in a thread."""
