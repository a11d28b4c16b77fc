"""What `/assess help` and `/assess status` show: topic areas with this person's progress."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.cycles import open_cycle
from bot.workflows.errors import NoOpenCycle, NotAllowed
from bot.workflows.walk.progress import TopicProgress, all_progress


@dataclass(frozen=True)
class TopicsView:
    jurisdiction: str
    cycle_name: str
    deadline: date | None
    topics: tuple[TopicProgress, ...]
    roles: tuple[str, ...] = ()  # the reader's roles, so help lists only their commands
    several: bool = False  # the reader answers for several jurisdictions: buttons name this one

    def as_context(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "cycle_name": self.cycle_name,
            "deadline": self.deadline,
            "topics": self.topics,
            "roles": self.roles,
            "several": self.several,
        }


def topics_for(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str | None = None
) -> TopicsView:
    """Every topic area; with progress when the person answers for one jurisdiction (or names
    one of theirs)."""
    actor = policy.load_actor(session, user)
    cycle = open_cycle(session)
    roles = policy.roles_of(actor)
    places = actor.jurisdictions
    if jurisdiction is None and len(places) == 1:
        jurisdiction = places[0]
    if jurisdiction is None or cycle is None:
        plain = tuple(TopicProgress(t.slug, t.name, 0, 0) for t in catalog.topics)
        return TopicsView(
            "", cycle.name if cycle else "", cycle.deadline if cycle else None, plain, roles
        )
    policy.check(actor, policy.Action.VIEW, jurisdiction=jurisdiction)
    progress = all_progress(session, catalog, cycle.id, jurisdiction)
    allowed = tuple(
        replace(
            p,
            allowed=policy.may(
                actor, policy.Action.ANSWER, jurisdiction=jurisdiction, topic=p.slug
            ),
        )
        for p in progress
    )
    several = len(places) > 1
    return TopicsView(jurisdiction, cycle.name, cycle.deadline, allowed, roles, several)


def status_for(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str | None = None
) -> TopicsView:
    """Progress by topic for the person's jurisdiction (asked which when they have several);
    refused to people without one."""
    actor = policy.load_actor(session, user)
    wanted = policy.jurisdiction_for(actor, jurisdiction, example="/assess status")
    view = topics_for(session, catalog, user=user, jurisdiction=wanted)
    if view.jurisdiction:
        return view
    if actor.is_committee:
        raise NotAllowed(
            "Committee members see every jurisdiction's progress in the bot's App Home."
        )
    if actor.home is not None:
        raise NoOpenCycle()
    policy.check(actor, policy.Action.VIEW)
    raise NotAllowed("You are not a participant in this assessment yet.")
