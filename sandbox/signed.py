"""Requests to the bot's HTTP endpoint signed exactly as Slack signs them (v0, HMAC-SHA256).

After each request it calls `wait`, which blocks until the bot's after-ack work is done, so
what the bot posted can be read without sleeping.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from sandbox.slack import FakeSlack


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    headers: dict[str, str]
    ack_ms: float = 0.0  # until the HTTP reply (Slack's 3-second rule)
    done_ms: float = 0.0  # until all after-ack work finished


class SignedSender:
    def __init__(self, url: str, secret: str, fake: FakeSlack, wait: Callable[[], None]) -> None:
        self.url, self.fake, self.wait = url, fake, wait
        self.signer = SignatureVerifier(secret)

    def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        signature: str | None = None,
    ) -> Response:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or str(self.signer.generate_signature(timestamp=ts, body=body))
        request = urllib.request.Request(  # noqa: S310 - a loopback URL built by the caller
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
                status, text, head = reply.status, reply.read().decode(), dict(reply.headers)
        except urllib.error.HTTPError as err:
            status, text, head = err.code, err.read().decode(), dict(err.headers)
        acked = time.perf_counter()
        self.wait()
        done = time.perf_counter()
        return Response(status, text, head, (acked - began) * 1000, (done - began) * 1000)

    def form(self, fields: dict[str, str], **kwargs: Any) -> Response:
        return self.send(urlencode(fields), "application/x-www-form-urlencoded", **kwargs)

    def interaction(self, payload: dict[str, Any]) -> Response:
        return self.form({"payload": json.dumps(payload)})
