"""The liveness challenge the service chooses for each card session (issue 19, item 1): its steps, in order.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("liveness_challenge", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("card_sessions", schema=None) as batch_op:
        batch_op.drop_column("liveness_challenge")
