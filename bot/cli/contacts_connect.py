"""`import-contacts`' agency rows whose email Slack does not know: each is invited by its
jurisdiction's point of contact through Slack Connect, as `/assess invite` does, and reported
"invited, pending" (or why Slack refused)."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.connect_slack import create_channel, refused_line, send_each
from bot.deps import utc_now
from bot.workflows.people import connect
from bot.workflows.people.contact_rows import Contact
from store.uow import UnitOfWork


def invite_rows(
    factory: sessionmaker[Session],
    catalog: Catalog,
    client: WebClient,
    rows: Sequence[tuple[Contact, str]],
) -> list[str]:
    """One line per row: "line N: EMAIL invited, pending (Slack Connect)" or what Slack said."""
    return [_invite(factory, catalog, client, contact, poc) for contact, poc in rows]


def _invite(
    factory: sessionmaker[Session], catalog: Catalog, client: WebClient, row: Contact, poc: str
) -> str:
    with UnitOfWork(factory) as uow:
        plan = connect.plan(
            uow.session, catalog, user=poc, emails=[row.email], agency=row.agency, topics=row.topics
        )
    if not plan.emails:
        return f"line {row.line}: {row.email} was invited before and is still pending"
    try:
        channel = plan.channel or _channel(factory, client, plan, poc)
    except SlackApiError as exc:
        return f"line {row.line}: {refused_line(str(exc.response.get('error')), row.email)}"
    sent, problem = send_each(client, channel, plan.emails)
    with UnitOfWork(factory) as uow:
        connect.record_sent(uow.session, catalog, user=poc, plan=plan, sent=sent, now=utc_now())
        uow.commit()
    if problem:
        return f"line {row.line}: {problem}"
    return f"line {row.line}: {row.email} invited, pending (Slack Connect, {plan.jurisdiction})"


def _channel(
    factory: sessionmaker[Session], client: WebClient, plan: connect.Plan, poc: str
) -> str:
    created = create_channel(client, plan.channel_name, poc)
    with UnitOfWork(factory) as uow:
        kept = connect.record_channel(
            uow.session, jurisdiction=plan.jurisdiction, channel=created, by=poc, now=utc_now()
        )
        uow.commit()
    return kept
