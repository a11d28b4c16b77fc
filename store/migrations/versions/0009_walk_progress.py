"""When a walk's topic message shows stale progress and is due to be redrawn.

Revision ID: 0009_walk_progress
Revises: 0008_privacy_tombstones
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_walk_progress"
down_revision = "0008_privacy_tombstones"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("walks") as batch_op:
        batch_op.add_column(sa.Column("progress_due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("walks") as batch_op:
        batch_op.drop_column("progress_due_at")
