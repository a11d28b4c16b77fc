"""`/assess committee [XX]`: the national picture, or one jurisdiction in detail, for the
Committee. Read models over the loaded evidence; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.people.names import display_names
from bot.workflows.reporting.adoption import (
    SCOPES,
    TIER_1,
    TIER_2,
    RecAdoption,
    in_scope,
    least_adopted,
    rec_adoptions,
)
from bot.workflows.reporting.evidence import Evidence, Who, load_evidence
from bot.workflows.reporting.national import NationalReport, national_report, progress
from store.models import Participant

LEAST = 5


@dataclass(frozen=True)
class NationalPicture:
    cycle_name: str
    deadline: date
    places: int
    submitted: int
    in_progress: int  # some answers, not submitted
    not_started: int
    scope_label: str  # what the least adopted were counted over
    counted: int
    least: tuple[RecAdoption, ...]


@dataclass(frozen=True)
class Work:
    rec_id: str
    agency: str
    who: Who
    text: str


@dataclass(frozen=True)
class TopicDetail:
    name: str
    answered: int
    total: int
    tier_2: int
    tier_1: int
    who: tuple[Who, ...]
    open_items: tuple[str, ...]  # recommendation ids still without an answer
    innovative: tuple[Work, ...]  # notes on Tier II answers


@dataclass(frozen=True)
class StateDetail:
    code: str
    name: str
    cycle_name: str
    submitted_at: datetime | None
    poc: Who | None
    answered: int
    total: int
    topics: tuple[TopicDetail, ...]


def national_picture(session: Session, catalog: Catalog, *, user: str) -> NationalPicture:
    """Counts per standing and the least adopted recommendations (submitted assessments, or
    every answer given while nothing is submitted yet)."""
    policy.check(policy.load_actor(session, user), policy.Action.OVERSEE)
    evidence = load_evidence(session)
    rows = progress(catalog, evidence)
    submitted = sum(1 for p in rows if p.submitted_at is not None)
    started = sum(1 for p in rows if p.submitted_at is None and p.answered > 0)
    scope = "submitted" if submitted else "all"
    places = in_scope(evidence, scope)
    least = least_adopted(rec_adoptions(catalog, evidence, places))[:LEAST] if places else []
    return NationalPicture(
        cycle_name=evidence.cycle_name,
        deadline=evidence.deadline,
        places=len(rows),
        submitted=submitted,
        in_progress=started,
        not_started=len(rows) - submitted - started,
        scope_label=SCOPES[scope],
        counted=len(places),
        least=tuple(least),
    )


def state_detail(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str
) -> StateDetail:
    """One jurisdiction per topic area: answered, Tier II and I, who answered, what is open,
    and its innovative work."""
    policy.check(policy.load_actor(session, user), policy.Action.OVERSEE)
    code = resolve_jurisdiction(session, jurisdiction)
    # Everyone who answered or submitted here took part here (past parts included).
    people = session.scalars(
        select(Participant.slack_user_id).where(Participant.jurisdiction_code == code)
    )
    evidence = load_evidence(session, names=display_names(session, people))
    place = evidence.place(code)
    topics = tuple(_topic(catalog, evidence, code, t.slug) for t in catalog.topics)
    return StateDetail(
        code=code,
        name=place.name,
        cycle_name=evidence.cycle_name,
        submitted_at=place.submitted_at,
        poc=place.poc,
        answered=sum(t.answered for t in topics),
        total=sum(t.total for t in topics),
        topics=topics,
    )


def _topic(catalog: Catalog, evidence: Evidence, code: str, slug: str) -> TopicDetail:
    recs = catalog.in_topic(slug)
    answers = evidence.of(code)
    given = [a for r in recs if (a := answers.get(r.id)) is not None and a.status]
    return TopicDetail(
        name=catalog.topic(slug).name,
        answered=len(given),
        total=len(recs),
        tier_2=sum(1 for a in given if a.status == TIER_2),
        tier_1=sum(1 for a in given if a.status == TIER_1),
        who=tuple(dict.fromkeys(a.who for a in given)),
        open_items=tuple(r.id for r in recs if r.id not in {a.rec_id for a in given}),
        innovative=tuple(
            Work(a.rec_id, a.agency, a.who, a.notes.strip())
            for a in given
            if a.status == TIER_2 and a.notes.strip()
        ),
    )


def national_report_for(
    session: Session, catalog: Catalog, *, user: str, now: datetime
) -> NationalReport:
    """The national report (submitted assessments), for a Committee member only."""
    policy.check(policy.load_actor(session, user), policy.Action.OVERSEE)
    return national_report(session, catalog, cycle=None, scope="submitted", now=now)
