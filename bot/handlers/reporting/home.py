"""App Home: publish each person's view when they open it, and again after changes that touch it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.common import transact
from bot.handlers.listeners import Incoming, bound
from bot.workflows.reporting import home, home_choice

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_REDRAWS = 25  # a republish is a courtesy; a large invitation must not stall the request


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(bound(deps, opened))
    app.action(ids.HOME_JURISDICTION)(bound(deps, switched))


def opened(deps: Deps, slack: Incoming) -> None:
    event = slack.body["event"]
    user = event.get("user")
    if event.get("tab", "home") == "home" and isinstance(user, str) and user:
        publish(deps, slack.client, [user], quiet=False)


def view_for(deps: Deps, user: str) -> dict[str, Any]:
    """The Home view of `user`, rendered from its read model."""
    found = transact(deps, lambda s: home.home_for(s, deps.catalog, user=user, now=deps.now()))
    view: dict[str, Any] = deps.render.json(f"home/{found.role}.json.j2", **found.as_context())
    return view


def with_homes(
    deps: Deps, work: Callable[[Session], T], homes: Callable[[T], Iterable[str]]
) -> tuple[T, list[home.Home]]:
    """Run `work` and read the Homes it touched in the same unit of work, then commit."""

    def both(session: Session) -> tuple[T, list[home.Home]]:
        done = work(session)
        users = list(dict.fromkeys(homes(done)))[:MAX_REDRAWS]
        return done, home.homes_for(session, deps.catalog, users=users, now=deps.now())

    return transact(deps, both)


def publish_homes(deps: Deps, client: WebClient, homes: Iterable[home.Home]) -> None:
    """Publish Homes read in the request's unit of work; a failed redraw is only logged."""
    for found in homes:
        view = deps.render.json(f"home/{found.role}.json.j2", **found.as_context())
        try:
            client.views_publish(user_id=found.user, view=view)
        except SlackApiError as exc:
            log.warning("App Home of %s not redrawn: %s", found.user, exc.response.get("error"))


def publish(deps: Deps, client: WebClient, users: Iterable[str], *, quiet: bool = True) -> None:
    """Redraw these people's Homes. After a change (`quiet`), a failed redraw is only logged:
    what was saved stays saved, and the next `app_home_opened` draws it again."""
    for user in list(dict.fromkeys(users))[:MAX_REDRAWS]:
        try:
            client.views_publish(user_id=user, view=view_for(deps, user))
        except SlackApiError as exc:
            if not quiet:
                raise
            log.warning("App Home of %s not redrawn: %s", user, exc.response.get("error"))
        except Exception:
            if not quiet:
                raise
            log.exception("App Home of %s not redrawn", user)


def switched(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    user = slack.body["user"]["id"]
    code = str((slack.body["actions"][0].get("selected_option") or {}).get("value", ""))
    transact(deps, lambda s: home_choice.choose(s, user=user, jurisdiction=code, now=deps.now()))
    publish(deps, slack.client, [user])
