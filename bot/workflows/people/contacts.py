"""Import participants from the operator's contact list: every row or none.

The caller parses the file and supplies `resolve_email`, so nothing here knows about Slack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import InvalidInput
from bot.workflows.jurisdictions import jurisdiction_lookup
from bot.workflows.people.contact_rows import Contact, ContactRow, Key, ResolveEmail, parse_contact
from store import tombstones
from store.enums import Role
from store.models import Participant

__all__ = ["ContactRow", "ContactsRejected", "ImportSummary", "RowProblem", "import_contacts"]


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int
    # agency rows whose email Slack does not know: to invite through Slack Connect, with the
    # point of contact who invites them (`bot/cli/contacts_connect.py`)
    to_invite: tuple[tuple[Contact, str], ...] = ()


class ContactsRejected(InvalidInput):
    """Some rows are bad; `problems` names each, and nothing was imported."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__(f"{len(self.problems)} bad row(s); nothing was imported.")


def import_contacts(
    session: Session,
    rows: Sequence[ContactRow],
    *,
    catalog: Catalog,
    resolve_email: ResolveEmail,
    now: datetime,
) -> ImportSummary:
    """Add or update a participant per row, keyed on Slack user, jurisdiction and role.

    Any bad row raises ContactsRejected listing every bad row, before anything is written,
    so the caller's transaction holds either the whole file or nothing.
    """
    places = jurisdiction_lookup(session)
    contacts: list[Contact] = []
    problems: list[RowProblem] = []
    for row in rows:
        reasons: list[str] = []
        contact = parse_contact(row, places, catalog, resolve_email, reasons)
        if contact is None:
            problems.append(RowProblem(row.line, "; ".join(reasons)))
        else:
            contacts.append(contact)
    problems += (
        _duplicates(contacts) + _poc_conflicts(session, contacts) + _forgotten(session, contacts)
    )
    invitees, problems = _inviters(session, contacts, problems)
    if problems:
        raise ContactsRejected(problems)
    members = [c for c in contacts if not c.to_invite]
    outcomes = Counter(_upsert(session, contact, now) for contact in members)
    session.flush()
    return ImportSummary(
        outcomes["added"], outcomes["updated"], outcomes["unchanged"], tuple(invitees)
    )


def _inviters(
    session: Session, contacts: list[Contact], problems: list[RowProblem]
) -> tuple[list[tuple[Contact, str]], list[RowProblem]]:
    """Each row to invite by email with its jurisdiction's POC (of the file, else of the
    database), who invites them; a row without one is a problem."""
    current = dict(
        session.execute(
            select(Participant.jurisdiction_code, Participant.slack_user_id).where(
                Participant.role == Role.POC, Participant.active.is_(True)
            )
        ).all()
    )
    named = {c.jurisdiction: c.slack_user_id for c in contacts if c.role == Role.POC}
    invitees = []
    for contact in (c for c in contacts if c.to_invite):
        poc = named.get(contact.jurisdiction) or current.get(contact.jurisdiction)
        if poc is None:
            problems = [
                *problems,
                RowProblem(
                    contact.line,
                    f"no Slack user has the email {contact.email}, and {contact.jurisdiction} "
                    "has no POC to invite them through Slack Connect; add its POC first",
                ),
            ]
        else:
            invitees.append((contact, poc))
    return invitees, problems


def _duplicates(contacts: list[Contact]) -> list[RowProblem]:
    seen: dict[Key, int] = {}
    pocs: dict[str | None, Contact] = {}
    problems = []
    for contact in contacts:
        first_poc = pocs.get(contact.jurisdiction)
        if contact.key in seen:
            problems.append(RowProblem(contact.line, f"repeats line {seen[contact.key]}"))
        elif contact.role == Role.POC and first_poc is not None:
            problems.append(
                RowProblem(
                    contact.line,
                    f"a second POC for {contact.jurisdiction} (line {first_poc.line} names "
                    f"{first_poc.slack_user_id}); a jurisdiction has one POC",
                )
            )
        seen.setdefault(contact.key, contact.line)
        if contact.role == Role.POC:
            pocs.setdefault(contact.jurisdiction, contact)
    return problems


def _poc_conflicts(session: Session, contacts: list[Contact]) -> list[RowProblem]:
    rows = session.execute(
        select(Participant.jurisdiction_code, Participant.slack_user_id).where(
            Participant.role == Role.POC, Participant.active.is_(True)
        )
    )
    current = dict(rows.all())
    return [
        RowProblem(
            c.line,
            f"{c.jurisdiction} already has POC {current[c.jurisdiction]} in the database; "
            "a jurisdiction has one POC",
        )
        for c in contacts
        if c.role == Role.POC and current.get(c.jurisdiction, c.slack_user_id) != c.slack_user_id
    ]


def _forgotten(session: Session, contacts: list[Contact]) -> list[RowProblem]:
    """People who were forgotten come back only by a deliberate `people readmit`."""
    gone = tombstones.forgotten(
        session, [v for c in contacts for v in (c.slack_user_id, c.email) if v]
    )
    return [
        RowProblem(
            c.line,
            "this person was forgotten at their request; readmit them first "
            "(`people readmit`) if they asked to take part again",
        )
        for c in contacts
        if c.slack_user_id in gone or (c.email and c.email in gone)
    ]


def _upsert(session: Session, contact: Contact, now: datetime) -> str:
    """'added', 'updated' or 'unchanged'."""
    place = Participant.jurisdiction_code
    existing = session.scalars(
        select(Participant)
        .where(
            Participant.slack_user_id == contact.slack_user_id,
            Participant.role == contact.role,
            place.is_(None) if contact.jurisdiction is None else place == contact.jurisdiction,
        )
        .order_by(Participant.id)
    ).first()
    if existing is None:
        session.add(
            Participant(
                slack_user_id=contact.slack_user_id,
                jurisdiction_code=contact.jurisdiction,
                role=contact.role,
                agency=contact.agency,
                topics=list(contact.topics),
                email=contact.email,
                active=True,
                created_at=now,
            )
        )
        return "added"
    wanted = {
        "agency": contact.agency,
        "topics": list(contact.topics),
        "email": contact.email or existing.email,
        "active": True,  # listing a revoked person again brings them back
        "revoked_at": None,
    }
    if all(getattr(existing, name) == value for name, value in wanted.items()):
        return "unchanged"
    for name, value in wanted.items():
        setattr(existing, name, value)
    return "updated"
