"""Walks remember every message they posted, so one question is live at a time.

`messages` maps a recommendation id to the thread messages that show it; `summary_ts` is the
topic's summary (updated in place); `last_recommendation_id` is the one most recently answered
or changed (a thread reply after the walk explains it); `outdated` lists the messages Slack failed
to redraw, for the next `/assess <topic>` to repair. `thread_ts` is empty until Slack has given
the thread's timestamp.

Revision ID: 0003_walk
Revises: 0002_people
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_walk"
down_revision = "0002_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("walks") as batch:
        batch.alter_column("thread_ts", existing_type=sa.String(length=32), nullable=True)
        batch.add_column(sa.Column("messages", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("summary_ts", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("last_recommendation_id", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("outdated", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("walks") as batch:
        batch.drop_column("outdated")
        batch.drop_column("last_recommendation_id")
        batch.drop_column("summary_ts")
        batch.drop_column("messages")
        batch.alter_column("thread_ts", existing_type=sa.String(length=32), nullable=False)
