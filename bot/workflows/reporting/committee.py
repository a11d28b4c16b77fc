"""`/assess committee [XX]`: the national picture, or one jurisdiction in detail, for the
Committee. Read models: numbers counted by the database, one state's answers read; nothing is
written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.answer_counts import answered_per_place, statuses_per_rec
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.reporting.adoption import SCOPES, RecAdoption, least_adopted, rec_adoption
from bot.workflows.reporting.evidence import Evidence, Who, load_evidence, submissions
from bot.workflows.reporting.export import export_cycle
from bot.workflows.reporting.national import NationalReport, national_report
from bot.workflows.reporting.report import StateReport, state_report
from bot.workflows.reporting.tally import TIER_1, TIER_2
from store.models import Jurisdiction, Participant, SlackName

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
    featured: bool = False  # the Committee features this practice in its reports


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
    every answer given while nothing is submitted yet). Counted by the database: no answer
    itself is read."""
    policy.check(policy.load_actor(session, user), policy.Action.OVERSEE)
    cycle = export_cycle(session)
    done = submissions(session, cycle.id)
    begun = answered_per_place(session, catalog, cycle.id)
    codes = list(session.scalars(select(Jurisdiction.code)))
    submitted = sum(1 for c in codes if c in done)
    started = sum(1 for c in codes if c not in done and begun.get(c, 0) > 0)
    scope = "submitted" if submitted else "all"
    places = [c for c in codes if (c in done if scope == "submitted" else c in begun)]
    per_rec = statuses_per_rec(session, cycle.id, places) if places else {}
    recs = (
        rec_adoption(catalog, r, per_rec.get(r.id, {}), len(places))
        for t in catalog.topics
        for r in catalog.in_topic(t.slug)
    )
    least = least_adopted(recs)[:LEAST] if places else []
    return NationalPicture(
        cycle_name=cycle.name,
        deadline=cycle.deadline,
        places=len(codes),
        submitted=submitted,
        in_progress=started,
        not_started=len(codes) - submitted - started,
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
    evidence = load_evidence(session, names=_names_in(session, code), only=code)
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


def _names_in(session: Session, code: str) -> dict[str, str]:
    """Display names of everyone who took part in `code` (past parts included: they answered
    or submitted there), in one query; the id stands in for a name not known yet."""
    rows = session.execute(
        select(Participant.slack_user_id, SlackName.name)
        .outerjoin(SlackName, SlackName.user_id == Participant.slack_user_id)
        .where(Participant.jurisdiction_code == code)
    )
    return {"": "", **{user: name or user for user, name in rows if user}}


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
            Work(a.rec_id, a.agency, a.who, a.notes.strip(), a.featured)
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


def state_report_for(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str, now: datetime
) -> StateReport:
    """One jurisdiction's full report (open, else latest cycle), for a Committee member only."""
    policy.check(policy.load_actor(session, user), policy.Action.OVERSEE)
    return state_report(session, catalog, jurisdiction=jurisdiction, cycle=None, now=now)
