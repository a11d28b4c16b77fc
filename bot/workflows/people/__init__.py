"""Who takes part: the Committee's set-up, invitations, contacts and roles."""
