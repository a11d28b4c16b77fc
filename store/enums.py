"""The closed sets of words the store keeps: str-valued, so the stored values and JSON are the
plain words ("poc", "pending") and a value read back compares equal to its member."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COMMITTEE = "committee"
    POC = "poc"  # a state's point of contact: answers every topic, reviews, submits
    AGENCY = "agency"  # an invited agency or organisation: answers its assigned topics


class CycleStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Decision(StrEnum):
    """A POC's review of one answer version."""

    ACCEPTED = "accepted"
    CHANGES = "changes"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
