"""The unit of work: one transaction that rolls back unless committed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
log = logging.getLogger(__name__)
PROOF_PAUSES = (0.1, 0.3, 0.6)  # seconds between tries to read a commit's proof
PROOF = "commit_proof"  # session.info: a query that finds a row only if this transaction committed


class CommitUnknown(Exception):
    """A commit's reply was lost and its proof could not be looked for: whether it committed
    is unknown (the database kept refusing connections)."""


def prove_with(session: Session, proof: Select[tuple[int]]) -> None:
    """Name a row this transaction writes, so that a commit whose reply was lost can be checked:
    found afterwards, the transaction committed (it is atomic); not found, it did not. The first
    proof named stands."""
    session.info.setdefault(PROOF, proof)


class UnitOfWork:
    """`with uow:` opens a session; leaving the block without `commit()` rolls everything back."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open; use it in a `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


def run(new_uow: Callable[[], UnitOfWork], work: Callable[[Session], T]) -> T:
    """Run `work` in one unit of work and commit it. When the connection turns out to be dead
    before the commit (the server restarted, a proxy or `pg_terminate_backend` dropped it), the
    server has rolled the transaction back and the pool has discarded the connection: `work`
    runs once more on a fresh one. A failure during the commit is never retried: whether the
    server committed is unknown, and running the work twice could write twice: the work's proof
    (`prove_with`) is looked for on a fresh connection instead, so that a person is never told
    "nothing was saved" of what was."""
    for attempt in (1, 2):
        with new_uow() as uow:
            try:
                result = work(uow.session)
            except DBAPIError as exc:
                if attempt == 1 and exc.connection_invalidated:
                    log.warning("the database connection was dead; running the work again")
                    continue
                raise
            proof = uow.session.info.pop(PROOF, None)
            try:
                uow.commit()
            except DBAPIError as exc:
                committed = _committed(new_uow, proof) if proof is not None else False
                if committed is None:
                    raise CommitUnknown from exc
                if not committed:
                    raise
                log.warning("the commit's reply was lost; its proof shows it committed")
            return result
    raise AssertionError("unreachable: the second attempt returns or raises")


def _committed(new_uow: Callable[[], UnitOfWork], proof: Select[tuple[int]]) -> bool | None:
    """Whether `proof` finds its row now; None when the database would not tell, a few tries
    apart (the connections that lost the reply may be ending in numbers just then)."""
    for pause in PROOF_PAUSES:
        try:
            with new_uow() as uow:
                return uow.session.scalar(proof) is not None
        except DBAPIError:
            time.sleep(pause)
    return None
