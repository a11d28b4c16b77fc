"""views.* of the fake Web API, and the stack of modals each person has open."""

from __future__ import annotations

import json
import re

from sandbox.slack.common import ApiError, Context, Handler, arg_str
from sandbox.slack.limits import check_view, view_too_large
from sandbox.slack.records import JSON, Trigger, ViewRecord

TRIGGER_TTL_S = 3.0
MAX_VIEW_STACK = 3
_TRIGGER_FORMAT = re.compile(r"\d+\.\d+\.[0-9a-f]+")


class ViewMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "views.open": self.views_open,
            "views.push": self.views_push,
            "views.update": self.views_update,
            "views.publish": self.views_publish,
        }

    def views_open(self, args: JSON) -> JSON:
        return self._open(args, "views.open")

    def views_push(self, args: JSON) -> JSON:
        return self._open(args, "views.push")

    def _open(self, args: JSON, method: str) -> JSON:
        trigger = self._trigger(args)
        view = self._view(method, args, expected_type="modal")
        stack = self.ws.view_stacks.get(trigger.user, []) if method == "views.push" else []
        if len(stack) >= MAX_VIEW_STACK:
            raise ApiError("push_limit_reached")
        self._check_external_id(view)
        # Only a successful call uses the trigger up; Slack checks the payload first as well.
        trigger.used = True
        view_id = self._new_view_id()
        rendered = self._render(
            view,
            view_id,
            root=stack[0] if stack else view_id,
            previous=stack[-1] if stack else None,
        )
        self.ws.view_stacks[trigger.user] = [*stack, view_id]
        self.ws.views.append(ViewRecord(view_id, trigger.user, rendered))
        return {"view": rendered}

    def views_update(self, args: JSON) -> JSON:
        view_id, external_id = arg_str(args, "view_id"), arg_str(args, "external_id")
        if (view_id is None) == (external_id is None):
            raise ApiError(
                "invalid_arguments",
                messages=["[ERROR] exactly one of view_id and external_id is required"],
            )
        record = self._find(view_id, external_id)
        view = self._view("views.update", args, expected_type=str(record.view["type"]))
        expected_hash = arg_str(args, "hash")
        if expected_hash is not None and expected_hash != record.hash:
            raise ApiError("hash_conflict")
        record.view = self._render(
            view,
            record.id,
            root=record.view["root_view_id"],
            previous=record.view["previous_view_id"],
        )
        return {"view": record.view}

    def views_publish(self, args: JSON) -> JSON:
        user_id = arg_str(args, "user_id")
        if user_id is None or user_id not in self.ws.users:
            raise ApiError("invalid_arguments", messages=["invalid `user_id`"])
        view = self._view("views.publish", args, expected_type="home")
        existing = self.ws.homes.get(user_id)
        expected_hash = arg_str(args, "hash")
        if expected_hash is not None and existing is not None and expected_hash != existing.hash:
            raise ApiError("hash_conflict")
        # A user's Home tab keeps its view id across publishes, as in Slack.
        view_id = existing.id if existing is not None else self._new_view_id()
        rendered = self._render(view, view_id, root=view_id, previous=None)
        self.ws.homes[user_id] = ViewRecord(view_id, user_id, rendered)
        return {"view": rendered}

    def _trigger(self, args: JSON) -> Trigger:
        trigger_id = arg_str(args, "trigger_id")
        if trigger_id is None:
            raise ApiError(
                "invalid_arguments", messages=["[ERROR] missing required field: trigger_id"]
            )
        trigger = self.ws.triggers.get(trigger_id)
        if trigger is None or not _TRIGGER_FORMAT.fullmatch(trigger_id):
            raise ApiError("invalid_trigger_id")
        if trigger.used:
            raise ApiError("exchanged_trigger_id")
        if self.ws.clock() - trigger.issued >= TRIGGER_TTL_S:
            raise ApiError("expired_trigger_id")
        return trigger

    def _view(self, method: str, args: JSON, *, expected_type: str) -> JSON:
        view: object = args.get("view")
        if isinstance(view, str):
            try:
                view = json.loads(view)
            except ValueError:
                view = None
        if view is not None and view_too_large(view):
            self.ctx.invalid.append(f"{method}: view_too_large")
            raise ApiError("view_too_large")
        errors = check_view(view, expected_type=expected_type)
        if errors or not isinstance(view, dict):
            self.ctx.reject(method, "invalid_arguments", errors)
        return view

    def _check_external_id(self, view: JSON) -> None:
        external_id = view.get("external_id")
        if external_id and any(r.view.get("external_id") == external_id for r in self.ws.views):
            raise ApiError("duplicate_external_id")

    def _find(self, view_id: str | None, external_id: str | None) -> ViewRecord:
        for record in [*self.ws.views, *self.ws.homes.values()]:
            if view_id is not None and record.id == view_id:
                return record
            if external_id is not None and record.view.get("external_id") == external_id:
                return record
        raise ApiError("not_found")

    def _new_view_id(self) -> str:
        return f"V{self.ws.next_serial():09d}"

    def _render(self, view: JSON, view_id: str, *, root: str, previous: str | None) -> JSON:
        """The view as views.* return it (responses/views.open.1.ok.json)."""
        return {
            "id": view_id,
            "team_id": self.ws.team_id,
            "type": view["type"],
            "title": view.get("title"),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": self.ws.new_hash(),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": root,
            "previous_view_id": previous,
            "app_id": self.ws.app_id,
            "bot_id": self.ws.bot_id,
        }

    def answer_submission(self, user: str, view_id: str, answer: JSON) -> JSON:
        """What Slack does with the app's answer to a view_submission
        (https://api.slack.com/surfaces/modals#updating_response): returns the `errors` shown
        under the inputs, {} when the modal moved on."""
        action = answer.get("response_action")
        stack = self.ws.view_stacks.get(user, [])
        if action == "errors":
            errors = answer.get("errors")
            return errors if isinstance(errors, dict) and errors else {"": "errors"}
        if action == "clear":
            self.ws.view_stacks[user] = []
            return {}
        view = answer.get("view")
        record = next((r for r in self.ws.views if r.id == view_id), None)
        if action == "update" and isinstance(view, dict) and record is not None:
            record.view = self._render(
                view,
                view_id,
                root=record.view["root_view_id"],
                previous=record.view["previous_view_id"],
            )
            return {}
        if action == "push" and isinstance(view, dict):
            new_id = self._new_view_id()
            rendered = self._render(
                view, new_id, root=stack[0] if stack else new_id, previous=view_id
            )
            self.ws.views.append(ViewRecord(new_id, user, rendered))
            self.ws.view_stacks[user] = [*stack, new_id]
            return {}
        # A plain ack closes the submitted view, returning to the one beneath it.
        if view_id in stack:
            self.ws.view_stacks[user] = stack[: stack.index(view_id)]
        return {}
