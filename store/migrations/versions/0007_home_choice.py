"""The jurisdiction a person in several last chose to see on their App Home.

Revision ID: 0007_home_choice
Revises: 0004_dataops
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_home_choice"
down_revision = "0004_dataops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_choices",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=2), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_code"], ["jurisdictions.code"]),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("home_choices")
