"""What a person does on the page, sent to the bot as the request Slack would send for it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sandbox.clock import next_digest
from sandbox.driver import NotForThem, SlackDriver, slack_escaped
from sandbox.runtime import Sandbox
from sandbox.slack.partners import PARTNER_TEAM

JSON = dict[str, Any]
COMMANDS = ("/assess",)
_ZONES = re.compile(r"^[A-Za-z_]+(/[A-Za-z0-9_+\-]+)*$")


NOT_THEIRS = (
    "People from other organisations have no /assess and no App Home: Slack gives those only to "
    "the workspace that installed the app. Use the buttons in your state's shared channel."
)


class Refused(Exception):
    """One sentence for the page, e.g. a command this workspace does not have."""


def _driver(sandbox: Sandbox) -> SlackDriver:
    if sandbox.driver is None:
        raise Refused("The bot is restarting; try again in a moment.")
    return sandbox.driver


def send(sandbox: Sandbox, user: str, body: JSON) -> None:
    """The composer: a slash command, a message, or a reply in a thread."""
    text, channel = str(body.get("text") or "").strip(), str(body.get("channel") or "")
    thread_ts = body.get("thread_ts") or None
    if not text or not channel:
        raise Refused("Type a message or a /command.")
    if text.startswith("/"):
        command, _, rest = text.partition(" ")
        if command not in COMMANDS:
            raise Refused(f"{command} is not a command here; try /assess.")
        try:
            _driver(sandbox).command(user, rest.strip(), channel=channel, command=command)
        except NotForThem:
            raise Refused(NOT_THEIRS) from None
        return
    _driver(sandbox).say(user, channel, slack_escaped(text), thread_ts=thread_ts)


def act(sandbox: Sandbox, user: str, body: JSON) -> None:
    """A button, select, date picker or overflow in a message, an ephemeral or a view."""
    action, where = body.get("action"), body.get("where")
    if not isinstance(action, dict) or not isinstance(where, dict):
        raise Refused("Nothing to do.")
    fake, driver = sandbox.fake, _driver(sandbox)
    kind = where.get("kind")
    if kind == "message":
        message = fake.message(str(where["channel"]), str(where["ts"]))
        driver.act(user, action, message=message)
    elif kind == "ephemeral":
        found = [e for e in fake.ephemerals(user) if e["ts"] == where.get("ts")]
        if not found:
            raise Refused("That message is gone.")
        driver.act(user, action, message=found[0], ephemeral=True)
    elif kind == "view":
        view = _view(sandbox, user, str(where.get("view_id")))
        state = where.get("state") if isinstance(where.get("state"), dict) else {}
        driver.act(user, action, view={**view, "state": {"values": state}})
    else:
        raise Refused("Nothing to do.")


def _view(sandbox: Sandbox, user: str, view_id: str) -> JSON:
    home = sandbox.fake.home(user)
    if home is not None and home["id"] == view_id:
        return home
    for record in sandbox.fake.open_views(user):
        if record["id"] == view_id:
            return {**record["view"], "id": record["id"], "hash": record["hash"]}
    raise Refused("That view is closed.")


def submit(sandbox: Sandbox, user: str, body: JSON) -> JSON:
    """Submit the modal on top; Slack shows `response_action: errors` under the inputs."""
    view_id = str(body.get("view_id"))
    records = [r for r in sandbox.fake.open_views(user) if r["id"] == view_id]
    if not records:
        raise Refused("That modal is closed.")
    state = body.get("state")
    response = _driver(sandbox).submit_state(
        user, records[0], state if isinstance(state, dict) else {}
    )
    return {"errors": sandbox.fake.answer_submission(user, view_id, answer_of(response.body))}


def answer_of(body: str) -> JSON:
    """The app's answer to a view_submission: {} for an empty ack."""
    try:
        answer = json.loads(body) if body.strip() else {}
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def close(sandbox: Sandbox, user: str, body: JSON) -> None:
    view_id = str(body.get("view_id"))
    for record in sandbox.fake.open_views(user):
        if record["id"] == view_id:
            _driver(sandbox).close(user, {**record["view"], "id": view_id})
            return


def open_home(sandbox: Sandbox, user: str) -> None:
    """The person opens the bot's App Home tab: `app_home_opened`."""
    if sandbox.fake.team_of(user) == PARTNER_TEAM:
        raise Refused(NOT_THEIRS)
    event: JSON = {
        "type": "app_home_opened",
        "user": user,
        "channel": sandbox.fake.dm_channel(user),
        "tab": "home",
        "event_ts": f"{sandbox.clock.timestamp():.6f}",
    }
    published = sandbox.fake.home(user)
    if published is not None:
        event["view"] = published
    _driver(sandbox).event(event)


def advance(sandbox: Sandbox, body: JSON) -> JSON:
    """Moves the sandbox's time forward and runs the clock's jobs that came due."""
    wanted = str(body.get("to") or "").strip()
    if wanted == "next-digest":
        _driver(sandbox)
        found = next_digest(sandbox.deps(), sandbox.clock.now(), sandbox.zones())
        if found is None:
            raise Refused("No reminder is due in the next weeks.")
        return {"ran": sandbox.advance_to(found), "to": found.isoformat()}
    try:
        when = datetime.fromisoformat(wanted.replace("Z", "+00:00"))
    except ValueError:
        raise Refused("Give a date and time, e.g. 2027-03-24T14:00Z.") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return {"ran": sandbox.advance_to(when)}
    except ValueError as exc:
        raise Refused(str(exc)) from None


def add_person(sandbox: Sandbox, body: JSON) -> JSON:
    name = " ".join(str(body.get("name") or "").split())[:60]
    tz = str(body.get("tz") or "America/New_York").strip()
    if not name:
        raise Refused("A new person needs a name.")
    if not _ZONES.match(tz):
        raise Refused(f"{tz!r} is not a time zone like America/Chicago.")
    user = "U" + re.sub(r"[^A-Z0-9]", "", name.upper())[:10] + f"{sandbox.fake.version % 1000:03d}"
    try:
        sandbox.fake.add_user(user, name=name, tz=tz)
    except (KeyError, ValueError):
        raise Refused(f"{tz!r} is not a time zone like America/Chicago.") from None
    sandbox.fake.add_channel("CSANDBOX", members=[*_members(sandbox, "CSANDBOX"), user])
    return {"id": user}


def _members(sandbox: Sandbox, channel: str) -> list[str]:
    for saved in sandbox.fake.directory()["channels"]:
        if saved["id"] == channel:
            return [m for m in saved["members"] if m != "UBOT"]
    return []


def invitation(sandbox: Sandbox, body: JSON) -> JSON:
    """The other organisation answers a Slack Connect invitation by email: `accept` (as a new
    person of that organisation, named after the address), `approve` (their admin, where one
    must) or `decline`; the bot gets the event Slack would send."""
    email, answer = str(body.get("email") or ""), str(body.get("answer") or "")
    fake = sandbox.fake
    try:
        if answer == "accept":
            user = "UX" + re.sub(r"[^A-Z0-9]", "", email.split("@")[0].upper())[:9]
            name = email.split("@")[0].replace(".", " ").title()
            event = fake.accept_invite(
                email, user=user, name=name, approval_required=bool(body.get("approval"))
            )
            _driver(sandbox).event(event)
            return {"id": user}
        event = fake.approve_invite(email) if answer == "approve" else fake.decline_invite(email)
    except KeyError:
        raise Refused(f"No invitation of {email} is waiting for that.") from None
    _driver(sandbox).event(event)
    return {}
