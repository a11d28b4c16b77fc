"""The page's HTTP side, served by the stand-in itself on 127.0.0.1: the page and its assets,
uploaded files, and /ui/… — JSON for what a person does and a long poll for what changed."""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sandbox.runtime import Sandbox
from sandbox.slack.http import Reply, Request
from sandbox.web import acts
from sandbox.web.view_model import state_for

STATIC = Path(__file__).resolve().parent / "static"
LONG_POLL_S = 20.0
_ASSET = re.compile(r"[a-z0-9_-]+\.(js|css|svg|html|woff2|txt)")
log = logging.getLogger(__name__)

JSON = dict[str, Any]
Act = Callable[[Sandbox, str, JSON], JSON | None]
ACTS: dict[str, Act] = {
    "send": acts.send,
    "act": acts.act,
    "submit": acts.submit,
    "close": acts.close,
    "home": lambda sandbox, user, _body: acts.open_home(sandbox, user),
    "advance": lambda sandbox, _user, body: acts.advance(sandbox, body),
    "people": lambda sandbox, _user, body: acts.add_person(sandbox, body),
    "invitation": lambda sandbox, _user, body: acts.invitation(sandbox, body),
    "reset": lambda sandbox, _user, _body: sandbox.reset(),
}


class Web:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def dispatch(self, request: Request) -> Reply:
        section, name = request.section, request.name
        if section == "" or (section == "index.html" and not name):
            return _asset("index.html")
        if section == "static" and _ASSET.fullmatch(name):
            return _asset(name)
        if section == "favicon.ico":
            return _asset("favicon.svg")
        if section == "files":
            return self._file(name.partition("/")[0])
        if section == "ui" and name == "state":
            return self._state(request.args)
        if section == "ui" and name in ACTS:
            return self._act(name, request.args)
        return Reply(404, "not found")

    def _state(self, args: JSON) -> Reply:
        since = int(str(args.get("since") or "-1"))
        self.sandbox.fake.wait_change(since, LONG_POLL_S)
        return Reply(200, {"ok": True, **state_for(self.sandbox, str(args.get("user") or ""))})

    def _act(self, name: str, args: JSON) -> Reply:
        user = str(args.get("user") or "")
        try:
            result = ACTS[name](self.sandbox, user, args) or {}
        except acts.Refused as refusal:
            return Reply(200, {"ok": False, "error": str(refusal)})
        except Exception:  # the page shows one line; the terminal keeps the traceback
            log.exception("sandbox page action %s failed", name)
            return Reply(200, {"ok": False, "error": "The sandbox hit an error; see its terminal."})
        state = state_for(self.sandbox, user)
        return Reply(200, {"ok": True, **result, "state": state})

    def _file(self, file_id: str) -> Reply:
        for upload in self.sandbox.fake.files():
            if upload["id"] == file_id and upload["content"] is not None:
                ctype = mimetypes.guess_type(upload["filename"])[0] or "application/octet-stream"
                return Reply(200, upload["content"], content_type=ctype)
        return Reply(404, "not found")


def _asset(name: str) -> Reply:
    path = STATIC / name
    if not path.is_file():
        return Reply(404, "not found")
    ctype = {
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".txt": "text/plain; charset=utf-8",
    }[path.suffix]
    return Reply(200, path.read_bytes(), (("Cache-Control", "no-cache"),), content_type=ctype)
