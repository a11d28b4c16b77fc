"""Personal data in Slack: the Committee forgets a person from its App Home."""
