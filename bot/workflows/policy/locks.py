"""When answers are locked: a closed cycle, a submitted assessment."""

from __future__ import annotations

from bot.workflows.errors import Locked
from bot.workflows.sentences import someone
from store import enums
from store.models import Cycle, Submission


def answers_open(*, submitted: bool) -> bool:
    """Answers change, and reminders ask for them, only until the jurisdiction submits."""
    return not submitted


def cycle_lock(cycle: Cycle) -> Locked | None:
    """Why nothing in `cycle` may change any more, or None while it is open."""
    if cycle.status == enums.CycleStatus.OPEN:
        return None
    return Locked("The cycle “{name}” is closed; answers can no longer change.", name=cycle.name)


def submission_lock(jurisdiction: str, submission: Submission | None) -> Locked | None:
    """Why the jurisdiction's answers are read-only (it submitted), or None."""
    if submission is None:
        return None
    return Locked(
        "{place}'s assessment was submitted on {day} by {by}; nothing was recorded. "
        "The Committee can reopen it.",
        place=jurisdiction,
        day=f"{submission.submitted_at:%Y-%m-%d}",
        by=someone(submission.submitted_by),
    )
