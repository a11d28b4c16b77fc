"""A person says they are away, as the bot offers it: "Away until…" on their latest digest (or,
with none, on the bot's App Home), a date picked in the form, saved. The ledger keeps the day
they said it and what they were told."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bench.rehearsal_ledger import Away, Person
from bench.rehearsal_people import PATIENCE, Actor
from bot.handlers import ids
from sandbox.driver import buttons, text_of

SAVED = "no reminders before"  # "Saved: no reminders before Tue 30 Mar 2027" (away_saved.txt.j2)
TRIES = 2  # a form that did not open is tried again before leaving: they are gone tomorrow


def go_away(actor: Actor, person: Person, back_on: date, at: datetime) -> bool:
    """Pick `back_on` in the "Away" form; whether the bot said it was saved."""
    told = "not_opened"
    for _ in range(TRIES):
        told = _once(actor, person, back_on)
        if told == "saved":
            break
    if told == "not_opened":  # Slack failed them twice: they leave without saying it
        return False
    actor.ledger.went_away(Away(person.user, at, back_on, told))
    return told == "saved"


def _once(actor: Actor, person: Person, back_on: date) -> str:
    fake, user = actor.fake, person.user
    views = len(fake.views(user))
    digest = _latest_digest(actor, person)
    try:
        if digest is not None:
            actor.driver.click(user, digest, ids.AWAY_OPEN)
        else:
            if fake.home(user) is None:
                actor.driver.open_home(user)
                actor._until(lambda: fake.home(user) is not None)
            actor.driver.click_home(user, ids.AWAY_OPEN)
    except (OSError, LookupError, AssertionError):  # a killed worker; no Home drawn yet
        return "not_opened"
    actor._until(lambda: len(fake.views(user)) > views)
    opened = fake.views(user)[views:]
    if not opened:
        return "not_opened"
    seen = len(fake.ephemerals(user))
    values = {ids.AWAY_BLOCK: {ids.AWAY_DATE: back_on.isoformat()}}
    try:
        http = actor.driver.submit(user, opened[-1], values).status
    except OSError:
        return "unknown"

    def said() -> bool:
        return any(SAVED in text_of(e) for e in fake.ephemerals(user)[seen:])

    actor._until(said, timeout=PATIENCE)
    return "saved" if http == 200 and said() else "unknown"


def _latest_digest(actor: Actor, person: Person) -> dict[str, Any] | None:
    dm = actor.fake.messages(actor.fake.dm_channel(person.user))
    offers = [m for m in dm if any(b["action_id"] == ids.AWAY_OPEN for b, _ in buttons(m))]
    return offers[-1] if offers else None
