"""Slack bot for states' self-assessment against the National Advisory Committee's report."""
