"""SQLAlchemy models, one module per part of the domain. Every datetime is aware UTC; dates are
calendar dates. Importing this package registers every table on `Base.metadata`."""

from __future__ import annotations

from store.models.answers import Answer, AnswerHistory
from store.models.audit import AuditEvent
from store.models.base import Base
from store.models.connect import ConnectInvite, SharedChannel
from store.models.featured import FeaturedPractice
from store.models.people import ROLES, Cycle, Jurisdiction, Participant
from store.models.review import Review, Submission
from store.models.slack import HomeChoice, OutboxMessage, ProcessedEvent, SlackName
from store.models.tombstones import Tombstone
from store.models.walks import Walk

__all__ = [
    "ROLES",
    "Answer",
    "AnswerHistory",
    "AuditEvent",
    "Base",
    "ConnectInvite",
    "Cycle",
    "FeaturedPractice",
    "HomeChoice",
    "Jurisdiction",
    "OutboxMessage",
    "Participant",
    "ProcessedEvent",
    "Review",
    "SharedChannel",
    "SlackName",
    "Submission",
    "Tombstone",
    "Walk",
]
