"""Who does what on which day of the rehearsal's calendar.

The calendar runs from the cycle's opening through the reminder days, weekends and a federal
holiday, the Mondays of status posts and the deadline, to two weeks past it. Each day the
calendar visits three instants (UTC) that between them fall within every U.S. zone's office
hours, so each person's 09:00 reminder comes due; people work at the first of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bench.rehearsal_ledger import Person, partner_agency
from bot.workflows.reminders.workdays import is_working_day

INSTANTS = (time(14, 30), time(18, 0), time(23, 30))  # East; Mountain to Alaska; Pacific islands
REOPENED = 3  # submissions the Committee reopens (the first state after the one never submitted)


@dataclass(frozen=True)
class Calendar:
    opens: date
    deadline: date
    ends: date

    def instants(self) -> list[datetime]:
        days = (self.ends - self.opens).days + 1
        return [
            datetime.combine(self.opens + timedelta(days=n), at, tzinfo=UTC)
            for n in range(days)
            for at in INSTANTS
        ]


# Full: MLK Day inside, the deadline a Friday, two weeks past it; short: Presidents' Day inside.
FULL = Calendar(date(2027, 1, 4), date(2027, 2, 12), date(2027, 2, 26))
SHORT = Calendar(date(2027, 2, 8), date(2027, 2, 17), date(2027, 2, 22))


@dataclass
class Plan:
    people: list[Person]
    committee: str
    start_day: dict[str, date | None]  # None: never answers
    never_submits: str
    reopen: list[str]
    changes: float = 0.10
    snooze: float = 0.05
    topics_a_day: int = 2  # topic areas one person answers in a sitting
    quits_after: dict[str, int] = field(default_factory=dict)  # topic areas, then silence
    codes: list[str] = field(default_factory=list)


def make_plan(
    codes: list[tuple[str, str]], topics: list[str], calendar: Calendar, seed: int,
    early_days: int | None = None,
) -> Plan:  # fmt: skip
    """Each jurisdiction (code, zone): a POC and two agencies splitting the topics (a third,
    from a partner organisation, when `partner_agency` gives one)."""
    rnd = random.Random(seed)
    people: list[Person] = []
    start: dict[str, date | None] = {}
    quits: dict[str, int] = {}
    for n, (code, tz) in enumerate(codes):
        shares = [topics[0:4], topics[4:8], topics[8:]]
        partner = partner_agency(code, shares[2][2:])
        agencies = [Person(f"UA{code}1", code, "agency", shares[0], f"CA{code}1", tz)]
        agencies.append(Person(f"UA{code}2", code, "agency", shares[1], f"CA{code}2", tz))
        poc_topics = shares[2] if partner is None else shares[2][:2]
        if partner is not None:
            agencies.append(partner)
        poc = Person(f"UP{code}", code, "poc", poc_topics, f"CP{code}", tz)
        people += [poc, *agencies]
        # The states the Committee reopens submitted on time; the others have late people.
        for who in (poc, *agencies):
            late = rnd.random() < 0.25 and not 1 <= n <= REOPENED
            start[who.user] = _start(rnd, calendar, late=late, early_days=early_days)
        if n % 10 == 0:  # answers half its topic areas, then nothing: escalated, covered
            quits[agencies[-1].user] = len(agencies[-1].topics) // 2
    return Plan(
        people=people,
        committee="UCOMMITTEE",
        start_day=start,
        never_submits=codes[0][0],
        reopen=[c for c, _ in codes[1 : REOPENED + 1]],
        codes=[c for c, _ in codes],
        quits_after=quits,
    )


def _start(rnd: random.Random, calendar: Calendar, *, late: bool, early_days: int | None) -> date:
    """A working day to start on: early on (within the first `early_days` working days when
    given), or only after the reminders began (late)."""
    first = calendar.opens + timedelta(days=1)
    last = calendar.deadline - timedelta(days=2)
    if late:
        first, last = calendar.deadline - timedelta(days=1), calendar.deadline + timedelta(days=2)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    working = [d for d in days if is_working_day(d)] or days
    return rnd.choice(working if late or early_days is None else working[:early_days])
