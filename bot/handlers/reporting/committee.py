"""`/assess committee [XX]` and `/assess export [history]`, the overview's two buttons and one
jurisdiction's report button. Slow work (files) is announced with an ephemeral first.

Files go to the person's DM with Slack's upload flow (files.getUploadURLExternal, the upload,
files.completeUploadExternal), which slack_sdk's files_upload_v2 runs step by step.
"""

from __future__ import annotations

import re

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.dm import dm_channel
from bot.handlers import ids, refs
from bot.handlers.clicks import clicked
from bot.handlers.commands import route
from bot.handlers.common import Private, explained, transact
from bot.handlers.listeners import Incoming, bound
from bot.reports.national import render_national
from bot.reports.state import report_bytes
from bot.slack_names import learn
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from bot.workflows.reporting import committee, export_files, featured
from bot.workflows.reporting.export_files import ExportFile
from bot.workflows.reporting.national import NationalReport


def register(app: App, deps: Deps) -> None:
    app.action(ids.COMMITTEE_EXPORT)(bound(deps, export_clicked))
    app.action(ids.COMMITTEE_NATIONAL)(bound(deps, national_clicked))
    app.action(ids.COMMITTEE_STATE_REPORT)(bound(deps, state_report_clicked))
    app.action(re.compile(f"^{ids.COMMITTEE_FEATURE}:"))(bound(deps, feature_clicked))


def export_clicked(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    _action, private, _home = clicked(slack.body, slack.client)
    with explained(private.say):
        _export(deps, slack.client, private, "")


def national_clicked(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    _action, private, _home = clicked(slack.body, slack.client)
    with explained(private.say):
        _national(deps, slack.client, private)


def state_report_clicked(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, _home = clicked(slack.body, slack.client)
    with explained(private.say):
        _state_report(deps, slack.client, private, str(action.get("value") or ""))


def feature_clicked(deps: Deps, slack: Incoming) -> None:
    """Feature (or stop featuring) the practice under the button; the workflow checks that the
    clicker is on the Committee and records it in the audit log."""
    slack.ack()
    action, private, _home = clicked(slack.body, slack.client)
    with explained(private.say):
        wanted = refs.loaded(action.get("value"))
        done = transact(
            deps,
            lambda s: featured.feature(
                s,
                deps.catalog,
                actor=private.user,
                jurisdiction=refs.word(wanted, "j"),
                rec_id=refs.word(wanted, "r"),
                remove=wanted.get("remove") is True,
                now=deps.now(),
            ),
        )
        what = "now featured" if done.featured else "no longer featured"
        private.say(f"{done.code} {done.rec_id} is {what} in the Committee's reports.")


@route("committee")
def _committee(deps: Deps, _client: WebClient, private: Private, rest: str) -> None:
    if rest.strip():
        detail = transact(
            deps,
            lambda s: committee.state_detail(s, deps.catalog, user=private.user, jurisdiction=rest),
        )
        blocks = deps.render.blocks("committee/state.blocks.json.j2", d=detail)
        private.say(f"{detail.name}: {detail.answered} of {detail.total} answered", blocks=blocks)
        return
    found = transact(
        deps,
        lambda s: committee.national_picture(s, deps.catalog, user=private.user),
    )
    blocks = deps.render.blocks("committee/overview.blocks.json.j2", p=found)
    private.say(f"{found.submitted} of {found.places} jurisdictions submitted", blocks=blocks)


@route("export")
def _export(deps: Deps, client: WebClient, private: Private, rest: str) -> None:
    history = rest.strip().lower() == "history"
    code = transact(deps, lambda s: export_files.export_scope(s, user=private.user))
    private.say(f"Preparing your export of {code or 'every jurisdiction'}…")
    # Names, never ids: ask Slack for the names not cached yet (a few; the rest keep the id
    # with the agency beside it).
    learn(deps, transact(deps, lambda s: export_files.export_people(s, code=code, history=history)))

    def exported(s: Session) -> export_files.Export:
        found = export_files.export_files(s, deps.catalog, user=private.user, history=history)
        what = "answer history" if found.history else "answers"
        scope = f"{what}, {found.scope}, cycle {found.cycle_name!r}, csv+xlsx, {found.rows} rows"
        audit.record(s, actor=private.user, action=Audited.EXPORT, scope=scope, now=deps.now())
        return found

    found = transact(deps, exported)
    comment = deps.render.text("committee/export.md.j2", e=found)
    _upload(client, private.user, found.files, comment)
    private.say(f"Sent to your DM with the bot: {', '.join(f.name for f in found.files)}")


def _national(deps: Deps, client: WebClient, private: Private) -> None:
    private.say("Preparing the national report…")

    def reported(s: Session) -> NationalReport:
        found = committee.national_report_for(s, deps.catalog, user=private.user, now=deps.now())
        counted = f"{len(found.adoption.codes)} jurisdictions, {found.adoption.scope_label}"
        scope = f"national report ({counted}), cycle {found.adoption.cycle_name!r}, html"
        audit.record(s, actor=private.user, action=Audited.REPORT, scope=scope, now=deps.now())
        return found

    found = transact(deps, reported)
    data = render_national(deps.render, found, "html")
    name = f"national-report-{found.adoption.cycle_name}.html".replace(" ", "-")
    title = f"National report: {found.adoption.cycle_name}"
    _upload(client, private.user, (ExportFile(name, title, data),), title)
    private.say(f"Sent to your DM with the bot: {name}")


def _state_report(deps: Deps, client: WebClient, private: Private, code: str) -> None:
    found = transact(
        deps,
        lambda s: committee.state_report_for(
            s, deps.catalog, user=private.user, jurisdiction=code, now=deps.now()
        ),
    )
    private.say(f"Preparing the report of {found.jurisdiction}…")
    data = report_bytes(deps.render, found, "html")
    name = f"state-report-{found.code}-{found.cycle_name}.html".replace(" ", "-")
    title = f"{found.jurisdiction}: {found.cycle_name}"
    _upload(client, private.user, (ExportFile(name, title, data),), title)
    private.say(f"Sent to your DM with the bot: {name}")


def _upload(client: WebClient, user: str, files: tuple[ExportFile, ...], comment: str) -> None:
    client.files_upload_v2(
        channel=dm_channel(client, user),
        file_uploads=[{"content": f.content, "filename": f.name, "title": f.title} for f in files],
        initial_comment=comment,
    )
