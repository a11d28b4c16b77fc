"""chat.postMessage, chat.update, chat.delete and chat.postEphemeral of the fake Web API."""

from __future__ import annotations

from sandbox.slack.common import ApiError, Context, Handler, arg_str, is_user_id
from sandbox.slack.records import JSON
from sandbox.slack.shapes import public_message


class ChatMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "chat.postMessage": self.chat_post_message,
            "chat.update": self.chat_update,
            "chat.delete": self.chat_delete,
            "chat.postEphemeral": self.chat_post_ephemeral,
        }

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
