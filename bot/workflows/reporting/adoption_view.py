"""The adoption view of one cycle (bot/reports writes it as a file)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.adoption import Adoption, adoption
from bot.workflows.reporting.evidence import load_evidence


def adoption_of(
    session: Session, catalog: Catalog, *, cycle: str | None, scope: str, now: datetime
) -> Adoption:
    """Adoption in the named cycle (default: open, else latest) over `scope`."""
    return adoption(catalog, load_evidence(session, cycle=cycle), scope=scope, now=now)
