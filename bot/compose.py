"""The one place the domain's data becomes Slack's words.

Workflows queue `Notice`s (plain data) and raise errors or say `Sentence`s with their values as
fields; this module renders them with the templates in messages/: a notice into the text and
Block Kit of its outbox row (when the workflow queues it, in the same transaction, so the row's
idempotency key and payload are fixed together), a sentence into mrkdwn with mentions and escaped
values. The CLI shows the same sentences in plain text (`str`).
"""

from __future__ import annotations

from bot.workflows.notices import Composed, Notice
from bot.workflows.sentences import People, Sentence
from messages import Renderer
from messages.render import echo

# Notice kind -> (text template, Block Kit template or None for a plain line).
TEMPLATES: dict[str, tuple[str, str | None]] = {
    "invitation": ("invite/invitation.txt.j2", "invite/invitation.blocks.json.j2"),
    "revoked": ("invite/revoked.txt.j2", "invite/revoked.blocks.json.j2"),
    "poc_welcome": ("admin/poc_welcome.txt.j2", "admin/poc_welcome.blocks.json.j2"),
    "poc_handover": ("admin/poc_handover.txt.j2", "admin/poc_handover.blocks.json.j2"),
    "committee_welcome": (
        "admin/committee_welcome.txt.j2",
        "admin/committee_welcome.blocks.json.j2",
    ),
    "review_changes": ("review/changes_dm.md.j2", "review/changes_dm.blocks.json.j2"),
    "submission": ("submit/committee_line.md.j2", None),
    "reopen": ("submit/reopened.md.j2", None),
    "digest": ("reminders/digest.txt.j2", "reminders/digest.blocks.json.j2"),
    "escalation": ("reminders/escalation.txt.j2", "reminders/escalation.blocks.json.j2"),
    "overdue": ("reminders/overdue_line.txt.j2", None),
    "status_post": ("status/post.txt.j2", "status/post.blocks.json.j2"),
    "status_overdue": ("status/overdue.txt.j2", None),
    "status_table": ("status/table.txt.j2", None),
    "status_topic": ("status/topic.txt.j2", "status/topic.blocks.json.j2"),
    "delivery_failure": ("reminders/failure_line.txt.j2", None),
    "walk_progress": ("walk/progress.txt.j2", "walk/parent.blocks.json.j2"),
    "partner_welcome": ("connect/welcome.txt.j2", "connect/welcome.blocks.json.j2"),
    "partner_declined": ("connect/declined.txt.j2", None),
    "partner_pending": ("connect/pending.txt.j2", None),
    "partner_expired": ("connect/expired.txt.j2", None),
}


class Composer:
    """Renders notices; one per process, sharing the bot's `Renderer` (templates compile once)."""

    def __init__(self, render: Renderer) -> None:
        self.render = render

    def __call__(self, notice: Notice, /) -> Composed:
        text, blocks = TEMPLATES[notice.kind]
        return Composed(
            text=self.render.text(text, **notice.context),
            blocks=self.render.blocks(blocks, **notice.context) if blocks else [],
        )


def slack_value(value: object) -> str:
    """People as mentions; anything else, which may be what someone typed, clipped and escaped."""
    if isinstance(value, People):
        return ", ".join(f"<@{user}>" for user in value.users)
    return echo(value)


def slack_text(sentence: Sentence) -> str:
    return sentence.shown(slack_value)


def slack_lines(sentences: list[Sentence]) -> str:
    return " ".join(slack_text(s) for s in sentences)
