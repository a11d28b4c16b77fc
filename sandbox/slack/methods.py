"""The Web API methods the fake knows, by group. Each group is a class whose `handlers()` maps
method names to functions of the call's arguments. A new method goes into the group it belongs to
(or a new group added to METHOD_GROUPS), nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sandbox.slack.chat import ChatMethods
from sandbox.slack.common import Context, Handler
from sandbox.slack.connect import ConnectMethods
from sandbox.slack.conversations import ConversationMethods
from sandbox.slack.files import FileMethods
from sandbox.slack.scheduled import ScheduleMethods
from sandbox.slack.users import PeopleMethods
from sandbox.slack.views import ViewMethods


class MethodGroup(Protocol):
    def handlers(self) -> dict[str, Handler]: ...


METHOD_GROUPS: tuple[Callable[[Context], MethodGroup], ...] = (
    PeopleMethods,
    ChatMethods,
    ScheduleMethods,
    ConversationMethods,
    ViewMethods,
    FileMethods,
    ConnectMethods,
)


def method_table(ctx: Context) -> dict[str, Handler]:
    """Every method's handler, bound to the fake's workspace through `ctx`."""
    handlers: dict[str, Handler] = {}
    for group in METHOD_GROUPS:
        handlers.update(group(ctx).handlers())
    return handlers
