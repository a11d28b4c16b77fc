"""A web process imports only what answering Slack needs.

`serve` prepares in gunicorn's master and forks the workers from it, so every module the master
or a worker imports is held by each of them. Charts (matplotlib, numpy, Pillow), XLSX (openpyxl,
lxml), PDF (WeasyPrint), the holiday tables, Alembic and the clock's APScheduler are tens of MB
together, and only rare paths or other processes use them: they load on first use. A fresh
process runs what the master and one worker run, on a database already at the newest
revision, then answers one request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sandbox.slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "alembic",
    "apscheduler",
    "holidays",
    "lxml",
    "matplotlib",
    "numpy",
    "openpyxl",
    "pandas",
    "PIL",
    "weasyprint",
)
WEB_PROCESS = """
import io, json, sys
from bot.__main__ import load_settings
from bot.cli.serve import build, prepare

settings = load_settings()
app = build(settings, prepare(settings)).wsgi()
replies = []
body = app(
    {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "wsgi.input": io.BytesIO()},
    lambda status, headers: replies.append(status),
)
b"".join(body)
print(json.dumps({"status": replies, "modules": sorted(sys.modules)}))
"""


def test_a_web_process_leaves_the_heavy_libraries_unloaded(db_url: str, tmp_path: Path) -> None:
    with FakeSlack() as fake:
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "shh",
            "SLACK_API_URL": fake.base_url,
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", WEB_PROCESS],
            cwd=tmp_path,  # no .env from the checkout
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["status"] == ["200 OK"]
    loaded = {name.split(".")[0] for name in seen["modules"]}
    assert sorted(loaded & set(HEAVY)) == []
    assert {"slack_bolt", "sqlalchemy", "jinja2"} <= loaded  # the app was really built
