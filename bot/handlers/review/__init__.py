"""The POC's review of the jurisdiction's answers, submission and reopening."""
