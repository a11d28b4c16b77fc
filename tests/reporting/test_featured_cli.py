"""`python -m bot feature XX REC-ID [--remove]`: audited, refused without a note to feature."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from store.models import AuditEvent, FeaturedPractice
from tests.conftest import CliResult
from tests.reporting.world import small_world


def test_feature_and_remove_from_the_cli(
    sessions: sessionmaker[Session], catalog: Catalog, run_cli: Callable[..., CliResult]
) -> None:
    small_world(sessions, catalog)  # TX R1 Tier II with a note, R2 Tier I without
    r1, r2 = (r.id for r in catalog.in_topic(catalog.topics[0].slug)[:2])
    done = run_cli("feature", "tx", r1.lower())
    assert done.code == 0, done.err
    assert done.out.strip() == f"TX {r1} (2027 State Self-Assessment) is now featured."
    assert "already featured" in run_cli("feature", "TX", r1).out
    refused = run_cli("feature", "TX", r2)
    assert refused.code != 0 and f"TX has no note on {r2} to feature" in refused.err
    assert run_cli("feature", "TX", "NOPE-1").code != 0
    with sessions() as s:
        assert s.scalars(select(FeaturedPractice.recommendation_id)).all() == [r1]
    gone = run_cli("feature", "TX", r1, "--remove")
    assert gone.code == 0 and "is no longer featured" in gone.out
    with sessions() as s:
        assert s.scalars(select(FeaturedPractice)).all() == []
        scopes = s.scalars(select(AuditEvent.scope).where(AuditEvent.action == "feature")).all()
        assert scopes == [
            f"featured TX {r1}, 2027 State Self-Assessment",
            f"stopped featuring TX {r1}, 2027 State Self-Assessment",
        ]
