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

    def as_context(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "cycle_name": self.cycle_name,
            "deadline": self.deadline,
            "topics": self.topics,
        }


def topics_for(session: Session, catalog: Catalog, *, user: str) -> TopicsView:
    """Every topic area; with progress when the person answers for a jurisdiction."""
    actor = policy.load_actor(session, user)
    cycle = open_cycle(session)
    home = actor.home
    if home is None or home.jurisdiction is None or cycle is None:
        plain = tuple(TopicProgress(t.slug, t.name, 0, 0) for t in catalog.topics)
        return TopicsView("", cycle.name if cycle else "", cycle.deadline if cycle else None, plain)
    jurisdiction = home.jurisdiction
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
    return TopicsView(jurisdiction, cycle.name, cycle.deadline, allowed)


def status_for(session: Session, catalog: Catalog, *, user: str) -> TopicsView:
    """Progress by topic for the person's jurisdiction; refused to people without one."""
    view = topics_for(session, catalog, user=user)
    if view.jurisdiction:
        return view
    actor = policy.load_actor(session, user)
    if actor.is_committee:
        raise NotAllowed(
            "Committee members see every jurisdiction's progress in the bot's App Home."
        )
    if actor.home is not None:
        raise NoOpenCycle()
    policy.check(actor, policy.Action.VIEW)
    raise NotAllowed("You are not a participant in this assessment yet.")
