"""Posts to a response_url (https://api.slack.com/interactivity/handling#message_responses)."""

from __future__ import annotations

from sandbox.slack.common import ApiError, Context, arg_bool, arg_str
from sandbox.slack.records import JSON

RESPONSE_URL_TTL_S = 30 * 60
RESPONSE_URL_MAX_USES = 5


class ResponseUrls:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

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
        if original is None and hook.ephemeral_ts is not None:
            original = self._ephemeral(hook.user, hook.ephemeral_ts)
        if arg_bool(payload, "delete_original"):
            hook.uses += 1
            if original is not None and original.get("source"):
                self.ws.ephemerals.remove(original)
            elif original is not None:
                self.ws.messages[hook.channel].remove(original)
            return {}
        text, blocks = self.ctx.content(method, payload, status=400)
        hook.uses += 1
        replace = arg_bool(payload, "replace_original")
        if replace and original is not None:
            original["text"] = text
            original["blocks"] = blocks or []
            original["edited"] = {"user": self.ws.bot_id, "ts": self.ws.next_ts()}
            if original.get("source"):
                # Same ts, so it stays in its place; last in the list, as the newest ephemeral.
                original["replace_original"] = True
                self.ws.ephemerals.remove(original)
                self.ws.ephemerals.append(original)
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

    def _ephemeral(self, user: str, ts: str) -> JSON | None:
        """An ephemeral is edited in place by its own response_url, as Slack does."""
        return next((e for e in self.ws.ephemerals if e["user"] == user and e["ts"] == ts), None)
