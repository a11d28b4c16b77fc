"""`python -m bot socket`, as operators run it, against Socket Mode and Web API stand-ins."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from tests.conftest import NOW
from tests.factories import add_cycle, add_participant
from tests.socket_server import socket_mode_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("UPOC", tz="America/Chicago")
        yield fake


def test_a_slash_command_over_socket_mode_starts_a_walk(
    fake: FakeSlack, db_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    add_cycle(sessions, now=NOW)
    add_participant(sessions, "UPOC", "TX", "poc", now=NOW)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
        "SLACK_BOT_TOKEN": "xoxb-socket",
        "SLACK_APP_TOKEN": "xapp-1-socket",
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": db_url,
    }
    with socket_mode_server() as (server, url):
        fake.socket_mode_url = url
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "socket"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            ack = server.send(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "command": "/assess",
                        "text": "housing",
                        "user_id": "UPOC",
                        "channel_id": "C0WALK",
                        "team_id": "T0SANDBOX",
                        "api_app_id": "A0BOT",
                        "trigger_id": fake.new_trigger_id("UPOC"),
                        "response_url": fake.new_response_url("C0WALK", "UPOC"),
                    },
                },
                timeout=30,
            )
            assert ack["envelope_id"] == "env-1"
            fake.wait_for(lambda: len(fake.messages("C0WALK")) >= 2, timeout=15)
        finally:
            bot.terminate()
            _, err = bot.communicate(timeout=15)
    parent, question = fake.messages("C0WALK")[:2]
    assert "Housing" in parent["text"]
    assert question["thread_ts"] == parent["ts"] and question["text"].startswith("HOU-1")
    assert fake.invalid == [], err
