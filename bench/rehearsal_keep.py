"""What a rehearsal leaves behind with `--keep DIR`, to find the cause of a finding afterwards:
the schema (not dropped; its URL in DIR/database.txt), each process's log (DIR/<name>.log, written
as they run), Slack as the people saw it and every Web API call (DIR/slack.json), the ledger
(DIR/ledger.json) and the findings (DIR/findings.json)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from bench.rehearsal_ledger import Ledger
from sandbox.slack import FakeSlack
from sandbox.slack.snapshot import dump


def keep(folder: Path, schema_url: str, fake: FakeSlack, ledger: Ledger, problems: object) -> None:
    (folder / "database.txt").write_text(schema_url + "\n")
    slack = dump(fake._ws)  # the stand-in's whole workspace, as a restart keeps it
    slack["calls"] = [dataclasses.asdict(c) for c in fake._calls]
    (folder / "slack.json").write_text(json.dumps(slack, default=str))
    book = {
        "clicks": [dataclasses.asdict(c) for c in ledger.clicks],
        "notes": [dataclasses.asdict(n) for n in ledger.notes],
        "errors": ledger.errors,
    }
    (folder / "ledger.json").write_text(json.dumps(book, default=str))
    (folder / "findings.json").write_text(json.dumps(problems, default=str, indent=1))
