"""Requests from any workspace but the one the bot is installed in are refused.

The bot's own team comes from `auth.test`, which Bolt calls once and caches; a signed request
naming another team (a second workspace sharing the signing secret, a replayed body) stops
here, logged once per team so a flood does not flood the log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

log = logging.getLogger(__name__)
Middleware = Callable[[BoltRequest, Callable[[], BoltResponse]], BoltResponse]


def own_team_only() -> Middleware:
    refused: set[str] = set()
    lock = threading.Lock()

    def check(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        result = req.context.authorize_result
        own = result.team_id if result is not None else None
        theirs = req.context.team_id
        if not own or not theirs or theirs == own:
            return next()
        with lock:
            first = theirs not in refused
            refused.add(theirs)
        if first:
            log.warning("refused requests from team %s; this bot is installed in %s", theirs, own)
        # Slack retries events that get an error status; this one will never be accepted.
        return BoltResponse(status=403, body="", headers={"x-slack-no-retry": "1"})

    return check
