"""The domain: plain functions over the store and the clock. No Slack types in here."""
