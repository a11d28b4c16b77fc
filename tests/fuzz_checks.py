"""What every generated request must leave true: no 5xx, no traceback shown to a person,
no payload Slack would reject, nothing written that the request may not write."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.guard import UNREADABLE
from bot.handlers.common import SORRY
from sandbox.slack import FakeSlack
from store.models import Base, ProcessedEvent
from tests.fuzz import WRITERS
from tests.slack_driver import SlackDriver


def digest(db: sessionmaker[Session], jurisdiction: str | None = None) -> str:
    """A fingerprint of every row (or one jurisdiction's rows), processed events aside."""
    found = hashlib.sha256()
    with db() as s:
        for table in Base.metadata.sorted_tables:
            if table.name == ProcessedEvent.__tablename__:
                continue
            query = select(table)
            if jurisdiction is not None:
                if "jurisdiction_code" not in table.c:
                    continue
                query = query.where(table.c.jurisdiction_code == jurisdiction)
            for row in sorted(repr(tuple(r)) for r in s.execute(query)):
                found.update(row.encode("utf-8", "surrogatepass"))
    return found.hexdigest()


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    told: Counter[str] = field(default_factory=Counter)  # "apology", "unreadable", "other"
    sent: int = 0

    def line(self) -> str:
        codes = ", ".join(f"{n} x {c}" for c, n in sorted(self.statuses.items()))
        return f"{self.sent} requests: {codes}; people told: {dict(self.told)}"


def check_one(
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    request: tuple[str, str],
    tally: Tally,
) -> None:
    """Send one generated request and assert what must always hold."""
    body, content_type = request
    stranger = not any(f"{w}" in body for w in WRITERS)
    before, ca_before = (digest(db) if stranger else ""), digest(db, "CA")
    seen = len(fake.calls())
    response = slack.send(body, content_type)
    tally.sent += 1
    tally.statuses[response.status] += 1
    assert response.status < 500, f"{response.status} for {body[:300]!r}"
    for call in fake.calls()[seen:]:
        shown = json.dumps(call.args, default=str)
        assert "Traceback" not in shown and 'File "' not in shown, shown[:300]
        text = str(call.args.get("text", ""))
        kind = "apology" if text == SORRY else "unreadable" if text == UNREADABLE else "other"
        if call.method in ("chat.postEphemeral", "response_url"):
            tally.told[kind] += 1
    assert fake.invalid == [], fake.invalid[-3:]
    assert digest(db, "CA") == ca_before, f"California's rows changed by {body[:300]!r}"
    if stranger:
        assert digest(db) == before, f"a stranger's request wrote: {body[:300]!r}"
