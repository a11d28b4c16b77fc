"""Requests from any workspace but the one the bot is installed in are refused, except a partner
organisation's person acting where their jurisdiction invited them (Slack Connect).

The bot's own team comes from `auth.test`, which Bolt calls once and caches. A signed request
naming another team is served only when `partners` (the policy's `partner_scope`, read in its
own unit of work) finds jurisdictions that person may act for, and then confined to them for
the whole request; a slash command never is, since Slack delivers slash commands only from the
installing workspace (https://api.slack.com/apis/channels-between-orgs#slash). Everything else
(a second workspace sharing the signing secret, a replayed body) stops here, logged once per
team so a flood does not flood the log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from bot.workflows.policy import confine

log = logging.getLogger(__name__)
Middleware = Callable[[BoltRequest, Callable[[], BoltResponse]], BoltResponse]
# (user, their team, the channel the request came from or None) -> jurisdictions it may act for
Partners = Callable[[str, str, str | None], tuple[str, ...]]


def own_team_only(partners: Partners | None = None) -> Middleware:
    refused: set[str] = set()
    lock = threading.Lock()

    def check(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        confine(None)  # this thread served someone else's request before
        result = req.context.authorize_result
        own = result.team_id if result is not None else None
        theirs = _team_of(req)
        if not own or not theirs or theirs == own:
            return next()
        scope = _partner_scope(req, theirs, partners)
        if scope:
            confine(scope)
            return next()
        with lock:
            first = theirs not in refused
            refused.add(theirs)
        if first:
            log.warning("refused requests from team %s; this bot is installed in %s", theirs, own)
        # Slack retries events that get an error status; this one will never be accepted.
        return BoltResponse(status=403, body="", headers={"x-slack-no-retry": "1"})

    return check


def _team_of(req: BoltRequest) -> str | None:
    """The acting person's organisation: `user.team_id` of an interaction (in a shared channel
    `team` may name the channel's host), else the request's team. On an Enterprise organisation
    `user.team_id` is the organisation's id (E…), not a workspace's, so the request's team
    decides (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload)."""
    user = req.body.get("user")
    team = user.get("team_id") if isinstance(user, dict) else None
    if isinstance(team, str) and team and not team.startswith("E"):
        return team
    return req.context.team_id


def _partner_scope(req: BoltRequest, team: str, partners: Partners | None) -> tuple[str, ...]:
    user = req.context.user_id
    if partners is None or not user or "command" in req.body:
        return ()
    return partners(user, team, req.context.channel_id)
