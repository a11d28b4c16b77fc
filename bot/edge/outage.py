"""A database that is unreachable or refuses writes for a moment is an outage, not a bug: the
person is told to try again, and nothing of the request was kept (its transaction rolled back)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

UNAVAILABLE = (
    "The assessment database cannot be reached just now, so nothing of this was saved. "
    "Please try again in a minute."
)


def is_outage(error: BaseException) -> bool:
    """Lost or refused connections, a locked or read-only SQLite file, an exhausted pool."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated
