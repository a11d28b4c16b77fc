"""The yardstick for bench/concurrency.py: a bare Bolt app with no database.

It acknowledges `/assess` and walk clicks and makes the same Web API calls the bot makes for
them: for the command a parent message and a first question in its thread; for a click
`chat.update` of the clicked message and `chat.postMessage` of the next question. It runs under
the bot's own server function (gunicorn processes reading with waitress, WEB_CONCURRENCY x
WEB_THREADS):

    python -m bench.minimal_app --port 3001   # SLACK_SIGNING_SECRET, SLACK_API_URL from the env
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.serving import ServeOptions, WsgiApp, serve

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

SCALE = ("tier_2", "tier_1", "not_yet", "not_applicable", "unsure")
DRAFT = "Policy answers only: never enter anything that identifies a child or youth."


def question(number: int) -> list[dict[str, Any]]:
    """About the size and shape of the bot's question message."""
    text = (
        f"*HOU-{number}* ({number} of 10) · draft wording\n"
        "The state has a written protocol that connects youth leaving care with stable housing "
        "options, reviewed at least every two years with the agencies that provide them."
    )
    buttons = [
        {
            "type": "button",
            "action_id": f"walk_answer:{value}",
            "text": {"type": "plain_text", "text": value.replace("_", " ").title()},
            "value": f"1:HOU-{number}",
        }
        for value in SCALE
    ]
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {"type": "actions", "block_id": "answer", "elements": buttons},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": DRAFT}]},
    ]


def build(secret: str, api_url: str) -> App:
    client = WebClient(token="xoxb-bench", base_url=api_url)  # noqa: S106 - the stand-in's
    app = App(
        client=client,
        signing_secret=secret,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
    )

    @app.command("/assess")
    def command(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        channel = body["channel_id"]
        parent = client.chat_postMessage(channel=channel, text=f"{body['text']}: self-assessment")
        client.chat_postMessage(
            channel=channel, thread_ts=parent["ts"], blocks=question(1), text="HOU-1"
        )

    @app.action(re.compile("^walk_answer:"))
    def click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        channel, message = body["channel"]["id"], body["message"]
        client.chat_update(channel=channel, ts=message["ts"], blocks=message["blocks"], text="ok")
        number = int(body["actions"][0]["value"].rsplit("-", 1)[1]) + 1
        client.chat_postMessage(
            channel=channel,
            thread_ts=message.get("thread_ts") or message["ts"],
            blocks=question(number),
            text=f"HOU-{number}",
        )

    return app


def wsgi(app: App) -> WsgiApp:
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return slack(environ, start_response)

    return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    secret, api_url = os.environ["SLACK_SIGNING_SECRET"], os.environ["SLACK_API_URL"]
    options = ServeOptions(
        "127.0.0.1",
        args.port,
        int(os.environ.get("WEB_CONCURRENCY", "0")),
        int(os.environ.get("WEB_THREADS", "8")),
        name="minimal-bolt",
    )
    serve(lambda: wsgi(build(secret, api_url)), options)


if __name__ == "__main__":
    main()
