"""Featured practices: a Committee member marks one answer's note as a practice worth featuring
(or takes the mark away); reports list them. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from bot.workflows.reporting.export import export_cycle
from store.models import Answer, FeaturedPractice


@dataclass(frozen=True)
class Featuring:
    code: str
    rec_id: str
    cycle_name: str
    featured: bool  # after the change
    changed: bool  # False when it already was so


def featured_ids(session: Session, cycle_id: int, code: str | None = None) -> set[str]:
    """The recommendation ids featured for `code` in a cycle."""
    query = select(FeaturedPractice.recommendation_id).where(FeaturedPractice.cycle_id == cycle_id)
    if code is not None:
        query = query.where(FeaturedPractice.jurisdiction_code == code)
    return set(session.scalars(query))


def feature(
    session: Session,
    catalog: Catalog,
    *,
    actor: str,
    jurisdiction: str,
    rec_id: str,
    remove: bool = False,
    now: datetime,
    check: bool = True,
) -> Featuring:
    """Feature (or stop featuring) the note of `jurisdiction`'s answer to `rec_id` in the open
    (else latest) cycle. `actor` is a Slack user, policy-checked, or the operator of the CLI
    (`check=False`)."""
    if check:
        policy.check(policy.load_actor(session, actor), policy.Action.FEATURE)
    code = resolve_jurisdiction(session, jurisdiction)
    wanted = rec_id.strip().upper()
    if wanted not in catalog.by_id:
        raise NotFound(f"No recommendation {rec_id.strip()!r} in the catalog.")
    cycle = export_cycle(session)
    mark = (
        FeaturedPractice.cycle_id == cycle.id,
        FeaturedPractice.jurisdiction_code == code,
        FeaturedPractice.recommendation_id == wanted,
    )
    exists = session.scalar(select(FeaturedPractice.id).where(*mark)) is not None
    if remove:
        if exists:
            session.execute(delete(FeaturedPractice).where(*mark))
    elif not exists:
        _check_note(session, cycle.id, code, wanted)
        session.add(
            FeaturedPractice(
                cycle_id=cycle.id,
                jurisdiction_code=code,
                recommendation_id=wanted,
                featured_by=actor[:80],
                featured_at=now,
            )
        )
    changed = exists == remove
    if changed:
        what = "stopped featuring" if remove else "featured"
        scope = f"{what} {code} {wanted}, {cycle.name}"
        audit.record(session, actor=actor, action=Audited.FEATURE, scope=scope, now=now)
    session.flush()
    return Featuring(code, wanted, cycle.name, not remove, changed)


def _check_note(session: Session, cycle_id: int, code: str, rec_id: str) -> None:
    notes = session.scalar(
        select(Answer.notes).where(
            Answer.cycle_id == cycle_id,
            Answer.jurisdiction_code == code,
            Answer.recommendation_id == rec_id,
        )
    )
    if not (notes or "").strip():
        raise InvalidInput(
            f"{code} has no note on {rec_id} to feature: only what a state wrote about its "
            "practice can be featured."
        )
