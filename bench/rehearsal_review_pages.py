"""How a point of contact finds their way in the bot's review message: `/assess review` shows the
overview privately, a topic's button redraws it in place (through its response_url) as that
topic's page, where each recommendation has its Accept and "Ask for changes" buttons."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bench.rehearsal_ledger import Person
from bench.rehearsal_people import Actor
from bot.handlers import ids
from sandbox.driver import buttons, text_of

WAIT = 6.0  # seconds a person waits for the review message to be redrawn


def topic_page(actor: Actor, poc: Person, topic: str, rec: str) -> dict[str, Any] | None:
    """`/assess review`, then `topic`'s page, once it shows `rec`; None if Slack failed them."""
    fake, user = actor.fake, poc.user
    seen = len(fake.ephemerals(user))
    actor.command(poc, "review")
    matches = _topic_button(topic)
    shown = reversed(fake.ephemerals(user)[seen:])
    overview = next((e for e in shown if any(matches(b) for b, _ in buttons(e))), None)
    if overview is None:
        return None
    try:
        actor.driver.click(user, overview, matches, ephemeral=True)
    except (OSError, LookupError):
        return None
    actor._until(lambda: f"*{rec}*" in text_of(now(actor, user, overview)), WAIT)
    page = now(actor, user, overview)
    return page if f"*{rec}*" in text_of(page) else None


def now(actor: Actor, user: str, message: dict[str, Any]) -> dict[str, Any]:
    """A private message as it is now (redrawn in place keeps its ts)."""
    found = [e for e in actor.fake.ephemerals(user) if e.get("ts") == message.get("ts")]
    return found[-1] if found else message


def row(page: dict[str, Any], rec: str) -> dict[str, Any]:
    """The page narrowed to one recommendation's buttons (their block is `review:<rec>`)."""
    return {**page, "blocks": [b for b in page["blocks"] if b.get("block_id") == f"review:{rec}"]}


def section(page: dict[str, Any], rec: str) -> str:
    """The text the page shows for one recommendation: its answer, by whom, its review state."""
    texts = [str((b.get("text") or {}).get("text") or "") for b in page.get("blocks", [])]
    return next((t for t in texts if t.startswith(f"*{rec}*")), "")


def _topic_button(topic: str) -> Callable[[dict[str, Any]], bool]:
    def matches(button: dict[str, Any]) -> bool:
        if button["action_id"] != ids.REVIEW_TOPIC:  # its value names the topic
            return False
        return bool(json.loads(button.get("value") or "{}").get("t") == topic)

    return matches


def outbox_key(message: dict[str, Any]) -> str:
    """The outbox's key on a message the bot sent (`review:<id>:changes`), or ""."""
    payload = (message.get("metadata") or {}).get("event_payload")
    return str(payload.get("key") or "") if isinstance(payload, dict) else ""
