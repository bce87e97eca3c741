"""The municipal back office (issue 23): browser sessions and their own login lock-out, the holder records the
office reviews (sealed), and a note with an office action. The new application statuses (incomplete, approved for
J-LIS, cancelled) need no schema change: the status columns are strings without a check constraint.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_sessions",
        sa.Column("token_sha256", sa.LargeBinary(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_accounts.staff_id"]),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    op.create_table(
        "office_login_failures",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_accounts.staff_id"]),
        sa.PrimaryKeyConstraint("staff_id"),
    )
    op.create_table(
        "card_holders",
        sa.Column("serial", sa.String(length=13), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["serial"], ["cards.serial"]),
        sa.PrimaryKeyConstraint("serial"),
    )
    with op.batch_alter_table("renewal_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=500), nullable=True))
    op.create_index("ix_renewals_status_created", "renewals", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_renewals_status_created", table_name="renewals")
    with op.batch_alter_table("renewal_events", schema=None) as batch_op:
        batch_op.drop_column("note")
    op.drop_table("card_holders")
    op.drop_table("office_login_failures")
    op.drop_table("office_sessions")
