"""A database that is unreachable or refuses writes for a moment is an outage, not a bug: the
person is told to try again, and nothing of the request was kept (its transaction rolled back)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from store.uow import CommitUnknown

UNAVAILABLE = (
    "The assessment database cannot be reached just now, so nothing of this was saved. "
    "Please try again in a minute."
)


UNCERTAIN = (
    "The assessment database went away just as this was being saved, so I cannot tell whether "
    "it was. Look at the question: if it shows your answer, it was saved; if not, please try "
    "again in a minute."
)


def outage_line(error: BaseException) -> str | None:
    """What to tell the person when `error` is the database's, or None when it is not."""
    if isinstance(error, CommitUnknown):
        return UNCERTAIN
    return UNAVAILABLE if is_outage(error) else None


def is_outage(error: BaseException) -> bool:
    """Lost or refused connections, a locked or read-only SQLite file, an exhausted pool."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated
