"""Before a report or an export is written: the names Slack gives (`users.info`) for the
people it will name whose name is not cached yet, so they print names, not ids. Only with a bot
token; a Slack that cannot be reached or is busy leaves the ids standing in, with the agency
beside them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.cli.slack import web_client
from bot.deps import utc_now
from bot.settings import Settings
from bot.slack_names import look_up
from bot.workflows.people import names
from bot.workflows.reporting.report_people import people_in_reports
from store.uow import UnitOfWork

MAX_LOOKUPS = 300  # users.info allows about 100 a minute; a report run waits a few minutes at most


def learn_names(
    settings: Settings,
    factory: sessionmaker[Session],
    people: Callable[[Session], list[str]] = people_in_reports,
) -> int:
    """Look up and cache the missing names of `people` (by default everyone a report may name);
    how many were learned."""
    if not settings.slack_bot_token:
        return 0
    with UnitOfWork(factory) as uow:
        wanted = names.not_cached(uow.session, people(uow.session))[:MAX_LOOKUPS]
    if not wanted:
        return 0
    found = look_up(web_client(settings), wanted)
    learned = {user: names.name_in_profile(info) for user, info in found.items()}
    if learned:
        with UnitOfWork(factory) as uow:
            names.remember(uow.session, learned, now=utc_now())
            uow.commit()
    return len(learned)
