"""Check one line of the contacts file and resolve its jurisdiction, topics and Slack user."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.workflows.errors import UnknownTopic
from bot.workflows.walk.topics import resolve_topic
from store.enums import Role
from store.models import ROLES

USER_ID = re.compile(r"^[UW][A-Z0-9]+$")
ResolveEmail = Callable[[str], str | None]
Key = tuple[str, str | None, str]


@dataclass(frozen=True)
class ContactRow:
    """One line of the contacts file, as typed."""

    line: int
    jurisdiction: str = ""
    role: str = ""
    slack_user_id: str = ""
    email: str = ""
    agency: str = ""
    topics: str = ""
    extra_cells: int = 0  # cells beyond the header, usually from an unquoted comma


@dataclass(frozen=True)
class Contact:
    """A row that passed every check, with its values resolved."""

    line: int
    jurisdiction: str | None
    role: str
    slack_user_id: str
    email: str
    agency: str
    topics: tuple[str, ...]

    @property
    def key(self) -> Key:
        return (self.slack_user_id or self.email.casefold(), self.jurisdiction, self.role)

    @property
    def to_invite(self) -> bool:
        """Not in the workspace: invited by email through the jurisdiction's shared channel."""
        return not self.slack_user_id


def parse_contact(
    row: ContactRow,
    places: dict[str, str],
    catalog: Catalog,
    resolve_email: ResolveEmail,
    reasons: list[str],
) -> Contact | None:
    """The resolved contact, or None after appending why the row is bad to `reasons`."""
    if row.extra_cells:
        reasons.append(f"{row.extra_cells} cell(s) more than the header (an unquoted comma?)")
    role = row.role.strip().casefold()
    if role not in ROLES:
        reasons.append(f"unknown role {row.role.strip()!r} (committee, poc or agency)")
    jurisdiction = _jurisdiction(row.jurisdiction, role, places, reasons)
    topics = _topics(row.topics, role, catalog, reasons)
    agency = " ".join(row.agency.split())
    if role == Role.AGENCY and not agency:
        reasons.append("an agency row needs the agency's name")
    # An agency's person Slack cannot find is invited by email through Slack Connect (user "").
    invite = role == Role.AGENCY
    user = _user(row.slack_user_id.strip(), row.email.strip(), resolve_email, reasons, invite)
    if reasons:
        return None
    return Contact(row.line, jurisdiction, role, user, row.email.strip(), agency, topics)


def _jurisdiction(text: str, role: str, places: dict[str, str], reasons: list[str]) -> str | None:
    text = " ".join(text.split())
    if role == Role.COMMITTEE:
        if text:
            reasons.append("committee rows take no jurisdiction")
        return None
    if not text:
        reasons.append("jurisdiction is missing")
        return None
    code = places.get(text.casefold())
    if code is None:
        reasons.append(f"unknown jurisdiction {text!r}")
    return code


def _topics(text: str, role: str, catalog: Catalog, reasons: list[str]) -> tuple[str, ...]:
    wanted = [part.strip() for part in text.split(";") if part.strip()]
    if wanted and role != Role.AGENCY:
        reasons.append("topics apply to agency rows only")
        return ()
    slugs: set[str] = set()
    for part in wanted:
        try:
            slugs.add(resolve_topic(catalog, part).slug)
        except UnknownTopic as exc:
            # With nothing close, the resolver suggests every topic: then it is a list, not a guess.
            guess = len(exc.suggestions) < len(catalog.topics)
            hint = "did you mean" if guess else "the topics are"
            reasons.append(f"unknown topic {part!r} ({hint}: {', '.join(exc.suggestions)})")
    # Catalog order, so the same topics always compare equal on re-import.
    return tuple(t.slug for t in catalog.topics if t.slug in slugs)


def _user(
    user_id: str, email: str, resolve_email: ResolveEmail, reasons: list[str], invite: bool
) -> str:
    if user_id:
        if not USER_ID.match(user_id):
            reasons.append(f"{user_id!r} is not a Slack user id (U… or W…)")
        return user_id
    if not email:
        reasons.append("needs a slack_user_id or an email")
        return ""
    if "@" not in email:
        reasons.append(f"{email!r} is not an email address")
        return ""
    found = resolve_email(email)
    if found is None and not invite:
        reasons.append(f"no Slack user has the email {email}")
    return found or ""
