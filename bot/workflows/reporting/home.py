"""What each person sees in the bot's App Home: a point of contact's or agency member's view of
their jurisdiction, the Committee's table, or a stranger's pointer to the Committee."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.cycles import open_cycle
from bot.workflows.people.membership import active_rows
from bot.workflows.people.names import display_names
from bot.workflows.people.pending import pending_invites
from bot.workflows.reporting.home_choice import chosen
from bot.workflows.reporting.home_committee import committee_home
from bot.workflows.reporting.home_model import Change, Home, Member, Submitted, cycle_info
from bot.workflows.review.submissions import active_submission
from bot.workflows.walk.progress import all_progress
from store.enums import Role
from store.models import AnswerHistory, Cycle, Jurisdiction, Participant

__all__ = ["Home", "home_for", "homes_for"]  # the handlers' and tests' way in

MAX_MEMBERS = 30  # two blocks each; keeps the POC's Home well under Slack's 100 blocks
MAX_CHANGES = 10
MAX_INVITES = 5  # invitations by email on the Home; `/assess people` lists them all


def home_for(session: Session, catalog: Catalog, *, user: str, now: datetime) -> Home:
    """What `user` sees in the bot's App Home; a point of contact's view wins over others."""
    actor = policy.load_actor(session, user)
    cycle = open_cycle(session)
    home = policy.home_role(actor, chosen(session, user))
    if home is not None and home.jurisdiction:
        row = _row(session, user, home.jurisdiction, home.role)
        return _jurisdiction_home(session, catalog, actor, row, cycle, now)
    if actor.is_committee:
        return committee_home(session, catalog, user, cycle, now)
    members = [p.slack_user_id for p in active_rows(session, role=Role.COMMITTEE)][:10]
    names = display_names(session, members)
    committee = tuple(names[m] for m in members)
    return Home("stranger", user, cycle=cycle_info(cycle, now, "UTC"), committee=committee)


def homes_for(
    session: Session, catalog: Catalog, *, users: Iterable[str], now: datetime
) -> list[Home]:
    """Several people's Homes in the caller's unit of work; the Committee's table, the same for
    every member, is read once."""
    shared: Home | None = None
    found = []
    for user in dict.fromkeys(users):
        actor = policy.load_actor(session, user)
        if actor.is_committee and actor.home is None:
            shared = shared or committee_home(session, catalog, user, open_cycle(session), now)
            found.append(replace(shared, user=user))
        else:
            found.append(home_for(session, catalog, user=user, now=now))
    return found


def _jurisdiction_home(
    session: Session,
    catalog: Catalog,
    actor: policy.Actor,
    me: Participant,
    cycle: Cycle | None,
    now: datetime,
) -> Home:
    place = session.get_one(Jurisdiction, me.jurisdiction_code)
    base = Home(
        me.role,
        me.slack_user_id,
        cycle=cycle_info(cycle, now, me.tz or place.tz),
        jurisdiction=place.name,
        code=place.code,
        agency=me.agency,
        invited_by=me.invited_by,
        away_until=me.away_until,
        others=tuple(c for c in actor.jurisdictions if c != place.code),
        places=_places(session, actor),
    )
    if cycle is None:
        return _named(session, base)
    found = active_submission(session, cycle.id, place.code)
    submitted = Submitted(found.submitted_at, found.submitted_by) if found else None
    progress = all_progress(session, catalog, cycle.id, place.code)
    mine = tuple(
        p
        for p in progress
        if policy.may(actor, policy.Action.ANSWER, jurisdiction=place.code, topic=p.slug)
    )
    base = replace(base, submitted=submitted, topics=mine)
    if me.role != Role.POC:
        return _named(session, base)
    members = _members(session, catalog, place.code)
    changes, more = _changes(session, catalog, cycle.id, me)
    invites = pending_invites(session, place.code, now=now)
    return _named(
        session,
        replace(
            base,
            members=tuple(members[:MAX_MEMBERS]),
            more_members=max(0, len(members) - MAX_MEMBERS),
            invites=invites[:MAX_INVITES],
            more_invites=max(0, len(invites) - MAX_INVITES),
            changes=changes,
            more_changes=more,
            since=me.last_reviewed_at,
        ),
    )


def _named(session: Session, home: Home) -> Home:
    """Fill in the display names of every person the Home shows, in one read of the cache."""
    by = home.submitted.by if home.submitted else ""
    names = display_names(
        session,
        [home.invited_by, by, *(m.user for m in home.members), *(c.by for c in home.changes)],
    )
    return replace(
        home,
        invited_by_name=names[home.invited_by],
        submitted=replace(home.submitted, by_name=names[by]) if home.submitted else None,
        members=tuple(replace(m, name=names[m.user]) for m in home.members),
        changes=tuple(replace(c, by_name=names[c.by]) for c in home.changes),
    )


def _places(session: Session, actor: policy.Actor) -> tuple[tuple[str, str], ...]:
    if len(actor.jurisdictions) < 2:
        return ()
    return tuple((c, session.get_one(Jurisdiction, c).name) for c in actor.jurisdictions)


def _row(session: Session, user: str, jurisdiction: str, role: str) -> Participant:
    rows = active_rows(session, role=role, user=user, jurisdiction=jurisdiction)
    return rows[0]


def _members(session: Session, catalog: Catalog, jurisdiction: str) -> list[Member]:
    rows = active_rows(session, role=Role.AGENCY, jurisdiction=jurisdiction)
    names = {t.slug: t.name for t in catalog.topics}
    return sorted(
        (
            Member(p.id, p.slack_user_id, p.agency, tuple(names[s] for s in p.topics or ()))
            for p in rows
        ),
        key=lambda m: (m.agency.casefold(), m.id),
    )


def _changes(
    session: Session, catalog: Catalog, cycle_id: int, poc: Participant
) -> tuple[tuple[Change, ...], int]:
    """Every answer or change by others since the POC last reviewed (all before a first review):
    first answers, changed statuses and changed notes alike."""
    query = select(AnswerHistory).where(
        AnswerHistory.cycle_id == cycle_id,
        AnswerHistory.jurisdiction_code == poc.jurisdiction_code,
        AnswerHistory.changed_by != poc.slack_user_id,
    )
    if poc.last_reviewed_at is not None:
        query = query.where(AnswerHistory.changed_at > poc.last_reviewed_at)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    newest = session.scalars(
        query.order_by(AnswerHistory.changed_at.desc(), AnswerHistory.id.desc()).limit(MAX_CHANGES)
    )
    shown = tuple(
        Change(
            h.recommendation_id,
            h.changed_by,
            h.agency,
            catalog.scale_label(h.before_status),
            catalog.scale_label(h.after_status),
        )
        for h in newest
    )
    return shown, max(0, total - len(shown))
