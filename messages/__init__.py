"""Jinja2 templates that render Block Kit JSON, Slack text and reports, and the one renderer."""

from messages.render import Renderer, slack_escape

__all__ = ["Renderer", "slack_escape"]
