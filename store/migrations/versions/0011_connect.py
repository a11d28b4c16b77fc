"""People from other organisations: each jurisdiction's Slack Connect channel and the
invitations by email sent to it.

Revision ID: 0011_connect
Revises: 0010_card_featured
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_connect"
down_revision = "0010_card_featured"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_channels",
        sa.Column("jurisdiction_code", sa.String(length=2), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["jurisdiction_code"], ["jurisdictions.code"]),
        sa.PrimaryKeyConstraint("jurisdiction_code"),
        sa.UniqueConstraint("channel_id"),
    )
    op.create_table(
        "connect_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=2), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("invited_by", sa.String(length=32), nullable=False),
        sa.Column("invite_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["jurisdiction_code"], ["jurisdictions.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_connect_invites_place", "connect_invites", ["jurisdiction_code", "status"]
    )
    op.create_index("ix_connect_invites_slack", "connect_invites", ["invite_id"])
    op.create_index("ix_connect_invites_user", "connect_invites", ["user_id"])


def downgrade() -> None:
    op.drop_table("connect_invites")
    op.drop_table("shared_channels")
