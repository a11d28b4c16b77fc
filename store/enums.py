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


class InviteStatus(StrEnum):
    """A Slack Connect invitation by email to a jurisdiction's shared channel."""

    PENDING = "pending"  # sent; the person has not accepted yet
    APPROVAL = "approval"  # accepted; a workspace admin must still approve the connection
    JOINED = "joined"  # accepted (and approved): the person is a participant
    DECLINED = "declined"  # the person or an admin said no
    EXPIRED = "expired"  # never answered before Slack's invitation lapsed
    CANCELLED = "cancelled"  # the point of contact withdrew it
