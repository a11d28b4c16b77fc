"""The clock's jobs, also runnable once from the CLI: Slack in and out around the workflows.

Each job step is one transaction. The workflows get the time (`deps.now()`) and the cached time
zones as plain data; only this module talks to Slack (users.info, then the outbox dispatcher).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.client import HTTPException

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.delivery import Report, drain
from bot.deps import Deps, utc_now
from bot.handlers import ids
from bot.pacing import Pacer
from bot.settings import Settings
from bot.slack_client import make_client
from bot.workflows.people import connect_events
from bot.workflows.people.names import name_in_profile, remember
from bot.workflows.privacy.retention import Purged, purge_expired
from bot.workflows.reminders.data import Planned
from bot.workflows.reminders.digests import run_reminders
from bot.workflows.reminders.schedule import Rules
from bot.workflows.reminders.zones import record_zones, stale_zones
from bot.workflows.reporting.topic_channels import topic_channel_map
from messages import Renderer
from store.db import make_engine, make_session_factory

log = logging.getLogger(__name__)
ZONE_LOOKUPS_PER_RUN = 50  # users.info is Tier 4 (100+/min); a run never spends the minute


@dataclass(frozen=True)
class Outcome:
    planned: Planned
    status: str  # sent | retrying | failed | queued | would send

    def line(self) -> str:
        p = self.planned
        return f"{self.status:<10} {p.kind:<10} {p.recipient:<12} {p.summary}"


def make_deps(
    settings: Settings,
    *,
    client: WebClient | None = None,
    sessions: sessionmaker[Session] | None = None,
    clock: Callable[[], datetime] = utc_now,
    catalog: Catalog | None = None,
) -> Deps:
    catalog = catalog or load_catalog(settings.catalog_path)
    return Deps(
        settings=settings,
        catalog=catalog,
        sessions=sessions
        or make_session_factory(
            make_engine(settings.database_url), forget_key=settings.forget_secret
        ),
        client=client or make_client(settings),
        render=Renderer(ids=ids.as_dict(), draft=catalog.is_draft),
        clock=clock,
        topic_channels=topic_channel_map(settings.topic_channel_pairs, catalog),
    )


def rules_of(settings: Settings) -> Rules:
    return Rules(
        days_before=settings.reminder_day_list,
        overdue_every=settings.overdue_every_days,
        escalate_after=settings.escalate_after_days,
        default_tz=settings.default_tz,
        committee_channel=settings.committee_channel,
    )


def remind(deps: Deps, *, dry_run: bool = False, pacer: Pacer | None = None) -> list[Outcome]:
    """The reminder job: refresh a few time zones, decide and queue, then send what it queued."""
    if not dry_run:
        refresh_zones(deps)
        sweep_invitations(deps, pacer)
    with deps.uow() as uow:
        planned = run_reminders(
            uow.session,
            deps.catalog,
            deps.compose,
            rules=rules_of(deps.settings),
            now=deps.now(),
            dry_run=dry_run,
        )
        if dry_run:
            return [Outcome(p, "would send") for p in planned]
        uow.commit()
    keys = [p.key for p in planned]
    report = drain(deps.sessions, deps.client, now=deps.clock, keys=keys, pacer=pacer)
    return [Outcome(p, _status(report, p.key)) for p in planned]


def sweep_invitations(deps: Deps, pacer: Pacer | None = None) -> list[str]:
    """Slack Connect invitations: the point of contact hears once about one pending a week, and
    about one that expired; its own transaction, then its messages go out."""
    with deps.uow() as uow:
        keys = connect_events.sweep(uow.session, deps.compose, now=deps.now()).keys
        uow.commit()
    if keys:  # no keys would mean "everything due", which is the dispatcher's work
        drain(deps.sessions, deps.client, now=deps.clock, keys=keys, pacer=pacer)
    return keys


def retention(deps: Deps) -> list[Purged]:
    """The retention job: purge closed cycles older than RETENTION_DAYS (none when unset)."""
    days = deps.settings.retention_days
    if days is None:
        return []
    with deps.uow() as uow:
        purged = purge_expired(uow.session, days=days, now=deps.now())
        uow.commit()
    return purged


def refresh_zones(deps: Deps) -> int:
    """Ask Slack for the zones not looked up in the last day, a few per run; returns how many."""
    with deps.uow() as uow:
        users = stale_zones(uow.session, now=deps.now(), limit=ZONE_LOOKUPS_PER_RUN)
    found: dict[str, str | None] = {}
    named: dict[str, str] = {}  # the same answer carries the display name readers see
    for user in users:
        try:
            info = deps.client.users_info(user=user)["user"]
        except SlackApiError as exc:
            if exc.response.get("error") not in ("user_not_found", "account_inactive"):
                break  # rate limited or Slack trouble: the cached zones serve for this run
            found[user] = None
            continue
        except (SlackClientError, OSError, HTTPException):
            break
        found[user] = None if info.get("deleted") else info.get("tz")
        named[user] = name_in_profile(info)
    with deps.uow() as uow:
        record_zones(uow.session, found, now=deps.now())
        remember(uow.session, named, now=deps.now())
        uow.commit()
    return len(found)


def _status(report: Report, key: str) -> str:
    if key in report.sent:
        return "sent"
    if key in report.failed:
        return "failed"
    return "retrying" if key in report.retry else "queued"
