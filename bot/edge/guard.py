"""Every listener runs inside a guard: whatever it fails on outside its own error wrapper
(a button value that is not what we wrote, a command without a user) is logged, and the
person gets one polite line. Slack still gets its 200.

Without it, Bolt answers a listener that fails just after `ack()` with 404 "unhandled
request" after 3 s (it resets the acknowledgement on failure), and the person hears nothing.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.edge.outage import outage_line
from bot.edge.untold import is_slack_failure, line_for_slack_failure, slack_reason
from bot.runtime import WorkSlots

log = logging.getLogger(__name__)

UNREADABLE = (
    "Sorry, I could not make sense of that request. "
    "Type `/assess help` to see the topic areas and pick up where you left off."
)
# What Bolt can inject that listeners here ask for; the guard asks for all of them.
INJECTABLE = (
    *("ack", "body", "client", "respond", "say", "context", "logger", "payload"),
    *("event", "action", "view", "command", "message", "shortcut", "options"),
)


class GuardedApp(App):
    """A Bolt App that wraps each listener it registers in `guarded`, its work in `slots`."""

    def __init__(self, slots: WorkSlots, **options: Any) -> None:
        self.work_slots = slots
        super().__init__(**options)

    def _register_listener(
        self, functions: Sequence[Callable[..., Any]], *args: Any, **kwargs: Any
    ) -> Callable[..., Any] | None:
        # Every decorator (command, action, view, event, options …) registers through here.
        wrapped = [guarded(f, self.work_slots) for f in functions]
        registered = super()._register_listener(wrapped, *args, **kwargs)
        return functions[0] if registered is not None and len(functions) == 1 else registered


def guarded(listener: Callable[..., Any], slots: WorkSlots) -> Callable[..., Any]:
    wanted = list(inspect.signature(listener).parameters)
    unknown = set(wanted) - set(INJECTABLE)
    if unknown:
        raise TypeError(f"{listener.__name__} asks for {sorted(unknown)}; add them to INJECTABLE")

    def guard(
        ack: Ack,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond | None,
        event: Any,
        payload: Any,
        action: Any,
        view: Any,
        logger: logging.Logger,
        say: Any,
        context: Any,
        command: Any,
        message: Any,
        shortcut: Any,
        options: Any,
    ) -> Any:
        given = locals()
        # Events were acknowledged by Bolt before this runs; anything else when it calls ack().
        held = _Held(slots, taken="event" in body)
        given["ack"] = _SlotAfterAck(ack, held)
        try:
            return listener(**{name: given[name] for name in wanted})
        except Exception as exc:
            line = _line_for(listener.__name__, exc)
            if ack.response is None and "event" not in body:
                ack()
            if "event" not in body:
                _apologize(body, client, respond, line)
            return None
        finally:
            held.release()

    guard.__name__ = guard.__qualname__ = listener.__name__
    return guard


class _Held:
    """Whether this listener holds a work slot; taken at most once, given back once."""

    def __init__(self, slots: WorkSlots, *, taken: bool) -> None:
        self.slots, self.taken = slots, False
        if taken:
            self.take()

    def take(self) -> None:
        if not self.taken:
            self.slots.take()
            self.taken = True

    def release(self) -> None:
        if self.taken:
            self.taken = False
            self.slots.give_back()


class _SlotAfterAck:
    """Bolt's `ack`, which, once Slack has its answer, waits for a work slot before returning."""

    def __init__(self, ack: Ack, held: _Held) -> None:
        self._ack, self._held = ack, held

    @property
    def response(self) -> Any:
        return self._ack.response

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        answered = self._ack(*args, **kwargs)
        self._held.take()
        return answered


def _line_for(name: str, exc: Exception) -> str:
    """The truth for the person: the database was out, Slack was out, or the request was odd."""
    if (line := outage_line(exc)) is not None:
        log.warning("%s: database unavailable", name)
        return line
    if is_slack_failure(exc):
        log.warning("%s: Slack failed: %s", name, slack_reason(exc))
        return line_for_slack_failure(exc)
    log.exception("%s failed outside its error wrapper", name)
    return UNREADABLE


def _apologize(body: dict[str, Any], client: WebClient, respond: Respond | None, line: str) -> None:
    """One line to whoever sent the request, wherever it can still reach them."""
    try:
        if respond is not None and respond.response_url:
            respond(text=line, response_type="ephemeral", replace_original=False)
            return
        user, channel = _who(body)
        if user and channel:
            client.chat_postEphemeral(channel=channel, user=user, text=line)
        elif user:
            dm = client.conversations_open(users=user)["channel"]["id"]
            client.chat_postMessage(channel=dm, text=line)
    except Exception as exc:  # the apology is a courtesy; the failure is already logged
        log.warning("could not tell the person: %s", type(exc).__name__)


def _who(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else body.get("user_id")
    container = body.get("container") or {}
    channel = body.get("channel")
    channel_id = container.get("channel_id") or (
        channel.get("id") if isinstance(channel, dict) else body.get("channel_id")
    )
    return str(user_id or ""), str(channel_id or "")
