"""Practices the Committee features in its reports.

Revision ID: 0010_card_featured
Revises: 0009_walk_progress
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_card_featured"
down_revision = "0009_walk_progress"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "featured_practices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=2), nullable=False),
        sa.Column("recommendation_id", sa.String(length=16), nullable=False),
        sa.Column("featured_by", sa.String(length=80), nullable=False),
        sa.Column("featured_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycles.id"]),
        sa.ForeignKeyConstraint(["jurisdiction_code"], ["jurisdictions.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "cycle_id", "jurisdiction_code", "recommendation_id", name="uq_featured"
        ),
    )


def downgrade() -> None:
    op.drop_table("featured_practices")
