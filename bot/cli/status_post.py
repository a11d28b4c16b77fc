"""The status-post job, from `run status-post` and the clock alike: queue today's summary, send
it, and say in one line per message what happened."""

from __future__ import annotations

from bot.delivery import Report, drain
from bot.deps import Deps
from bot.pacing import Pacer
from bot.workflows.reporting.status_post import (
    already_queued,
    companion_keys,
    plan_status_post,
    status_post,
)

NO_CYCLE = "No assessment cycle is open; nothing to post."


def post_status(deps: Deps, *, dry_run: bool = False, pacer: Pacer | None = None) -> str:
    """The status-post job (also the clock's): queue today's summary, send it, say what happened."""
    channel = deps.settings.committee_channel
    if not channel:
        return "COMMITTEE_CHANNEL is not set; nothing to post."
    if dry_run:
        return _preview(deps, channel)
    with deps.uow() as uow:
        key = status_post(
            uow.session,
            deps.catalog,
            deps.compose,
            committee_channel=channel,
            now=deps.now(),
            topic_channels=deps.topic_channels,
        )
        uow.commit()
    if key is None:
        return NO_CYCLE
    keys = [key, *companion_keys(key, deps.topic_channels)]
    report = drain(deps.sessions, deps.client, now=deps.clock, keys=keys, pacer=pacer)
    lines = [_said(report, key, channel, post=True)]
    lines += [line for k in keys[1:] if (line := _said(report, k, "", post=False))]
    return "\n".join(lines)


def _said(report: Report, key: str, channel: str, *, post: bool) -> str:
    """One line for the post; one per companion (chart, overdue reply, topic slice) sent now."""
    to = f" to {channel}" if channel else ""
    for status, keys in (("sent", report.sent), ("failed", report.failed)):
        if key in keys:
            return f"{status:<10} {key}{to}"
    if key in report.retry:
        return f"{'retrying':<10} {key}{to}; the dispatcher sends it later"
    return f"{'already':<10} {key} was queued earlier; nothing new was sent." if post else ""


def _preview(deps: Deps, channel: str) -> str:
    with deps.uow() as uow:
        planned = plan_status_post(
            uow.session,
            deps.catalog,
            deps.compose,
            committee_channel=channel,
            now=deps.now(),
            topic_channels=deps.topic_channels,
            chart=False,
        )
        if not planned:
            return NO_CYCLE
        post = planned[0][0]
        if already_queued(uow.session, post.key):
            return f"{'already':<10} {post.key} was queued earlier; nothing would be sent."
    lines = [f"{'would send':<10} {post.key} to {channel}: {post.text}"]
    lines += [f"{'would send':<10} {p.key} to {p.recipient}" for p, _ in planned[1:]]
    lines.insert(1, f"{'would send':<10} a progress chart to {channel}")
    return "\n".join(lines)
