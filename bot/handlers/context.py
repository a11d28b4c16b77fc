"""Every Slack request's log fields (bot.logs): its id and the person; their jurisdiction is
added when the policy loads them (no extra query). Set before the listeners run, so lines logged
after the ack carry them too (the listener pool runs each listener in a copy of the request
thread's context)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.deps import Deps
from bot.logs import set_field

log = logging.getLogger(__name__)


def register(app: App, _deps: Deps) -> None:
    @app.middleware
    def log_context(body: dict[str, Any], next_: Callable[[], BoltResponse]) -> BoltResponse:
        # Bolt runs the listeners after the middleware returns, so the fields are set for the
        # rest of this thread's request (each request sets all of them) rather than for a block.
        user = user_of(body)
        set_field("request", request_id(body))
        set_field("job", None)
        set_field("user", user)
        set_field("jurisdiction", None)  # set once the actor is loaded (policy.load_actor)
        log.info("slack %s", kind_of(body))
        return next_()


def request_id(body: dict[str, Any]) -> str:
    """Slack's own id where a request has one (events' event_id), else a fresh one."""
    event_id = body.get("event_id")
    return event_id if isinstance(event_id, str) and event_id else f"req-{uuid.uuid4().hex[:12]}"


def user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    candidates = (
        body.get("user_id"),
        user.get("id") if isinstance(user, dict) else None,
        (body.get("event") or {}).get("user") if isinstance(body.get("event"), dict) else None,
    )
    return next((c for c in candidates if isinstance(c, str) and c), None)


def kind_of(body: dict[str, Any]) -> str:
    """A few words on what the request is: `command /assess`, `block_actions walk_answer:…`."""
    if body.get("command"):
        return f"command {body['command']}"
    kind = str(body.get("type") or "request")
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return f"{kind} {actions[0].get('action_id', '')}"
    event = body.get("event")
    if isinstance(event, dict):
        return f"event {event.get('type', '')}"
    view = body.get("view")
    if isinstance(view, dict):
        return f"{kind} {view.get('callback_id', '')}"
    return kind
