"""What the page shows one person: their conversations, messages, ephemerals, modals, Home."""

from __future__ import annotations

from typing import Any

from bot.workflows import policy
from sandbox import demo
from sandbox.runtime import Sandbox
from sandbox.slack.partners import PARTNER_NAME, PARTNER_TEAM

JSON = dict[str, Any]


def state_for(sandbox: Sandbox, user: str) -> JSON:
    fake = sandbox.fake
    saved = fake.directory()  # one consistent copy of people and channels
    people = [
        {
            "id": u["id"],
            "name": u["name"],
            "tz": u["tz"],
            "label": f"{PARTNER_NAME} (Slack Connect)"
            if u["team_id"] == PARTNER_TEAM
            else demo.label_of(u["id"]),
            "partner": u["team_id"] == PARTNER_TEAM,
        }
        for u in saved["users"]
        if not u["is_bot"] and not u["deleted"]
    ]
    if not any(p["id"] == user for p in people):
        user = people[0]["id"] if people else ""
    channels = [_conversation(c) for c in saved["channels"] if _visible(c, user)]
    if not any(c["id"] == f"D{user}" for c in channels) and user:
        channels.append({"id": f"D{user}", "name": "Assessment bot", "kind": "app"})
    return {
        "version": fake.version,
        "now": sandbox.clock.now().isoformat().replace("+00:00", "Z"),
        "me": user,
        "bot": "UBOT",
        "people": people,
        "channels": channels,
        "messages": {c["id"]: fake.messages(c["id"]) for c in channels},
        "ephemerals": fake.ephemerals(user),
        "modals": fake.open_views(user),
        "home": fake.home(user),
        "completions": completions(sandbox, user),
        # Slack Connect: invitations by email waiting for the other organisation's answer
        "invitations": [
            {"email": i["email"], "status": i["status"]}
            for i in fake.invites()
            if i["status"] in ("pending", "approval")
        ],
    }


SUBCOMMANDS = ("help", "status", "invite", "review", "submit", "admin", "reopen TX", "export")


def completions(sandbox: Sandbox, user: str) -> list[str]:
    """What the composer offers after `/assess `: the sub-commands this person may use (as
    the bot's policy says), then the topic areas if they answer for a jurisdiction."""
    if sandbox.bot is None:
        return list(SUBCOMMANDS)
    deps = sandbox.deps()
    with deps.uow() as uow:
        actor = policy.load_actor(uow.session, user)
    words = ["reopen TX" if w == "reopen" else w for w in policy.commands_for(actor)]
    topics = [t.slug for t in deps.catalog.topics] if actor.home else []
    return [*words, *topics]


def _visible(channel: JSON, user: str) -> bool:
    if channel["is_im"]:
        return bool(channel["user"] == user)
    return not channel["members"] or user in channel["members"]


def _conversation(channel: JSON) -> JSON:
    if channel["is_im"]:
        return {"id": channel["id"], "name": "Assessment bot", "kind": "app"}
    kind = "group" if channel["is_mpim"] else "channel"
    return {"id": channel["id"], "name": channel["name"] or channel["id"].lower(), "kind": kind}
