"""What every listener shares: one transaction per step, and refusals told privately."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.compose import slack_text
from bot.delivery import drain
from bot.deps import Deps
from bot.edge.outage import outage_line
from bot.edge.untold import SLACK_TROUBLE, Untold, is_slack_failure
from bot.handlers import refs
from bot.workflows.errors import DomainError
from messages.render import clip
from store.uow import run

T = TypeVar("T")
log = logging.getLogger(__name__)

TRIGGER_ERRORS = ("expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id")
# chat.postEphemeral's errors for a channel the person can be told in only by DM.
UNREACHABLE_HERE = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "user_not_in_channel",
        "is_archived",
        "restricted_action",
    }
)
# conversations.open's errors for a user id that names nobody in the workspace.
NOBODY = frozenset({"user_not_found", "users_list_not_supplied", "user_disabled", "cannot_dm_bot"})
MAX_TEXT = 3000  # a sentence to one person; anything longer was an echo gone wrong
SORRY = "Something went wrong on our side; nothing you entered was lost. Please try again."
TOO_LATE = "Slack gives a form three seconds to open and that passed; please click again."


def transact(deps: Deps, work: Callable[[Session], T]) -> T:
    """Run `work` in one unit of work and commit it (again on a fresh connection when the
    first one was dead: store.uow.run)."""
    return run(deps.uow, work)


@dataclass(frozen=True)
class Private:
    """Where to tell one person something only they see."""

    client: WebClient
    channel: str
    user: str
    thread_ts: str | None = None
    trigger_id: str = ""  # a slash command's, so a route can open a modal

    def say(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Tell the person; when Slack will not take it, raise Untold with the line, which the
        guard then sends through the request's response_url."""
        text = clip(text, MAX_TEXT)
        try:
            self._say(text, blocks)
        except Untold:
            raise
        except Exception as exc:
            if not is_slack_failure(exc):
                raise
            raise Untold(text) from exc

    def _say(self, text: str, blocks: list[dict[str, Any]] | None) -> None:
        try:
            self.client.chat_postEphemeral(
                channel=self.channel,
                user=self.user,
                text=text,
                blocks=blocks,
                thread_ts=self.thread_ts,
            )
        except SlackApiError as exc:
            # Ephemerals fail where the bot is not in the channel; a DM always reaches the person.
            # Any other refusal (rate limits, sizes) would fail the same way in a DM.
            if exc.response.get("error") not in UNREACHABLE_HERE:
                raise
            try:
                dm = self.client.conversations_open(users=self.user)["channel"]["id"]
            except SlackApiError as missing:
                # Slack knows no such person (only a forged request names one): nobody to tell.
                if missing.response.get("error") not in NOBODY:
                    raise
                log.warning("could not tell %s: %s", self.user, missing.response.get("error"))
                return
            self.client.chat_postMessage(channel=dm, text=text, blocks=blocks)


@contextmanager
def explained(tell: Callable[[str], None]) -> Iterator[None]:
    """Turn refusals into one private sentence, and failures into an apology, never a traceback."""
    try:
        yield
    except DomainError as refusal:
        tell(slack_text(refusal.sentence))
    except Untold:
        raise  # the line of record could not be said; the guard says it another way
    except Exception as exc:
        if isinstance(exc, SlackApiError) and exc.response.get("error") in TRIGGER_ERRORS:
            # A form opened more than 3 s after the click, or with a trigger already used.
            log.warning("could not open a modal: %s", exc.response.get("error"))
            tell(TOO_LATE)
        elif is_slack_failure(exc):
            log.warning("Slack failed: %s", exc)
            tell(SLACK_TROUBLE)
        elif (line := outage_line(exc)) is not None:
            log.warning("database unavailable: %s", type(exc.__cause__ or exc).__name__)
            tell(line)
        else:
            log.exception("listener failed")
            tell(SORRY)


def ref_of(value: str) -> tuple[int, str]:
    """The (walk id, recommendation id) a walk button carries; a value we did not write is
    refused with the guard's polite line, not taken for a failure of ours."""
    data = refs.loaded(value)
    return refs.number(data, "w"), refs.word(data, "r")


def deliver(deps: Deps, keys: list[str]) -> None:
    """Send, right away, the outbox rows this request just committed; the clock retries failures."""
    if keys:
        drain(deps.sessions, deps.client, now=deps.clock, keys=keys)


def opened(open_modal: Callable[[], None]) -> bool:
    """Open a modal with a command's trigger; False when Slack says the trigger is spent."""
    try:
        open_modal()
    except SlackApiError as exc:
        if exc.response.get("error") not in TRIGGER_ERRORS:
            raise
        return False
    return True
