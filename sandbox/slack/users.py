"""auth.test, users.* and reactions.* of the fake Web API: who is who, and who reacted."""

from __future__ import annotations

from sandbox.slack.common import ApiError, Context, Handler, arg_bool, arg_str
from sandbox.slack.records import JSON


class PeopleMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "auth.test": self.auth_test,
            "users.info": self.users_info,
            "users.lookupByEmail": self.users_lookup_by_email,
            "reactions.add": self.reactions_add,
            "reactions.remove": self.reactions_remove,
        }

    def auth_test(self, args: JSON) -> JSON:
        del args
        return {
            "url": f"https://{self.ws.team_id.lower()}.slack.com/",
            "team": "Sandbox Workspace",
            "user": self.ws.users[self.ws.bot_user_id].name,
            "team_id": self.ws.team_id,
            "user_id": self.ws.bot_user_id,
            "bot_id": self.ws.bot_id,
            "is_enterprise_install": False,
        }

    def users_info(self, args: JSON) -> JSON:
        user = self.ws.users.get(arg_str(args, "user") or "")
        if user is None:
            raise ApiError("user_not_found")
        out: JSON = {"user": self.ws.user_json(user)}
        if arg_bool(args, "include_locale"):
            out["user"]["locale"] = "en-US"
        return out

    def users_lookup_by_email(self, args: JSON) -> JSON:
        email = (arg_str(args, "email") or "").lower()
        for user in self.ws.users.values():
            if email and user.email is not None and user.email.lower() == email:
                return {"user": self.ws.user_json(user)}
        raise ApiError("users_not_found")

    def _reaction_target(self, args: JSON) -> tuple[JSON, str]:
        channel = self.ctx.known_channel(args)
        timestamp = arg_str(args, "timestamp")
        message = self.ws.find_message(channel, timestamp) if timestamp else None
        if message is None:
            raise ApiError("message_not_found")
        name = (arg_str(args, "name") or "").strip(":")
        if not name:
            raise ApiError("invalid_name")
        return message, name

    def reactions_add(self, args: JSON) -> JSON:
        message, name = self._reaction_target(args)
        me = self.ws.bot_user_id
        for reaction in message["reactions"]:
            if reaction["name"] == name:
                if me in reaction["users"]:
                    raise ApiError("already_reacted")
                reaction["users"].append(me)
                reaction["count"] += 1
                return {}
        message["reactions"].append({"name": name, "users": [me], "count": 1})
        return {}

    def reactions_remove(self, args: JSON) -> JSON:
        message, name = self._reaction_target(args)
        me = self.ws.bot_user_id
        for reaction in message["reactions"]:
            if reaction["name"] == name and me in reaction["users"]:
                reaction["users"].remove(me)
                reaction["count"] -= 1
                if not reaction["count"]:
                    message["reactions"].remove(reaction)
                return {}
        raise ApiError("no_reaction")
