"""conversations.open, .info, .history and .replies of the fake Web API."""

from __future__ import annotations

import copy

from sandbox.slack.common import (
    ApiError,
    Context,
    Handler,
    arg_bool,
    arg_int,
    arg_list,
    arg_str,
    ts_key,
)
from sandbox.slack.records import JSON
from sandbox.slack.shapes import public_message

MAX_DM_USERS = 8


class ConversationMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "conversations.open": self.conversations_open,
            "conversations.info": self.conversations_info,
            "conversations.history": self.conversations_history,
            "conversations.replies": self.conversations_replies,
        }

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
