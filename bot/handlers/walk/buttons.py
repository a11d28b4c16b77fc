"""Buttons on walk messages and topic lists: each is a few lines over one workflow call, run by
one adapter (parse the click, run the workflow in one unit of work, show the Step)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked
from bot.handlers.common import Private, explained, ref_of, transact
from bot.handlers.walk.begin import begin
from bot.handlers.walk.notes_modal import notes_modal
from bot.handlers.walk.show import show
from bot.workflows.walk import notes as walk_notes
from bot.workflows.walk import walks
from bot.workflows.walk.views import Step


@dataclass(frozen=True)
class Click:
    """A walk button: who clicked, which walk and recommendation, which message (a hint only)."""

    user: str
    walk_id: int
    rec_id: str
    action_id: str
    clicked_ts: str
    clicked_in: tuple[str, str] = ("", "")  # the message's channel and thread, as Slack signed

    def ref(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "walk_id": self.walk_id,
            "rec_id": self.rec_id,
            "clicked_ts": self.clicked_ts,
            "clicked_in": self.clicked_in,
        }


Handle = Callable[[Deps, WebClient, Private, dict[str, Any]], None]
Work = Callable[[Session, Deps, Click], Step]


def answer(session: Session, deps: Deps, click: Click) -> Step:
    status = click.action_id.split(":", 1)[1]
    return walks.answer(session, deps.catalog, status=status, now=deps.now(), **click.ref())


def skip(session: Session, deps: Deps, click: Click) -> Step:
    return walks.skip(session, deps.catalog, now=deps.now(), **click.ref())


def back(session: Session, deps: Deps, click: Click) -> Step:
    return walks.back(session, deps.catalog, now=deps.now(), **click.ref())


def change(session: Session, deps: Deps, click: Click) -> Step:
    return walks.change(session, deps.catalog, now=deps.now(), **click.ref())


def open_notes(deps: Deps, client: WebClient, private: Private, body: dict[str, Any]) -> None:
    click = _click(body)
    form = transact(
        deps,
        lambda s: walk_notes.notes_form(
            s, deps.catalog, user=click.user, walk_id=click.walk_id, rec_id=click.rec_id
        ),
    )
    meta = {"w": click.walk_id, "r": click.rec_id, "c": private.channel, "t": click.clicked_ts}
    view = notes_modal(deps, {**meta, "n": form.pop("seen")}, form)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def resume(deps: Deps, client: WebClient, private: Private, body: dict[str, Any]) -> None:
    begin(deps, client, private, str(body["actions"][0]["value"]))


def redrawing(work: Work) -> Handle:
    """The shape most walk buttons share: one workflow call, then show its Step."""

    def handle(deps: Deps, client: WebClient, private: Private, body: dict[str, Any]) -> None:
        click = _click(body)
        step = transact(deps, lambda s: work(s, deps, click))
        # The new question's timestamp is written by the click on it (thread.adopt).
        show(deps, client, private, step, record_asked=False)

    return handle


def listener(deps: Deps, handle: Handle) -> Callable[..., None]:
    """A Bolt listener: ack at once, then `handle` with refusals told privately."""

    def run(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        private = _private(body, client)
        with explained(private.say):
            handle(deps, client, private, body)

    return run


def register(app: App, deps: Deps) -> None:
    app.action(re.compile(f"^{ids.ANSWER}:"))(listener(deps, redrawing(answer)))
    app.action(ids.SKIP)(listener(deps, redrawing(skip)))
    app.action(ids.BACK)(listener(deps, redrawing(back)))
    app.action(ids.CHANGE)(listener(deps, redrawing(change)))
    app.action(ids.NOTES)(listener(deps, open_notes))
    app.action(ids.CONTINUE)(listener(deps, resume))


def _private(body: dict[str, Any], client: WebClient) -> Private:
    """How to answer the clicker privately: in the thread the click came from, next to it."""
    _, private, _ = clicked(body, client)
    return replace(private, thread_ts=(body.get("message") or {}).get("thread_ts"))


def _click(body: dict[str, Any]) -> Click:
    action = body["actions"][0]
    walk_id, rec_id = ref_of(action["value"])
    container = body.get("container") or {}
    message_ts = str(container.get("message_ts") or "")
    where = ("", "")
    if not container.get("is_ephemeral"):
        thread_ts = (body.get("message") or {}).get("thread_ts")
        where = (str(container.get("channel_id") or ""), str(thread_ts or ""))
    return Click(body["user"]["id"], walk_id, rec_id, str(action["action_id"]), message_ts, where)
