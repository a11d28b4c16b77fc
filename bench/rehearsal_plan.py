"""Who does what on which day of the rehearsal's calendar.

The calendar runs from the cycle's opening through the reminder days, weekends and a federal
holiday, the Mondays of status posts and the deadline, to two weeks past it. Each day the
calendar visits three instants (UTC) that between them fall within every U.S. zone's office
hours, so each person's 09:00 reminder comes due; people work at the first of them.

Besides, a few people go away over a reminder day, and a share of the points of contact review
before submitting, asking an agency for changes on one or two recommendations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bench.rehearsal_ledger import Person, partner_agency
from bot.workflows.reminders.schedule import Rules, reminder_day
from bot.workflows.reminders.workdays import is_working_day

INSTANTS = (time(14, 30), time(18, 0), time(23, 30))  # East; Mountain to Alaska; Pacific islands
REOPENED = 3  # submissions the Committee reopens (the first state after the one never submitted)
AWAY_SHARE = 1 / 6  # of the jurisdictions, one agency each goes away (at least one in all)
AWAY_LONGEST = 10  # days: a reminder day further off is not waited for, the span is this long
REVIEW_SHARE = 0.3  # of the states that submit, whose POC reviews and asks for changes first


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
    away: dict[str, tuple[date, date]] = field(default_factory=dict)  # user: (says it, back on)
    reviews: dict[str, int] = field(default_factory=dict)  # code: recommendations to query


def make_plan(
    codes: list[tuple[str, str]], topics: list[str], calendar: Calendar, seed: int,
    early_days: int | None = None,
) -> Plan:  # fmt: skip
    """Each jurisdiction (code, zone): a POC and three agencies splitting the topics, the third
    from a partner organisation."""
    rnd = random.Random(seed)
    # What came after the first plans draws from its own sequence: the rest stays as it was.
    more = random.Random(f"{seed}:people")
    people: list[Person] = []
    start: dict[str, date | None] = {}
    quits: dict[str, int] = {}
    for n, (code, tz) in enumerate(codes):
        shares = [topics[0:4], topics[4:8], topics[8:]]
        partner = partner_agency(code, shares[2][2:], tz)
        agencies = [Person(f"UA{code}1", code, "agency", shares[0], f"CA{code}1", tz)]
        agencies.append(Person(f"UA{code}2", code, "agency", shares[1], f"CA{code}2", tz))
        poc = Person(f"UP{code}", code, "poc", shares[2][:2], f"CP{code}", tz)
        people += [poc, *agencies, partner]
        # The states the Committee reopens submitted on time; the others have late people.
        for who in (poc, *agencies):
            late = rnd.random() < 0.25 and not 1 <= n <= REOPENED
            start[who.user] = _start(rnd, calendar, late=late, early_days=early_days)
        late = more.random() < 0.25 and not 1 <= n <= REOPENED
        start[partner.user] = _start(more, calendar, late=late, early_days=early_days)
        if n % 10 == 0:  # answers half its topic areas, then nothing: escalated, covered
            quits[agencies[-1].user] = len(agencies[-1].topics) // 2
    plan = Plan(
        people=people,
        committee="UCOMMITTEE",
        start_day=start,
        never_submits=codes[0][0],
        reopen=[c for c, _ in codes[1 : REOPENED + 1]],
        codes=[c for c, _ in codes],
        quits_after=quits,
    )
    _goes_away(plan, more, calendar)
    # States the Committee reopens come last: a review that waits on an agency delays them.
    submitting = [c for c in plan.codes if c != plan.never_submits]
    first = [c for c in submitting if c not in plan.reopen]
    wanted = max(1, round(REVIEW_SHARE * len(submitting)))
    chosen = more.sample(first, min(wanted, len(first)))
    chosen += more.sample([c for c in submitting if c not in first], wanted - len(chosen))
    for code in sorted(chosen):
        plan.reviews[code] = more.choice((1, 2))
    return plan


def _goes_away(plan: Plan, rnd: random.Random, calendar: Calendar) -> None:
    """One agency of the Committee's workspace in some jurisdictions works its first day, then
    says it is away until the working day after the next reminder day and does nothing till
    then: the digest it would have had that day, with topic areas still open, must not come.
    Agencies that quit come first: their topic areas stay open, and their absence costs the
    run no extra day of work. (Partners have no App Home to say it from.)"""
    on_time = calendar.deadline - timedelta(days=2)  # late ones would be back after the end
    candidates = [
        p.user for p in plan.people
        if p.role == "agency" and not p.partner
        and (plan.start_day[p.user] or on_time) <= on_time
    ]  # fmt: skip
    wanted = max(1, round(AWAY_SHARE * len(plan.codes)))
    chosen = [u for u in candidates if u in plan.quits_after][:wanted]
    others = [u for u in candidates if u not in plan.quits_after]
    chosen += rnd.sample(others, min(len(others), wanted - len(chosen)))
    rules = Rules()
    for user in sorted(chosen):
        leaves = plan.start_day[user]
        assert leaves is not None  # on time, as chosen above
        back_on = leaves + timedelta(days=2)  # the reminder day: after the day they leave
        while back_on - leaves < timedelta(days=AWAY_LONGEST) and not reminder_day(
            back_on - timedelta(days=1), calendar.deadline, rules
        ):
            back_on += timedelta(days=1)
        while not is_working_day(back_on):
            back_on += timedelta(days=1)
        plan.away[user] = (leaves, back_on)


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
