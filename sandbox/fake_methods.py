"""chat.*, conversations.*, users.*, reactions.* and response_url posts of the fake Web API.

Shapes follow SLACK.md §3 and the samples in slack-payloads/responses/.
"""

from __future__ import annotations

import copy

from sandbox.fake_common import (
    ApiError,
    Context,
    Handler,
    arg_bool,
    arg_int,
    arg_list,
    arg_str,
    is_user_id,
    ts_key,
)
from sandbox.fake_state import JSON, public_message

SCHEDULE_HORIZON_S = 120 * 24 * 3600
RESPONSE_URL_TTL_S = 30 * 60
RESPONSE_URL_MAX_USES = 5
MAX_DM_USERS = 8


class CoreMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "auth.test": self.auth_test,
            "chat.postMessage": self.chat_post_message,
            "chat.update": self.chat_update,
            "chat.delete": self.chat_delete,
            "chat.postEphemeral": self.chat_post_ephemeral,
            "chat.scheduleMessage": self.chat_schedule_message,
            "chat.deleteScheduledMessage": self.chat_delete_scheduled_message,
            "chat.scheduledMessages.list": self.chat_scheduled_messages_list,
            "conversations.open": self.conversations_open,
            "conversations.info": self.conversations_info,
            "conversations.history": self.conversations_history,
            "conversations.replies": self.conversations_replies,
            "users.info": self.users_info,
            "users.lookupByEmail": self.users_lookup_by_email,
            "reactions.add": self.reactions_add,
            "reactions.remove": self.reactions_remove,
        }

    # ---- auth --------------------------------------------------------------------------------

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

    # ---- chat --------------------------------------------------------------------------------

    def chat_post_message(self, args: JSON) -> JSON:
        method = "chat.postMessage"
        channel = self.ctx.channel(args, allow_user=True)
        text, blocks = self.ctx.content(method, args)
        metadata = self.ctx.metadata(method, args)
        extra: JSON = {}
        if args.get("attachments"):
            extra["attachments"] = args["attachments"]
        message = self.ws.store_message(
            channel,
            user=self.ws.bot_user_id,
            text=text,
            blocks=blocks,
            # Slack accepts a thread_ts that names no message; it is kept so tests can see it.
            thread_ts=arg_str(args, "thread_ts"),
            metadata=metadata,
            extra=extra,
        )
        return {"channel": channel, "ts": message["ts"], "message": public_message(message)}

    def chat_update(self, args: JSON) -> JSON:
        method = "chat.update"
        channel = self.ctx.known_channel(args)
        text, blocks = self.ctx.content(method, args)
        metadata = self.ctx.metadata(method, args)
        message = self._own_message(channel, arg_str(args, "ts"), "cant_update_message")
        message["text"] = text
        # Slack rebuilds the message from what the update sends, so omitted blocks disappear.
        message["blocks"] = blocks or []
        if "attachments" in args:
            message["attachments"] = args["attachments"]
        if metadata is not None:  # omitted keeps the old metadata, {} removes it
            if metadata:
                message["metadata"] = metadata
            else:
                message.pop("metadata", None)
        message["edited"] = {"user": self.ws.bot_id, "ts": self.ws.next_ts()}
        return {
            "channel": channel,
            "ts": message["ts"],
            "text": text,
            "message": public_message(message),
        }

    def chat_delete(self, args: JSON) -> JSON:
        channel = self.ctx.known_channel(args)
        message = self._own_message(channel, arg_str(args, "ts"), "cant_delete_message")
        self.ws.messages[channel].remove(message)
        return {"channel": channel, "ts": message["ts"]}

    def _own_message(self, channel: str, ts: str | None, not_ours: str) -> JSON:
        message = self.ws.find_message(channel, ts) if ts else None
        if message is None:
            raise ApiError("message_not_found")
        if message["user"] != self.ws.bot_user_id:
            raise ApiError(not_ours)
        return message

    def chat_post_ephemeral(self, args: JSON) -> JSON:
        method = "chat.postEphemeral"
        channel = self.ctx.channel(args, allow_user=True)
        user = args.get("user")
        known = self.ws.users.get(user) if isinstance(user, str) else None
        im_partner = self.ws.channels[channel].user
        if (
            not is_user_id(user)
            or (known is not None and known.deleted)
            or (im_partner is not None and im_partner != user)
        ):
            raise ApiError("user_not_in_channel")
        text, blocks = self.ctx.content(method, args)
        ts = self.ws.next_ts()
        ephemeral: JSON = {
            "channel": channel,
            "user": user,
            "ts": ts,
            "text": text,
            "blocks": blocks or [],
            "source": method,
        }
        if thread_ts := arg_str(args, "thread_ts"):
            ephemeral["thread_ts"] = thread_ts
        self.ws.ephemerals.append(ephemeral)
        return {"message_ts": ts}

    def chat_schedule_message(self, args: JSON) -> JSON:
        method = "chat.scheduleMessage"
        channel = self.ctx.channel(args, allow_user=True)
        text, blocks = self.ctx.content(method, args)
        metadata = self.ctx.metadata(method, args)
        post_at = arg_int(args, "post_at", -1)
        if post_at < 0:
            raise ApiError("invalid_time")
        now = self.ws.wall_clock()
        if post_at <= now:
            raise ApiError("time_in_past")
        if post_at > now + SCHEDULE_HORIZON_S:
            raise ApiError("time_too_far")
        item: JSON = {
            "id": f"Q{self.ws.next_serial():09d}",
            "channel": channel,
            "post_at": post_at,
            "date_created": int(now),
            "text": text,
            "blocks": blocks or [],
            "thread_ts": arg_str(args, "thread_ts"),
            "metadata": metadata,
        }
        self.ws.scheduled.append(item)
        return {
            "channel": channel,
            "scheduled_message_id": item["id"],
            "post_at": str(post_at),
            "message": {
                "text": text,
                "blocks": item["blocks"],
                "user": self.ws.bot_user_id,
                "bot_id": self.ws.bot_id,
                "app_id": self.ws.app_id,
                "team": self.ws.team_id,
                "type": "delayed_message",
                "subtype": "bot_message",
            },
        }

    def chat_delete_scheduled_message(self, args: JSON) -> JSON:
        channel = self.ctx.channel(args, allow_user=True)
        wanted = arg_str(args, "scheduled_message_id")
        for item in self.ws.scheduled:
            if item["id"] == wanted and item["channel"] == channel:
                self.ws.scheduled.remove(item)
                return {}
        raise ApiError("invalid_scheduled_message_id")

    def chat_scheduled_messages_list(self, args: JSON) -> JSON:
        channel = arg_str(args, "channel")
        items = [
            {
                "id": s["id"],
                "channel_id": s["channel"],
                "post_at": s["post_at"],
                "date_created": s["date_created"],
                "text": s["text"],
            }
            for s in self.ws.scheduled
            if channel is None or s["channel"] == channel
        ]
        return {"scheduled_messages": items, "response_metadata": {"next_cursor": ""}}

    # ---- conversations -----------------------------------------------------------------------

    def conversations_open(self, args: JSON) -> JSON:
        if arg_str(args, "channel"):
            channel_id = self.ctx.known_channel(args)
        else:
            users = arg_list(args, "users")
            if not users:
                raise ApiError("users_list_not_supplied")
            if len(users) > MAX_DM_USERS:
                raise ApiError("too_many_users")
            for user in users:
                if user not in self.ws.users:
                    raise ApiError("user_not_found")
            if len(set(users)) == 1:
                channel_id = self.ws.dm_channel(users[0])
            else:
                channel_id = self.ws.mpim_channel(users)
        channel = self.ws.channels[channel_id]
        if channel_id in self.ws.opened:
            return {
                "no_op": True,
                "already_open": True,
                "channel": self.ws.channel_json(channel),
            }
        self.ws.opened.add(channel_id)
        if arg_bool(args, "return_im"):
            return {"channel": self.ws.channel_json(channel)}
        return {"channel": {"id": channel_id}}

    def conversations_info(self, args: JSON) -> JSON:
        channel = self.ws.channels[self.ctx.known_channel(args)]
        num_members = arg_bool(args, "include_num_members")
        return {"channel": self.ws.channel_json(channel, num_members=num_members)}

    def conversations_history(self, args: JSON) -> JSON:
        channel = self.ctx.known_channel(args)
        oldest = ts_key(arg_str(args, "oldest") or "0")
        latest = ts_key(arg_str(args, "latest") or "9999999999.999999")
        inclusive = arg_bool(args, "inclusive")
        visible = [
            m
            for m in self.ws.messages.get(channel, [])
            # Thread replies only show up in conversations.replies, unless broadcast.
            if m.get("thread_ts", m["ts"]) == m["ts"] or m.get("subtype") == "thread_broadcast"
            if (oldest <= ts_key(m["ts"]) <= latest)
            if inclusive or ts_key(m["ts"]) not in (oldest, latest)
        ]
        visible.sort(key=lambda m: ts_key(m["ts"]), reverse=True)
        return self._page(visible, args)

    def conversations_replies(self, args: JSON) -> JSON:
        channel = self.ctx.known_channel(args)
        ts = arg_str(args, "ts")
        parent = self.ws.find_message(channel, ts) if ts else None
        if parent is None:
            raise ApiError("thread_not_found")
        thread = [parent] + [
            m
            for m in self.ws.messages.get(channel, [])
            if m.get("thread_ts") == ts and m["ts"] != ts
        ]
        thread.sort(key=lambda m: ts_key(m["ts"]))
        return self._page(thread, args)

    @staticmethod
    def _page(messages: list[JSON], args: JSON) -> JSON:
        """Cursor pagination; the cursor is simply the offset, which nothing should rely on."""
        limit = max(1, min(arg_int(args, "limit", 100), 999))
        start = arg_int(args, "cursor", 0)
        page = messages[start : start + limit]
        with_metadata = arg_bool(args, "include_all_metadata")
        out = []
        for message in page:
            shown = public_message(copy.deepcopy(message))
            if not with_metadata:
                shown.pop("metadata", None)
            out.append(shown)
        more = start + limit < len(messages)
        return {
            "messages": out,
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    # ---- users -------------------------------------------------------------------------------

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

    # ---- reactions ---------------------------------------------------------------------------

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

    # ---- response_url ------------------------------------------------------------------------

    def response_url(self, key: str, payload: JSON) -> JSON:
        """A post to a response_url (https://api.slack.com/interactivity/handling#message_responses).

        Errors use HTTP statuses, as Slack's webhooks do; the body is JSON either way.
        """
        method = "response_url"
        hook = self.ws.response_urls.get(key)
        if hook is None:
            raise ApiError("no_service", status=404)
        if self.ws.clock() - hook.issued > RESPONSE_URL_TTL_S:
            raise ApiError("expired_url", status=404)
        if hook.uses >= RESPONSE_URL_MAX_USES:
            raise ApiError("used_url", status=404)
        original = self.ws.find_message(hook.channel, hook.message_ts) if hook.message_ts else None
        if arg_bool(payload, "delete_original"):
            hook.uses += 1
            if original is not None:
                self.ws.messages[hook.channel].remove(original)
            return {}
        text, blocks = self.ctx.content(method, payload, status=400)
        hook.uses += 1
        replace = arg_bool(payload, "replace_original")
        if replace and original is not None:
            original["text"] = text
            original["blocks"] = blocks or []
            original["edited"] = {"user": self.ws.bot_id, "ts": self.ws.next_ts()}
        elif payload.get("response_type") == "in_channel" and not replace:
            self.ws.store_message(
                hook.channel,
                user=self.ws.bot_user_id,
                text=text,
                blocks=blocks,
                thread_ts=arg_str(payload, "thread_ts"),
            )
        else:
            self.ws.ephemerals.append(
                {
                    "channel": hook.channel,
                    "user": hook.user,
                    "ts": self.ws.next_ts(),
                    "text": text,
                    "blocks": blocks or [],
                    "source": method,
                    "replace_original": replace,
                }
            )
        return {}
