"""Reminder digests, escalations and the participants' own pauses."""
