"""Tombstones of forgotten people: keyed hashes of their Slack user id and email addresses.

Revision ID: 0008_privacy_tombstones
Revises: 0007_home_choice
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_privacy_tombstones"
down_revision = "0007_home_choice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tombstones",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("buried_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )


def downgrade() -> None:
    op.drop_table("tombstones")
