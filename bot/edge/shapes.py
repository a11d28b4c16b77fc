"""The fields Bolt routes on and the listeners read, with their types. Everything else a
request carries is let through untouched (Slack adds fields without notice)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, ValidationError

from bot.edge.parse import Malformed

# The event types this app subscribes to (manifest.yml) and whose fields listeners read.
PERSON_EVENTS = ("message", "app_home_opened")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# Slack's user ids: U or W, then capitals and digits. Nothing else names a person.
USER_ID = r"^[UW][A-Z0-9]+$"


class _Id(_Open):
    id: StrictStr


class _User(_Open):
    id: StrictStr = Field(pattern=USER_ID)


class _Action(_Open):
    action_id: StrictStr
    block_id: StrictStr | None = None
    value: StrictStr | None = None


class _Container(_Open):
    channel_id: StrictStr | None = None
    message_ts: StrictStr | None = None


def _iso_date(value: str) -> str:
    date.fromisoformat(value)  # a ValueError here is a validation error
    return value


class _Option(_Open):
    value: StrictStr


class _Entered(_Open):
    """One input's state, as Slack sends it for the element types the bot's modals use."""

    value: StrictStr | None = None
    selected_option: _Option | None = None
    selected_options: list[_Option] | None = None
    selected_user: StrictStr | None = None
    selected_users: list[StrictStr] | None = None
    selected_date: Annotated[StrictStr, AfterValidator(_iso_date)] | None = None


class _State(_Open):
    values: dict[StrictStr, dict[StrictStr, _Entered]]


class _View(_Open):
    type: StrictStr
    callback_id: StrictStr = ""
    private_metadata: StrictStr = ""
    state: _State | None = None


class BlockActions(_Open):
    type: Literal["block_actions"]
    user: _User
    team: _Id | None = None
    actions: list[_Action] = Field(min_length=1)
    container: _Container | None = None
    channel: _Id | None = None
    view: _View | None = None


class ViewSubmission(_Open):
    type: Literal["view_submission", "view_closed"]
    user: _User
    team: _Id | None = None
    view: _View


class OtherInteraction(_Open):
    """Shortcuts, option loads and the like: nothing listens, but Bolt reads the user."""

    type: StrictStr
    user: _User


class _Event(_Open):
    type: StrictStr


class _PersonEvent(_Event):
    user: StrictStr | None = Field(default=None, pattern=USER_ID)
    channel: StrictStr | None = None
    text: StrictStr | None = None
    ts: StrictStr | None = None
    thread_ts: StrictStr | None = None
    subtype: StrictStr | None = None
    bot_id: StrictStr | None = None
    tab: StrictStr | None = None


class _Authorization(_Open):
    enterprise_id: StrictStr | None = None
    team_id: StrictStr | None = None
    user_id: StrictStr | None = None


class EventCallback(_Open):
    type: Literal["event_callback"]
    event_id: StrictStr = Field(max_length=64)  # the length processed_events keeps
    team_id: StrictStr | None = None
    # Bolt takes the team and enterprise from the first authorization before anything else.
    authorizations: list[_Authorization] | None = None
    event: _Event


class _PersonEnvelope(_Open):
    event: _PersonEvent


class UrlVerification(_Open):
    type: Literal["url_verification"]
    challenge: StrictStr


class SlashCommand(_Open):
    command: StrictStr = Field(pattern=r"^/\S+$")
    text: StrictStr = ""
    channel_id: StrictStr | None = None
    # Its absence is the listener's to explain, politely.
    user_id: StrictStr | None = Field(default=None, pattern=USER_ID)


INTERACTIONS: dict[str, type[_Open]] = {
    "block_actions": BlockActions,
    "view_submission": ViewSubmission,
    "view_closed": ViewSubmission,
    "event_callback": EventCallback,
    "url_verification": UrlVerification,
}


def check(body: dict[str, Any]) -> None:
    """Raise Malformed, naming the first wrong field, unless `body` has a shape we route."""
    try:
        _check(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise Malformed(f"{where}: {first['msg']}") from None


def _check(body: dict[str, Any]) -> None:
    if "command" in body:
        SlashCommand.model_validate(body)
    elif "ssl_check" in body or body.get("type") == "app_rate_limited":
        return
    elif "type" not in body:
        raise Malformed("neither a command, an interaction nor an event")
    elif not isinstance(body["type"], str):
        raise Malformed("type is not a string")
    else:
        INTERACTIONS.get(body["type"], OtherInteraction).model_validate(body)
        event = body.get("event") or {}
        if body["type"] == "event_callback" and event.get("type") in PERSON_EVENTS:
            _PersonEnvelope.model_validate(body)
