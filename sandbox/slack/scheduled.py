"""chat.scheduleMessage and its list and delete methods (Workspace.deliver_due posts them)."""

from __future__ import annotations

from sandbox.slack.common import ApiError, Context, Handler, arg_int, arg_str
from sandbox.slack.records import JSON

SCHEDULE_HORIZON_S = 120 * 24 * 3600


class ScheduleMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "chat.scheduleMessage": self.chat_schedule_message,
            "chat.deleteScheduledMessage": self.chat_delete_scheduled_message,
            "chat.scheduledMessages.list": self.chat_scheduled_messages_list,
        }

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
